"""The list grouped by story: the row source of the main screen's list, and the expand key.

The whole list, newest first and with no filter, shows one row per same-story group
(:meth:`tui.store.store.Store.story_rows`), the group's first brief in front with "N sources";
``x`` expands the group under the cursor (its other briefs appear at their place in the list,
marked) and collapses it again. A feed's list (``f``) is not grouped (a group's briefs are mostly
from other feeds), nor a filtered or re-sorted list (:class:`~tui.ui.screens.filtering.ListController`
gives its rows). Opening a brief of a group marks the whole group read, unless
``mark_story_read = false`` in the config file.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tui.models import ArticleSummary
from tui.store.list_view import ListView
from tui.text.dates import human_date, sortable_date

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen


class StoryGroups:
    """Which groups are expanded, and the list's rows, count and positions with groups."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.expanded: set[str] = set()
        """Labels of the groups shown brief by brief."""

    @property
    def active(self) -> bool:
        """True when the list is grouped: every brief shown, newest first (no feed, filter or other order)."""
        return self.screen.feeds.feed is None and self.screen.listing.view == ListView()

    def fetch(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows of the list from ``offset``."""
        if self.active:
            return self.screen.store.story_rows(offset, limit, self.expanded)
        return self.screen.listing.rows(offset, limit)

    def count(self) -> int:
        """Rows of the list."""
        return self.screen.store.story_count(self.expanded) if self.active else self.screen.listing.count()

    def index_of(self, brief_id: str) -> int | None:
        """The row that shows ``brief_id`` (its group's row when the group is collapsed)."""
        if self.active:
            return self.screen.store.story_index_of(brief_id, self.expanded)
        return self.screen.listing.index_of(brief_id)

    def toggle(self) -> None:
        """``x``: expand the highlighted row's group, or collapse it; the cursor stays on its brief."""
        screen = self.screen
        row = screen.article_list.current
        if row is None or row.story is None or not self.active:
            screen.notify(
                "no other source of this story"
                if self.active
                else "stories are grouped in the whole list, newest first, with no filter"
            )
            return
        expanding = row.story not in self.expanded
        if expanding:
            self.expanded.add(row.story)
        else:
            self.expanded.discard(row.story)
        screen.article_list.reload(self.count())
        index = self.index_of(row.id)
        if index is not None:
            screen.article_list.cursor = index
        screen.notify(self._told(row.id, expanding), timeout=4)

    def _told(self, brief_id: str, expanded: bool) -> str:
        """What ``x`` did, for a notice: the other sources may be far from the row, out of view."""
        store = self.screen.store
        others = [summary for other, _ in store.same_story(brief_id) if (summary := store.summary(other))]
        count = len(others)
        sources = "1 other source" if count == 1 else f"{count} other sources"
        if not expanded:
            return f"{sources} of this story hidden again"
        # as the list shows them (the day in the reader's zone, the time for today), newest first
        now = datetime.now().astimezone()
        shown = {(sortable_date(s.date) or "", human_date(s.date, now) or "undated") for s in others}
        dates = list(dict.fromkeys(day for _, day in sorted(shown, reverse=True)))
        where = ", ".join(dates[:3]) + (" ..." if len(dates) > 3 else "")
        if count == 1:
            return f"{sources} of this story shown at its date in the list, marked = ({where}); x hides it"
        return f"{sources} of this story shown at their dates in the list, marked = ({where}); x hides them"

    def opened(self, brief_id: str) -> None:
        """A brief was opened (and so marked read): mark the rest of its group read too, when the
        config asks for it (the default)."""
        config = getattr(self.screen.app, "config", None)
        if not getattr(config, "mark_story_read", True):
            return
        store = self.screen.store
        others = [other for other, _ in store.same_story(brief_id)]
        if not others:
            return
        for other in others:
            self.screen.session.mark_read(other)
        self.screen.article_list.reload(self.count())
