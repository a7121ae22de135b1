"""Opening a store file: checks that it is one, a connection in WAL mode, the schema brought up to date.

A file that is not a store, or is damaged, is refused without being written to; a file or folder
that cannot be written is opened read-only.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.store import schema
from tui.store.errors import StoreBusyError, StoreError, store_error

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_MS = 10_000
"""How long a statement waits for another program's write to end before the store counts as busy."""
UPGRADING = (
    "{path}: another brief is upgrading this store or writing to it (an upgrade of a large store takes"
    " a minute or two); try again when it is done"
)
"""The store was busy while this brief would upgrade it: most likely another brief upgrading it first."""


def connect(
    path: Path, *, readonly: bool = False, on_upgrade: Callable[[Path], None] | None = None
) -> tuple[sqlite3.Connection, bool]:
    """A connection to the store at ``path`` (created when missing) and whether it may be written.

    See :meth:`tui.store.store.Store.open`; raises :class:`StoreError` with a message for a person.
    """
    path = Path(path)
    try:
        exists = path.exists()
    except OSError as exc:
        raise StoreError(f"{path}: cannot be reached ({exc.strerror}); check the folder's permissions") from None
    if exists:
        check_is_sqlite(path)
    writable = not readonly and may_write(path)
    try:
        if writable:
            _make_folder(path)
            conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        else:
            if not path.exists():
                raise StoreError(f"{path}: no store there and the folder is not writable")
            conn = connect_readonly(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        # Everything is checked before anything is written: another program's database, or one
        # from a newer brief, is left exactly as it was (no WAL switch, no tables, no version).
        version = check_is_brief_store(conn, path)
        if writable:
            if int(conn.execute("PRAGMA page_count").fetchone()[0]) == 0:
                # A new file: its free pages can then be given back without rewriting it
                # (tui.store.space); an older store gets this with schema 11's VACUUM. Only here:
                # on an existing store the pragma writes the file's header.
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < schema.LATEST:
            if not writable:
                raise StoreError(f"{path}: needs an upgrade but is read-only; open it once writable")
            try:
                schema.migrate(conn, on_rebuild=(lambda: on_upgrade(path)) if on_upgrade is not None else None)
            except sqlite3.OperationalError as exc:
                if isinstance(store_error(exc, path), StoreBusyError):
                    raise StoreBusyError(UPGRADING.format(path=path)) from None
                raise
        conn.execute("SELECT 1 FROM briefs LIMIT 1").fetchone()  # reads the schema: a damaged one fails here
    except sqlite3.DatabaseError as exc:
        raise store_error(exc, path) from None
    return conn, writable


def _make_folder(path: Path) -> None:
    """The folder of a new store, made when missing; a folder that cannot be made is a StoreError
    naming it (a file in its way, a place that does not exist or cannot be written)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot make the store's folder {path.parent} ({exc.strerror or exc});"
            " give a store in a writable folder with --store or BRIEF_STORE"
        ) from None


def check_is_brief_store(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version of the store behind ``conn``; refuses, without writing, any other database.

    A brief store says so with its application id (:data:`tui.store.schema.APPLICATION_ID`); stores
    written before brief set it are known by their tables. An empty database becomes a store.
    """
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = schema.user_version(conn)
    tables = {str(name) for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id == schema.APPLICATION_ID:
        pass
    elif app_id != 0 or (tables and not schema.OWN_TABLES <= tables):
        raise StoreError(
            f"{path}: not a brief store (an SQLite database of another program); the file was left untouched. "
            "Point --store or BRIEF_STORE at another file."
        )
    if version > schema.LATEST:
        raise StoreError(
            f"{path}: made by a newer brief (schema {version}, this one knows {schema.LATEST}); upgrade brief"
        )
    return version


def check_is_sqlite(path: Path) -> None:
    """Refuse, without writing, a file that exists and is not an SQLite database."""
    if path.exists() and not path.is_dir() and not path.is_file():  # a FIFO would block the open itself
        raise StoreError(f"{path}: not a regular file (a pipe or a device); give a store file with --store")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder, not a store file; give a file path with --store") from None
    except PermissionError:
        raise StoreError(f"{path}: permission denied; check the file's permissions") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(
            f"{path}: not a brief store (not an SQLite database); the file was left untouched. "
            "Point --store or BRIEF_STORE at another file."
        )


def may_write(path: Path) -> bool:
    """True when brief may write the store (the file, or the folder that will hold it)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open read-only; a WAL file in a read-only folder needs the ``immutable`` flag."""
    uri = path.resolve().as_uri()
    for flags in ("mode=ro", "immutable=1"):
        conn = sqlite3.connect(f"{uri}?{flags}", uri=True, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
    raise StoreError(f"{path}: cannot be opened read-only")


def checkpoint(path: Path) -> None:
    """Copy what the write-ahead log of the store at ``path`` holds into the file, on a connection of
    its own, without waiting for any other (SQLite's passive checkpoint). A checkpoint that cannot be
    made leaves the log as it is, for the next one: nothing is lost."""
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass
    finally:
        conn.close()
