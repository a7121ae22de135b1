"""What the search index holds, read through FTS5's ``fts5vocab``: the index is contentless, so its
entries are the only record of what was indexed."""

from __future__ import annotations

import sqlite3

from tui.store.index import TABLE


def index_entries(conn: sqlite3.Connection) -> list[tuple[str, int, str, int]]:
    """Every (word, rowid, column, position) in the index, sorted."""
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries USING fts5vocab(main, {TABLE}, instance)")
    return conn.execute("SELECT term, doc, col, offset FROM temp.entries ORDER BY 1, 2, 3, 4").fetchall()


def make_version_3_index(conn: sqlite3.Connection) -> None:
    """Put back the index as schema version 3 built it (keeping a copy of the words) and mark the
    store as version 3, for the tests of the upgrade."""
    from tui.store.index import brief_blocks, index_columns
    from tui.text.stem import get_stemmer

    texts_as_version_9(conn)
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, title_stem, body_stem, tokenize='ascii', prefix='3')"
    )
    stem = get_stemmer("light10")
    for rowid, brief_id, title in conn.execute("SELECT rowid, id, title FROM briefs").fetchall():
        columns = index_columns(title, "\n".join(brief_blocks(conn, brief_id)), stem)
        conn.execute(
            f"INSERT INTO {TABLE}(rowid, title, body, title_stem, body_stem) VALUES (?,?,?,?,?)", (rowid, *columns)
        )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()


def texts_as_version_9(conn: sqlite3.Connection) -> None:
    """Put the brief texts back as schema 9 and before kept them (a row per paragraph, in a table
    made by schema 1's own statement) in a store written by this brief."""
    from tui.store import bodies, schema

    if not bodies.has_bodies(conn):
        return
    statement = next(s for s in schema.SCHEMA_V1.split(";") if "CREATE TABLE paragraphs" in s)
    conn.execute(statement)
    for (brief_id,) in conn.execute("SELECT brief_id FROM bodies").fetchall():
        for pos, kind, text, *_ in bodies.blocks(conn, brief_id):
            if kind == "text":
                conn.execute("INSERT INTO paragraphs VALUES (?, ?, ?)", (brief_id, pos, text))
    conn.execute("DROP TABLE bodies")
