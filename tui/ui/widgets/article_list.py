"""The list pane: one row per brief, drawn with Textual's Line API.

The list never makes a widget per brief: its virtual height is the number of briefs, and rows are
fetched from a row source in pages of :data:`PAGE_SIZE` as they scroll into view, the last few
pages kept in an LRU cache. Nothing done at start-up grows with the size of the store.

A row: the unread mark (●), the bookmark mark (★), the title (shaped and cut at a word boundary
by :func:`tui.text.layout.render_line`, right-aligned in its column when it is right to left), the
date (:func:`tui.text.dates.human_date`: the time of day for a brief of today, right-aligned in the
date's column so that it ends where the dates around it end) and the source (a column of
:data:`SOURCE_CELLS`, blank for a brief without one). A row standing for a same-story group says how
many sources it has ("3 sources"); the other briefs of an expanded group are marked with ``=``
before their title.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.models import ArticleSummary
from tui.text.dates import DATE_CHARS, human_date
from tui.ui.widgets.pane_style import StyledOncePane

PAGE_SIZE = 200
"""Rows fetched from the store at once."""
PAGES_CACHED = 8
"""Pages kept in memory."""
TITLES_CACHED = 2000
"""Rendered titles kept in memory."""
UNREAD_MARK = "\u25cf"
BOOKMARK_MARK = "\u2605"
MEMBER_MARK = "="
SOURCE_CELLS = 10
"""The width of the source column (shown when the list is 52 cells wide or more); a longer source
is cut at a word, a right-to-left one right-aligned in it."""
"""Before the title of a brief shown under its same-story group's first brief."""

RowFetcher = Callable[[int, int], list[ArticleSummary]]
"""``fetch(offset, limit)``: rows of the list in order."""
MarksReader = Callable[[ArticleSummary], ArticleSummary]
"""``marks(row)``: the row with its read and bookmark marks as they are now."""


class ArticleList(StyledOncePane, can_focus=True, inherit_bindings=False):
    """A virtual list of briefs; posts :class:`Selected` when the cursor moves, :class:`Opened` on Enter or click."""

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--dim",
    }
    DEFAULT_CSS = """
    /* The scrollbar's room kept when the list is short too: the last column never touches the
       pane's border, and no column moves when a filter makes the list short. */
    ArticleList { overflow-x: hidden; scrollbar-gutter: stable; }
    ArticleList > .article-list--cursor { background: $accent 40%; }
    ArticleList:focus > .article-list--cursor { background: $accent; color: $text; }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=False, init=False)
    """The index of the highlighted row."""

    class Selected(Message):
        """The cursor moved to a brief."""

        def __init__(self, brief_id: str) -> None:
            super().__init__()
            self.brief_id = brief_id
            """The id of the highlighted brief."""

    class Opened(Message):
        """The reader asked to open a brief (Enter or a click)."""

        def __init__(self, brief_id: str) -> None:
            super().__init__()
            self.brief_id = brief_id
            """The id of the brief to open."""

    def __init__(
        self, fetch: RowFetcher, count: int = 0, *, shaped: bool = True, marks: MarksReader | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._fetch = fetch
        """Where rows come from."""
        self._marks = marks
        """Reads a row's marks again (:meth:`invalidate_row`); without it the row's page is fetched again."""
        self._count = count
        """How many rows the list has."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode: titles go out in logical order, unshaped."""
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        """Fetched pages by page number, least recently used first."""
        self._titles: OrderedDict[tuple[str, int], tuple[str, int, int]] = OrderedDict()
        """(title, width) -> (visual text, cells) of rendered titles."""
        self.virtual_size = Size(0, count)
        self._empty_message = ""

    @property
    def empty_message(self) -> str:
        """The line the list shows when it has no rows (why it is empty), or ``""``."""
        return self._empty_message

    @empty_message.setter
    def empty_message(self, text: str) -> None:
        if text != self._empty_message:
            self._empty_message = text
            self.refresh()

    # -- data --------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many rows the list has."""
        return self._count

    def row(self, index: int) -> ArticleSummary | None:
        """The row at ``index`` (fetched with its page when not cached), or None out of range."""
        if not 0 <= index < self._count:
            return None
        page_no = index // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_no] = page
            while len(self._pages) > PAGES_CACHED:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> ArticleSummary | None:
        """The row under the cursor."""
        return self.row(self.cursor)

    def reload(self, count: int) -> None:
        """Forget every cached row (the store changed) and take the new row count."""
        self._pages.clear()
        self._count = count
        self.virtual_size = Size(self.size.width, count)
        if self.cursor >= count:
            self.cursor = max(0, count - 1)
        self.refresh()

    def invalidate_row(self, index: int) -> None:
        """The row at ``index`` had its read or bookmark mark changed: read its marks again (or
        fetch its page again) and redraw it."""
        page_no, offset = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is not None and self._marks is not None and offset < len(page):
            page[offset] = self._marks(page[offset])
        else:
            self._pages.pop(page_no, None)
        self.refresh_row(index)

    def refresh_row(self, index: int) -> None:
        """Redraw one row."""
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- cursor ------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw the two rows, keep the cursor in view and tell the screen."""
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_cursor()
        row = self.row(new)
        if row is not None:
            self.post_message(self.Selected(row.id))

    def validate_cursor(self, value: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(value, self._count - 1)) if self._count else 0

    def scroll_to_cursor(self) -> None:
        """Scroll just enough to show the cursor row."""
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True)

    def move_cursor(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows."""
        self.cursor += delta

    def page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.cursor += direction * max(1, self.size.height - 1)

    def open_current(self) -> None:
        """Post :class:`Opened` for the row under the cursor."""
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row.id))

    async def _on_click(self, event: events.Click) -> None:
        """A click selects the row under the mouse and opens it."""
        index = event.y + self.scroll_offset.y
        if 0 <= index < self._count:
            self.cursor = index
            self.open_current()

    def on_resize(self, event: events.Resize) -> None:
        """Rows are as wide as the pane."""
        self.virtual_size = Size(event.size.width, self._count)

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw the row at screen line ``y``."""
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = self.line_style
        row = self.row(index)
        if row is None:
            lines = textwrap.wrap(self.empty_message, max(8, width - 2)) if self._count == 0 else []
            if index < len(lines):  # the message wrapped to the pane: it is English, no shaping
                dim = base + self.get_component_rich_style("article-list--dim", partial=True)
                return Strip([Segment(" " + lines[index], dim)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("article-list--cursor")
        return Strip(self._row_segments(row, width, style), width).crop_extend(0, width, style)

    def _row_segments(self, row: ArticleSummary, width: int, style: Style) -> list[Segment]:
        """The segments of one row at ``width`` cells."""
        dim = style + self.get_component_rich_style("article-list--dim", partial=True)
        title_style = style
        if not row.read:
            title_style = style + self.get_component_rich_style("article-list--unread", partial=True)
        marks = (UNREAD_MARK if not row.read else " ") + (BOOKMARK_MARK if row.bookmarked else " ")
        marks += MEMBER_MARK if row.member else " "
        tail: list[Segment] = []
        tail_cells = 0
        if row.sources > 1 and not row.member and width >= 12:  # a story's row says so, however narrow
            count = f" {row.sources} sources" if width >= 40 else f" \u00d7{row.sources}"
            tail.append(Segment(count, dim))
            tail_cells += len(count)
        if width >= 36:
            tail.append(Segment(f" {human_date(row.date, datetime.now().astimezone()):>{DATE_CHARS}}", dim))
            tail_cells += 1 + DATE_CHARS
        if width >= 52:  # a column of its own, as wide on every row, so that the dates before it line up
            text, cells, indent = self._title(row.source, SOURCE_CELLS) if row.source else ("", 0, 0)
            tail.append(Segment(" " * (1 + indent) + text + " " * (SOURCE_CELLS - indent - cells), dim))
            tail_cells += 1 + SOURCE_CELLS
        room = max(1, width - len(marks) - tail_cells)
        text, cells, indent = self._title(row.title, room)
        title = [
            Segment(" " * indent, title_style),
            Segment(text, title_style),
            Segment(" " * max(0, room - indent - cells), title_style),
        ]
        return [Segment(marks, style), *title, *tail]

    def _title(self, title: str, width: int) -> tuple[str, int, int]:
        """A title rendered to at most ``width`` cells: (visual text, cells, indent), cached.

        The indent right-aligns a right-to-left title in its column."""
        key = (title, width)
        hit = self._titles.get(key)
        if hit is not None:
            self._titles.move_to_end(key)
            return hit
        from tui.text.layout import render_line

        line = render_line(title, width, shaped=self.shaped)
        hit = (line.text, min(line.cells, width), line.indent)
        self._titles[key] = hit
        while len(self._titles) > TITLES_CACHED:
            self._titles.popitem(last=False)
        return hit
