"""A command's messages as a terminal shows them.

A line that names an Arabic file, title, id or feed (``failed: /news/عاجل.txt: empty file``) is
shaped and put in visual order on a terminal, as the commands' lists are: most terminals draw
characters left to right as they come, so logical Arabic would show unjoined and backwards. Into
a pipe or a file a message stays logical text (``grep`` finds its words). Either way it is safe:
no control or bidi character of a name reaches the terminal. Pure functions, no I/O.
"""

from __future__ import annotations

from unicodedata import bidirectional

from tui.text.sanitize import safe_line

_RTL_CLASSES = frozenset(("R", "AL"))


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Hebrew, Thaana...)."""
    return any(bidirectional(ch) in _RTL_CLASSES for ch in text if ch > "\u058f")


def terminal_message(text: str, width: int, *, shaped: bool = True) -> str:
    """``text`` (one message, logical) as a terminal should receive it.

    Shaped (a terminal, or ``--bidi app``) and holding right-to-left text, it is shaped, ordered
    as UAX #9 orders it and wrapped at ``width`` cells, its lines joined by newlines: the terminal
    must not wrap a line that is already in visual order, or the halves of a right-to-left run
    would land on the wrong lines. Otherwise it is the logical line, whole. Controls are visible
    glyphs and bidi controls are dropped in both (:func:`~tui.text.sanitize.safe_line`)."""
    clean = safe_line(text)
    if not shaped or not has_rtl(clean):
        return clean
    from tui.text.layout import render_paragraph  # the shaper's import, only for a line that needs it

    lines = render_paragraph(clean, max(20, width)).lines
    return "\n".join(line.text.rstrip() for line in lines)


def shown_name(text: str, shaped: bool) -> str:
    """A name inside a line of output (a brief's id in ``brief list``): safe, and on its own shaped
    and in visual order when ``shaped``, whatever stands beside it."""
    return terminal_message(text, 100_000, shaped=shaped)
