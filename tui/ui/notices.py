"""Notices (Textual's toasts) laid out for the terminal: wrapped in logical order, then each line
shaped and reordered on its own.

Textual wraps a toast's text at spaces when it is drawn. Text that was shaped and put in visual
order as one line and then wrapped that way shows a right-to-left run with its end on the first
line and its beginning on the next. So a notice is laid out here, like a paragraph of the reading
pane (:func:`tui.text.layout.render_paragraph`), at the width of a toast's text: every line fits,
Textual has nothing left to wrap, and each line reads in order. When the terminal's width changes
the toast's does too: the notices still showing are laid out again at the new width
(:class:`ShownNotices`), or Textual would wrap their visual lines after all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.notifications import SeverityLevel

from tui.text.layout import render_line, render_paragraph

TOAST_WIDTH = 60
"""Cells of a toast, frame included (``width: 60`` in Textual's ``Toast`` CSS)."""
TOAST_SHARE = 2
"""At most half the toast rack's width goes to a toast (``max-width: 50%``)."""
TOAST_FRAME = 3
"""Cells of a toast that are not text: its left border and its padding on both sides
(``border-left: outer``, ``padding: 1 1``)."""
RACK_SCROLLBAR = 2
"""Cells the toast rack keeps for its vertical scrollbar (``overflow-y: scroll``, Textual's
default ``scrollbar-size-vertical``), taken from the screen's width before the toast's share."""


def toast_text_width(screen_width: int) -> int:
    """Cells a toast has for its text on a screen ``screen_width`` cells wide."""
    return max(1, min(TOAST_WIDTH, (screen_width - RACK_SCROLLBAR) // TOAST_SHARE) - TOAST_FRAME)


def lay_out_notice(message: str, width: int, *, shaped: bool = True) -> str:
    """A notice in lines of at most ``width`` cells, each ready to print, joined by line breaks.

    Each line of ``message`` is a paragraph of its own: its direction comes from its first strong
    character, it is wrapped by cells in logical order and each of its lines is then shaped and
    reordered (right-to-left lines are right-aligned). With ``shaped=False`` the lines stay in
    logical order and unshaped, for terminals that do bidi themselves. Control characters are
    made visible, so nothing in a notice can reach the terminal as a control.
    """
    lines: list[str] = []
    for paragraph in message.split("\n"):
        lines.extend(render_paragraph(paragraph, width, shaped=shaped).padded() if paragraph else [""])
    return "\n".join(lines)


def fit_notice(lines: list[str], rows: int, width: int, *, shaped: bool = True) -> list[str]:
    """As many of ``lines`` as fit in ``rows`` rows of a toast ``width`` cells wide (each line
    wrapped as :func:`lay_out_notice` wraps it) and, when some are left out, a last line saying how
    many and that they are printed when brief ends; the first line is always kept."""

    def height(line: str) -> int:
        return lay_out_notice(line, width, shaped=shaped).count("\n") + 1

    def more(count: int) -> str:
        return f"and {count} more: all of them are printed when brief ends"

    kept: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        rest = len(lines) - number - 1
        if kept and used + height(line) + (height(more(rest)) if rest else 0) > rows:
            return [*kept, more(rest + 1)]
        kept.append(line)
        used += height(line)
    return kept


def lay_out_title(title: str, width: int, *, shaped: bool = True) -> str:
    """A notice's title on one line of at most ``width`` cells, cut at its logical end."""
    return render_line(title, width, shaped=shaped).text if title else ""


@dataclass(frozen=True)
class Notice:
    """A notice as it was given (logical order), and when its toast goes."""

    message: str
    title: str
    severity: SeverityLevel
    until: float
    """The ``time.time()`` at which its toast times out."""


class ShownNotices:
    """The notices whose toasts may still be on the screen, kept to lay them out again."""

    def __init__(self) -> None:
        """None yet."""
        self.notices: list[Notice] = []
        """Oldest first."""

    def add(self, message: str, title: str, severity: SeverityLevel, timeout: float) -> None:
        """A notice shown now for ``timeout`` seconds."""
        now = time.time()
        self.notices = [n for n in self.notices if n.until > now]
        self.notices.append(Notice(message, title, severity, now + timeout))

    def showing(self) -> list[tuple[Notice, float]]:
        """The notices not timed out yet, oldest first, each with its seconds left."""
        now = time.time()
        self.notices = [n for n in self.notices if n.until > now]
        return [(n, n.until - now) for n in self.notices]

    def clear(self) -> None:
        """Forget them all (their toasts were cleared)."""
        self.notices = []
