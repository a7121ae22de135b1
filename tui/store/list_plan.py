"""How the reader's list is read along the store's indexes: which index counts a view, which one
pages it, and when a filter's matches are sorted rather than read in the order's index.

A filter combined with an order other than its own (a source by title) is read along the order's
index with the filter tested on each entry once it has more than :data:`SORT_LIMIT` matches (schema
10 puts every column a filter tests into the order indexes), so no page sorts all the matches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.store import tallies
from tui.store.list_view import ListView

if TYPE_CHECKING:
    from tui.store.store import Store

ORDER_INDEXES = {"oldest": "briefs_oldest", "title": "briefs_title_order", "source": "briefs_source_order"}
"""The index of each order but newest first (see :func:`_order_index`); each also carries the read and
bookmark flags, the source, the day and the feed, so any filter is tested in the index."""

SORT_LIMIT = 2_000
"""Up to this many matches, a filter whose index is not in the list's order has its matches sorted
(quicker than reading the whole order index); above it the order index is read (see :func:`reading_plan`).
At 100,000 briefs, 734 matches sort quicker than the index reads and 4,000 slower (docs/benchmarks.md)."""

SORT_BASE = 100_000
"""The store's size :data:`SORT_LIMIT` was measured at; a larger store raises the limit in proportion
(:func:`sort_limit`): reading an order's index costs in proportion to the store, sorting in
proportion to the matches (5 µs or so each). At a million briefs End in a tag of 6,880 took 190-290
ms of CPU along an order's index and 34 ms sorted; in a source of 143,000, 77-124 ms along the index
and 550-940 ms sorted (docs/benchmarks.md)."""


def count_index(view: ListView) -> str:
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


def count_view(conn: sqlite3.Connection, view: ListView, at_most: int | None = None) -> int:
    """:func:`tui.store.listing.count` on the connection; with ``at_most``, a count that would pass it
    may stop there (the kept counts are exact whatever it is)."""
    if view == ListView(feed=view.feed, sort=view.sort):
        return tallies.briefs(conn, view.feed)
    if view == ListView(feed=view.feed, unread=True, sort=view.sort):
        return tallies.unread(conn, view.feed)
    where, params = view.where()
    if at_most is not None:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM briefs b {count_index(view)} WHERE {where} LIMIT ?)"
        return int(conn.execute(sql, (*params, at_most)).fetchone()[0])
    sql = f"SELECT count(*) FROM briefs b {count_index(view)} WHERE {where}"
    return int(conn.execute(sql, params).fetchone()[0])


def _order_index(view: ListView) -> str:
    """The index that holds the view's briefs in its order and every column its filters test."""
    if view.sort == "newest":
        # The partial indexes of the unread and bookmarked briefs are in this order too, and smaller.
        return "briefs_bookmarked" if view.bookmarked else "briefs_unread" if view.unread else "briefs_list_order"
    return ORDER_INDEXES[view.sort]


def page_sql(
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


def reading_plan(conn: sqlite3.Connection, view: ListView) -> tuple[str, bool]:
    """How the view's rows are read in order: (``INDEXED BY`` clause or ``""``, whether they are sorted).

    SQLite reads a filter's matches from the filter's own index (a source, a range of days, a tag)
    and, when that index is not in the view's order (a source by title), sorts them for every page
    and every count of the briefs before one. Up to :data:`SORT_LIMIT` matches that costs little;
    above it the view's order index is read from its start instead, each entry tested against the
    filter there (the order indexes carry every column a filter tests), which never sorts.
    """
    sql, params = page_sql(view, "b.id")
    natural = [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (*params, 1, 0))]
    if not _sorts(natural):
        return "", False
    limit = sort_limit(tallies.briefs(conn))
    bound = _at_most(conn, view)
    if bound is not None and bound <= limit:
        return "", True  # no need to count: the kept counts say there are few enough
    # Counting stops past the limit: a filter with many matches is not counted in full here.
    if count_view(conn, view, at_most=limit + 1) <= limit:
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


def query_plans(store: Store, views: Iterable[ListView]) -> dict[ListView, list[str]]:
    """SQLite's plan for each view's page query as :func:`tui.store.listing.rows` runs it (what
    ``EXPLAIN QUERY PLAN`` says), for checks and benchmarks."""
    plans: dict[ListView, list[str]] = {}
    with store.reading() as conn:
        for view in views:
            sql, params = page_sql(view, "b.id", reading_plan(conn, view)[0])
            plans[view] = [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (*params, 200, 0))]
    return plans
