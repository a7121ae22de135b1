"""The list as the reader shows it: filtered, sorted, counted, and marked read in one go.

Each function takes a :class:`~tui.store.list_view.ListView` (which briefs, in which order) and
reads along the index :mod:`tui.store.list_plan` picks for it, so a view of 100,000 briefs is
counted and paged in milliseconds. The ranges of days a person types for a view are read by
:mod:`tui.store.day_ranges`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.models import ArticleSummary
from tui.store import tallies
from tui.store.list_plan import count_index, count_view, page_sql, reading_plan
from tui.store.list_view import SORTS, ListView

if TYPE_CHECKING:
    from tui.store.store import Store

BACKWARDS_FROM = 2_000
"""A page this far into the list, and past its middle, is read from the list's end backwards (the
list counted first, no further than twice the page's offset), and a brief's row this far in is
counted from the nearer end (:func:`index_of`): End in a million briefs by title read
1,000,000 index entries to skip them, 96 ms, and 110-150 ms with a filter; in the 10,000 bookmarked
briefs by title, 109 ms (docs/benchmarks.md)."""

NEAR_TOP = 200
"""How many of a few matches :func:`index_of` walks in order before it counts those before a brief."""


def count(store: Store, view: ListView) -> int:
    """How many briefs the view shows.

    The whole list, a feed's, and their unread briefs are counted by :mod:`tui.store.tallies` (one
    row read); the other filters from their indexes.
    """
    with store.reading() as conn:
        return count_view(conn, view)


def counts(store: Store, view: ListView) -> tuple[int, int]:
    """(unread, total) of the view."""
    total = count(store, view)
    return (total if view.unread else count(store, replace(view, unread=True))), total


def rows(store: Store, view: ListView, offset: int = 0, limit: int = -1) -> list[ArticleSummary]:
    """The view's rows in its order, from ``offset``."""
    columns = "b.id, b.title, coalesce(b.written_date, b.date), b.source, b.is_read, b.is_bookmarked, b.url, b.feed"
    with store.reading() as conn:
        hint = reading_plan(conn, view)[0]
        # Counted no further than twice the offset: a page before the middle is read forwards, and
        # costs no full count of a long list to find that out.
        total = count_view(conn, view, at_most=2 * offset + 1) if offset >= BACKWARDS_FROM and limit >= 0 else 0
        if offset > total // 2 > 0:
            # Past the middle, read from the end: SQLite steps over every row before an OFFSET.
            wanted = min(limit, total - offset)
            sql, params = page_sql(view, columns, hint, backwards=True)
            found = conn.execute(sql, (*params, max(wanted, 0), total - offset - wanted)).fetchall()[::-1]
        else:
            sql, params = page_sql(view, columns, hint)
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
        hint, sorted_ = reading_plan(conn, view)
        where, params = view.where(scan=bool(hint))
        if not hint and (sorted_ or view.tag is not None or view.bookmarked):
            # Few briefs, found through their own index but not kept in the list's order there.
            # Matches sorted for every page (a tag's, a source's by title) are walked in that
            # order, which costs what the sort costs. Others (the bookmarks, read along the order's
            # index, where the 10,000 of a million briefs by title are spread over all of it: 96 ms
            # to walk to the last) are walked no further than the top, where the cursor usually
            # is; a brief further down is counted, each match tested once in one statement in
            # their own index (20 ms).
            sql, page_params = page_sql(view, "b.id")
            walked = [found for (found,) in conn.execute(sql, (*page_params, -1 if sorted_ else NEAR_TOP, 0))]
            if sorted_ or brief_id in walked:
                return walked.index(brief_id)
            terms = list(_before_terms(keys, row))
            if not terms:
                return 0
            condition = " OR ".join(f"({term})" for term, _ in terms)
            sql = f"SELECT count(*) FROM briefs b {count_index(view)} WHERE {where} AND ({condition})"
            return int(conn.execute(sql, (*params, *(arg for _, args in terms for arg in args))).fetchone()[0])
        source = f"briefs b {hint} WHERE {where}"
        # A brief near the top (the usual one: the list's cursor after a filter is chosen) is found
        # without counting the whole list.
        before = _before(conn, keys, row, source, params, at_most=BACKWARDS_FROM)
        if before < BACKWARDS_FROM:
            return before
        # Counted from whichever end is nearer: before it, no further than half the list, else after it.
        shown = count_view(conn, view)
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
