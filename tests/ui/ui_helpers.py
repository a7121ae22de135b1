"""Helpers for the reader's UI tests (imported as ``ui_helpers``: tests/ is not a package).

Only Textual's public API: the screen's text is read off :meth:`App.export_screenshot` (the SVG
Rich writes places each run of text at its cell column and row) and the notices are recorded as
they reach :meth:`BriefApp.notify` (in logical order, before they are laid out for a toast). A hand-fired :class:`ManualDebounce` replaces the search
screen's timer, so no test waits on the wall clock for a debounce.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

from rich.cells import cell_len

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "articles"

SVG_CELL_WIDTH = 20 * 0.61
"""Rich's SVG export: a cell is the font size (20) times its aspect ratio (0.61) wide."""
_SVG_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^"]*?-line-(\d+)\)">(.*?)</text>', re.S)


def notices(app) -> list[str]:
    """The messages of every notification the app was asked to show, in order.

    Recorded by :func:`record_notices` from :meth:`BriefApp.notify` (where the screens' and
    widgets' ``notify`` end up), in logical order as the callers wrote them, so a notice is seen
    even before its toast is drawn or after it expired.
    """
    return list(app.__dict__.get(NOTICES, []))


NOTICES = "recorded_notices"
"""The attribute of an app where :func:`record_notices` keeps the messages."""


def record_notices(app_class: type) -> Callable[..., None]:
    """A replacement for ``app_class.notify`` that records each message and then notifies."""
    real = app_class.notify

    def notify(self, message: str, **kwargs) -> None:
        self.__dict__.setdefault(NOTICES, []).append(message)
        real(self, message, **kwargs)

    return notify


def screen_text(app) -> str:
    """Everything on the app's screen as plain text, one line per row (trailing spaces dropped)."""
    rows: dict[int, dict[int, str]] = {}
    for x, row, text in _SVG_TEXT.findall(app.export_screenshot()):
        rows.setdefault(int(row), {})[round(float(x) / SVG_CELL_WIDTH)] = unescape(text).replace("\xa0", " ")
    lines = []
    for y in range(app.size.height):
        line = ""
        for column, text in sorted(rows.get(y, {}).items()):
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line.rstrip())
    return "\n".join(lines)


class ManualDebounce:
    """A debounce for the search screen that fires only when the test says so."""

    def __init__(self) -> None:
        self.waiting: Callable[[], None] | None = None
        """The callback that would run when the debounce fires."""
        self.delays: list[float] = []
        """The delay of each start, in order."""

    def start(self, delay: float, callback: Callable[[], None]) -> None:
        """Keep ``callback`` (the last start wins) and the delay asked for."""
        self.delays.append(delay)
        self.waiting = callback

    def cancel(self) -> None:
        """Forget the callback waiting."""
        self.waiting = None

    def fire(self) -> None:
        """Run the waiting callback, as a timer would once the typing paused."""
        callback, self.waiting = self.waiting, None
        assert callback is not None, "nothing to fire"
        callback()


async def help_screen_text(make_app, size: tuple[int, int]) -> str:
    """The help screen as plain text, opened with ``?`` in a fresh app of ``size``."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        return screen_text(app)


async def wait_until(pilot, condition: Callable[[], object], timeout: float = 15.0) -> None:
    """Let the app run until ``condition()`` holds (a layout or a worker finishing)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.02)
