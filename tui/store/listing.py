"""The list as the reader shows it: filtered, sorted, counted, and marked read in one go.

A :class:`ListView` says which briefs the list shows (one feed, unread only, bookmarked only, one
tag, one source, a range of days, any of them together) and in which order (newest first, oldest
first, by title, by source). Every filter and order is an indexed query (schema 8 adds the indexes
and the ``brief_tags`` table), so a view of 100,000 briefs is counted and paged in milliseconds.
A filter combined with an order other than its own (a source by title) is read along the order's
index with the filter tested on each entry once it has more than :data:`SORT_LIMIT` matches (schema
10 puts every column a filter tests into the order indexes), so no page sorts all the matches.

Titles sort by ``briefs.title_norm``, the folded form the store keeps for link resolution: the
hamza forms of alef (أ إ آ ٱ) fold to ا, alef maksura to yeh, taa marbuta to heh, harakat and
tatweel go, so a title sorts where a reader of an Arabic dictionary looks for it, whatever its
spelling. Arabic letters in Unicode order are in alphabetical order once folded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tui.models import ArticleSummary
from tui.store import tallies
from tui.text.dates import day_first, day_start

if TYPE_CHECKING:
    from tui.store.store import Store

SORTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "newest": (("b.undated", False), ("b.date", True), ("b.id", False)),
    "oldest": (("b.undated", False), ("b.date", False), ("b.id", False)),
    "title": (("b.title_norm", False), ("b.id", False)),
    "source": (("b.source", False), ("b.undated", False), ("b.date", True), ("b.id", False)),
}
"""Each order of the list as (expression, descending) keys; undated briefs come last, briefs without
a source first (SQLite sorts NULL first). Each has an index in this exact order."""
ORDER_INDEXES = {"oldest": "briefs_oldest", "title": "briefs_title_order", "source": "briefs_source_order"}
"""The index of each order but newest first (see :func:`_order_index`); each also carries the read and
bookmark flags, the source, the day and the feed, so any filter is tested in the index."""
SORT_LIMIT = 2_000
"""Up to this many matches, a filter whose index is not in the list's order has its matches sorted
(quicker than reading the whole order index); above it the order index is read (see :func:`_plan`).
At 100,000 briefs, 734 matches sort quicker than the index reads and 4,000 slower (docs/benchmarks.md)."""
SORT_BASE = 100_000
"""The store's size :data:`SORT_LIMIT` was measured at; a larger store raises the limit in proportion
(:func:`sort_limit`): reading an order's index costs in proportion to the store, sorting in
proportion to the matches (5 µs or so each). At a million briefs End in a tag of 6,880 took 190-290
ms of CPU along an order's index and 34 ms sorted; in a source of 143,000, 77-124 ms along the index
and 550-940 ms sorted (docs/benchmarks.md)."""
BACKWARDS_FROM = 2_000
"""A page this far into the list, and past its middle, is read from the list's end backwards (the
list counted first, no further than twice the page's offset), and a brief's row this far in is
counted from the nearer end (:func:`index_of`): End in a million briefs by title read
1,000,000 index entries to skip them, 96 ms, and 110-150 ms with a filter; in the 10,000 bookmarked
briefs by title, 109 ms (docs/benchmarks.md)."""
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


NEAR_TOP = 200
"""How many of a few matches :func:`index_of` walks in order before it counts those before a brief."""


def _count_index(view: ListView) -> str:
    """``INDEXED BY`` for counting the view, when SQLite's own choice would scan every brief.

    Left to itself, SQLite counts the bookmarked or the unread briefs by scanning the narrowest
    index that carries the flags (all 100,000 entries) rather than the partial index that holds just
    those briefs.
    """
    if view.bookmarked:
        return "INDEXED BY briefs_bookmarked"
    if view.unread and view == ListView(unread=True, sort=view.sort):
        return "INDEXED BY briefs_unread"
    return ""


def count(store: Store, view: ListView) -> int:
    """How many briefs the view shows.

    The whole list, a feed's, and their unread briefs are counted by :mod:`tui.store.tallies` (one
    row read); the other filters from their indexes.
    """
    with store.reading() as conn:
        return _count(conn, view)


def _count(conn: sqlite3.Connection, view: ListView, at_most: int | None = None) -> int:
    """:func:`count` on the connection; with ``at_most``, a count that would pass it may stop there
    (the kept counts are exact whatever it is)."""
    if view == ListView(feed=view.feed, sort=view.sort):
        return tallies.briefs(conn, view.feed)
    if view == ListView(feed=view.feed, unread=True, sort=view.sort):
        return tallies.unread(conn, view.feed)
    where, params = view.where()
    if at_most is not None:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM briefs b {_count_index(view)} WHERE {where} LIMIT ?)"
        return int(conn.execute(sql, (*params, at_most)).fetchone()[0])
    sql = f"SELECT count(*) FROM briefs b {_count_index(view)} WHERE {where}"
    return int(conn.execute(sql, params).fetchone()[0])


def counts(store: Store, view: ListView) -> tuple[int, int]:
    """(unread, total) of the view."""
    total = count(store, view)
    return (total if view.unread else count(store, replace(view, unread=True))), total


def _order_index(view: ListView) -> str:
    """The index that holds the view's briefs in its order and every column its filters test."""
    if view.sort == "newest":
        # The partial indexes of the unread and bookmarked briefs are in this order too, and smaller.
        return "briefs_bookmarked" if view.bookmarked else "briefs_unread" if view.unread else "briefs_list_order"
    return ORDER_INDEXES[view.sort]


def _page_sql(
    view: ListView, columns: str, hint: str = "", *, backwards: bool = False
) -> tuple[str, tuple[object, ...]]:
    """The query of the view's rows (``columns`` of ``briefs b``) in its order (``backwards``: the
    other way), and its parameters (LIMIT and OFFSET last, to be added)."""
    where, params = view.where(scan=bool(hint))
    order = view.order_by(backwards)
    return f"SELECT {columns} FROM briefs b {hint} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?", params


def _sorts(plan: Iterable[str]) -> bool:
    """True when a query plan sorts the rows it found (what an index in the right order avoids)."""
    return any("TEMP B-TREE FOR" in step and "ORDER BY" in step for step in plan)


def _plan(conn: sqlite3.Connection, view: ListView) -> tuple[str, bool]:
    """How the view's rows are read in order: (``INDEXED BY`` clause or ``""``, whether they are sorted).

    SQLite reads a filter's matches from the filter's own index (a source, a range of days, a tag)
    and, when that index is not in the view's order (a source by title), sorts them for every page
    and every count of the briefs before one. Up to :data:`SORT_LIMIT` matches that costs little;
    above it the view's order index is read from its start instead, each entry tested against the
    filter there (the order indexes carry every column a filter tests), which never sorts.
    """
    sql, params = _page_sql(view, "b.id")
    natural = [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (*params, 1, 0))]
    if not _sorts(natural):
        return "", False
    limit = sort_limit(tallies.briefs(conn))
    bound = _at_most(conn, view)
    if bound is not None and bound <= limit:
        return "", True  # no need to count: the kept counts say there are few enough
    # Counting stops past the limit: a filter with many matches is not counted in full here.
    if _count(conn, view, at_most=limit + 1) <= limit:
        return "", True
    return f"INDEXED BY {_order_index(view)}", False


def _at_most(conn: sqlite3.Connection, view: ListView) -> int | None:
    """At most how many briefs the view shows, from the kept counts of its tag, source and feed
    (:mod:`tui.store.tallies`); None when it has none of them. Counting a few thousand briefs of a
    tag among the unread ones otherwise walks every unread brief (40 ms at a million)."""
    bounds = []
    if view.tag is not None:
        bounds.append(tallies.tag_briefs(conn, view.tag))
    if view.source is not None:
        bounds.append(tallies.source_briefs(conn, view.source))
    if view.feed is not None:
        bounds.append(tallies.briefs(conn, view.feed))
    return min(bounds) if bounds else None


def sort_limit(total: int) -> int:
    """How many matches a view's rows may be sorted from, in a store of ``total`` briefs: above it
    they are read along the order's index (:data:`SORT_LIMIT` up to :data:`SORT_BASE` briefs, then
    in proportion)."""
    return SORT_LIMIT * max(1, total // SORT_BASE)


def rows(store: Store, view: ListView, offset: int = 0, limit: int = -1) -> list[ArticleSummary]:
    """The view's rows in its order, from ``offset``."""
    columns = "b.id, b.title, coalesce(b.written_date, b.date), b.source, b.is_read, b.is_bookmarked, b.url, b.feed"
    with store.reading() as conn:
        hint = _plan(conn, view)[0]
        # Counted no further than twice the offset: a page before the middle is read forwards, and
        # costs no full count of a long list to find that out.
        total = _count(conn, view, at_most=2 * offset + 1) if offset >= BACKWARDS_FROM and limit >= 0 else 0
        if offset > total // 2 > 0:
            # Past the middle, read from the end: SQLite steps over every row before an OFFSET.
            wanted = min(limit, total - offset)
            sql, params = _page_sql(view, columns, hint, backwards=True)
            found = conn.execute(sql, (*params, max(wanted, 0), total - offset - wanted)).fetchall()[::-1]
        else:
            sql, params = _page_sql(view, columns, hint)
            found = conn.execute(sql, (*params, limit, offset)).fetchall()
    return [ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7]) for r in found]


def index_of(store: Store, view: ListView, brief_id: str) -> int | None:
    """The brief's position in the view, or None when the view does not show it.

    The briefs before it are counted (:func:`_before`) along the same index the rows are read from,
    no further than half the list; past its middle the briefs after it are counted instead (a
    million-brief list by title took 116-162 ms to count up to its last brief). A view whose few
    matches are sorted is walked in order instead; other views of few matches (a tag's, the
    bookmarks: briefs in an index of their own) are walked down to :data:`NEAR_TOP`, and those
    before a brief further down are counted in that index.
    """
    keys = SORTS[view.sort]
    exprs = ", ".join(expr for expr, _ in keys)
    with store.reading() as conn:
        where, params = view.where()
        row = conn.execute(f"SELECT {exprs} FROM briefs b WHERE b.id = ? AND {where}", (brief_id, *params)).fetchone()
        if row is None:
            return None
        hint, sorted_ = _plan(conn, view)
        where, params = view.where(scan=bool(hint))
        if not hint and (sorted_ or view.tag is not None or view.bookmarked):
            # Few briefs, found through their own index but not kept in the list's order there.
            # Matches sorted for every page (a tag's, a source's by title) are walked in that
            # order, which costs what the sort costs. Others (the bookmarks, read along the order's
            # index, where the 10,000 of a million briefs by title are spread over all of it: 96 ms
            # to walk to the last) are walked no further than the top, where the cursor usually
            # is; a brief further down is counted, each match tested once in one statement in
            # their own index (20 ms).
            sql, page_params = _page_sql(view, "b.id")
            walked = [found for (found,) in conn.execute(sql, (*page_params, -1 if sorted_ else NEAR_TOP, 0))]
            if sorted_ or brief_id in walked:
                return walked.index(brief_id)
            terms = list(_before_terms(keys, row))
            if not terms:
                return 0
            condition = " OR ".join(f"({term})" for term, _ in terms)
            sql = f"SELECT count(*) FROM briefs b {_count_index(view)} WHERE {where} AND ({condition})"
            return int(conn.execute(sql, (*params, *(arg for _, args in terms for arg in args))).fetchone()[0])
        source = f"briefs b {hint} WHERE {where}"
        # A brief near the top (the usual one: the list's cursor after a filter is chosen) is found
        # without counting the whole list.
        before = _before(conn, keys, row, source, params, at_most=BACKWARDS_FROM)
        if before < BACKWARDS_FROM:
            return before
        # Counted from whichever end is nearer: before it, no further than half the list, else after it.
        shown = _count(conn, view)
        before = _before(conn, keys, row, source, params, at_most=shown // 2 + 1)
        if before <= shown // 2:
            return before
        flipped = tuple((expr, not desc) for expr, desc in keys)  # the list the other way round
        return shown - 1 - _before(conn, flipped, row, source, params)


def _before(
    conn: sqlite3.Connection,
    keys: Sequence[tuple[str, bool]],
    row: Sequence[object],
    source: str,
    params: Sequence[object],
    at_most: int | None = None,
) -> int:
    """How many of the rows of ``source`` (``FROM`` on, with its ``params``) come before the brief whose
    sort keys are ``row``, in the order of ``keys``; with ``at_most``, the count may stop there.

    A query per sort key (equal on the keys before it, strictly before on that one), each an index
    range rather than one OR that would scan it all.
    """
    total = 0
    for term, args in _before_terms(keys, row):
        matches = f"FROM {source} AND {term}"
        values = (*params, *args)
        if at_most is None:
            total += int(conn.execute(f"SELECT count(*) {matches}", values).fetchone()[0])
            continue
        limited = f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT ?)"
        total += int(conn.execute(limited, (*values, at_most - total)).fetchone()[0])
        if total >= at_most:
            return total
    return total


def _before_terms(keys: Sequence[tuple[str, bool]], row: Sequence[object]) -> Iterator[tuple[str, tuple[object, ...]]]:
    """The conditions (and their parameters) that the briefs before the one whose sort keys are
    ``row`` meet, in the order of ``keys``: each brief before it meets exactly one of them. One per
    sort key, equal on the keys before it and strictly before on that one (and one more for the
    NULLs where they come before)."""
    for depth, (expr, desc) in enumerate(keys):
        prefix = [f"({e}) IS ?" for e, _ in keys[:depth]]
        value = row[depth]
        # SQLite sorts NULL first: before a value come the smaller values and the NULLs (ascending)
        # or the larger values (descending); before a NULL only the values (descending).
        if value is None:
            if desc:
                yield " AND ".join([*prefix, f"({expr}) IS NOT NULL"]), tuple(row[:depth])
        else:
            yield " AND ".join([*prefix, f"({expr}) {'>' if desc else '<'} ?"]), (*row[:depth], value)
            if not desc:
                yield " AND ".join([*prefix, f"({expr}) IS NULL"]), tuple(row[:depth])


def unread_ids(store: Store, view: ListView) -> list[str]:
    """The ids of the unread briefs of the view (what "mark all read" marks)."""
    where, params = replace(view, unread=True).where()
    with store.reading() as conn:
        return [r[0] for r in conn.execute(f"SELECT b.id FROM briefs b WHERE {where}", params)]


def set_read(store: Store, ids: Sequence[str], read: bool = True) -> None:
    """Mark every brief of ``ids`` read (or unread), in one transaction."""
    with store.writing() as conn:
        conn.executemany(
            "INSERT INTO state (brief_id, read) VALUES (?1, ?2) ON CONFLICT (brief_id) DO UPDATE SET read = ?2",
            ((brief_id, int(read)) for brief_id in ids),
        )


def tags(store: Store, view: ListView) -> list[tuple[str, int]]:
    """Every tag of the view's briefs (its tag filter aside) with how many it has, most used first."""
    others = replace(view, tag=None)
    where, params = others.where()
    with store.reading() as conn:
        if others == ListView(sort=view.sort):  # every brief: the kept counts
            return tallies.tags(conn)
        found = conn.execute(
            f"SELECT t.tag, count(*) FROM brief_tags t JOIN briefs b ON b.id = t.brief_id WHERE {where}"
            " GROUP BY t.tag ORDER BY count(*) DESC, t.tag",
            params,
        ).fetchall()
    return [(str(t), int(n)) for t, n in found]


def sources(store: Store, view: ListView) -> list[tuple[str, int]]:
    """Every source of the view's briefs (its source filter aside) with how many it has, most first."""
    others = replace(view, source=None)
    where, params = others.where()
    with store.reading() as conn:
        if others == ListView(sort=view.sort):  # every brief: the kept counts
            return tallies.sources(conn)
        found = conn.execute(
            f"SELECT b.source, count(*) FROM briefs b WHERE b.source IS NOT NULL AND {where}"
            " GROUP BY b.source ORDER BY count(*) DESC, b.source",
            params,
        ).fetchall()
    return [(str(s), int(n)) for s, n in found]


def query_plans(store: Store, views: Iterable[ListView]) -> dict[ListView, list[str]]:
    """SQLite's plan for each view's page query as :func:`rows` runs it (what ``EXPLAIN QUERY PLAN``
    says), for checks and benchmarks."""
    plans: dict[ListView, list[str]] = {}
    with store.reading() as conn:
        for view in views:
            sql, params = _page_sql(view, "b.id", _plan(conn, view)[0])
            plans[view] = [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (*params, 200, 0))]
    return plans


_DIGITS = str.maketrans({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})
_RANGE_SEPARATORS = ("..", "\u2026", " to ", "\u2013", "\u2014", " ")


def _bounds(part: str) -> tuple[date, date]:
    """The first and last day of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or of a day written day first
    as article files may write it (``23/03/2024``, with ``/``, ``.`` or ``-``; month first only when
    the second number cannot be a month: ``12/25/2024``); ValueError naming the part."""
    try:
        one = day_first(part)
    except ValueError:  # the form of a day, naming none: said below
        one = None
    if one is not None:
        return one, one
    pieces = part.split("-")
    try:
        if len(pieces) == 1 and len(pieces[0]) == 4:
            year = int(pieces[0])
            return date(year, 1, 1), date(year, 12, 31)
        if len(pieces) == 2 and len(pieces[0]) == 4:
            first = date(int(pieces[0]), int(pieces[1]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if len(pieces) == 3 and len(pieces[0]) == 4:
            day = date.fromisoformat(f"{pieces[0]}-{int(pieces[1]):02d}-{int(pieces[2]):02d}")
            return day, day
    except ValueError:
        pass
    raise ValueError(f"{part!r} is not a date: write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM or YYYY")


def parse_days(text: str) -> tuple[str | None, str | None]:
    """A typed range of days as (first, last) ``YYYY-MM-DD`` (either None for an open end).

    ``2024-03-01..2024-03-07`` (``…``, ``to``, a dash or a space between them too), one day
    ``2024-03-01``, a month ``2024-03``, a year ``2024``, ``2024-03-01..`` (from that day on),
    ``..2024-03-07`` (up to that day). Arabic-Indic digits are read too. Raises ValueError with a
    message for the person who typed it.
    """
    text = " ".join(text.translate(_DIGITS).split())
    if not text:
        raise ValueError("type a day, a month, a year or a range such as 2024-03-01..2024-03-07")
    for separator in _RANGE_SEPARATORS:
        if separator in text:
            start, _, end = (p.strip() for p in text.partition(separator))
            break
    else:
        first, last = _bounds(text)
        return first.isoformat(), last.isoformat()
    since = _bounds(start)[0] if start else None
    until = _bounds(end)[1] if end else None
    if since is None and until is None:
        raise ValueError("give at least one end of the range, such as 2024-03-01..")
    if since is not None and until is not None and until < since:
        raise ValueError(f"the range ends ({until}) before it starts ({since})")
    return (since.isoformat() if since else None), (until.isoformat() if until else None)


def recent_days(days: int, today: date | None = None) -> tuple[str, str]:
    """(first, last) of the last ``days`` days, today included."""
    today = today or date.today()
    return (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
