"""The list and reader widgets on their own: paging from a huge source, huge briefs, highlights."""

from __future__ import annotations

from datetime import datetime

from textual.app import App, ComposeResult

from tui.models import Article, ArticleSummary, Block
from tui.text.lazydoc import HUGE_CHARS
from tui.ui.widgets.article_list import PAGE_SIZE, ArticleList
from tui.ui.widgets.reader import ReaderView


class ListApp(App):
    """An app with only an article list over a synthetic source."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.fetches: list[tuple[int, int]] = []
        self.selected: list[str] = []
        self.opened: list[str] = []

    def fetch(self, offset: int, limit: int) -> list[ArticleSummary]:
        self.fetches.append((offset, limit))
        stop = min(offset + limit, self.count)
        return [ArticleSummary(f"id{i}", f"Brief number {i}", "2024-01-01", "src") for i in range(offset, stop)]

    def compose(self) -> ComposeResult:
        yield ArticleList(self.fetch, self.count)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.selected.append(message.brief_id)

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.opened.append(message.brief_id)


async def test_list_fetches_only_the_pages_in_view():
    app = ListApp(1_000_000)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        lst = app.query_one(ArticleList)
        assert lst.virtual_size.height == 1_000_000
        assert app.fetches == [(0, PAGE_SIZE)]
        lst.cursor = 500_000
        await pilot.pause()
        assert lst.current.id == "id500000"
        assert app.selected[-1] == "id500000"
        assert len(app.fetches) <= 3
        assert all(limit == PAGE_SIZE for _, limit in app.fetches)
        lst.open_current()
        await pilot.pause()
        assert app.opened == ["id500000"]


async def test_list_cursor_stays_in_range():
    app = ListApp(3)
    async with app.run_test(size=(80, 20)) as pilot:
        lst = app.query_one(ArticleList)
        lst.cursor = 10
        assert lst.cursor == 2
        lst.cursor = -5
        assert lst.cursor == 0
        lst.reload(0)
        assert lst.current is None
        await pilot.pause()


class ReaderApp(App):
    """An app with only a reader."""

    def compose(self) -> ComposeResult:
        yield ReaderView()


def _huge_article() -> Article:
    para = "Words of a long brief that goes on and on. " * 40
    count = HUGE_CHARS // len(para) + 5
    return Article(id="huge", title="Huge", blocks=tuple(Block("text", para) for _ in range(count)))


async def test_huge_brief_is_laid_out_in_a_worker():
    app = ReaderApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        reader = app.query_one(ReaderView)
        reader.show_article(_huge_article(), scroll=100)
        assert reader.line_count == 0  # not laid out on the event loop
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert reader.line_count > 1000
        assert reader.current_scroll == 100


async def test_highlights_land_on_the_match_cells():
    from tui.text.document import STYLES

    article = Article(id="a", title="Title", blocks=(Block("text", "alpha beta gamma beta"),))
    app = ReaderApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        reader = app.query_one(ReaderView)
        reader.show_article(article)
        await pilot.pause()
        pos = next(i for i, b in enumerate(reader.laid) if b.kind == "text")
        reader.set_matches([(pos, 6, 10), (pos, 17, 21)], current=1)
        await pilot.pause()
        line = reader.laid[pos].first_line
        strip = reader.render_line(line - reader.current_scroll)
        styled = [(seg.text, seg.style) for seg in strip if seg.text.strip()]
        from rich.style import Style

        current = Style.parse(STYLES["current"])
        match = Style.parse(STYLES["match"])
        assert any(text == "beta" and style.bgcolor == current.bgcolor for text, style in styled), styled
        assert any(text == "beta" and style.reverse == match.reverse for text, style in styled), styled


async def test_a_match_across_the_cut_of_a_long_paragraph_is_highlighted_on_both_sides():
    """A paragraph too long for one block is shown in pieces; a phrase found across the cut between
    two lights up its first word at the end of one piece and its last at the start of the next."""
    from rich.style import Style

    from tui.text.document import STYLES
    from tui.text.find import find_matches

    text = " ".join(f"w{i}" for i in range(5_000))
    app = ReaderApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        reader = app.query_one(ReaderView)
        reader.show_article(Article(id="a", title="Title", blocks=(Block("text", text),)))
        await pilot.pause()
        cut = next(pos for pos, source in enumerate(reader.laid.sources) if source.joined is not None)
        last, first = reader.laid[cut - 1].text.rsplit(" ", 1)[1], reader.laid[cut].text.split(" ", 1)[0]
        matches = find_matches(reader.laid, f"{last} {first}")
        assert len(matches) == 1
        reader.set_matches(matches, 0)
        reader.scroll_to_match(0)
        await pilot.pause()
        current = Style.parse(STYLES["current"]).bgcolor
        before = reader.laid[cut - 1]
        for line, word in (
            (before.first_line + len(before.rendered.lines) - 1, last),
            (reader.laid[cut].first_line, first),
        ):
            strip = reader.render_line(line - reader.current_scroll)
            lit = "".join(seg.text for seg in strip if seg.style is not None and seg.style.bgcolor == current)
            assert lit.strip() == word, (line, lit)


class RowsApp(App):
    """An app with only an article list over the rows given."""

    def __init__(self, rows: list[ArticleSummary]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield ArticleList(lambda offset, limit: self.rows[offset : offset + limit], len(self.rows))


def _today_at(hour: int, minute: int) -> str:
    """A stored date with a time of today in this machine's zone, as a feed entry of today has."""
    return datetime.now().astimezone().replace(hour=hour, minute=minute, second=0, microsecond=0).isoformat()


async def test_a_time_of_today_ends_where_the_dates_around_it_end():
    """The date column is 10 cells: ``YYYY-MM-DD`` fills it, a time of today (``HH:MM``) is
    right-aligned in it, so that its minutes stand under the day of the date above; English titles
    start after the marks, an Arabic one ends a cell before the date column."""
    rows = [
        ArticleSummary("e1", "Oil prices rise", _today_at(11, 42), "Reuters"),
        ArticleSummary("e2", "A short one", "2024-03-05", "BBC"),
        ArticleSummary("a1", "أمطار غزيرة في عمان", _today_at(9, 5), "sample"),
        ArticleSummary("e3", "Undated", None, "x"),
    ]
    app = RowsApp(rows)
    async with app.run_test(size=(50, 8)) as pilot:  # 48 cells for the rows, 2 for a scrollbar
        await pilot.pause()
        lst = app.query_one(ArticleList)
        assert lst.scrollable_content_region.width == 48  # the date shown (36 cells or more), no source (52)
        lines = ["".join(segment.text for segment in lst.render_line(y)) for y in range(len(rows))]
    assert lines[0] == "●  Oil prices rise" + " " * 19 + "      11:42"
    assert lines[1] == "●  A short one" + " " * 23 + " 2024-03-05"
    assert lines[2][-11:] == "      09:05"
    assert lines[2][-12] != " " and lines[2][3] == " "  # right to left: the title is right-aligned
    assert lines[3] == "●  Undated" + " " * 38


async def test_the_source_column_is_as_wide_on_every_row():
    """From 52 cells the source follows the date in a column of 10 cells whatever its length (cut
    when longer, an Arabic one right-aligned, blank when there is none), so that the dates before it
    stay in one column."""
    rows = [
        ArticleSummary("e1", "Oil prices rise", _today_at(11, 42), "Reuters"),
        ArticleSummary("e2", "A short one", "2024-03-05", "BBC"),
        ArticleSummary("e3", "No source", "2024-03-04", None),
        ArticleSummary("e4", "Long source", "2024-03-03", "The Guardian Weekly"),
        ArticleSummary("a1", "Arabic source", "2024-03-02", "الجزيرة"),
    ]
    app = RowsApp(rows)
    async with app.run_test(size=(62, 8)) as pilot:
        await pilot.pause()
        lst = app.query_one(ArticleList)
        # five rows need no scrollbar; its two cells are kept all the same, beside the last column
        assert lst.scrollable_content_region.width == 60
        lines = ["".join(segment.text for segment in lst.render_line(y)) for y in range(len(rows))]
    assert lines[0] == "●  Oil prices rise" + " " * 20 + "      11:42 Reuters   "
    assert lines[1] == "●  A short one" + " " * 24 + " 2024-03-05 BBC       "
    assert lines[2] == "●  No source" + " " * 26 + " 2024-03-04" + " " * 11
    assert lines[3] == "●  Long source" + " " * 24 + " 2024-03-03 The…      "
    assert lines[4] == "●  Arabic source" + " " * 22 + " 2024-03-02    ﺓﺮﻳﺰﺠﻟﺍ"
