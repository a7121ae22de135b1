"""The search index's segments, and merging the ones a large import leaves before they cost a reader.

FTS5 writes the entries of each transaction as a new segment at level 0 and merges the segments of
a level into one segment of the next level once :data:`tui.store.index.AUTOMERGE` of them pile up
(``crisismerge``: all at once, inside the write that adds the last). A large ``brief import`` writes
a segment per transaction (4,000 briefs, or a second's worth), so it leaves about 25 large segments
at level 0 for 100,000 briefs, and about the 7th later transaction that writes a brief (a fetch, the
reader's refresh, a small import) merges them all: 10-13 s of CPU on 100,000 briefs, paid by
whichever command comes then.

:func:`settle` pays it at the end of the import instead, where the user is waiting anyway: when
level 0 holds :data:`SETTLE_AT` segments or more, they are merged into one segment of level 1, a
step of :data:`STEP_PAGES` pages per transaction. The work is bounded by what level 0 can hold
(fewer than :data:`tui.store.index.AUTOMERGE` segments, whatever the size of the store), and the
higher levels are left as they are. Later transactions then add small segments to an empty level 0,
and merging 32 of those costs milliseconds (``docs/benchmarks.md``, "The search index's merges").

The segments are read from the index's structure record (row 10 of ``briefs_fts_data``, in the
format SQLite's ``fts5_index.c`` documents); a record this module cannot read is left alone.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from tui.store.index import TABLE
from tui.store.store import Store

SETTLE_AT = 8
"""Level-0 segments from which :func:`settle` merges them (fewer are cheap to leave: merged later,
they cost a few seconds at most)."""
STEP_PAGES = 2000
"""Pages (4 KB) merged per transaction: a few tenths of a second, so a reader is not held up long."""
MAX_USERMERGE = 16
"""The largest ``usermerge`` FTS5 accepts (see :func:`settle`)."""
_STRUCTURE_ROWID = 10
_STRUCTURE_V2 = b"\xff\x00\x00\x01"


class Level(NamedTuple):
    """One level of the index's structure."""

    segments: int
    """Segments on the level."""
    merging: int
    """How many of them an unfinished merge is reading (0: none)."""


def _varint(data: bytes, i: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``data[i]``: (value, index after it)."""
    value = 0
    for k in range(9):
        byte = data[i]
        i += 1
        if k == 8:
            return (value << 8) | byte, i
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, i
    return value, i  # pragma: no cover - the loop always returns


def _structure(conn: sqlite3.Connection) -> bytes | None:
    """The index's structure record (None when there is none)."""
    row = conn.execute(f"SELECT block FROM {TABLE}_data WHERE id = ?", (_STRUCTURE_ROWID,)).fetchone()
    return row[0] if row is not None and isinstance(row[0], bytes) else None


def levels(conn: sqlite3.Connection) -> list[Level] | None:
    """The index's levels from level 0 up, or None when its structure record cannot be read."""
    data = _structure(conn)
    if data is None:
        return None
    try:
        i = 4  # the configuration cookie
        v2 = data[4:8] == _STRUCTURE_V2
        if v2:
            i += 4
        n_levels, i = _varint(data, i)
        _, i = _varint(data, i)  # segments in all
        _, i = _varint(data, i)  # the write counter
        out: list[Level] = []
        for _ in range(n_levels):
            merging, i = _varint(data, i)
            count, i = _varint(data, i)
            for _ in range(count):
                for _ in range(8 if v2 else 3):  # id, first and last page (v2: origins, tombstones)
                    _, i = _varint(data, i)
            out.append(Level(count, merging))
    except IndexError:
        return None
    return out if i == len(data) else None


def usermerge_for(found: list[Level]) -> int | None:
    """The ``usermerge`` with which FTS5's ``merge`` merges level 0 of ``found`` and no other level,
    or None when level 0 is to be left as it is (fewer than :data:`SETTLE_AT` segments, a merge
    under way, or another level as full)."""
    first, higher = found[0], found[1:]
    if first.merging or first.segments < SETTLE_AT:
        return None
    usermerge = min(first.segments, MAX_USERMERGE)
    if any(level.merging or level.segments + 1 >= usermerge for level in higher):
        return None
    return usermerge


def settle(store: Store) -> int:
    """Merge the index's level-0 segments into one when there are :data:`SETTLE_AT` or more (see
    the module); returns the merge steps taken (0: nothing to do).

    FTS5's ``merge`` command merges the level with the most segments, if it has ``usermerge`` of
    them, and goes on to the next such level while its budget of pages lasts. ``usermerge`` is set
    so that level 0 qualifies and no other level does, even with the segment the merge adds to level
    1; when another level is as full, or has a merge under way, the index is left to FTS5.
    """
    steps = 0
    while True:
        with store.writing() as conn:
            found = levels(conn)
            if not found:
                return steps
            if steps == 0:
                usermerge = usermerge_for(found)
                if usermerge is None:
                    return 0
                conn.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('usermerge', ?)", (usermerge,))
            elif not found[0].merging and found[0].segments <= 1:
                return steps
            before = _structure(conn)
            conn.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('merge', ?)", (STEP_PAGES,))
            if _structure(conn) == before:
                return steps  # nothing was merged: never loop on it
            steps += 1
