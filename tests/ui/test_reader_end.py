"""The last line of every brief is reachable by End, Space, Down and the mouse wheel, at every size.

The expected last line comes from laying the brief out on its own (:func:`layout_article` at the
reading pane's width); the screen is read off Textual's screenshot after the scroll has settled.
"""

from __future__ import annotations

import pytest
from textual.events import MouseScrollDown
from ui_helpers import ARTICLES, screen_text

from tui.text.document import layout_article
from tui.text.sanitize import strip_bidi_controls

IDS = sorted(path.stem for path in ARTICLES.glob("*.txt"))


def _last_line(app) -> str:
    """The brief's last visual line as the reading pane should draw it (without its indent)."""
    reader = app.screen.reader
    laid = layout_article(reader.article, reader.layout_width)
    return laid[-1].rendered.lines[-1].text.strip()


def _reader_rows(app) -> list[str]:
    """The reading pane's rows on screen."""
    reader = app.screen.reader
    region = reader.content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return [strip_bidi_controls(row).strip(" ▁▂▃▄▅▆▇█▕") for row in rows]


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.animator.wait_until_complete()
    await pilot.pause()


@pytest.mark.parametrize(
    ("brief_id", "size"), [(brief_id, (80, 24)) for brief_id in IDS] + [("003_khwarizmi_numbers", (120, 36))]
)
async def test_end_shows_the_last_line(make_app, brief_id, size):
    app = make_app(initial_id=brief_id)
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        assert app.screen.reader.has_focus
        await pilot.press("end")
        await _settle(app, pilot)
        last = _last_line(app)
        rows = [row for row in _reader_rows(app) if row]
        assert rows and rows[-1].endswith(last), (rows[-1], last)


@pytest.mark.parametrize("keys", [["space"], ["down"], ["pagedown"]])
async def test_paging_keys_reach_the_last_line(make_app, keys):
    app = make_app(initial_id="003_khwarizmi_numbers")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        for _ in range(80):
            await pilot.press(*keys)
        await _settle(app, pilot)
        rows = [row for row in _reader_rows(app) if row]
        assert rows[-1].endswith(_last_line(app))


async def test_mouse_wheel_reaches_the_last_line(make_app):
    app = make_app(initial_id="003_khwarizmi_numbers")
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        reader = app.screen.reader
        for _ in range(40):
            reader.post_message(MouseScrollDown(reader, 5, 5, 0, 0, 0, False, False, False))
            await pilot.pause()
        await _settle(app, pilot)
        rows = [row for row in _reader_rows(app) if row]
        assert rows[-1].endswith(_last_line(app))
