"""Errors a user can cause with a store file, each with a message for a person.

:func:`store_error` turns an error from SQLite into one of these, naming the cause (a full disk, a
store locked by another program, a damaged file) and the file, so that ``brief`` says what happened
and exits with code 2 instead of showing a traceback.
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
from pathlib import Path

from tui.errors import BriefError


class StoreError(BriefError):
    """The store file cannot be used: not a brief store, corrupt, or not writable."""


class ReadOnlyStoreError(StoreError):
    """A write was asked of a store opened read-only."""


class StoreFullError(StoreError):
    """The disk (or the file system) holding the store is full."""


class StoreBusyError(StoreError):
    """Another program kept the store locked for longer than brief waits."""


class StoreDamagedError(StoreError):
    """SQLite found the store file damaged (a page overwritten, a truncated file)."""


class BriefNotStoredError(StoreError):
    """Reading state was written for a brief the store does not hold (any more): another
    program (``brief rm``, ``brief prune``) removed it while the reader showed it."""

    def __init__(self, brief_id: str) -> None:
        """Name the brief."""
        self.brief_id = brief_id
        """The id of the brief that is not stored."""
        super().__init__(f"{brief_id} is no longer in the store")


def damaged_message(path: Path | str, detail: str) -> str:
    """What brief says about a damaged store: the file, what SQLite found, and what to do."""
    quoted = shlex.quote(str(path))
    return (
        f"{path}: the store is damaged ({detail}); see what is wrong with:  brief check --store {quoted}  and"
        f" save what can be read into a new file with:  brief check --store {quoted} --repair"
    )


def store_error(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """The :class:`StoreError` for an error SQLite raised on the store at ``path``."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return StoreDamagedError(damaged_message(path, text))
    if text.startswith("no such table"):  # one of its tables dropped (by another program)
        return StoreDamagedError(damaged_message(path, f"{text}: its tables are not those brief made"))
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StoreFullError(f"disk full: {path} (free some space on that disk and try again)")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreBusyError(
            f"{path}: the store is locked: another program (another import?) kept it busy; try again when it is done"
        )
    if name.startswith("SQLITE_READONLY"):
        return ReadOnlyStoreError(f"{path}: the store cannot be written any more (read-only)")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        if _disk_full(path):  # a write on a full disk can fail as an I/O error (the -shm file's)
            return StoreFullError(f"disk full: {path} (free some space on that disk and try again)")
        return StoreError(f"disk I/O error: {path} ({text}); check that disk (a failing or removed drive?)")
    return StoreError(f"{path}: {text}")


FULL_BELOW = 1024 * 1024
"""Free bytes below which the disk of a store that fails with an I/O error is said to be full."""


def _disk_full(path: Path | str) -> bool:
    """True when the disk holding ``path`` has (almost) no space left."""
    try:
        return shutil.disk_usage(Path(path).parent).free < FULL_BELOW
    except OSError:
        return False
