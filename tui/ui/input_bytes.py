"""Bytes on the terminal's input that are not UTF-8 are read as U+FFFD, not a reason to stop.

Textual's Linux driver decodes the keys it reads as strict UTF-8: one byte that is not (0xFF
pasted from a Latin-1 file, a terminal sending 8-bit Meta keys, a locale that is not UTF-8) ended
its input thread with a traceback and left the reader with exit status 0. The driver makes its
decoder with the ``getincrementaldecoder`` of its module; :func:`tolerate_bad_bytes` gives that
module one that replaces each bad byte with U+FFFD REPLACEMENT CHARACTER, which the reader takes
as a key it has no binding for (or, in an input, as a character typed).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from functools import partial

REPLACED = "\ufffd"
"""What a byte that is not UTF-8 becomes."""


def _replacing(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder(encoding)`` whose decoders replace bad bytes."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_bad_bytes() -> bool:
    """Make Textual's Linux driver read bad bytes as :data:`REPLACED`; False where there is no such
    driver (another platform) or it no longer makes its decoder this way."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not on a POSIX system
        return False
    if not hasattr(linux_driver, "getincrementaldecoder"):
        return False
    linux_driver.getincrementaldecoder = _replacing
    return True
