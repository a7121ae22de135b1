"""What the movement keys do in each pane of the main screen.

The list pane moves its highlight (j/k, g/G, PageDown/PageUp by a screenful); the reading pane
scrolls like a pager (j/k a line, g/G top and end, PageDown/PageUp a page). Space and ``b`` page
the reading pane from either pane, and Enter opens the highlighted brief from either pane. The
list and the reader have no key bindings of their own (see their ``inherit_bindings``), so every
key comes from :data:`tui.ui.keys.ACTIONS` and a ``[keys]`` remap applies in both panes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.ui.screens.store_watch import GONE
from tui.ui.session import READONLY_MARKS

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen


class PaneKeys:
    """Runs a movement action on the pane that has the focus."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        """The main screen whose panes are driven."""

    @property
    def reading(self) -> bool:
        """True when the reading pane has the focus."""
        return self.screen.focused is self.screen.reader

    def down(self, lines: int) -> None:
        """j/k: the next or previous brief, or scroll the brief by ``lines``."""
        if self.reading:
            reader = self.screen.reader
            reader.scroll_to(y=reader.scroll_offset.y + lines, animate=False, immediate=True)
        else:
            self.screen.article_list.move_cursor(lines)

    def edge(self, last: bool) -> None:
        """g/G: the first or last brief, or the top or end of the brief."""
        if self.reading:
            reader = self.screen.reader
            reader.scroll_to(y=reader.max_scroll_y if last else 0, animate=False, immediate=True)
        else:
            article_list = self.screen.article_list
            article_list.cursor = article_list.count - 1 if last else 0

    def page(self, direction: int) -> None:
        """PageDown/PageUp: a screenful of the pane in focus."""
        if self.reading:
            self.read(direction)
        else:
            self.screen.article_list.page(direction)

    def read(self, direction: int) -> None:
        """Space/b: page the reading pane, whichever pane has the focus."""
        reader = self.screen.reader
        if direction > 0:
            reader.scroll_page_down(animate=False)
        else:
            reader.scroll_page_up(animate=False)

    def open_highlighted(self) -> None:
        """Enter: open the highlighted brief; in the reader, only when it is not the one open."""
        screen = self.screen
        row = screen.article_list.current
        current = screen.session.current
        if self.reading and (row is None or (current is not None and row.id == current.id)):
            return
        screen.article_list.open_current()

    def target(self) -> str | None:
        """The brief m and * act on: the open one in the reading pane, the highlighted one in the list."""
        current = self.screen.session.current
        if self.reading and current is not None:
            return current.id
        row = self.screen.article_list.current
        return row.id if row else None

    def toggle(self, toggle: Callable[[str], bool | None], yes: str, no: str) -> None:
        """Flip a reading-state flag of :meth:`target` and say what it became (or why it could not)."""
        screen = self.screen
        brief_id = self.target()
        if brief_id is None:
            return
        if screen.session.readonly:
            gone = screen.store_watch.gone
            screen.notify(GONE.format(path=screen.store.path) if gone else READONLY_MARKS, severity="warning")
            return
        value = toggle(brief_id)
        screen.show_errors()
        if value is not None:
            index = screen.groups.index_of(brief_id)
            flags = screen.listing.filters.unread or screen.listing.filters.bookmarked
            if index is None or flags:
                screen.refresh_list()  # the brief left the list, or came back to it (unread only, bookmarked only)
            else:
                screen.article_list.invalidate_row(index)
                screen.listing.show_counts()
            screen.notify(yes if value else no, timeout=2)
