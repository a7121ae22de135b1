"""Briefs new to the store, inserted a few hundred at a time instead of one by one.

An ``INSERT INTO briefs`` fires the triggers that keep ``brief_tags`` and the counts
(:mod:`tui.store.tallies`), so SQLite opens a statement savepoint for it; one statement per brief
paid that savepoint, and the trigger programs' set-up, for every brief: 51 µs a brief against 28
for the same rows inserted by one statement per few hundred (10,000 feed entries into a
100,000-brief store, docs/benchmarks.md). :class:`NewBriefs` holds a batch's new briefs until
:meth:`NewBriefs.flush` writes them with one ``INSERT ... SELECT`` from a temporary table, then
their texts and read-also lines, and hands their index columns and sketches on, in the order the
briefs came.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tui.store import bodies
from tui.store.index_writes import IndexWrites

if TYPE_CHECKING:
    from tui.store.importing import BriefRows
    from tui.store.stories import Grouping

FLUSH_AT = 256
"""New briefs held at most before they are inserted."""
COLUMNS = (
    "title, title_norm, date, written_date, undated, source, url, tags, extra, path, encoding, content_hash, feed,"
    " imported_at, id"
)
"""The ``briefs`` columns a new brief is given: those of :attr:`BriefRows.values`, the time it is
written, its id."""
_TABLE = "temp.new_briefs"
_PLACES = ",".join("?" * len(COLUMNS.split(",")))


class NewBriefs:
    """The new briefs of a transaction not inserted yet; :meth:`flush` before anything reads them."""

    def __init__(self) -> None:
        """Nothing held."""
        self._rows: dict[str, tuple[BriefRows, str]] = {}

    def __len__(self) -> int:
        """Briefs held."""
        return len(self._rows)

    def __contains__(self, brief_id: object) -> bool:
        """Whether the brief ``brief_id`` is held (a brief written twice in one batch: flush first)."""
        return brief_id in self._rows

    def add(self, rows: BriefRows, now: str) -> None:
        """Hold a brief the store does not have, imported at ``now``."""
        self._rows[rows.id] = (rows, now)

    def discard(self) -> None:
        """Forget what is held (its transaction is rolled back)."""
        self._rows = {}

    def flush(self, conn: sqlite3.Connection, index_writes: IndexWrites, grouping: Grouping) -> None:
        """Insert what is held, in the order added: the briefs (and so their tags and counts, by the
        triggers), then their texts and read-also lines; their index columns go to ``index_writes``
        and their sketches to ``grouping``."""
        if not self._rows:
            return
        held, self._rows = list(self._rows.values()), {}
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS new_briefs ({COLUMNS})")
        values = [(*rows.values, now, rows.id) for rows, now in held]
        conn.executemany(f"INSERT INTO {_TABLE} VALUES ({_PLACES})", values)
        try:
            conn.execute(f"INSERT INTO briefs ({COLUMNS}) SELECT {COLUMNS} FROM {_TABLE} ORDER BY rowid")
            # Read back by id rather than with RETURNING, which SQLite has only since 3.35.
            rowids = dict(conn.execute(f"SELECT n.id, b.rowid FROM {_TABLE} n JOIN briefs b ON b.id = n.id"))
        finally:
            conn.execute(f"DELETE FROM {_TABLE}")
        bodies.insert(conn, [(rows.id, rows.texts) for rows, _ in held])
        conn.executemany(
            "INSERT INTO links (brief_id, pos, label, text, text_norm, href) VALUES (?,?,?,?,?,?)",
            [(rows.id, *link) for rows, _ in held for link in rows.links],
        )
        for rows, _ in held:
            index_writes.add(conn, int(rowids[rows.id]), rows.columns)
            grouping.add(conn, rows.id, rows.story, rows.story_mask, replace=False)
