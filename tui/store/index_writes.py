"""Search index writes held back and made together, at the end of a batch.

SQLite opens a statement savepoint for every statement that may write more than one row and must
be undone alone if it fails (an ``INSERT INTO briefs``, whose trigger fills ``brief_tags``; the
same-story statements), and FTS5 answers each savepoint by writing the terms it holds in memory
as a new index segment. A batch that indexed each brief as it wrote it therefore made one segment
per brief, and FTS5 merges segments as they pile up: into a 100,000-brief store, writing a
thousand briefs took 20 s of CPU, almost all of it merging (see docs/benchmarks.md). Held back
and written in a row, with no other statement between them, a batch's index rows make one
segment, as a bulk import always meant them to.

The rows wait in memory, so :class:`IndexWrites` writes them out when they pass
:data:`MAX_BYTES` as well (one more segment per that many bytes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tui.store import index

MAX_BYTES = 16 * 1024 * 1024
"""Index text held back at most before it is written (about 2,000 news briefs)."""

_INSERT = (
    f"INSERT INTO {index.TABLE}(rowid, title, body, title_stem, body_stem)"
    " VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
)
_DELETE = (
    f"INSERT INTO {index.TABLE}({index.TABLE}, rowid, title, body, title_stem, body_stem)"
    " VALUES ('delete', ?, ?, ?, ?, ?)"
)


class IndexWrites:
    """Index insertions and removals of one transaction, kept in order until :meth:`flush`."""

    def __init__(self, max_bytes: int | None = None) -> None:
        """Hold at most about ``max_bytes`` (default :data:`MAX_BYTES`) of index text before writing it."""
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self._writes: list[tuple[str, tuple[object, ...]]] = []
        self._bytes = 0

    def __len__(self) -> int:
        """Writes waiting."""
        return len(self._writes)

    def remove(self, conn: sqlite3.Connection, rowid: int) -> None:
        """Take the brief stored at ``rowid`` out of the index; call it before changing the brief's
        rows (its columns are computed now, from the brief as it was indexed)."""
        columns = index.stored_columns(conn, rowid)
        if columns is not None:
            self._hold(conn, _DELETE, (rowid, *columns), columns)

    def add(self, conn: sqlite3.Connection, rowid: int, columns: Sequence[str | bytes]) -> None:
        """Index the brief at ``rowid`` with its :func:`~tui.store.index.index_columns` (text or UTF-8)."""
        self._hold(conn, _INSERT, (rowid, *columns), columns)

    def _hold(
        self, conn: sqlite3.Connection, sql: str, values: tuple[object, ...], columns: Sequence[str | bytes]
    ) -> None:
        self._writes.append((sql, values))
        self._bytes += sum(map(len, columns))
        if self._bytes > self.max_bytes:
            self.flush(conn)

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write what waits, in order, each run of insertions as one ``executemany``."""
        writes, self._writes, self._bytes = self._writes, [], 0
        start = 0
        while start < len(writes):
            sql = writes[start][0]
            end = start
            while end < len(writes) and writes[end][0] == sql:
                end += 1
            conn.executemany(sql, [values for _, values in writes[start:end]])
            start = end

    def discard(self) -> None:
        """Forget what waits (its transaction was rolled back)."""
        self._writes, self._bytes = [], 0
