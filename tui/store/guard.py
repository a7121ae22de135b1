"""The store's lock, which also turns errors from SQLite into errors for a person.

Every use of a store's connection holds this lock (the reader's workers share the connection). On
the way out it turns any :class:`sqlite3.DatabaseError` into the :class:`~tui.store.errors.StoreError`
that names its cause and the file (:func:`~tui.store.errors.store_error`), so that a full disk, a
locked or a damaged store is reported, from any query, and never shown as a traceback.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from types import TracebackType

from tui.store.errors import store_error


class StoreGuard:
    """A re-entrant lock around a store's connection that translates SQLite's errors."""

    def __init__(self, path: Path) -> None:
        """Guard the connection to the store at ``path`` (named in the errors)."""
        self.path = path
        """The store file, named in the errors."""
        self._lock = threading.RLock()

    def __enter__(self) -> StoreGuard:
        """Take the lock."""
        self._lock.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Release the lock; an SQLite error leaving the block is raised again as a StoreError."""
        self._lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise store_error(exc, self.path) from exc
