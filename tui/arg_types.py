"""Argument types shared by ``brief``'s subcommand parsers.

An empty path is never a path a person meant: it is a variable that was meant to hold one
(``brief import "$DIR"`` with ``DIR`` unset). Taken as given, it named the working directory (an
import of everything under it, an export into it). argparse reports the error with the option or
argument's name, exit 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def nonempty_path(what: str) -> Callable[[str], str]:
    """An argparse ``type`` that takes any path but an empty (or blank) one; ``what`` says what to give."""

    def path(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"an empty path; give {what}")
        return text

    return path
