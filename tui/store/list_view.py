"""Which briefs the reader's list shows, and in which order: :class:`ListView` and its SQL.

A :class:`ListView` says which briefs the list shows (one feed, unread only, bookmarked only, one
tag, one source, a range of days, any of them together) and in which order (newest first, oldest
first, by title, by source), and gives them as a condition on ``briefs b`` and an ``ORDER BY``
list. Every filter and order has an index (schema 8 adds the indexes and the ``brief_tags`` table):
:mod:`tui.store.listing` counts and pages a view, :mod:`tui.store.list_plan` picks the index.

Titles sort by ``briefs.title_norm``, the folded form the store keeps for link resolution: the
hamza forms of alef (أ إ آ ٱ) fold to ا, alef maksura to yeh, taa marbuta to heh, harakat and
tatweel go, so a title sorts where a reader of an Arabic dictionary looks for it, whatever its
spelling. Arabic letters in Unicode order are in alphabetical order once folded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tui.text.dates import day_start

SORTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "newest": (("b.undated", False), ("b.date", True), ("b.id", False)),
    "oldest": (("b.undated", False), ("b.date", False), ("b.id", False)),
    "title": (("b.title_norm", False), ("b.id", False)),
    "source": (("b.source", False), ("b.undated", False), ("b.date", True), ("b.id", False)),
}
"""Each order of the list as (expression, descending) keys; undated briefs come last, briefs without
a source first (SQLite sorts NULL first). Each has an index in this exact order."""

SORT_NAMES = {"newest": "newest first", "oldest": "oldest first", "title": "by title", "source": "by source"}
"""How each order is named on screen."""


@dataclass(frozen=True)
class ListView:
    """Which briefs the list shows, and in which order. Every filter set applies (they combine)."""

    feed: str | None = None
    """Only briefs from the feed with this URL."""
    unread: bool = False
    """Only unread briefs."""
    bookmarked: bool = False
    """Only bookmarked briefs."""
    tag: str | None = None
    """Only briefs with this tag (exactly as stored)."""
    source: str | None = None
    """Only briefs from this source (exactly as stored)."""
    since: str | None = None
    """Only briefs dated on or after this day (``YYYY-MM-DD``, in the reader's time zone)."""
    until: str | None = None
    """Only briefs dated on or before this day (``YYYY-MM-DD``, in the reader's time zone)."""
    sort: str = "newest"
    """One of :data:`SORTS`."""

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; one of {', '.join(SORTS)}")

    @property
    def filtered(self) -> bool:
        """True when a filter other than the feed is set."""
        return self != self.cleared()

    @property
    def feed_or_filtered(self) -> bool:
        """True when a feed or a filter narrows the list."""
        return self.feed is not None or self.filtered

    def cleared(self) -> ListView:
        """The same feed and order, no other filter."""
        return ListView(feed=self.feed, sort=self.sort)

    def where(self, scan: bool = False) -> tuple[str, tuple[object, ...]]:
        """The SQL condition on ``briefs b`` (``1`` when none) and its parameters.

        ``scan``: for reading an order's index from its start, testing each entry. The test of a
        dated brief then compares the value rather than the column (``+b.undated``): an equality on
        an ordering column would let SQLite drop that column from the order and sort the rest; a
        tag's briefs are tested by rowid.
        """
        terms: list[str] = []
        params: list[object] = []
        if self.feed is not None:
            terms.append("b.feed = ?")
            params.append(self.feed)
        if self.source is not None:
            terms.append("b.source = ?")
            params.append(self.source)
        if self.since is not None or self.until is not None:
            terms.append("+b.undated = 0" if scan else "b.undated = 0")
            if self.since is not None:
                start = day_start(self.since)
                if start <= self.since:  # a reader at UTC or east of it: one bound serves days and times
                    terms.append("b.date >= ?")
                    params.append(start)
                else:  # west of UTC: a time from the day's start in the reader's zone, a day from itself
                    terms.append("b.date >= ? AND (b.date >= ? OR length(b.date) = 10)")
                    params += [self.since, start]
            if self.until is not None and self.until < date.max.isoformat():  # 9999-12-31: no bound
                # Before the next day's start takes the whole last day, times and days alike.
                following = (date.fromisoformat(self.until) + timedelta(days=1)).isoformat()
                end = day_start(following)
                if end <= following:
                    terms.append("b.date < ?")
                    params.append(end)
                else:
                    terms.append("b.date < ? AND (b.date < ? OR length(b.date) > 10)")
                    params += [end, following]
        if self.tag is not None:
            if scan:  # an integer is quicker to test against each of 100,000 entries than a text id
                terms.append(
                    "b.rowid IN (SELECT t_b.rowid FROM brief_tags t JOIN briefs t_b ON t_b.id = t.brief_id"
                    " WHERE t.tag = ?)"
                )
            else:  # and the ids are quicker to look up for a count or a sort (the ids' index has them)
                terms.append("b.id IN (SELECT brief_id FROM brief_tags WHERE tag = ?)")
            params.append(self.tag)
        if self.bookmarked:
            terms.append("b.is_bookmarked = 1")
        if self.unread:
            terms.append("b.is_read = 0")
        return (" AND ".join(terms) or "1"), tuple(params)

    def order_by(self, backwards: bool = False) -> str:
        """The ORDER BY list of the view's sort (``backwards``: every key the other way, so the last
        brief comes first: SQLite puts NULL first going up and last going down, a mirror image)."""
        return ", ".join(f"{expr} DESC" if desc != backwards else expr for expr, desc in SORTS[self.sort])
