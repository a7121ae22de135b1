"""The search index: an FTS5 table of each brief's folded words and their light stems.

Each brief is one row (its rowid is the brief's rowid in ``briefs``) with four columns: ``title``
and ``body`` hold the search keys of its words (:func:`tui.text.normalize.search_keys`), and
``title_stem`` and ``body_stem`` the stems of those keys (:mod:`tui.text.stem`), word for word so
that phrases match on stems too. FTS5's ``ascii`` tokenizer only splits at the spaces between keys:
the folding is done in Python, because FTS5's ``unicode61`` would split Arabic words at their
harakat. Queries are in :mod:`tui.store.search`.

The table is contentless (``content=''``): it holds the index alone, not a second copy of every
brief's words, which halves the store and speeds imports. Removing a brief from such a table takes
the very columns it was indexed with, and those are computed again from the stored brief
(:func:`stored_columns`). So the columns must stay a pure function of the stored title and blocks
and the stemmer named in ``meta``: any change to folding, splitting or stemming comes with a schema
migration that rebuilds the index (see :mod:`tui.store.schema`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tui.models import Article
from tui.store import bodies
from tui.text import story
from tui.text.index_words import keys_and_stems, keys_and_stems_utf8
from tui.text.stem import DEFAULT_STEMMER, Stemmer, get_stemmer

TABLE = "briefs_fts"
STEMMER_META_KEY = "search_stemmer"
"""``meta`` key naming the stemmer the index was built with (queries must use the same one)."""

WEIGHTS = (10.0, 1.0, 5.0, 0.5)
"""bm25 weights of ``title``, ``body``, ``title_stem``, ``body_stem``."""

AUTOMERGE = 32
"""FTS5's ``automerge`` and ``crisismerge``: how many index segments of one size there may be before
they are merged into one (FTS5's defaults: 4 and 16).

Every import transaction writes one segment; merging rewrites them. With 32, a 100,000-brief import
(about 25 segments of 4,000 briefs) merges nothing, where 16 made it rewrite two thirds of its index
once more (a sixth of the import's time); a search then reads up to 31 segments of a size, which
costs a few milliseconds at 100,000 briefs (see docs/benchmarks.md)."""
HASHSIZE = 32 * 1024 * 1024
"""FTS5's ``hashsize``: bytes of new entries kept in memory before a segment is written (default 1 MB).

An import transaction of 4,000 briefs then makes one segment, not dozens."""


def create_schema(conn: sqlite3.Connection, stemmer: str = DEFAULT_STEMMER) -> None:
    """Create the FTS5 table (its rowid is the brief's rowid in ``briefs``) and record the stemmer.

    Runs inside the caller's transaction: statements one by one, no ``executescript``.
    """
    get_stemmer(stemmer)  # fail early on a bad name
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, title_stem, body_stem,"
        " tokenize='ascii', prefix='3', content='')"
    )
    configure(conn)
    conn.execute(
        f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', ?)",
        ("bm25(" + ", ".join(str(w) for w in WEIGHTS) + ")",),
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STEMMER_META_KEY, stemmer))


def configure(conn: sqlite3.Connection) -> None:
    """Set the index's merge and memory settings (:data:`AUTOMERGE`, :data:`HASHSIZE`); they are kept
    in the store, so this runs when the index is made and when a store is upgraded."""
    for option, value in (("automerge", AUTOMERGE), ("crisismerge", AUTOMERGE), ("hashsize", HASHSIZE)):
        conn.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES (?, ?)", (option, value))


def stemmer_name(conn: sqlite3.Connection) -> str:
    """The name of the stemmer the store's index was built with."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (STEMMER_META_KEY,)).fetchone()
    return row[0] if row and row[0] else DEFAULT_STEMMER


def set_stemmer(conn: sqlite3.Connection, name: str) -> None:
    """Switch the index to another stemmer and rebuild it (call inside a transaction)."""
    get_stemmer(name)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STEMMER_META_KEY, name))
    reindex_all(conn)


Columns = tuple[str, str, str, str]
"""A brief's indexed columns: title keys, body keys, title stems, body stems."""


def article_columns(article: Article, stem: Stemmer) -> Columns:
    """:func:`index_columns` of a brief: its title, and its blocks' texts as the body."""
    return index_columns(article.title, "\n".join(block.text for block in article.blocks), stem)


def article_columns_utf8(article: Article, stem: Stemmer) -> tuple[bytes, bytes, bytes, bytes]:
    """:func:`article_columns` in UTF-8, as an import's workers hand them to the writer."""
    title_keys, title_stems = keys_and_stems_utf8(article.title, stem)
    body_keys, body_stems = keys_and_stems_utf8("\n".join(block.text for block in article.blocks), stem)
    return (title_keys, body_keys, title_stems, body_stems)


def index_columns(title: str, body: str, stem: Stemmer) -> Columns:
    """The four indexed columns of a brief: title keys, body keys, title stems, body stems.

    Pure and picklable in and out, so a bulk import computes them in worker processes. Each
    written word is folded and stemmed once per process (:func:`tui.text.index_words.keys_and_stems`).
    """
    title_keys, title_stems = keys_and_stems(title, stem)
    body_keys, body_stems = keys_and_stems(body, stem)
    return (title_keys, body_keys, title_stems, body_stems)


def story_sketch(columns: Columns | tuple[bytes, ...]) -> tuple[bytes, bytes]:
    """A brief's same-story sketch, packed, and its mask (:mod:`tui.text.story`), from its
    :func:`index_columns`: its body's stems, and its title's for a brief too short for shingles."""
    signature = story.sketch(columns[3], columns[2])
    return story.pack(signature), story.mask(signature)


def index_brief(conn: sqlite3.Connection, rowid: int, columns: Columns | tuple[bytes, ...]) -> None:
    """Add one brief to the index, given its :func:`index_columns` (computed with the store's
    stemmer), as text or UTF-8. A brief already indexed must first be removed with
    :func:`unindex_brief`."""
    index_briefs(conn, [(rowid, columns)])


def index_briefs(conn: sqlite3.Connection, briefs: Sequence[tuple[int, Sequence[str | bytes]]]) -> None:
    """:func:`index_brief` for each (rowid, columns), in one statement: give them in rowid order, so
    that FTS5 keeps them in one segment."""
    conn.executemany(
        f"INSERT INTO {TABLE}(rowid, title, body, title_stem, body_stem)"
        " VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
        [(rowid, *columns) for rowid, columns in briefs],
    )


def forget_briefs(conn: sqlite3.Connection, briefs: Sequence[tuple[int, Columns]]) -> None:
    """Remove each (rowid, the columns it was indexed with) from the index."""
    conn.executemany(
        f"INSERT INTO {TABLE}({TABLE}, rowid, title, body, title_stem, body_stem) VALUES ('delete', ?, ?, ?, ?, ?)",
        [(rowid, *columns) for rowid, columns in briefs],
    )


def stored_columns(conn: sqlite3.Connection, rowid: int, stem: Stemmer | None = None) -> Columns | None:
    """The index columns of the brief stored at ``rowid``, as it was indexed; None if there is none."""
    row = conn.execute("SELECT id, title FROM briefs WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return None
    stem = stem or get_stemmer(stemmer_name(conn))
    return index_columns(row[1], "\n".join(brief_blocks(conn, row[0])), stem)


def unindex_brief(conn: sqlite3.Connection, rowid: int, stem: Stemmer | None = None) -> None:
    """Remove the brief stored at ``rowid`` from the index; call it before changing the brief's rows.

    A contentless table forgets a row only when told every word it was indexed with, so they are
    computed again from the stored brief (with ``stem``, the store's stemmer, when given).
    """
    columns = stored_columns(conn, rowid, stem)
    if columns is not None:
        forget_briefs(conn, [(rowid, columns)])


def reindex_all(conn: sqlite3.Connection) -> None:
    """Rebuild the index from every stored brief (the migration that adds it, a stemmer change)."""
    conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")
    stem = get_stemmer(stemmer_name(conn))
    rows = conn.execute("SELECT rowid, id, title FROM briefs").fetchall()
    for rowid, brief_id, title in rows:
        index_brief(conn, rowid, index_columns(title, "\n".join(brief_blocks(conn, brief_id)), stem))


def brief_blocks(conn: sqlite3.Connection, brief_id: str) -> list[str]:
    """The texts of a brief's paragraphs and read-also lines, in reading order."""
    return [row[2] for row in bodies.blocks(conn, brief_id)]
