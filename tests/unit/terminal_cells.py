"""How wide a terminal that draws characters one at a time (tmux, xterm, VTE) makes a text.

The per-character count of glibc's ``wcwidth``, from :mod:`unicodedata` alone: wide and fullwidth
characters two cells, marks and format characters (ZERO WIDTH SPACE among them) none, any other
one. The oracle of the emoji width tests, independent of Rich's count.
"""

from __future__ import annotations

import unicodedata


def cells_apart(text: str) -> int:
    """The cells of ``text`` drawn one character at a time."""
    total = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf") or char == "\u200b":
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total
