"""The search index: an FTS5 table of each brief's folded words and their light stems.

Each brief is one row (its rowid is the brief's rowid in ``briefs``) with four columns: ``title``
and ``body`` hold the search keys of its words (:func:`tui.text.normalize.search_keys`), and
``title_stem`` and ``body_stem`` the stems of those keys (:mod:`tui.text.stem`), word for word so
that phrases match on stems too. FTS5's ``ascii`` tokenizer only splits at the spaces between keys:
the folding is done in Python, because FTS5's ``unicode61`` would split Arabic words at their
harakat. Queries are in :mod:`tui.store.search`.
"""

from __future__ import annotations

import sqlite3

from tui.models import Article
from tui.text.normalize import search_keys
from tui.text.stem import DEFAULT_STEMMER, Stemmer, get_stemmer

TABLE = "briefs_fts"
STEMMER_META_KEY = "search_stemmer"
"""``meta`` key naming the stemmer the index was built with (queries must use the same one)."""

WEIGHTS = (10.0, 1.0, 5.0, 0.5)
"""bm25 weights of ``title``, ``body``, ``title_stem``, ``body_stem``."""

AUTOMERGE = 16
"""FTS5's ``automerge``: how many index segments of one size are merged together (FTS5's default: 4)."""


def create_schema(conn: sqlite3.Connection, stemmer: str = DEFAULT_STEMMER) -> None:
    """Create the FTS5 table (its rowid is the brief's rowid in ``briefs``) and record the stemmer.

    Runs inside the caller's transaction: statements one by one, no ``executescript``.
    """
    get_stemmer(stemmer)  # fail early on a bad name
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, title_stem, body_stem,"
        " tokenize='ascii', prefix='3')"
    )
    # Merge index segments 16 at a time, not 4: imports write a fifth faster, queries stay fast.
    conn.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('automerge', ?)", (AUTOMERGE,))
    conn.execute(
        f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', ?)",
        ("bm25(" + ", ".join(str(w) for w in WEIGHTS) + ")",),
    )
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STEMMER_META_KEY, stemmer)
    )


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


def index_columns(title: str, body: str, stem: Stemmer) -> Columns:
    """The four indexed columns of a brief: title keys, body keys, title stems, body stems.

    Pure and picklable in and out, so a bulk import computes them in worker processes.
    """
    title_keys, body_keys = search_keys(title), search_keys(body)
    memo = _STEM_MEMOS.setdefault(stem, {})
    if len(memo) > STEM_MEMO_SIZE:
        memo.clear()
    get = memo.get

    def stem_of(key: str) -> str:
        memo[key] = stemmed = stem(key)
        return stemmed

    return (
        " ".join(title_keys),
        " ".join(body_keys),
        " ".join([get(k) or stem_of(k) for k in title_keys]),
        " ".join([get(k) or stem_of(k) for k in body_keys]),
    )


STEM_MEMO_SIZE = 500_000
"""Words whose stems :func:`index_columns` remembers (per stemmer) before starting afresh."""
_STEM_MEMOS: dict[Stemmer, dict[str, str]] = {}


def index_brief(conn: sqlite3.Connection, rowid: int, columns: Columns, *, replace: bool = True) -> None:
    """Add (or replace) one brief in the index, given its :func:`index_columns` (computed with the
    store's stemmer); ``replace=False`` skips removing an older entry, for a brief known to be new."""
    if replace:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))
    conn.execute(
        f"INSERT INTO {TABLE}(rowid, title, body, title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
        (rowid, *columns),
    )


def unindex_brief(conn: sqlite3.Connection, rowid: int) -> None:
    """Remove one brief from the index."""
    conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))


def reindex_all(conn: sqlite3.Connection) -> None:
    """Rebuild the index from every stored brief (the migration that adds it, a stemmer change)."""
    conn.execute(f"DELETE FROM {TABLE}")
    stem = get_stemmer(stemmer_name(conn))
    rows = conn.execute("SELECT rowid, id, title FROM briefs").fetchall()
    for rowid, brief_id, title in rows:
        columns = index_columns(title, "\n".join(brief_blocks(conn, brief_id)), stem)
        index_brief(conn, rowid, columns, replace=False)


def brief_blocks(conn: sqlite3.Connection, brief_id: str) -> list[str]:
    """The texts of a brief's paragraphs and read-also lines, in reading order."""
    return [
        t
        for (t,) in conn.execute(
            "SELECT text FROM (SELECT pos, text FROM paragraphs WHERE brief_id = ?1"
            " UNION ALL SELECT pos, text FROM links WHERE brief_id = ?1) ORDER BY pos",
            (brief_id,),
        )
    ]
