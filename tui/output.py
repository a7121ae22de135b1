"""Lines for a person on a command's outputs, Arabic in them shaped where a terminal shows them.

The command line sets the bidi mode once (:func:`use_bidi`, from ``--bidi``); each message then
asks :func:`message` for its form on the stream it goes to: shaped and in visual order on a
terminal (or anywhere with ``--bidi app``), logical into a pipe or a file and with
``--bidi terminal`` (the terminal orders it). Safe either way
(:func:`tui.text.messages.terminal_message`).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from tui.text.messages import terminal_message

_bidi: str | None = None
"""``--bidi``: ``"app"``, ``"terminal"``, or None (shaped on a terminal only)."""


def use_bidi(mode: str | None) -> None:
    """Follow ``--bidi MODE`` for the messages printed from now on."""
    global _bidi
    _bidi = mode


def shaped_on(stream: TextIO) -> bool:
    """True when lines for ``stream`` are shaped and in visual order."""
    if _bidi is not None:
        return _bidi == "app"
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or no file behind it
        return False


def _columns(stream: TextIO) -> int:
    """The width of the terminal behind ``stream``, else ``COLUMNS``, else 80."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        columns = 0
    if columns > 0:
        return columns
    try:  # no terminal, or one that gives no size (a new pseudo-terminal says 0)
        return int(os.environ.get("COLUMNS", "")) or 80
    except ValueError:
        return 80


def message(text: str, stream: TextIO | None = None) -> str:
    """``text`` (a logical line) as it is printed on ``stream`` (stdout by default)."""
    stream = stream if stream is not None else sys.stdout
    shaped = shaped_on(stream)
    return terminal_message(text, _columns(stream) if shaped else 0, shaped=shaped)


def say(text: str, stream: TextIO | None = None, *, flush: bool = False) -> None:
    """Print ``text`` on ``stream`` (stdout by default) as :func:`message` gives it."""
    stream = stream if stream is not None else sys.stdout
    print(message(text, stream), file=stream, flush=flush)
