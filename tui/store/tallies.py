"""How many briefs the store holds and how many are unread, in all and per feed, and how many have
each tag and each source, kept as they change.

Counting the briefs of an index (``SELECT count(*)``) reads the whole index: at a million briefs
that is 70-90 ms of CPU for all of them, as much again for the unread ones, paid by every start of
the reader and every brief opened (the counts above the list). The ``tallies`` table holds the
figures instead, one row for the whole store (``feed = ''``) and one per feed, and triggers on
``briefs`` keep it in step with every write that adds, removes or moves a brief or changes its read
flag (an import, a fetch, the reader, a removal and its undo), so a count is one row's lookup.
Likewise ``tag_tallies`` holds each tag's number of briefs, kept by triggers on ``brief_tags`` (itself
kept by triggers on ``briefs``), and ``source_tallies`` each source's: the tag and source choosers'
counts, which a ``GROUP BY`` over a million briefs took 3 s (their 2.5 million tags) and 0.1 s to
compute.

A brief whose ``feed`` is ``''`` is counted in the whole store's row only; :func:`briefs` and
:func:`unread` count such a feed from the index.
"""

from __future__ import annotations

import sqlite3

ALL = ""
"""The key of the whole store's row."""

_UNREAD_NEW = "(NEW.is_read = 0)"
_UNREAD_OLD = "(OLD.is_read = 0)"
_ADD_TO_FEED = (
    f"INSERT INTO tallies (feed, briefs, unread) SELECT NEW.feed, 1, {_UNREAD_NEW} WHERE NEW.feed IS NOT NULL"
    " AND NEW.feed <> '' ON CONFLICT (feed) DO UPDATE SET briefs = briefs + 1, unread = unread + excluded.unread"
)
_TAKE_FROM_FEED = (
    f"UPDATE tallies SET briefs = briefs - 1, unread = unread - {_UNREAD_OLD} WHERE feed = OLD.feed AND feed <> ''"
)
_ADD_TO_SOURCE = (
    "INSERT INTO source_tallies (source, briefs) SELECT NEW.source, 1 WHERE NEW.source IS NOT NULL"
    " ON CONFLICT (source) DO UPDATE SET briefs = briefs + 1"
)
_TAKE_FROM_SOURCE = (
    "UPDATE source_tallies SET briefs = briefs - 1 WHERE source = OLD.source;"
    " DELETE FROM source_tallies WHERE source = OLD.source AND briefs <= 0"
)
_COUNT_ALL = "SELECT '', count(*), coalesce(sum(is_read = 0), 0) FROM briefs"
_COUNT_FEEDS = "SELECT feed, count(*), sum(is_read = 0) FROM briefs WHERE feed IS NOT NULL AND feed <> '' GROUP BY feed"
_COUNT_TAGS = "SELECT tag, count(*) FROM brief_tags GROUP BY tag"
_COUNT_SOURCES = "SELECT source, count(*) FROM briefs WHERE source IS NOT NULL GROUP BY source"
"""The counts the tables keep, counted from the briefs: to fill the tables and to check them."""
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tallies (
        feed   TEXT PRIMARY KEY,
        briefs INTEGER NOT NULL,
        unread INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE TRIGGER IF NOT EXISTS tallies_insert AFTER INSERT ON briefs BEGIN"
    f" UPDATE tallies SET briefs = briefs + 1, unread = unread + {_UNREAD_NEW} WHERE feed = '';"
    f" {_ADD_TO_FEED}; END",
    "CREATE TRIGGER IF NOT EXISTS tallies_delete AFTER DELETE ON briefs BEGIN"
    f" UPDATE tallies SET briefs = briefs - 1, unread = unread - {_UNREAD_OLD} WHERE feed = '';"
    f" {_TAKE_FROM_FEED}; DELETE FROM tallies WHERE feed = OLD.feed AND feed <> '' AND briefs <= 0; END",
    "CREATE TRIGGER IF NOT EXISTS tallies_update AFTER UPDATE OF is_read, feed ON briefs"
    " WHEN OLD.is_read IS NOT NEW.is_read OR OLD.feed IS NOT NEW.feed BEGIN"
    f" UPDATE tallies SET unread = unread - {_UNREAD_OLD} + {_UNREAD_NEW} WHERE feed = '';"
    f" {_TAKE_FROM_FEED}; DELETE FROM tallies WHERE feed = OLD.feed AND feed <> '' AND briefs <= 0;"
    f" {_ADD_TO_FEED}; END",
    """CREATE TABLE IF NOT EXISTS tag_tallies (
        tag    TEXT PRIMARY KEY,
        briefs INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE TRIGGER IF NOT EXISTS tag_tallies_insert AFTER INSERT ON brief_tags BEGIN"
    " INSERT INTO tag_tallies (tag, briefs) VALUES (NEW.tag, 1) ON CONFLICT (tag) DO UPDATE SET briefs = briefs + 1;"
    " END",
    "CREATE TRIGGER IF NOT EXISTS tag_tallies_delete AFTER DELETE ON brief_tags BEGIN"
    " UPDATE tag_tallies SET briefs = briefs - 1 WHERE tag = OLD.tag;"
    " DELETE FROM tag_tallies WHERE tag = OLD.tag AND briefs <= 0; END",
    """CREATE TABLE IF NOT EXISTS source_tallies (
        source TEXT PRIMARY KEY,
        briefs INTEGER NOT NULL
    ) WITHOUT ROWID""",
    f"CREATE TRIGGER IF NOT EXISTS source_tallies_insert AFTER INSERT ON briefs BEGIN {_ADD_TO_SOURCE}; END",
    f"CREATE TRIGGER IF NOT EXISTS source_tallies_delete AFTER DELETE ON briefs BEGIN {_TAKE_FROM_SOURCE}; END",
    "CREATE TRIGGER IF NOT EXISTS source_tallies_update AFTER UPDATE OF source ON briefs"
    f" WHEN OLD.source IS NOT NEW.source BEGIN {_TAKE_FROM_SOURCE}; {_ADD_TO_SOURCE}; END",
)
"""The tables and their triggers (triggers hold semicolons: one statement per item)."""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables and their triggers and count the briefs already stored."""
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute("DELETE FROM tallies")
    conn.execute("DELETE FROM tag_tallies")
    conn.execute("DELETE FROM source_tallies")
    conn.execute(f"INSERT INTO source_tallies (source, briefs) {_COUNT_SOURCES}")
    conn.execute(f"INSERT INTO tag_tallies (tag, briefs) {_COUNT_TAGS}")
    conn.execute(f"INSERT INTO tallies (feed, briefs, unread) {_COUNT_ALL}")
    conn.execute(f"INSERT INTO tallies (feed, briefs, unread) {_COUNT_FEEDS}")


def _row(conn: sqlite3.Connection, feed: str | None) -> tuple[int, int] | None:
    """(briefs, unread) of the feed (the whole store for None), or None when not kept for it."""
    if feed == ALL:
        return None
    row = conn.execute("SELECT briefs, unread FROM tallies WHERE feed = ?", (feed or ALL,)).fetchone()
    if row is None:
        return (0, 0) if feed is not None else None
    return int(row[0]), int(row[1])


def briefs(conn: sqlite3.Connection, feed: str | None = None) -> int:
    """How many briefs the store holds (``feed``: from that feed)."""
    row = _row(conn, feed)
    if row is not None:
        return row[0]
    where, params = ("WHERE feed = ?", (feed,)) if feed is not None else ("", ())
    return int(conn.execute(f"SELECT count(*) FROM briefs {where}", params).fetchone()[0])


def unread(conn: sqlite3.Connection, feed: str | None = None) -> int:
    """How many of them are unread."""
    row = _row(conn, feed)
    if row is not None:
        return row[1]
    where, params = ("AND feed = ?", (feed,)) if feed is not None else ("", ())
    return int(conn.execute(f"SELECT count(*) FROM briefs WHERE is_read = 0 {where}", params).fetchone()[0])


def tags(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag with how many briefs have it, most used first (ties by tag)."""
    found = conn.execute("SELECT tag, briefs FROM tag_tallies ORDER BY briefs DESC, tag").fetchall()
    return [(str(t), int(n)) for t, n in found]


def tag_briefs(conn: sqlite3.Connection, tag: str) -> int:
    """How many briefs have ``tag``."""
    row = conn.execute("SELECT briefs FROM tag_tallies WHERE tag = ?", (tag,)).fetchone()
    return int(row[0]) if row is not None else 0


def source_briefs(conn: sqlite3.Connection, source: str) -> int:
    """How many briefs come from ``source``."""
    row = conn.execute("SELECT briefs FROM source_tallies WHERE source = ?", (source,)).fetchone()
    return int(row[0]) if row is not None else 0


def sources(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every source with how many briefs it has, most first (ties by source)."""
    found = conn.execute("SELECT source, briefs FROM source_tallies ORDER BY briefs DESC, source").fetchall()
    return [(str(s), int(n)) for s, n in found]


def recount_tags(conn: sqlite3.Connection) -> list[tuple[str, str, int, int]]:
    """Tags and sources whose kept count differs from a count of the briefs: ``("tag" or "source",
    name, kept, counted)``."""
    out: list[tuple[str, str, int, int]] = []
    for kind, table, counted in (
        ("tag", "tag_tallies", _COUNT_TAGS),
        ("source", "source_tallies", _COUNT_SOURCES),
    ):
        out += [
            (kind, str(name), int(k), int(c))
            for name, k, c in conn.execute(
                f"WITH counted (name, briefs) AS ({counted}),"
                f" keys (name) AS (SELECT name FROM counted UNION SELECT {kind} FROM {table})"
                " SELECT k.name, coalesce(t.briefs, 0), coalesce(c.briefs, 0) FROM keys k"
                f" LEFT JOIN {table} t ON t.{kind} = k.name LEFT JOIN counted c ON c.name = k.name"
                " WHERE coalesce(t.briefs, 0) <> coalesce(c.briefs, 0)"
            )
        ]
    return out


def recount(conn: sqlite3.Connection) -> list[tuple[str, int, int, int, int]]:
    """Rows of the table that differ from a count of the briefs: ``(feed, kept briefs, counted briefs,
    kept unread, counted unread)`` (for checks; reads every brief)."""
    return [
        (str(f), int(kb), int(cb), int(ku), int(cu))
        for f, kb, cb, ku, cu in conn.execute(
            f"WITH counted (feed, briefs, unread) AS ({_COUNT_ALL} UNION ALL {_COUNT_FEEDS}),"
            " keys (feed) AS (SELECT feed FROM counted UNION SELECT feed FROM tallies)"
            " SELECT k.feed, t.briefs, c.briefs, t.unread, c.unread FROM keys k"
            " LEFT JOIN tallies t ON t.feed = k.feed LEFT JOIN counted c ON c.feed = k.feed"
            " WHERE coalesce(t.briefs, 0) <> coalesce(c.briefs, 0) OR coalesce(t.unread, 0) <> coalesce(c.unread, 0)"
        )
    ]
