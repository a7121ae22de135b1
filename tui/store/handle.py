"""The connection to one store file and the lock around it, shared by every part of the store's class.

:class:`StoreHandle` is what :class:`tui.store.store.Store` is built on: its parts (the list, one
brief, the reading state, the feeds) each add methods that take the lock and use the connection,
and the store package's own readers and writers get both through :meth:`StoreHandle.reading` and
:meth:`StoreHandle.writing`. Nothing outside the package touches either.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.store import schema
from tui.store.errors import ReadOnlyStoreError
from tui.store.guard import StoreGuard


class StoreHandle:
    """A connection to one store file and its lock; every method of the store takes the lock itself."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        """Wrap an open connection (use :meth:`tui.store.store.Store.open`)."""
        self._conn = conn
        # Held around every use of the connection: the reader's workers share it.
        self._lock = StoreGuard(path)
        self.path = path
        """The store file."""
        self.readonly = readonly
        """True when the file or its folder cannot be written: reading works, writes raise."""

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one write transaction, the lock held; refused on a read-only store.

        For the store package's own writers (:mod:`tui.store.importing`): the connection and the lock
        are private to the package, everything outside it goes through the methods of
        :class:`~tui.store.store.Store`.
        """
        self.require_writable()
        with self._lock, schema.transaction(self._conn) as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection with the lock held, for the store package's own readers (:mod:`tui.store.listing`)."""
        with self._lock:
            yield self._conn

    def require_writable(self) -> None:
        """Raise :class:`ReadOnlyStoreError` when the store cannot be written."""
        if self.readonly:
            raise ReadOnlyStoreError(f"{self.path}: the store is read-only; brief cannot write to it")
