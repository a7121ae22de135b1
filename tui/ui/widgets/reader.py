"""The reading pane: one brief laid out by :mod:`tui.text.document`, drawn with the Line API.

The brief is laid out at the pane's width (shaped, wrapped at spaces, each line reordered, right to
left lines right-aligned) and laid out again when the width changes. Briefs longer than
:data:`HUGE_CHARS` are laid out in a thread worker, which posts :class:`ReaderView.LaidOut`.
Find matches are drawn over the lines of the blocks they fall in; clicking a read-also line posts
:class:`ReaderView.LinkClicked`.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.text import Text
from textual import events, work
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.models import Article
from tui.text.document import STYLES, LaidBlock, article_rich_lines, block_style, layout_article

HUGE_CHARS = 200_000
"""Briefs with more characters than this are laid out in a worker thread."""
STRIPS_CACHED = 400
"""Drawn lines kept in memory."""

Match = tuple[int, int, int]
"""A find match: (position in the laid blocks, logical start, logical end)."""


def _article_chars(article: Article) -> int:
    """The size of a brief in characters."""
    return len(article.title) + sum(len(b.text) + len(b.label) for b in article.blocks)


def lay_out(article: Article, width: int, shaped: bool) -> tuple[list[LaidBlock], list[Text]]:
    """A brief's laid blocks and its document lines at ``width`` (runs in a worker for huge briefs)."""
    laid = layout_article(article, width, shaped=shaped)
    return laid, article_rich_lines(laid)


class ReaderView(ScrollView, can_focus=True):
    """Shows one brief; scrolls; highlights find matches; follows read-also links on click."""

    DEFAULT_CSS = """
    ReaderView { overflow-x: hidden; scrollbar-gutter: stable; padding: 0 1; }
    """

    class LinkClicked(Message):
        """A read-also line was clicked."""

        def __init__(self, target: str | None, text: str) -> None:
            super().__init__()
            self.target = target
            """The id of the linked brief, or None when it is not in the store."""
            self.text = text
            """The link's title as written."""

    class LaidOut(Message):
        """A worker finished laying out a brief."""

        def __init__(self, generation: int, width: int, laid: list[LaidBlock], lines: list[Text]) -> None:
            super().__init__()
            self.generation = generation
            """Which layout request this answers (older answers are dropped)."""
            self.width = width
            """The width it was laid out at."""
            self.laid = laid
            """The laid blocks."""
            self.lines = lines
            """The document lines."""

    def __init__(self, *, shaped: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shaped = shaped
        """False in ``--bidi terminal`` mode: logical order, unshaped."""
        self.article: Article | None = None
        """The brief shown, or None."""
        self.laid: list[LaidBlock] = []
        """The brief laid out at :attr:`laid_width`."""
        self.laid_width = 0
        """The width of the current layout (0: none yet)."""
        self.matches: list[Match] = []
        """Find matches being shown."""
        self.current_match: int | None = None
        """The index in :attr:`matches` of the current match."""
        self._lines: list[Text] = []
        self._overlay: dict[int, Text] = {}
        """Document lines redrawn with match highlights, by line number."""
        self._strips: OrderedDict[int, Strip] = OrderedDict()
        self._generation = 0
        self._pending: tuple[int, int] | None = None
        """(block index, line offset in it) to restore once a layout arrives."""
        self._placeholder = ""

    # -- showing a brief ---------------------------------------------------------------------

    @property
    def current_scroll(self) -> int:
        """The first document line shown."""
        return int(self.scroll_y)

    @property
    def line_count(self) -> int:
        """How many document lines the brief has at the current width."""
        return len(self._lines)

    @property
    def layout_width(self) -> int:
        """The width the brief is laid out at: the pane without its padding and scrollbar."""
        return max(0, self.scrollable_content_region.width)

    def show_article(self, article: Article, scroll: int = 0) -> None:
        """Show a brief, scrolled to document line ``scroll``."""
        self.article = article
        self.matches, self.current_match = [], None
        self._set_lines([], [], 0)
        self._pending = (-1, max(0, scroll))
        self._layout()

    def show_message(self, message: str) -> None:
        """Show a line of text instead of a brief (an empty store, a brief that vanished)."""
        self.article = None
        self.matches, self.current_match = [], None
        self._placeholder = message
        self._set_lines([], [], 0)
        self.refresh()

    def _layout(self) -> None:
        """Lay the brief out at the current width, in a worker when it is huge."""
        width = self.layout_width
        if self.article is None or width <= 0:
            return
        self._generation += 1
        if _article_chars(self.article) > HUGE_CHARS:
            self._placeholder = "laying out\u2026"
            self.refresh()
            self._layout_in_thread(self.article, width, self._generation)
        else:
            laid, lines = lay_out(self.article, width, self.shaped)
            self._apply_layout(width, laid, lines)

    @work(thread=True, exclusive=True, group="reader-layout")
    def _layout_in_thread(self, article: Article, width: int, generation: int) -> None:
        """Lay out a huge brief off the event loop and post the result."""
        laid, lines = lay_out(article, width, self.shaped)
        self.post_message(self.LaidOut(generation, width, laid, lines))

    def on_reader_view_laid_out(self, message: LaidOut) -> None:
        """Take a layout from the worker unless a newer one was asked for."""
        message.stop()
        if message.generation == self._generation:
            self._apply_layout(message.width, message.laid, message.lines)

    def _apply_layout(self, width: int, laid: list[LaidBlock], lines: list[Text]) -> None:
        """Use a new layout and restore the reading position."""
        self._placeholder = ""
        self._set_lines(laid, lines, width)
        self._apply_highlights()
        block, offset = self._pending or (-1, 0)
        self._pending = None
        if block < 0:
            y = offset
        else:
            y = laid[block].first_line + offset if block < len(laid) else 0
        self.scroll_to(y=min(y, max(0, len(lines) - 1)), animate=False, force=True, immediate=True)

    def _set_lines(self, laid: list[LaidBlock], lines: list[Text], width: int) -> None:
        """Replace the document lines and the virtual size."""
        self.laid, self._lines, self.laid_width = laid, lines, width
        self._overlay.clear()
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again when the width changed, keeping the first block shown in view."""
        if self.article is None or self.layout_width == self.laid_width:
            return
        if self._pending is None:
            block = self.block_index_at(self.current_scroll)
            if block is None:
                self._pending = (-1, 0)
            else:
                self._pending = (block, self.current_scroll - self.laid[block].first_line)
        self._layout()

    # -- positions ---------------------------------------------------------------------------

    def block_index_at(self, line: int) -> int | None:
        """The position in :attr:`laid` of the block drawn on document ``line`` (a blank line
        belongs to the block above it)."""
        found = None
        lo, hi = 0, len(self.laid) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.laid[mid].first_line <= line:
                found, lo = mid, mid + 1
            else:
                hi = mid - 1
        return found

    def line_of(self, pos: int, offset: int) -> int:
        """The document line showing logical ``offset`` of laid block ``pos``."""
        block = self.laid[pos]
        for k, visual in enumerate(block.rendered.lines):
            if offset < visual.end:
                return block.first_line + k
        return block.first_line + max(0, len(block.rendered.lines) - 1)

    # -- find --------------------------------------------------------------------------------

    def set_matches(self, matches: list[Match], current: int | None) -> None:
        """Highlight ``matches`` (the ``current`` one in its own style) and redraw."""
        self.matches = list(matches)
        self.current_match = current if current is not None and 0 <= current < len(matches) else None
        self._apply_highlights()
        self.refresh()

    def _apply_highlights(self) -> None:
        """Redraw the lines of the blocks holding matches with their highlights."""
        from tui.text.richtext import paragraph_to_text

        self._overlay.clear()
        self._strips.clear()
        by_block: dict[int, list[tuple[int, int, str]]] = {}
        for i, (pos, start, end) in enumerate(self.matches):
            style = STYLES["current"] if i == self.current_match else STYLES["match"]
            by_block.setdefault(pos, []).append((start, end, style))
        for pos, spans in by_block.items():
            if pos >= len(self.laid):
                continue
            block = self.laid[pos]
            texts = paragraph_to_text(block.rendered, style=block_style(block), highlights=spans)
            for k, text in enumerate(texts):
                self._overlay[block.first_line + k] = text

    def scroll_to_match(self, index: int) -> None:
        """Scroll so that match ``index`` is in view (near the middle when it was not)."""
        if not 0 <= index < len(self.matches):
            return
        pos, start, _end = self.matches[index]
        if pos >= len(self.laid):
            return
        line = self.line_of(pos, start)
        self.scroll_to_region(Region(0, line, 1, 1), animate=False, center=True, force=True, immediate=True)

    # -- links -------------------------------------------------------------------------------

    def _on_click(self, event: events.Click) -> None:
        """Follow a read-also line when it is clicked."""
        line = event.y + self.current_scroll
        pos = self.block_index_at(line)
        if pos is None:
            return
        block = self.laid[pos]
        if block.kind == "link" and line < block.first_line + len(block.rendered.lines):
            event.stop()
            article_block = self.article.blocks[block.index] if self.article else None
            self.post_message(self.LinkClicked(block.target, article_block.text if article_block else block.text))

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y``."""
        width = self.scrollable_content_region.width
        line = y + self.current_scroll
        base = self.rich_style
        if not self._lines:
            text = self._placeholder if y == 0 else ""
            return Strip(list(Text(text, style="dim").render(self.app.console, end="")), len(text)).crop_extend(0, width, base).apply_style(base)
        strip = self._strips.get(line)
        if strip is None:
            text = self._overlay.get(line)
            if text is None:
                text = self._lines[line] if 0 <= line < len(self._lines) else Text("")
            strip = Strip(list(text.render(self.app.console, end="")))
            self._strips[line] = strip
            while len(self._strips) > STRIPS_CACHED:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(line)
        return strip.crop_extend(0, width, base).apply_style(base)
