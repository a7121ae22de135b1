"""The article store: one SQLite file holding briefs, their links, reading state and search index.

Nothing else in brief writes SQL. The store is opened in WAL mode with a busy timeout, so the reader
and ``brief import`` can use the same file at once; every write is one transaction. :class:`Store`
is made of parts, each in its own module: the connection and its lock (:mod:`tui.store.handle`), the
list (:mod:`tui.store.list_rows`), one brief (:mod:`tui.store.brief_queries`), the reading state
(:mod:`tui.store.reading_state`) and the feeds (:mod:`tui.store.subscriptions`); here are opening
and closing, the connection's settings changed for a block (page cache, checkpoints, busy wait),
and search.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.models import SearchHit
from tui.store import index
from tui.store.brief_queries import BriefQueries
from tui.store.connect import checkpoint, connect
from tui.store.list_rows import ListRows
from tui.store.reading_state import ReadingState
from tui.store.subscriptions import FeedSubscriptions

BULK_CACHE_KIB = 64 * 1024
"""The page cache a bulk import uses (:meth:`Store.bulk_cache`)."""


class Store(ListRows, BriefQueries, ReadingState, FeedSubscriptions):
    """A connection to one store file, with the queries the commands and the reader need.

    The connection and its lock are the store package's own: every method takes the lock itself.
    """

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        on_upgrade: Callable[[Path], None] | None = None,
    ) -> Store:
        """Open (creating when missing) the store at ``path`` and bring its schema up to date.

        Falls back to read-only when the file or its folder is not writable. Raises
        :class:`StoreError` for a file that is not a store or is corrupt. ``on_upgrade`` is
        called before an existing store's upgrade rebuilds its search index (about a minute and a
        half for 100,000 briefs).
        """
        path = Path(path)
        conn, writable = connect(path, readonly=readonly, on_upgrade=on_upgrade)
        return cls(conn, path, readonly=not writable)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def bulk_cache(self, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
        """A page cache of ``kib`` KiB for the block, then the one before (SQLite's default: 2 MB).

        A large import touches the same index pages again and again; a bigger cache keeps them.
        """
        with self._lock:
            before = int(self._conn.execute("PRAGMA cache_size").fetchone()[0])
            self._conn.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            with self._lock:
                self._conn.execute(f"PRAGMA cache_size = {before}")

    @contextmanager
    def checkpoint_aside(self) -> Iterator[Callable[[], None]]:
        """Commits in the block leave their pages in the write-ahead log; calling the function it
        gives copies them into the file (a checkpoint) in a thread, on a connection of its own, while
        this connection goes on writing. Leaving the block waits for that thread and gives SQLite its
        own checkpoints back (after every commit that leaves 1,000 pages or more in the log).

        A fetch's commit of 10,000 briefs into a 100,000-brief store spent 0.35 of its 0.65 s in the
        checkpoint SQLite makes after it; set aside, it runs beside the fetch's link resolution.
        """
        with self._lock:
            before = int(self._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        thread: threading.Thread | None = None

        def start() -> None:
            nonlocal thread
            if thread is None and not self.readonly:
                thread = threading.Thread(target=checkpoint, args=(self.path,), name="brief-checkpoint", daemon=True)
                thread.start()

        try:
            yield start
        finally:
            if thread is not None:
                thread.join()
            with self._lock:
                self._conn.execute(f"PRAGMA wal_autocheckpoint = {before}")

    @contextmanager
    def busy_wait(self, ms: int) -> Iterator[None]:
        """Writes in the block wait at most ``ms`` milliseconds for another program's write lock
        (an import) before failing with :class:`~tui.store.errors.StoreBusyError`; 10 s otherwise."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(ms)}")
            try:
                yield
            finally:
                self._conn.execute("PRAGMA busy_timeout = 10000")

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: the reader polls it."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def stemmer_name(self) -> str:
        """The name of the stemmer the store's search index was built with."""
        with self._lock:
            return index.stemmer_name(self._conn)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The briefs matching ``query``, best first (:func:`tui.store.search.search`); ``[]`` when
        the query has nothing to search for."""
        from tui.store.search import search as search_index  # here: listing and reading start without it

        with self._lock:
            return search_index(self._conn, query, limit)
