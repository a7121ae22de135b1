"""The open brief's title in the header: cut at its logical end by brief, never by the header.

The header shows ``brief — TITLE`` between its icon and its clock's place. When that does not fit,
Textual cuts the visual end of the line, which for an Arabic title is its beginning (أردوغان became
وغان). The expectation is independent of brief's layout code: the header's own content must fit the
cells Textual gives its title, so Textual cuts nothing, and the title's first word must be on screen.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.text.shape import shape

BRIEF = "002_erdogan_idlib_emergency"
FIRST_WORD = "أردوغان"
"""The first word of that brief's title (articles/002_erdogan_idlib_emergency.txt)."""


async def _header(pilot) -> tuple[str, int]:
    """The header title's text as Textual formats it, and the cells it has."""
    await pilot.pause(0.2)
    app = pilot.app
    widget = app.screen.query_one("HeaderTitle")
    text = app.format_title(app.screen.title or "", app.screen.sub_title or "").plain
    return text, widget.content_size.width


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
@pytest.mark.parametrize("feed", [None, "أخبار المدينة والمحافظات المجاورة اليوم"])
async def test_the_header_keeps_the_start_of_an_arabic_title(make_app, ui_store, width, feed):
    """With the list filtered by a feed with a long Arabic name too (``brief · FEED — TITLE``), at
    the width the reader starts with and after the terminal is resized to it."""
    if feed is not None:
        ui_store.add_feed("https://news.example/feed.xml", title=feed)
    app = make_app(initial_id=BRIEF)
    async with app.run_test(size=(width, 24)) as pilot:
        if feed is not None:
            app.screen.feeds.filter("https://news.example/feed.xml")
            app.screen.open_brief(BRIEF)
        for size in ((width, 24), (width + 37, 24), (width, 24)):
            await pilot.resize_terminal(*size)
            text, room = await _header(pilot)
            assert cell_len(text) <= room, (text, room)
            if feed is not None:
                assert text.startswith("brief · ")
            if size[0] >= 60 or feed is None:
                assert shape(FIRST_WORD)[::-1] in text  # one word, right to left: its glyphs reversed
