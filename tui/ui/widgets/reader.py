"""The reading pane: one brief laid out lazily by :mod:`tui.text.lazydoc`, drawn with the Line API.

The brief is laid out at the pane's width (shaped, wrapped at spaces, each line reordered, right to
left lines right-aligned) and laid out again when the width changes. Only the line count of each
block is computed up front; a block is rendered when one of its lines is drawn, and its Rich lines
are kept in a small cache. Briefs longer than :data:`~tui.text.lazydoc.HUGE_CHARS` are counted in
a thread worker that posts :class:`ReaderView.Counted` in chunks, so the first screen shows while
the rest is counted. :meth:`ReaderView.prepare` lays out a brief and draws its first screen before
it is shown (the screen asks while the list's cursor rests on a brief), and the layouts of the last
:data:`KEPT_LAYOUTS` briefs shown are kept, so that opening a brief, or going back to one, costs
only the repaint. Find matches (computed by :mod:`tui.text.find`) are drawn over the lines of the
blocks they fall in; clicking a read-also line posts :class:`ReaderView.LinkClicked`. Text selected
with the mouse (Textual's selection) is highlighted on the drawn cells and read back as logical
text through each line's position map (:func:`tui.text.copying.selected_text`).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from rich.text import Text
from textual import events, work
from textual.geometry import Region, Size
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.models import Article
from tui.text.copying import brief_text, clipboard_safe, line_highlight, selected_text
from tui.text.document import STYLES, BlockSource, article_sources, block_style
from tui.text.find import Match, match_line, spilled
from tui.text.lazydoc import HUGE_CHARS, LazyLayout, count_lines
from tui.text.richtext import paragraph_to_text
from tui.ui.widgets.pane_style import StyledOncePane

STRIPS_CACHED = 400
"""Drawn lines kept in memory."""
BLOCK_LINES_CACHED = 128
"""Blocks whose Rich lines are kept in memory."""
CHUNK_SECONDS = 0.05
"""How often the counting worker reports progress."""
KEPT_LAYOUTS = 8
"""Briefs shown last whose layouts are kept for going back to them."""
KEPT_CHARS = 50_000
"""A brief longer than this (ten times a long news brief) is laid out again when it is shown again,
so that eight kept layouts stay a few megabytes."""


@dataclass
class Prepared:
    """A brief laid out and its first screen drawn ahead of :meth:`ReaderView.show_article`, or kept
    from when it was last shown."""

    brief_id: str
    """The brief's id."""
    sources: list[BlockSource]
    """The blocks it was laid out from (shown only if the brief still gives the same ones)."""
    laid: LazyLayout
    """Its layout, every block counted."""
    width: int
    """The pane's layout width it was laid out at."""
    block_lines: OrderedDict[int, list[Text]]
    """The Rich lines of the blocks drawn, as :attr:`ReaderView._block_lines` keeps them."""
    strips: OrderedDict[int, Strip]
    """The lines of its first screen, as :attr:`ReaderView._strips` keeps them."""


class ReaderView(StyledOncePane, can_focus=True, inherit_bindings=False):
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

    class Counted(Message):
        """A worker counted the lines of the next blocks of a huge brief."""

        def __init__(self, generation: int, counts: list[int], done: bool) -> None:
            super().__init__()
            self.generation = generation
            """Which layout request this answers (older answers are dropped)."""
            self.counts = counts
            """Line counts of the blocks after those already counted."""
            self.done = done
            """True with the last chunk."""

    class LaidOut(Message):
        """The brief shown was laid out for the first time: it was shown while the pane had no width
        (a narrow terminal shows the list and the brief by turns), so what was computed from its
        blocks then (find's matches) must be computed again."""

    def __init__(self, *, shaped: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shaped = shaped
        """False in ``--bidi terminal`` mode: logical order, unshaped."""
        self.article: Article | None = None
        """The brief shown, or None."""
        self.laid: LazyLayout = LazyLayout((), 1, shaped=shaped)
        """The brief laid out at :attr:`laid_width` (blocks rendered on access)."""
        self.laid_width = 0
        """The width of the current layout (0: none yet)."""
        self.matches: list[Match] = []
        """Find matches being shown, in reading order."""
        self.current_match: int | None = None
        """The index in :attr:`matches` of the current match."""
        self._ordered: list[tuple[int, int, int, int]] | None = None
        """(pos, start, end, index) of each match, sorted, when :attr:`matches` is not in order."""
        self._spilled: dict[int, list[tuple[int, int, int]]] = {}
        """The parts of matches that reach across the cut into a piece of a long paragraph, by the
        piece's position (:func:`~tui.text.find.spilled`; indices into :attr:`_ordered` when set)."""
        self._sources: list[BlockSource] = []
        """The blocks of the brief shown, before layout."""
        self._block_lines: OrderedDict[int, list[Text]] = OrderedDict()
        """Rich lines (with highlights) of recently drawn blocks, by block position."""
        self._strips: OrderedDict[int, Strip] = OrderedDict()
        """Recently drawn lines, by document line."""
        self._generation = 0
        self._pending: tuple[int, int] | None = None
        """(block index, line offset in it) to restore once enough is counted; block -1: a line."""
        self._placeholder = ""
        self._prepared: Prepared | None = None
        """A brief laid out ahead of being shown (:meth:`prepare`)."""
        self._kept: OrderedDict[str, Prepared] = OrderedDict()
        """The layouts of the briefs shown last, by id, the latest last (:data:`KEPT_LAYOUTS`)."""

    # -- showing a brief ---------------------------------------------------------------------

    @property
    def current_scroll(self) -> int:
        """The first document line shown.

        Textual rounds the scroll position (``scroll_offset``) when it decides whether to repaint;
        drawing with any other rounding (``int`` during a smooth scroll to 7.6, then 8.0) leaves
        the lines of the old position on screen and hides the last line after End.
        """
        return self.scroll_offset.y

    @property
    def line_count(self) -> int:
        """How many document lines the brief has at the current width (so far, while counting)."""
        return self.laid.line_count

    @property
    def layout_width(self) -> int:
        """The width the brief is laid out at: the pane without its padding and scrollbar."""
        return max(0, self.scrollable_content_region.width)

    def show_article(self, article: Article, scroll: int = 0) -> None:
        """Show a brief, scrolled to document line ``scroll``."""
        self._drop_selection()
        self._keep_shown()
        self.article = article
        self._sources = article_sources(article, datetime.now().astimezone())
        self.matches, self.current_match = [], None
        self._ordered, self._spilled = None, {}
        self._pending = (-1, max(0, scroll))
        ready = self._ready_layout(article.id)
        if ready is not None:
            self._generation += 1  # drop counts still on their way
            self._placeholder = ""
            self._set_layout(ready.laid, ready.width)
            self._block_lines, self._strips = ready.block_lines, ready.strips
            self._restore_position()
            return
        self._set_layout(LazyLayout((), 1, shaped=self.shaped), 0)
        self._layout()

    def _keep_shown(self) -> None:
        """Keep the layout of the brief shown (and the lines drawn, unless find highlights them) for
        going back to it; the pane then draws into new caches."""
        article, laid = self.article, self.laid
        if article is not None and laid.complete and self.laid_width > 0 and laid.chars <= KEPT_CHARS:
            drawn = not self.matches
            self._keep(
                Prepared(
                    article.id,
                    self._sources,
                    laid,
                    self.laid_width,
                    self._block_lines if drawn else OrderedDict(),
                    self._strips if drawn else OrderedDict(),
                )
            )
        self._block_lines, self._strips = OrderedDict(), OrderedDict()

    def _keep(self, kept: Prepared) -> None:
        """Keep a layout among the last :data:`KEPT_LAYOUTS`."""
        self._kept[kept.brief_id] = kept
        self._kept.move_to_end(kept.brief_id)
        while len(self._kept) > KEPT_LAYOUTS:
            self._kept.popitem(last=False)

    def _ready_layout(self, brief_id: str) -> Prepared | None:
        """The layout prepared or kept for the brief, if it was made from the blocks the brief
        gives now, at the pane's width."""
        candidates = [self._kept.pop(brief_id, None)]
        if self._prepared is not None and self._prepared.brief_id == brief_id:
            candidates.append(self._prepared)
            self._prepared = None
        for ready in candidates:
            if ready is not None and ready.sources == self._sources and ready.width == self.layout_width:
                return ready
        return None

    def prepare(self, article: Article, scroll: int = 0, *, keep: bool = False) -> None:
        """Lay out ``article`` and draw its screen from document line ``scroll`` now, so that showing
        it next costs only the repaint; :meth:`show_article` uses this work when it is given the same
        brief, unchanged, at the same width (and nothing else: a huge brief is left to the counting
        worker). ``keep``: keep it with the layouts of the briefs shown last (a brief of the
        history) rather than as the one brief prepared (the one under the list's cursor)."""
        width = self.layout_width
        sources = article_sources(article, datetime.now().astimezone())
        if not keep:
            self._prepared = None
        if width <= 0 or sum(len(source.text) for source in sources) > HUGE_CHARS:
            return
        kept = self._kept.get(article.id)
        if kept is not None and kept.sources == sources and kept.width == width:
            return  # laid out already, when it was last shown
        laid = LazyLayout(sources, width, shaped=self.shaped).count_all()
        prepared = Prepared(article.id, sources, laid, width, OrderedDict(), OrderedDict())
        first = min(max(0, scroll), max(0, laid.line_count - 1))
        for line in range(first, min(first + self.size.height, laid.line_count)):
            prepared.strips[line] = self._strip(self._text_of(laid, prepared.block_lines, line, highlights=False))
        if keep:
            self._keep(prepared)
        else:
            self._prepared = prepared

    def show_message(self, message: str) -> None:
        """Show a line of text instead of a brief (an empty store, a brief that vanished)."""
        self._drop_selection()
        self.article = None
        self._sources = []
        self.matches, self.current_match = [], None
        self._ordered, self._spilled = None, {}
        self._placeholder = message
        self._generation += 1  # drop counts still on their way
        self._set_layout(LazyLayout((), 1, shaped=self.shaped), 0)

    def _layout(self) -> None:
        """Lay the brief out at the current width; count a huge one in a worker."""
        width = self.layout_width
        if self.article is None or width <= 0:
            return
        if width != self.laid_width:
            self._drop_selection()  # its lines and characters were those of the old width
        self._generation += 1
        laid = LazyLayout(self._sources, width, shaped=self.shaped)
        if sum(len(source.text) for source in self._sources) > HUGE_CHARS:
            self._placeholder = "laying out\u2026"
            self._set_layout(laid, width)
            self._count_in_thread(laid.sources, width, self._generation)
        else:
            self._placeholder = ""
            self._set_layout(laid.count_all(), width)
            self._restore_position()

    @work(thread=True, exclusive=True, group="reader-layout")
    def _count_in_thread(self, sources: tuple[BlockSource, ...], width: int, generation: int) -> None:
        """Count the lines of a huge brief's blocks off the event loop, posting them in chunks."""
        worker = get_current_worker()
        chunk: list[int] = []
        since = time.monotonic()
        for count in count_lines(sources, width, shaped=self.shaped, stop=lambda: worker.is_cancelled):
            chunk.append(count)
            if time.monotonic() - since > CHUNK_SECONDS:
                self.post_message(self.Counted(generation, chunk, done=False))
                chunk, since = [], time.monotonic()
        if not worker.is_cancelled:
            self.post_message(self.Counted(generation, chunk, done=True))

    def on_reader_view_counted(self, message: Counted) -> None:
        """Take the next counts from the worker unless a newer layout was asked for."""
        message.stop()
        if message.generation != self._generation:
            return
        self.laid.add_counts(message.counts)
        if self.laid.complete:
            self._placeholder = ""
        self.virtual_size = Size(self.laid_width, self.laid.line_count)
        self._restore_position()
        self.refresh()

    def _restore_position(self) -> None:
        """Scroll to the position saved for the new layout once enough of it is counted."""
        if self._pending is None:
            return
        block, offset = self._pending
        laid = self.laid
        if block < 0:
            target = offset
            ready = laid.complete or laid.line_count >= target + self.size.height
        else:
            ready = laid.complete or block < len(laid)
            target = laid.first_line(block) + offset if block < len(laid) else 0
        if not ready:
            return
        self._pending = None
        y = min(target, max(0, laid.line_count - 1))
        self.scroll_to(y=y, animate=False, force=True, immediate=True)

    def _set_layout(self, laid: LazyLayout, width: int) -> None:
        """Replace the layout, the drawn lines and the virtual size."""
        self.laid, self.laid_width = laid, width
        self._block_lines.clear()
        self._strips.clear()
        self.virtual_size = Size(width, laid.line_count)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Lay out again when the width changed, keeping the first block shown in view."""
        if self.article is None or self.layout_width == self.laid_width:
            return
        first = self.laid_width <= 0
        if self._pending is None:
            block = self.block_index_at(self.current_scroll)
            if block is None:
                self._pending = (-1, 0)
            else:
                self._pending = (block, self.current_scroll - self.laid.first_line(block))
        self._layout()
        if first and self.laid_width > 0:
            self.post_message(self.LaidOut())

    # -- positions ---------------------------------------------------------------------------

    def block_index_at(self, line: int) -> int | None:
        """The position in :attr:`laid` of the block drawn on document ``line`` (a blank line
        belongs to the block above it)."""
        return self.laid.block_at(line)

    # -- find --------------------------------------------------------------------------------

    def set_matches(self, matches: list[Match], current: int | None) -> None:
        """Highlight ``matches`` (the ``current`` one in its own style) and redraw.

        The highlights are applied when a block is drawn, so a million matches cost nothing here.
        """
        self.matches = list(matches)
        self.current_match = current if current is not None and 0 <= current < len(matches) else None
        in_order = all(a <= b for a, b in pairwise(self.matches))
        self._ordered = None if in_order else sorted((*m, i) for i, m in enumerate(self.matches))
        self._spilled = spilled(self.laid, self.matches if in_order else [m[:3] for m in self._ordered or ()])
        self._block_lines.clear()
        self._strips.clear()
        self.refresh()

    def _highlights(self, pos: int) -> list[tuple[int, int, str]]:
        """The highlight spans of block ``pos`` (matches are sorted, so bisection finds them)."""
        ordered = self._ordered
        if ordered is None:
            first = bisect_left(self.matches, (pos, -1, -1))
            last = bisect_left(self.matches, (pos + 1, -1, -1), lo=first)
            found = [(start, end, i) for i, (_pos, start, end) in enumerate(self.matches[first:last], start=first)]
        else:
            first = bisect_left(ordered, (pos, -1, -1, -1))
            last = bisect_left(ordered, (pos + 1, -1, -1, -1), lo=first)
            found = [(start, end, i) for _pos, start, end, i in ordered[first:last]]
        if pos in self._spilled:  # the ends of matches begun in the piece before (they come first)
            found[:0] = [(start, end, i if ordered is None else ordered[i][3]) for start, end, i in self._spilled[pos]]
        return [
            (start, end, STYLES["current"] if i == self.current_match else STYLES["match"]) for start, end, i in found
        ]

    def scroll_to_match(self, index: int) -> None:
        """Scroll so that match ``index`` is in view (near the middle when it was not)."""
        if not 0 <= index < len(self.matches):
            return
        match = self.matches[index]
        if match[0] >= len(self.laid):
            return  # not counted yet
        line = match_line(self.laid, match)
        self.scroll_to_region(Region(0, line, 1, 1), animate=False, center=True, force=True, immediate=True)

    # -- links -------------------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        """Follow a read-also line when it is clicked (not when a drag that selected text ends there)."""
        if self.text_selection is not None:
            return
        line = event.y + self.current_scroll
        pos = self.block_index_at(line)
        if pos is None:
            return
        block = self.laid[pos]
        if block.is_link and line < block.first_line + len(block.rendered.lines):
            event.stop()
            article_block = self.article.blocks[block.index] if self.article else None
            self.post_message(self.LinkClicked(block.target, article_block.text if article_block else block.text))

    # -- selection ---------------------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The logical text under the mouse selection (never the shaped glyphs), made safe to paste;
        the whole brief when everything is selected."""
        if self.article is None:
            return None
        start = (selection.start.y, selection.start.x) if selection.start is not None else None
        end = (selection.end.y, selection.end.x) if selection.end is not None else None
        text = brief_text(self.article) if start is None and end is None else selected_text(self.laid, start, end)
        return clipboard_safe(text), "\n"

    def _drop_selection(self) -> None:
        """Forget a mouse selection: the text it covered is no longer where it was."""
        if self.is_attached and self.text_selection is not None:
            self.screen.selections = {
                widget: selection for widget, selection in self.screen.selections.items() if widget is not self
            }

    def selection_updated(self, selection: Selection | None) -> None:
        """Redraw with the new selection highlighted."""
        self._strips.clear()
        self.refresh()

    def _selected_strip(self, line: int, selection: Selection) -> Strip | None:
        """Document ``line`` with the selected glyphs highlighted, or None when none are."""
        span = selection.get_span(line)
        pos = self.laid.block_at(line) if 0 <= line < self.laid.line_count else None
        if span is None or pos is None:
            return None
        block = self.laid[pos]
        number = line - block.first_line
        if number >= len(block.rendered.lines):
            return None
        start, end = line_highlight(block.rendered, number, span[0], None if span[1] < 0 else span[1])
        text = self._line_text(line).copy()
        text.stylize(self.screen.get_component_rich_style("screen--selection"), start, end)
        return Strip(list(text.render(self.app.console, end="")))

    # -- drawing -----------------------------------------------------------------------------

    def _line_text(self, line: int) -> Text:
        """Document ``line`` as Rich text, rendering its block if it is not cached."""
        return self._text_of(self.laid, self._block_lines, line, highlights=True)

    def _text_of(
        self, laid: LazyLayout, block_lines: OrderedDict[int, list[Text]], line: int, *, highlights: bool
    ) -> Text:
        """Document ``line`` of ``laid`` as Rich text, its block's lines kept in ``block_lines``
        (with the find matches highlighted when ``highlights``)."""
        pos = laid.block_at(line)
        if pos is None:
            return Text("")
        texts = block_lines.get(pos)
        if texts is None:
            block = laid[pos]
            spans = self._highlights(pos) if highlights else []
            texts = paragraph_to_text(block.rendered, style=block_style(block), highlights=spans)
            block_lines[pos] = texts
            while len(block_lines) > BLOCK_LINES_CACHED:
                block_lines.popitem(last=False)
        else:
            block_lines.move_to_end(pos)
        k = line - laid.first_line(pos)
        return texts[k] if k < len(texts) else Text("")

    def _strip(self, text: Text) -> Strip:
        """A document line drawn, before the pane's width and style are applied."""
        return Strip(list(text.render(self.app.console, end="")))

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y``."""
        width = self.scrollable_content_region.width
        line = y + self.current_scroll
        base = self.line_style
        if not self.laid:
            # A message (the empty store's hint) wraps at spaces rather than being cut at the edge.
            lines = Text(self._placeholder, style="dim").wrap(self.app.console, max(1, width))
            text = lines[y] if y < len(lines) else Text("")
            return Strip(list(text.render(self.app.console, end=""))).crop_extend(0, width, base).apply_style(base)
        selection = self.text_selection
        strip = self._selected_strip(line, selection) if selection is not None else None
        if strip is not None:
            return strip.crop_extend(0, width, base).apply_style(base).apply_offsets(0, line)
        strip = self._strips.get(line)
        if strip is None:
            strip = self._strip(self._line_text(line) if 0 <= line < self.laid.line_count else Text(""))
            self._strips[line] = strip
            while len(self._strips) > STRIPS_CACHED:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(line)
        # The offsets let Textual's selection say which character of which line the mouse is on.
        return strip.crop_extend(0, width, base).apply_style(base).apply_offsets(0, line)
