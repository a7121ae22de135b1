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


class IndexWrites:
    """Index removals and insertions of one transaction, kept until :meth:`flush`.

    A flush gives the index every removal, then every insertion, each in rowid order: FTS5 writes
    a new segment whenever a rowid goes back or is removed after insertions, so this order keeps a
    batch in one segment even when it changes briefs the store held. A brief written twice in one
    batch is removed once (as the index last saw it) and inserted once (as it is last written).
    """

    def __init__(self, max_bytes: int | None = None) -> None:
        """Hold at most about ``max_bytes`` (default :data:`MAX_BYTES`) of index text before writing it."""
        self.max_bytes = MAX_BYTES if max_bytes is None else max_bytes
        self._forget: dict[int, index.Columns] = {}
        self._add: dict[int, Sequence[str | bytes]] = {}
        self._bytes = 0

    def __len__(self) -> int:
        """Writes waiting."""
        return len(self._forget) + len(self._add)

    def remove(self, conn: sqlite3.Connection, rowid: int) -> None:
        """Take the brief stored at ``rowid`` out of the index; call it before changing the brief's
        rows (its columns are computed now, from the brief as it was indexed). A brief this batch
        wrote and the index has not seen yet is only dropped from what waits."""
        if self._add.pop(rowid, None) is not None or rowid in self._forget:
            return
        columns = index.stored_columns(conn, rowid)
        if columns is not None:
            self._forget[rowid] = columns
            self._count(conn, columns)

    def add(self, conn: sqlite3.Connection, rowid: int, columns: Sequence[str | bytes]) -> None:
        """Index the brief at ``rowid`` with its :func:`~tui.store.index.index_columns` (text or UTF-8)."""
        self._add[rowid] = columns
        self._count(conn, columns)

    def _count(self, conn: sqlite3.Connection, columns: Sequence[str | bytes]) -> None:
        self._bytes += sum(map(len, columns))
        if self._bytes > self.max_bytes:
            self.flush(conn)

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write what waits: the removals, then the insertions, each in rowid order and one statement."""
        forget, add = sorted(self._forget.items()), sorted(self._add.items())
        self.discard()
        if forget:
            index.forget_briefs(conn, forget)
        if add:
            index.index_briefs(conn, add)

    def discard(self) -> None:
        """Forget what waits (its transaction was rolled back, or it is written)."""
        self._forget, self._add, self._bytes = {}, {}, 0
