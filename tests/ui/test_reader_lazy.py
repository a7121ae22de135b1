"""The reading pane lays out lazily: counts first (in a worker for a huge brief), renders what is drawn.

Oracle: the eager layout (:func:`tui.text.document.layout_article` and ``article_rich_lines``) of the
same brief, which ``brief show`` prints.
"""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult

import tui.ui.widgets.reader as reader_module
from tui.models import Article, Block
from tui.text.document import article_rich_lines, layout_article
from tui.text.find import find_matches, match_line
from tui.text.lazydoc import HUGE_CHARS
from tui.ui.widgets.reader import ReaderView


class ReaderApp(App):
    """An app with only a reader."""

    def compose(self) -> ComposeResult:
        yield ReaderView()


def _huge_article() -> Article:
    """A brief over :data:`HUGE_CHARS`, each paragraph numbered so lines can be told apart."""
    paras = [f"Paragraph {i} of a long brief that goes on and on. " * 30 for i in range(HUGE_CHARS // 1500 + 5)]
    return Article(id="huge", title="Huge", blocks=tuple(Block("text", p) for p in paras))


def _drawn(reader: ReaderView, y: int) -> str:
    """The text of screen line ``y`` of the reader, without trailing spaces."""
    return "".join(seg.text for seg in reader.render_line(y)).rstrip()


async def _show_all(app: ReaderApp, pilot, article: Article) -> ReaderView:
    """Show ``article`` in the app's reader and wait until all of it is counted."""
    await pilot.pause()
    reader = app.query_one(ReaderView)
    reader.show_article(article)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return reader


async def test_huge_brief_draws_only_the_blocks_in_view():
    article = _huge_article()
    app = ReaderApp()
    async with app.run_test(size=(80, 20)) as pilot:
        reader = await _show_all(app, pilot, article)
        width = reader.laid_width
        eager = [t.plain.rstrip() for t in article_rich_lines(layout_article(article, width))]
        assert reader.laid.complete and reader.line_count == len(eager)
        for target in (0, len(eager) // 2, len(eager) - reader.size.height):
            reader.scroll_to(y=target, animate=False, immediate=True)
            await pilot.pause()
            assert reader.current_scroll == target
            for y in range(reader.size.height):
                assert _drawn(reader, y) == eager[target + y]
        # three screens' worth of blocks were rendered, not the brief's hundreds
        assert len(reader.laid._cache) <= 12 < len(reader.laid)


async def test_first_screen_shows_while_the_rest_is_counted(monkeypatch):
    release = threading.Event()
    real = reader_module.count_lines

    def slow_count(sources, width, *, shaped=True, stop=None):
        for k, count in enumerate(real(sources, width, shaped=shaped, stop=stop)):
            if k == 5:
                release.wait(10)
            yield count

    monkeypatch.setattr(reader_module, "count_lines", slow_count)
    monkeypatch.setattr(reader_module, "CHUNK_SECONDS", 0.0)
    article = _huge_article()
    app = ReaderApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        reader = app.query_one(ReaderView)
        reader.show_article(article, scroll=0)
        for _ in range(50):
            await pilot.pause(0.02)
            if len(reader.laid) == 5:
                break
        assert len(reader.laid) == 5 and not reader.laid.complete
        assert reader.virtual_size.height == reader.line_count > 0
        assert _drawn(reader, 0) == "Huge"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.laid.complete and len(reader.laid) == len(article.blocks) + 1


async def test_matches_are_drawn_when_their_block_is():
    from rich.style import Style

    from tui.text.document import STYLES

    article = _huge_article()
    app = ReaderApp()
    async with app.run_test(size=(80, 20)) as pilot:
        reader = await _show_all(app, pilot, article)
        matches = find_matches(reader.laid, "paragraph 97 ")
        assert len(matches) == 30 and all(pos == 98 for pos, _, _ in matches)  # the title is block 0
        everywhere = find_matches(reader.laid, "goes")
        reader.set_matches(everywhere, 0)
        reader.set_matches(matches, 3)
        reader.scroll_to_match(3)
        await pilot.pause()
        line = match_line(reader.laid, matches[3])
        y = line - reader.current_scroll
        assert 0 <= y < reader.size.height
        current = Style.parse(STYLES["current"])
        styled = [seg for seg in reader.render_line(y) if seg.style and seg.style.bgcolor == current.bgcolor]
        assert "".join(seg.text for seg in styled).strip().startswith("Paragraph 97")
        assert len(reader.laid._cache) <= 12
