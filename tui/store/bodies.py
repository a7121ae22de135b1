"""The stored texts of briefs: one compressed row per brief in ``bodies``.

A brief's paragraphs are kept together, as a JSON array of their texts in the zlib format (DEFLATE,
RFC 1950), in one row of ``bodies`` keyed by the brief's id. They are compressed with ISA-L (the
``isal`` package: 6 times faster than the standard library's zlib at level 6 on news text, for 4%
more bytes) and read with the standard library's zlib, which reads what either wrote. Stored one
row per paragraph as they were (schema 9 and before), the texts took as many bytes as the files
they came from, and more with the b-tree's slack; compressed, 4 KB of Arabic takes about 1.8 KB,
and reading a brief back costs 0.06 ms more (``docs/benchmarks.md``). zlib's checksum makes a
damaged row fail loudly: it is reported as a damaged store, like a damaged page.

The read-also lines stay in ``links`` (their targets are looked up and updated by SQL); a brief's
blocks are numbered in reading order, paragraphs and read-also lines alike, and the paragraphs take
the positions the read-also lines leave free, in order.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import Literal

from isal import isal_zlib

LEVEL = 3
"""ISA-L's compression level (its highest; 1 and 2 give 1.5% more bytes for a fifth less time):
the standard library's zlib at 6 gives 4% fewer bytes in 6 times the time (``bench/bench_codecs.py``)."""

to_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without making an encoder each time (a third faster):
the texts here, a brief's tags and extra fields in :func:`tui.store.importing.brief_rows`."""

BlockRow = tuple[int, Literal["text", "link"], str, str, str | None, str | None]
"""A block as stored: (position, kind ``"text"`` or ``"link"``, text, label, target id, href)."""


def pack(texts: Sequence[str]) -> bytes:
    """The ``bodies`` value of a brief whose paragraphs, in order, are ``texts``."""
    return isal_zlib.compress(to_json(list(texts)).encode(), LEVEL)


def unpack(data: bytes) -> list[str]:
    """The paragraphs packed by :func:`pack`; a damaged value raises :class:`sqlite3.DatabaseError`,
    as a damaged page would, so that it is reported as a damaged store."""
    try:
        texts = json.loads(zlib.decompress(data).decode())
    except (zlib.error, ValueError, TypeError) as exc:
        raise sqlite3.DatabaseError(f"database disk image is malformed (a brief's text: {exc})") from None
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise sqlite3.DatabaseError("database disk image is malformed (a brief's text is not a list of paragraphs)")
    return texts


def texts_of(conn: sqlite3.Connection, brief_id: str) -> list[str]:
    """The paragraphs of the brief ``brief_id`` in order (none when it has no row)."""
    row = conn.execute("SELECT texts FROM bodies WHERE brief_id = ?", (brief_id,)).fetchone()
    return unpack(row[0]) if row is not None else []


def write(conn: sqlite3.Connection, brief_id: str, packed: bytes) -> None:
    """Store (or replace) the packed paragraphs of ``brief_id``."""
    conn.execute("INSERT OR REPLACE INTO bodies (brief_id, texts) VALUES (?, ?)", (brief_id, packed))


def insert(conn: sqlite3.Connection, rows: Iterable[tuple[str, bytes]]) -> None:
    """Store the packed paragraphs of each (brief id, packed) of ``rows``, briefs with none stored (a
    plain ``INSERT``: unlike ``OR REPLACE``, it does not make FTS5 write out the index entries it
    holds in memory)."""
    conn.executemany("INSERT INTO bodies (brief_id, texts) VALUES (?, ?)", rows)


def blocks(conn: sqlite3.Connection, brief_id: str) -> list[BlockRow]:
    """Every block of a brief in reading order: its paragraphs and its read-also lines.

    A store of schema 9 or older, which has no ``bodies`` table yet, keeps its paragraphs one row
    each in ``paragraphs``: they are read from there (by the migrations that rebuild such a store's
    index or compute its same-story sketches, and by a repair).
    """
    try:
        texts = texts_of(conn, brief_id)
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return _legacy_blocks(conn, brief_id)
    links: list[BlockRow] = [
        (pos, "link", text, label, target, href)
        for pos, text, label, target, href in conn.execute(
            "SELECT pos, text, label, target, href FROM links WHERE brief_id = ? ORDER BY pos", (brief_id,)
        )
    ]
    return merge(texts, links)


def _legacy_blocks(conn: sqlite3.Connection, brief_id: str) -> list[BlockRow]:
    """:func:`blocks` of a store that keeps a row per paragraph (schema 9 and before)."""
    # Links have had their URL (href) since schema 6 only.
    href = "href" if any(row[1] == "href" for row in conn.execute("PRAGMA table_info(links)")) else "NULL"
    return [
        (pos, kind, text, label, target, href)
        for pos, kind, text, label, target, href in conn.execute(
            "SELECT pos, 'text', text, '', NULL, NULL FROM paragraphs WHERE brief_id = ?1"
            f" UNION ALL SELECT pos, 'link', text, label, target, {href} FROM links WHERE brief_id = ?1"
            " ORDER BY 1",
            (brief_id,),
        )
    ]


def merge(texts: list[str], links: list[BlockRow]) -> list[BlockRow]:
    """Paragraphs placed around read-also lines: each paragraph takes the next position no line has."""
    taken = {row[0] for row in links}
    out: list[BlockRow] = []
    pos = 0
    for text in texts:
        while pos in taken:
            pos += 1
        out.append((pos, "text", text, "", None, None))
        pos += 1
    return sorted(out + links, key=lambda row: row[0])


def has_bodies(conn: sqlite3.Connection) -> bool:
    """True when the store keeps its texts in ``bodies`` (schema 11 on), False for an older one."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bodies'").fetchone() is not None
