"""Same-story groups: each brief's story sketch, the index that finds its candidates, and its group.

Tables (made by migration 7, :func:`create_schema`):

- ``story_sketch``: one row per brief with enough text, its sketch (:mod:`tui.text.story`) and
  ``story``, the label of its same-story group (the id of the group's first brief), or NULL while
  it is alone. It follows its brief: ``ON DELETE CASCADE``.
- ``story_hidden``: the briefs the list shows under another brief of their group (every member
  but the first in list order), so the grouped list skips them with one probe of a small table.
  Kept by :func:`_refresh_heads` when a group changes, and by the trigger when a member goes.
- ``story_keys``: ``(key, brief_id)`` for each of a brief's :data:`~tui.text.story.KEYS` smallest
  hashes, so the briefs sharing one are found with an index probe, never a scan. A trigger removes
  a brief's keys with its sketch row.

A brief is grouped when it is written (:func:`write_sketch`, in the import's transaction): its
candidates are the briefs sharing a key, and those whose sketches are similar enough
(:data:`~tui.text.story.SAME_STORY`) join it in one group (two groups it bridges become one). A key
that :data:`COMMON_KEY` briefs share already is a stock phrase (a source line, a standard formula)
and is no longer indexed: it would make every brief a candidate of every other.
"""

from __future__ import annotations

import sqlite3

from tui.text import story

COMMON_KEY = 30
"""A key shared by this many briefs is not indexed any more, nor followed to candidates."""
FOLLOWED = 8
"""Briefs sharing a key that are compared with a new brief (the first indexed): a story republished
by many outlets is one group, and one of its briefs is enough to join it."""

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS story_sketch (
    brief_id TEXT PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,
    sketch   BLOB NOT NULL,
    keys     TEXT NOT NULL,
    story    TEXT
) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS story_sketch_story ON story_sketch (story) WHERE story IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS story_keys (
    key      INTEGER NOT NULL,
    brief_id TEXT NOT NULL,
    PRIMARY KEY (key, brief_id)
) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS story_hidden (
    brief_id TEXT PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,
    story    TEXT NOT NULL
) WITHOUT ROWID""",
    """CREATE TRIGGER IF NOT EXISTS story_sketch_gone AFTER DELETE ON story_sketch BEGIN
    DELETE FROM story_keys WHERE brief_id = old.brief_id AND key IN (SELECT value FROM json_each(old.keys));
    DELETE FROM story_hidden WHERE story = old.story;
    INSERT OR REPLACE INTO story_hidden (brief_id, story) SELECT s.brief_id, s.story FROM story_sketch s
        JOIN briefs b ON b.id = s.brief_id WHERE s.story = old.story
        ORDER BY b.undated, b.date DESC, b.id LIMIT -1 OFFSET 1;
END""",
)
"""The statements that make the tables, in order."""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (inside the caller's transaction)."""
    for statement in SCHEMA:
        conn.execute(statement)


def write_sketch(conn: sqlite3.Connection, brief_id: str, packed: bytes, *, replace: bool = True) -> None:
    """Store a brief's sketch (replacing the one it had) and put it in its same-story group.

    Called in the transaction that writes the brief; ``replace=False`` for a brief that is new to
    the store (it has no sketch to remove). An empty sketch (too little text) only removes the old
    one: such a brief is in no group. A handful of statements, whatever the store's size: this runs
    for every brief an import writes."""
    if replace:
        conn.execute("DELETE FROM story_sketch WHERE brief_id = ?", (brief_id,))
    signature = story.unpack(packed)
    if not signature:
        return
    keys = story.index_keys(signature)
    # A key's postings stop at COMMON_KEY (see below), so this reads at most KEYS * COMMON_KEY rows.
    postings = conn.execute(
        f"SELECT key, brief_id FROM story_keys WHERE key IN ({','.join('?' * len(keys))})", keys
    ).fetchall()
    shared: dict[int, list[str]] = {}
    for key, other in postings:
        shared.setdefault(key, []).append(other)
    candidates = {other for others in shared.values() if len(others) < COMMON_KEY for other in others[:FOLLOWED]}
    matches: dict[str, str | None] = {}
    if candidates:
        marks = ",".join("?" * len(candidates))
        hashes = frozenset(signature)
        for other, sketch, label in conn.execute(
            f"SELECT brief_id, sketch, story FROM story_sketch WHERE brief_id IN ({marks})", list(candidates)
        ):
            if story.same_story(signature, story.unpack(sketch), hashes):
                matches[other] = label
    label = _join(conn, brief_id, matches)
    conn.execute(
        "INSERT INTO story_sketch (brief_id, sketch, keys, story) VALUES (?, ?, ?, ?)",
        (brief_id, packed, "[" + ",".join(map(str, keys)) + "]", label),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO story_keys (key, brief_id) VALUES (?, ?)",
        [(key, brief_id) for key in keys if len(shared.get(key, ())) < COMMON_KEY],
    )
    if label is not None:
        _refresh_heads(conn, label)


def _join(conn: sqlite3.Connection, brief_id: str, matches: dict[str, str | None]) -> str | None:
    """The group label of a brief similar to ``matches`` (id -> their label), merging their groups."""
    if not matches:
        return None
    labels = {label for label in matches.values() if label is not None}
    label = min(labels) if labels else min(matches)
    for other in labels - {label}:
        conn.execute("UPDATE story_sketch SET story = ? WHERE story = ?", (label, other))
        conn.execute("DELETE FROM story_hidden WHERE story = ?", (other,))
    conn.executemany(
        "UPDATE story_sketch SET story = ? WHERE brief_id = ?",
        [(label, other_id) for other_id, other_label in matches.items() if other_label is None],
    )
    return label


def _refresh_heads(conn: sqlite3.Connection, label: str) -> None:
    """Record which members of a group the list shows under its first brief (all but that one)."""
    conn.execute("DELETE FROM story_hidden WHERE story = ?", (label,))
    conn.execute(
        "INSERT OR REPLACE INTO story_hidden (brief_id, story) SELECT s.brief_id, s.story FROM story_sketch s"
        " JOIN briefs b ON b.id = s.brief_id WHERE s.story = ?1 ORDER BY b.undated, b.date DESC, b.id"
        " LIMIT -1 OFFSET 1",
        (label,),
    )


def same_story(conn: sqlite3.Connection, brief_id: str) -> list[tuple[str, float]]:
    """The other briefs of the brief's same-story group with their similarity to it, most similar
    first (then newest first); ``[]`` when it is alone."""
    row = conn.execute("SELECT sketch, story FROM story_sketch WHERE brief_id = ?", (brief_id,)).fetchone()
    if row is None or row[1] is None:
        return []
    signature = story.unpack(row[0])
    members = conn.execute(
        "SELECT s.brief_id, s.sketch FROM story_sketch s JOIN briefs b ON b.id = s.brief_id"
        " WHERE s.story = ? AND s.brief_id != ? ORDER BY b.undated, b.date DESC, b.id",
        (row[1], brief_id),
    ).fetchall()
    scored = [(other, round(story.similarity(signature, story.unpack(sketch)), 3)) for other, sketch in members]
    return sorted(scored, key=lambda item: -item[1])


def group_ids(conn: sqlite3.Connection, brief_id: str) -> list[str]:
    """Every brief of the brief's group, itself included, in list order (just itself when alone)."""
    rows = conn.execute(
        "SELECT b.id FROM story_sketch s JOIN story_sketch o ON o.story = s.story JOIN briefs b ON b.id = o.brief_id"
        " WHERE s.brief_id = ? AND s.story IS NOT NULL ORDER BY b.undated, b.date DESC, b.id",
        (brief_id,),
    ).fetchall()
    return [r[0] for r in rows] or [brief_id]


def fill_all(conn: sqlite3.Connection) -> None:
    """Compute, store and group the sketch of every stored brief (the migration that adds them)."""
    from tui.store.index import brief_blocks, index_columns, stemmer_name
    from tui.text.stem import get_stemmer

    stem = get_stemmer(stemmer_name(conn))
    for brief_id, title in conn.execute("SELECT id, title FROM briefs ORDER BY rowid").fetchall():
        body_stems = index_columns(title, "\n".join(brief_blocks(conn, brief_id)), stem)[3]
        write_sketch(conn, brief_id, story.pack(story.sketch(body_stems)))
