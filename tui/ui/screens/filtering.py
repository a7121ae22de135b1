"""The list's filters, order and counts on the main screen, and "mark all read" with its undo.

The main screen holds one :class:`ListController` and asks it for the list's rows, length and
positions: the view it queries (:class:`tui.store.list_view.ListView`) combines the feed chosen with
``f`` with the filters set here (unread only, bookmarked only, a tag, a source, a range of days)
and the order (newest first, oldest first, by title, by source). The line above the list shows
the view's unread and total counts, the order when it is not the default and the filters in force;
``c`` clears them. ``A`` marks every unread brief of the view read; ``u`` within
:data:`UNDO_SECONDS` marks the same briefs unread again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from tui.store import listing
from tui.store.day_ranges import recent_days
from tui.store.errors import StoreBusyError, StoreError
from tui.store.list_view import SORT_NAMES, ListView
from tui.ui.screens.filter_menu import DaysDialog, FilterMenuDialog, PickDialog, shaped

if TYPE_CHECKING:
    from tui.models import ArticleSummary
    from tui.ui.screens.main import MainScreen

UNDO_SECONDS = 10.0
"""How long after "mark all read" ``u`` undoes it."""
WRITE_WAIT_MS = 100
"""How long marking waits for an import's write lock before saying the store is busy."""
ANY_DATE = "any"
TYPED_RANGE = "typed"


@dataclass(frozen=True)
class Undo:
    """What ``u`` can undo: briefs marked read together."""

    ids: tuple[str, ...]
    """The briefs that were unread before."""
    until: float
    """``time.monotonic()`` after which it can no longer be undone."""


def group(n: int) -> str:
    """A count with thousands separated: 100,000."""
    return f"{n:,}"


class ListController:
    """The view of the list (filters and order), the line above it, mark all read and undo."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        """The main screen whose list this drives."""
        self.filters = ListView()
        """The filters and order set here (the feed comes from the feed filter)."""
        self.undo_entry: Undo | None = None
        """The last "mark all read", while it can be undone."""

    # -- the view ----------------------------------------------------------------------------

    @property
    def view(self) -> ListView:
        """What the list shows now: these filters and the feed chosen with ``f``."""
        return replace(self.filters, feed=self.screen.feeds.feed)

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows of the list."""
        return listing.rows(self.screen.store, self.view, offset, limit)

    def count(self) -> int:
        """How many briefs the list shows."""
        return listing.count(self.screen.store, self.view)

    def index_of(self, brief_id: str) -> int | None:
        """The brief's row in the list, or None when the list does not show it."""
        return listing.index_of(self.screen.store, self.view, brief_id)

    def apply(self, filters: ListView, notice: str | None = None) -> None:
        """Show the list with ``filters``, from its first row."""
        self.filters = filters
        screen = self.screen
        screen.refresh_list()
        screen.article_list.cursor = 0
        screen.article_list.scroll_to(y=0, animate=False)
        if notice:
            screen.notify(notice, timeout=3)

    def opened(self, index: int | None) -> None:
        """A brief was opened (and so marked read): recount, and with unread only, let it leave the list."""
        if index is None and self.filters.unread:
            self.screen.refresh_list()
        else:
            self.screen.call_after_refresh(self.show_counts)

    # -- the line above the list -----------------------------------------------------------

    def describe(self, name_cells: int = 24) -> list[str]:
        """The filters in force, each as a phrase shaped for the terminal: the short ones first (a
        range of days among them), then the tag and the source, each cut to ``name_cells``."""
        view = self.filters
        on = self.screen.shaped
        parts = []
        if view.unread:
            parts.append("unread")
        if view.bookmarked:
            parts.append("bookmarked")
        if view.since or view.until:
            parts.append(self._days())
        if view.tag is not None:
            parts.append("tag " + shaped(view.tag, name_cells, on))
        if view.source is not None:
            parts.append("source " + shaped(view.source, name_cells, on))
        return parts

    def filter_line(self, cells: int) -> tuple[str, str, str]:
        """``filter: A · B · C  (c clears)`` in at most ``cells`` (when it can be), as (label, filters,
        hint): the label left out, names cut shorter, then the last filters left out for ``…``;
        the hint "(c clears)" always shown."""
        tail = "  (c clears)"
        for name_cells in (24, 12, 6):
            body = " · ".join(self.describe(name_cells))
            for label in ("filter: ", ""):
                if cell_len(label + body) + len(tail) <= cells:
                    return label, body, tail
        tail = " (c clears)"
        parts = self.describe(6)
        while len(parts) > 1 and cell_len(" · ".join(parts) + " · …") + len(tail) > cells:
            parts.pop()
        return "", " · ".join(parts) + " · …", tail

    def _days(self) -> str:
        """The range of days filtered on, or ``""``."""
        since, until = self.filters.since, self.filters.until
        if since is None and until is None:
            return ""
        return str(since) if since == until else f"{since or ''}…{until or ''}"

    def show_counts(self) -> None:
        """Write the unread and total counts, the order and the filters above the list."""
        from textual.widgets import Static

        screen = self.screen
        unread, total = listing.counts(screen.store, self.view)
        head = Text(f"{group(unread)} unread of {group(total)}", style="bold")
        if self.filters.sort != "newest":
            head.append(f" · {SORT_NAMES[self.filters.sort]}")
        if self.filters.filtered:
            title = screen.query_one("#list-title", Static)
            cells = title.size.width or (screen.article_list.size.width - 2)  # inside its padding
            label, body, hint = self.filter_line(max(20, cells))
            head.append("\n" + label, style="dim")
            head.append(body)
            head.append(hint, style="dim")
        screen.query_one("#list-title", Static).update(head)
        screen.article_list.empty_message = self.empty_message() if total == 0 else ""

    def empty_message(self) -> str:
        """What an empty list says: why it is empty, when a filter or a feed makes it so."""
        feed = self.view.feed
        if feed is not None and self.screen.store.count(feed) == 0:
            return "No briefs from this feed yet (r fetches)."
        if self.filters.filtered:
            return "No brief matches (c clears the filters)."
        return ""

    # -- actions -----------------------------------------------------------------------------

    def menu(self) -> None:
        """The filter menu."""
        view = self.filters
        states = {
            "unread": "on" if view.unread else "",
            "bookmarked": "on" if view.bookmarked else "",
            "tag": shaped(view.tag, 24, self.screen.shaped) if view.tag else "",
            "source": shaped(view.source, 24, self.screen.shaped) if view.source else "",
            "date": self._days(),
        }

        def chosen(choice: str | None) -> None:
            if choice == "unread":
                self.toggle_unread()
            elif choice == "bookmarked":
                self.toggle_bookmarked()
            elif choice == "tag":
                self.choose_tag()
            elif choice == "source":
                self.choose_source()
            elif choice == "date":
                self.choose_dates()
            elif choice == "clear":
                self.clear()

        self.screen.app.push_screen(FilterMenuDialog(states), chosen)

    def toggle_unread(self) -> None:
        """Unread only, or every brief again."""
        self.apply(replace(self.filters, unread=not self.filters.unread))

    def toggle_bookmarked(self) -> None:
        """Bookmarked only, or every brief again."""
        self.apply(replace(self.filters, bookmarked=not self.filters.bookmarked))

    def clear(self) -> None:
        """Every filter off (the feed filter and the order stay)."""
        if not self.filters.filtered:
            self.screen.notify("no filter to clear", timeout=2)
            return
        self.apply(self.filters.cleared(), "filters cleared")

    def _pick(
        self,
        title: str,
        choices: list[tuple[str, str, str]],
        current: str | None,
        narrow: bool,
        then: Callable[[str | None], None],
    ) -> None:
        """Show a chooser; ``then`` gets the value chosen (None: closed)."""
        dialog = PickDialog(title, choices, current, narrow=narrow, shaped_text=self.screen.shaped)
        self.screen.app.push_screen(dialog, then)

    def choose_tag(self) -> None:
        """Choose a tag among those of the list's briefs."""
        found = listing.tags(self.screen.store, self.view)
        if not found:
            self.screen.notify("no brief in the list has a tag", severity="warning")
            return
        choices = [(tag, tag, f"{group(n)}") for tag, n in found]

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.apply(replace(self.filters, tag=tag))

        self._pick("Briefs with the tag: (type to narrow, Enter chooses)", choices, self.filters.tag, True, chosen)

    def choose_source(self) -> None:
        """Choose a source among those of the list's briefs."""
        found = listing.sources(self.screen.store, self.view)
        if not found:
            self.screen.notify("no brief in the list names its source", severity="warning")
            return
        choices = [(source, source, f"{group(n)}") for source, n in found]

        def chosen(source: str | None) -> None:
            if source is not None:
                self.apply(replace(self.filters, source=source))

        self._pick("Briefs from: (type to narrow, Enter chooses)", choices, self.filters.source, True, chosen)

    def choose_dates(self) -> None:
        """Today, the last 7 or 30 days, a typed range, or any date."""
        presets = {"1": "Today", "7": "Last 7 days", "30": "Last 30 days"}
        choices = [(days, label, "") for days, label in presets.items()]
        choices += [(TYPED_RANGE, "A range of days…", ""), (ANY_DATE, "Any date", "")]

        def chosen(choice: str | None) -> None:
            if choice == ANY_DATE:
                self.apply(replace(self.filters, since=None, until=None))
            elif choice == TYPED_RANGE:
                self.screen.app.push_screen(DaysDialog(), typed)
            elif choice is not None:
                since, until = recent_days(int(choice))
                self.apply(replace(self.filters, since=since, until=until))

        def typed(days: tuple[str | None, str | None] | None) -> None:
            if days is not None:
                self.apply(replace(self.filters, since=days[0], until=days[1]))

        self._pick("Briefs dated: (Enter chooses, Esc closes)", choices, None, False, chosen)

    def choose_sort(self) -> None:
        """Choose the list's order."""
        choices = [(sort, name.capitalize(), "") for sort, name in SORT_NAMES.items()]

        def chosen(sort: str | None) -> None:
            if sort is not None and sort != self.filters.sort:
                self.sort(sort)

        self._pick("Sort the list: (Enter chooses, Esc closes)", choices, self.filters.sort, False, chosen)

    def sort(self, sort: str) -> None:
        """Show the list in another order, the highlighted brief kept highlighted."""
        current = self.screen.article_list.current
        self.filters = replace(self.filters, sort=sort)
        self.screen.refresh_list()
        index = self.index_of(current.id) if current else None
        self.screen.article_list.cursor = index or 0
        self.screen.notify(f"sorted {SORT_NAMES[sort]}", timeout=2)

    # -- mark all read -----------------------------------------------------------------------

    def _writable(self) -> bool:
        """True when the store can be written; else says why."""
        screen = self.screen
        if screen.session.readonly:
            from tui.ui.session import READONLY_MARKS

            screen.notify(READONLY_MARKS, severity="warning")
            return False
        return True

    def _set_read(self, ids: tuple[str, ...], read: bool) -> bool:
        """Mark ``ids`` read or unread in one transaction; False (with a notice) when it failed."""
        store = self.screen.store
        try:
            with store.busy_wait(WRITE_WAIT_MS):
                listing.set_read(store, ids, read)
        except StoreBusyError:
            self.screen.notify("the store is busy with an import; try again in a moment", severity="warning")
            return False
        except (StoreError, sqlite3.Error, OSError) as exc:
            self.screen.notify(f"could not save reading state: {exc}", severity="error")
            return False
        return True

    def mark_all_read(self) -> None:
        """Mark every unread brief of the list (as filtered) read; ``u`` undoes it for a while."""
        if not self._writable():
            return
        ids = tuple(listing.unread_ids(self.screen.store, self.view))
        if not ids:
            self.screen.notify("nothing unread in the list", timeout=3)
            return
        if not self._set_read(ids, True):
            return
        self.undo_entry = Undo(ids, time.monotonic() + UNDO_SECONDS)
        self.screen.refresh_list()
        self.screen.notify(f"{group(len(ids))} marked read — u to undo", timeout=UNDO_SECONDS)

    def pending_since(self) -> float:
        """When the "mark all read" that can still be undone was made (``-inf`` when there is none)."""
        entry = self.undo_entry
        if entry is None or time.monotonic() > entry.until:
            return float("-inf")
        return entry.until - UNDO_SECONDS

    def undo(self) -> None:
        """Mark the briefs of the last "mark all read" unread again, while it is recent."""
        entry = self.undo_entry
        if entry is None or time.monotonic() > entry.until:
            self.undo_entry = None
            self.screen.notify("nothing to undo", timeout=2)
            return
        if not self._writable() or not self._set_read(entry.ids, False):
            return
        self.undo_entry = None
        self.screen.refresh_list()
        self.screen.notify(f"{group(len(entry.ids))} marked unread again", timeout=3)
