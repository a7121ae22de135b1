"""What a store holds and where its bytes go, for ``brief stats``.

Bytes are counted by page from SQLite's ``dbstat`` table when SQLite was built with it (Debian's and
Python's usual builds are): every page of the file belongs to one part, so the parts add up to the
file's pages. Without ``dbstat`` the text and the search index are measured by the bytes they
store, which leaves out their pages' slack (counted as other then), and takes longer: it reads every
row (``method`` says which was used).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.store import schema, tallies
from tui.store.index import TABLE as INDEX_TABLE

if TYPE_CHECKING:
    from tui.store.store import Store

TEXT_TABLES = ("briefs", "bodies", "links")
"""The tables holding the briefs' text (titles, front matter, paragraphs compressed, read-also lines)."""


@dataclass(frozen=True)
class StoreStats:
    """Counts and sizes of one store."""

    briefs: int
    feeds: int
    unread: int
    bookmarked: int
    schema_version: int
    page_size: int
    file_bytes: int
    """Pages in the file times their size (what the store holds once its log is written back)."""
    text_bytes: int
    """Tables of briefs, their compressed paragraphs and read-also lines (their primary keys included)."""
    index_bytes: int
    """The full-text search index."""
    other_bytes: int
    """Everything else: secondary indexes, reading state, feeds, settings, the schema; the parts and
    :attr:`free_bytes` add up to :attr:`file_bytes`."""
    free_bytes: int
    """Pages freed by removals and not yet given back (``brief prune`` gives them back)."""
    method: str
    """``dbstat`` or ``estimate`` (see the module's docstring)."""


def _part(name: str) -> str:
    """Which part a table or index of the schema belongs to."""
    if name in TEXT_TABLES or name.startswith("sqlite_autoindex_briefs"):
        return "text"
    if name == INDEX_TABLE or name.startswith(INDEX_TABLE + "_"):
        return "index"
    return "other"


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        return False
    return True


def collect(store: Store) -> StoreStats:
    """Count and measure the store (a read: nothing is written)."""
    with store._lock:  # noqa: SLF001 - the store package's own
        return measure(store._conn)  # noqa: SLF001


def measure(conn: sqlite3.Connection, *, use_dbstat: bool = True) -> StoreStats:
    """:func:`collect` on a connection; ``use_dbstat`` False measures as SQLite without it would."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    page = one("PRAGMA page_size")
    pages = one("PRAGMA page_count")
    free = one("PRAGMA freelist_count")
    parts = {"text": 0, "index": 0, "other": 0}
    if use_dbstat and _has_dbstat(conn):
        method = "dbstat"
        for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            parts[_part(str(name))] += int(size)
        # Pages no table owns (pointer maps of an incrementally vacuumed store, the lock page).
        parts["other"] += pages * page - free * page - sum(parts.values())
    else:
        method = "estimate"
        parts["text"] = min(
            pages * page,
            one(
                "SELECT (SELECT coalesce(sum(length(texts)), 0) FROM bodies)"
                " + (SELECT coalesce(sum(length(CAST(text || label || text_norm AS BLOB))), 0) FROM links)"
                " + (SELECT coalesce(sum(length(CAST(title || title_norm || tags || extra || coalesce(url, '')"
                " || coalesce(path, '') || content_hash AS BLOB)) + 60), 0) FROM briefs)"
            ),
        )
        index_data = one(f"SELECT coalesce(sum(length(block)), 0) FROM {INDEX_TABLE}_data")
        parts["index"] = min(pages * page - parts["text"], index_data)
        parts["other"] = pages * page - free * page - parts["text"] - parts["index"]
    return StoreStats(
        briefs=tallies.briefs(conn),
        feeds=one("SELECT count(*) FROM feeds"),
        unread=tallies.unread(conn),
        bookmarked=one("SELECT count(*) FROM state s JOIN briefs b ON b.id = s.brief_id WHERE s.bookmarked = 1"),
        schema_version=schema.user_version(conn),
        page_size=page,
        file_bytes=pages * page,
        text_bytes=parts["text"],
        index_bytes=parts["index"],
        other_bytes=parts["other"],
        free_bytes=free * page,
        method=method,
    )
