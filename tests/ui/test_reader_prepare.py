"""The reading pane lays out a brief ahead of Enter (``ReaderView.prepare``) and shows it unchanged.

Oracle: the eager layout (:func:`tui.text.document.layout_article` and ``article_rich_lines``) of the
brief as it is shown, which ``brief show`` prints; and the pane's own cold path (no preparation).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from textual.app import App, ComposeResult
from ui_helpers import wait_until

import tui.text.lazydoc as lazydoc
import tui.ui.widgets.reader as reader_module
from tui.models import Article, Block
from tui.text.document import article_rich_lines, article_sources, lay_out_block
from tui.text.find import find_matches
from tui.ui.screens import main as main_screen
from tui.ui.widgets.reader import ReaderView

ARABIC = Article(
    id="ar",
    title="وقف إطلاق النار في إدلب",
    blocks=tuple(
        Block("text", f"الفقرة {i}: أعلنت الأطراف (في 12 آذار) وقفاً لإطلاق النار عبر وسطاء من UN. " * 3)
        for i in range(8)
    ),
    date="2026-03-12",
    source="وكالة",
)
ENGLISH = Article(
    id="en", title="Oil prices", blocks=tuple(Block("text", f"Paragraph {i} on Brent. " * 9) for i in range(9))
)


class ReaderApp(App):
    """An app with only a reader."""

    def compose(self) -> ComposeResult:
        yield ReaderView()


async def _showing(app: ReaderApp, pilot, article: Article) -> ReaderView:
    """The app's reading pane once it shows ``article``."""
    await pilot.pause()
    reader = app.query_one(ReaderView)
    reader.show_article(article)
    await pilot.pause()
    return reader


def _screen(reader: ReaderView) -> list[str]:
    """The reader's screen lines as text, without trailing spaces."""
    return ["".join(seg.text for seg in reader.render_line(y)).rstrip() for y in range(reader.size.height)]


def _expected(article: Article, reader: ReaderView, first: int = 0) -> list[str]:
    """The screen of the eager layout from document line ``first``, as the pane draws it."""
    width = reader.layout_width
    sources = article_sources(article, datetime.now().astimezone())
    laid, line = [], 0
    for source in sources:
        block = lay_out_block(source, width, line)
        laid.append(block)
        line += len(block.rendered.lines) + 1
    lines = [t.plain.rstrip() for t in article_rich_lines(laid)]
    lines += [""] * reader.size.height
    return [line.rstrip() for line in lines[first : first + reader.size.height]]


@contextmanager
def counting_lines() -> Iterator[list[int]]:
    """The blocks counted (laid out) by the reading pane while the block runs, one entry a call."""
    counted: list[int] = []
    real = lazydoc.count_lines

    def counting(sources, width, **kwargs):
        counted.append(len(sources))
        return real(sources, width, **kwargs)

    lazydoc.count_lines = counting
    try:
        yield counted
    finally:
        lazydoc.count_lines = real


async def test_a_prepared_brief_shows_as_a_cold_one_without_laying_out_again():
    app = ReaderApp()
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.pause()
        reader = app.query_one(ReaderView)
        for article in (ARABIC, ENGLISH):
            reader.show_article(ENGLISH if article is ARABIC else ARABIC)
            await pilot.pause()
            reader.prepare(article)
            with counting_lines() as counted:
                reader.show_article(article)
                await pilot.pause()
            assert counted == []  # the prepared layout was shown, nothing counted again
            assert _screen(reader) == _expected(article, reader)


async def test_going_back_to_a_brief_shows_it_as_it_was_drawn_without_laying_out_again():
    app = ReaderApp()
    async with app.run_test(size=(70, 24)) as pilot:
        reader = await _showing(app, pilot, ENGLISH)
        cold = [list(reader.render_line(y)) for y in range(reader.size.height)]
        reader.set_matches(find_matches(reader.laid, "brent"), 0)
        await pilot.pause()
        assert [list(reader.render_line(y)) for y in range(reader.size.height)] != cold  # highlighted
        reader.show_article(ARABIC)
        await pilot.pause()
        with counting_lines() as counted:
            reader.show_article(ENGLISH, scroll=0)  # back
            await pilot.pause()
            # as a cold brief is drawn: the highlights of the find before it went are not kept
            assert [list(reader.render_line(y)) for y in range(reader.size.height)] == cold
            reader.show_article(ARABIC, scroll=3)  # and forward, at its saved scroll
            await pilot.pause()
        assert counted == []
        assert reader.current_scroll == 3
        assert _screen(reader) == _expected(ARABIC, reader, first=3)


async def test_a_brief_changed_since_it_was_prepared_is_laid_out_again():
    changed = Article(
        id=ARABIC.id, title=ARABIC.title, blocks=(Block("text", "نص جديد كتب بعد التحضير"),), date=ARABIC.date
    )
    app = ReaderApp()
    async with app.run_test(size=(70, 24)) as pilot:
        reader = await _showing(app, pilot, ENGLISH)
        reader.prepare(ARABIC)
        reader.show_article(changed)
        await pilot.pause()
        assert _screen(reader) == _expected(changed, reader)
        assert not any("الفقرة" in line for line in _screen(reader))


async def test_a_brief_prepared_at_another_width_is_laid_out_again():
    app = ReaderApp()
    async with app.run_test(size=(70, 24)) as pilot:
        reader = await _showing(app, pilot, ENGLISH)
        reader.prepare(ARABIC)
        before = reader.layout_width
        await pilot.resize_terminal(50, 24)
        await wait_until(pilot, lambda: reader.layout_width < before)
        reader.show_article(ARABIC)
        await pilot.pause()
        assert reader.laid_width == reader.layout_width < before
        assert _screen(reader) == _expected(ARABIC, reader)


async def test_the_brief_under_the_resting_cursor_is_prepared_and_enter_shows_it(make_app, ui_store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        reader = screen.reader
        await pilot.press("j")
        target = screen.article_list.current
        assert target is not None
        await wait_until(pilot, lambda: reader._prepared is not None)
        prepared = reader._prepared
        assert prepared is not None and prepared.sources[0].text == target.title
        await pilot.press("enter")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == target.id
        assert reader.laid is prepared.laid  # shown from what was prepared
        assert _screen(reader) == _expected(reader.article, reader)


async def test_moving_on_before_the_cursor_rests_prepares_nothing(make_app, monkeypatch):
    monkeypatch.setattr(main_screen, "PREPARE_SECONDS", 5.0)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        reader = app.screen.reader
        await pilot.press("j", "j")
        await pilot.pause(0.3)
        assert reader._prepared is None  # the cursor has not rested long enough
        await pilot.press("enter")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == app.screen.article_list.current.id
        assert _screen(reader) == _expected(reader.article, reader)


async def test_the_briefs_before_and_after_in_the_history_are_prepared_for_backspace_and_alt_right(
    make_app, monkeypatch
):
    monkeypatch.setattr(reader_module, "KEPT_LAYOUTS", 2)
    app = make_app()
    async with app.run_test(size=(100, 14)) as pilot:
        await pilot.pause()
        screen = app.screen
        reader = screen.reader
        await pilot.press("enter")
        first = reader.article
        for _ in range(12):  # a few lines down, so that Backspace has a scroll to restore
            await pilot.press("j")
        first_laid = reader.laid
        await pilot.press("tab", "j", "enter")
        second = reader.article
        await pilot.press("tab", "j", "enter")
        third = reader.article
        assert len({first.id, second.id, third.id}) == 3
        await pilot.press("backspace")  # to the second; the first is no longer kept (two are)
        await pilot.pause()
        assert reader.article.id == second.id
        await wait_until(pilot, lambda: first.id in reader._kept)
        prepared = reader._kept[first.id]
        back_scroll = screen.session.history.peek_back().scroll
        assert back_scroll > 0 and back_scroll in prepared.strips  # laid out at the scroll it was left at
        assert prepared.laid is not first_laid  # laid out again, not kept from when it was shown
        assert third.id in reader._kept  # Alt+Right's: the brief just left
        await pilot.press("backspace")
        await pilot.pause()
        assert reader.article.id == first.id and reader.laid is prepared.laid
        assert reader.current_scroll == back_scroll
        assert _screen(reader) == _expected(first, reader, first=back_scroll)
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.article.id == second.id
        assert _screen(reader) == _expected(second, reader)
        reader._kept.clear()
        screen._prepare_history()  # what the timer runs a moment after a brief is shown
        assert set(reader._kept) == {first.id, third.id}


async def test_opening_a_brief_marks_its_row_read_without_fetching_the_list_again(make_app, ui_store, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("j", "j")
        row = screen.article_list.current
        assert row is not None and not row.read
        fetched: list[tuple[int, int]] = []
        real = screen.groups.fetch
        monkeypatch.setattr(
            screen.groups, "fetch", lambda offset, limit: fetched.append((offset, limit)) or real(offset, limit)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert screen.article_list.current.id == row.id and screen.article_list.current.read
        assert ui_store.state(row.id)[0] is True
        assert fetched == []  # the row's marks were read again, not its page of the list


async def test_a_long_brief_is_not_kept_when_left():
    long = Article(id="long", title="Long", blocks=tuple(Block("text", f"Paragraph {i}. " * 60) for i in range(80)))
    assert sum(len(block.text) for block in long.blocks) > reader_module.KEPT_CHARS
    app = ReaderApp()
    async with app.run_test(size=(70, 24)) as pilot:
        reader = await _showing(app, pilot, long)
        reader.show_article(ENGLISH)
        await pilot.pause()
        reader.show_article(ARABIC)
        await pilot.pause()
        assert set(reader._kept) == {ENGLISH.id}  # the long brief's layout went
        with counting_lines() as counted:
            reader.show_article(long)
            await pilot.pause()
        assert counted  # laid out again
        assert _screen(reader) == _expected(long, reader)
