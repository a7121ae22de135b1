"""The list with same-story groups: one row per story, its first brief in front.

Rows come in the list's order (newest first, undated last) from the same index as the plain list;
the briefs of ``story_hidden`` (every member of a group but its first, see
:mod:`tui.store.stories`) are skipped unless their group is expanded, and each row carries the size
of its group. Counting and finding a brief's position subtract the hidden briefs, which are few,
from the plain list's figures: nothing here reads the whole store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence

from tui.models import ArticleSummary
from tui.store import tallies
from tui.store.list_rows import ROW_COLUMNS
from tui.store.listing import BACKWARDS_FROM
from tui.store.params import chunks

LIST_ORDER = "ORDER BY undated, date DESC, id"
BACKWARDS_ORDER = "ORDER BY undated DESC, date, id DESC"
""":data:`LIST_ORDER` the other way round, key by key (SQLite puts NULL first going up and last
going down: a mirror image), along the same index read from its end."""


def _expanded_filter(expanded: Collection[str]) -> tuple[str, tuple[str, ...]]:
    """SQL (and parameters) keeping the hidden briefs whose group is not expanded."""
    if not expanded:
        return "", ()
    return f" WHERE story NOT IN ({','.join('?' * len(expanded))})", tuple(expanded)


def rows(conn: sqlite3.Connection, offset: int, limit: int, expanded: Collection[str] = ()) -> list[ArticleSummary]:
    """Rows of the grouped list from ``offset``: a group's first brief with the group's size in
    ``sources`` (read only when every brief of the group is); with its group expanded, the others
    too, with ``member`` set."""
    hidden_where, params = _expanded_filter(expanded)
    page = (
        f"SELECT {ROW_COLUMNS} FROM (SELECT id, title, date, written_date, source, url, feed FROM briefs"
        f" WHERE id NOT IN (SELECT brief_id FROM story_hidden{hidden_where}) {{order}} LIMIT ? OFFSET ?) b"
        " LEFT JOIN state s ON s.brief_id = b.id"
    )
    total = count(conn, expanded) if offset >= BACKWARDS_FROM and limit >= 0 else 0
    if offset > total // 2 > 0:
        # Past the middle, read from the end: SQLite steps over every row before an OFFSET (End in
        # the grouped list of a million briefs would check a million briefs against the hidden ones).
        wanted = max(min(limit, total - offset), 0)
        found = conn.execute(page.format(order=BACKWARDS_ORDER), (*params, wanted, total - offset - wanted)).fetchall()
        found.reverse()
    else:
        found = conn.execute(page.format(order=LIST_ORDER), (*params, limit, offset)).fetchall()
    ids = [r[0] for r in found]
    label_of = labels_of(conn, ids)
    sizes: dict[str, int] = {}
    unread: dict[str, int] = {}
    bookmarked: dict[str, int] = {}
    labels = sorted(set(label_of.values()))
    for part in chunks(labels):
        marks = ",".join("?" * len(part))
        for label, size, unread_count, any_bookmarked in conn.execute(
            "SELECT s.story, count(*), sum(b.is_read = 0), max(coalesce(st.bookmarked, 0)) FROM story_sketch s"
            " JOIN briefs b ON b.id = s.brief_id LEFT JOIN state st ON st.brief_id = s.brief_id"
            f" WHERE s.story IN ({marks}) GROUP BY s.story",
            part,
        ):
            sizes[label], unread[label], bookmarked[label] = size, unread_count, any_bookmarked
    hidden = _hidden_among(conn, ids)
    out = []
    for r in found:
        label = label_of.get(r[0])
        size = sizes.get(label, 1) if label is not None else 1
        member = r[0] in hidden
        # a story's row is unread while any of its briefs is (a copy imported later is news it would
        # hide), and bookmarked when any of them is (a bookmark would vanish behind the row)
        read = bool(r[4]) and (member or size < 2 or not unread.get(label or "", 0))
        marked = bool(r[5]) or (not member and size > 1 and bool(bookmarked.get(label or "", 0)))
        out.append(
            ArticleSummary(
                r[0], r[1], r[2], r[3], read, marked, r[6], r[7],
                sources=size, story=label if size > 1 else None, member=member,
            )
        )  # fmt: skip
    return out


def _hidden_among(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of ``ids`` are shown under their group's first brief (only when expanded)."""
    out: set[str] = set()
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        out.update(r[0] for r in conn.execute(f"SELECT brief_id FROM story_hidden WHERE brief_id IN ({marks})", part))
    return out


def count(conn: sqlite3.Connection, expanded: Collection[str] = ()) -> int:
    """Rows of the grouped list."""
    hidden_where, params = _expanded_filter(expanded)
    total = tallies.briefs(conn)
    hidden = conn.execute(f"SELECT count(*) FROM story_hidden{hidden_where}", params).fetchone()[0]
    return int(total) - int(hidden)


def head_of(conn: sqlite3.Connection, brief_id: str, expanded: Collection[str] = ()) -> str:
    """The brief whose row shows ``brief_id`` in the grouped list: itself, or its group's first
    brief when it is hidden under it."""
    row = conn.execute("SELECT story FROM story_hidden WHERE brief_id = ?", (brief_id,)).fetchone()
    if row is None or row[0] in expanded:
        return brief_id
    first = conn.execute(
        "SELECT s.brief_id FROM story_sketch s JOIN briefs b ON b.id = s.brief_id WHERE s.story = ?"
        " AND s.brief_id NOT IN (SELECT brief_id FROM story_hidden) ORDER BY b.undated, b.date DESC, b.id LIMIT 1",
        (row[0],),
    ).fetchone()
    return str(first[0]) if first else brief_id


def hidden_before(conn: sqlite3.Connection, brief_id: str, expanded: Collection[str] = ()) -> int:
    """How many hidden briefs (groups not expanded) come before ``brief_id`` in list order."""
    row = conn.execute("SELECT undated, coalesce(date, ''), id FROM briefs WHERE id = ?", (brief_id,)).fetchone()
    if row is None:
        return 0
    hidden_where, params = _expanded_filter(expanded)
    undated, date, bid = row
    n = conn.execute(
        # From the few hidden briefs to their rows, never the other way round (a scan of the list).
        "SELECT count(*) FROM (SELECT brief_id FROM story_hidden"
        f"{hidden_where}) h CROSS JOIN briefs b ON b.id = h.brief_id"
        " WHERE b.undated < ? OR (b.undated = ? AND (coalesce(b.date, '') > ?"
        " OR (coalesce(b.date, '') = ? AND b.id < ?)))",
        (*params, undated, undated, date, date, bid),
    ).fetchone()[0]
    return int(n)


def group_ids(conn: sqlite3.Connection, label: str) -> list[str]:
    """The briefs of a group, in list order."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT s.brief_id FROM story_sketch s JOIN briefs b ON b.id = s.brief_id WHERE s.story = ?"
            " ORDER BY b.undated, b.date DESC, b.id",
            (label,),
        )
    ]


def labels_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """The same-story group of each of ``ids`` that has one (briefs alone are left out)."""
    found: dict[str, str] = {}
    for part in chunks(list(ids)):
        marks = ",".join("?" * len(part))
        found.update(
            conn.execute(
                f"SELECT brief_id, story FROM story_sketch WHERE brief_id IN ({marks}) AND story IS NOT NULL", part
            ).fetchall()
        )
    return found
