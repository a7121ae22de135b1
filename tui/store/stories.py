"""Same-story groups: each brief's story sketch, the index that finds its candidates, and its group.

Tables (made by migration 9, :func:`create_schema`):

- ``story_sketch``: one row per brief with enough text, its sketch (:mod:`tui.text.story`), the
  sketch's ``mask`` (:func:`~tui.text.story.mask`, since version 13: it rules most candidates out
  without comparing their sketches) and ``story``, the label of its same-story group (the id of
  the group's first brief), or NULL while it is alone. It follows its brief: ``ON DELETE CASCADE``.
- ``story_hidden``: the briefs the list shows under another brief of their group (every member
  but the first in list order), so the grouped list skips them with one probe of a small table.
  Kept by :func:`_refresh_heads` when a group changes, and by the trigger when a member goes.
- ``story_keys``: ``(key, brief_id)`` for each of a brief's :data:`~tui.text.story.KEYS` smallest
  hashes, so the briefs sharing one are found with an index probe, never a scan. A trigger removes
  a brief's keys with its sketch row.

The briefs an import's transaction writes are grouped together before it commits
(:class:`Grouping`): a brief's candidates are the briefs sharing a key; those that the masks do
not rule out are compared, and those whose sketches are similar enough
(:data:`~tui.text.story.SAME_STORY`) join it in one group (two groups it bridges become one). A key
that :data:`COMMON_KEY` briefs share already is a stock phrase (a source line, a standard formula)
and is no longer indexed: it would make every brief a candidate of every other.
"""

from __future__ import annotations

import bisect
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
"""The statements that made the tables in version 9, in order (``story_sketch.mask`` came in
version 13: :func:`create_schema` adds it)."""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (inside the caller's transaction)."""
    for statement in SCHEMA:
        conn.execute(statement)
    if "mask" not in {row[1] for row in conn.execute("PRAGMA table_info(story_sketch)")}:
        conn.execute("ALTER TABLE story_sketch ADD COLUMN mask BLOB")


def add_masks(conn: sqlite3.Connection) -> None:
    """Give every stored sketch its mask (:func:`tui.text.story.mask`), adding the column to a
    store made before it (inside the caller's transaction)."""
    create_schema(conn)
    missing = conn.execute("SELECT brief_id, sketch FROM story_sketch WHERE mask IS NULL").fetchall()
    conn.executemany(
        "UPDATE story_sketch SET mask = ? WHERE brief_id = ?",
        [(story.mask(story.unpack(packed)), brief_id) for brief_id, packed in missing],
    )


class Grouping:
    """The sketches of the briefs a transaction writes, grouped in one pass before it commits.

    :meth:`add` each brief as it is written, :meth:`flush` before the commit (an import's
    :class:`~tui.store.importing.BatchWriter` does both). The pass reads the postings of all the
    batch's keys in a few statements, the masks of the candidates it has not seen in a few more,
    compares in memory (a brief of the batch is a candidate of the later ones, as if they had been
    written one by one), then writes the sketches, the keys and each changed group's hidden
    members once: a handful of statements a batch where grouping each brief by itself took five or
    six a brief. The groups are those that grouping the briefs one by one, in the order added, makes.

    The masks of the briefs it has read or written are kept from one batch to the next (up to
    :data:`KNOWN`): an import's candidates are mostly briefs it wrote itself, in earlier batches.
    A brief's mask changes only with its text, which only a brief written again changes (an
    import holds the store's import lock, so none other writes briefs meanwhile); one added again
    here is forgotten first.
    """

    def __init__(self) -> None:
        """No brief yet."""
        self._pending: dict[str, tuple[bytes, bytes]] = {}
        self._known: dict[str, story.Mask] = {}

    def add(self, conn: sqlite3.Connection, brief_id: str, packed: bytes, mask: bytes, *, replace: bool = True) -> None:
        """A brief written in this transaction, with its packed sketch and its mask (:func:`story.pack`
        and :func:`story.mask` of its sketch); ``replace=False`` for a brief new to the store (it has
        no sketch to remove). An empty sketch (too little text) puts the brief in no group.

        A brief replacing one already stored leaves its old group first, once the briefs added
        before it are grouped (so they are grouped as they would have been one by one)."""
        if replace:
            self.flush(conn)
            conn.execute("DELETE FROM story_sketch WHERE brief_id = ?", (brief_id,))
            self._known.pop(brief_id, None)
        self._pending.pop(brief_id, None)
        self._pending[brief_id] = (packed, mask)

    def flush(self, conn: sqlite3.Connection) -> None:
        """Group the briefs added since the last flush and store their sketches and keys."""
        pending, self._pending = self._pending, {}
        batch = [(brief_id, packed, mask, story.unpack(packed)) for brief_id, (packed, mask) in pending.items()]
        batch = [item for item in batch if item[3]]
        if len(self._known) > KNOWN:
            self._known = {}
        if batch:
            _group(conn, batch, self._known)


KNOWN = 50_000
"""Briefs whose masks a :class:`Grouping` keeps (about 300 bytes each; past that it starts again)."""
CHUNK = 500
"""Values bound to one ``IN (...)`` list."""


def _chunks(values: list[object]) -> list[list[object]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _known(packed: bytes, mask: bytes | None) -> story.Mask:
    """A brief's mask as the pass compares it (:func:`story.mask_bits`), from its row's values."""
    size = len(packed) // 4
    if not mask:  # none given or stored: made from the sketch
        mask = story.mask(story.unpack(packed))
    return story.mask_bits(mask, size)


def _group(
    conn: sqlite3.Connection, batch: list[tuple[str, bytes, bytes, tuple[int, ...]]], known: dict[str, story.Mask]
) -> None:
    """Group ``batch`` ((id, packed sketch, mask, sketch) of briefs with no sketch row yet), in order;
    ``known``: the masks of briefs seen before (those of the batch and the candidates are added)."""
    # Every posting of every key of the batch, each key's briefs in id order (the index's order).
    keys = sorted({key for *_, signature in batch for key in story.index_keys(signature)})
    shared: dict[int, list[str]] = {}
    # A common key's postings as the pass holds them: as many as make it common (their ids are
    # never read, and nothing is added to a list that long).
    common = [""] * COMMON_KEY
    for chunk in _chunks(list(keys)):
        marks = ",".join("?" * len(chunk))
        # A key that COMMON_KEY briefs share is followed no more: its postings are counted, not read.
        followed: list[object] = []
        for key, count in conn.execute(
            f"SELECT key, count(*) FROM story_keys WHERE key IN ({marks}) GROUP BY key", chunk
        ):
            if count >= COMMON_KEY:
                shared[key] = common
            else:
                followed.append(key)
        if followed:
            marks = ",".join("?" * len(followed))
            for key, other in conn.execute(
                f"SELECT key, brief_id FROM story_keys WHERE key IN ({marks}) ORDER BY key, brief_id", followed
            ):
                shared.setdefault(key, []).append(other)
    # The stored briefs that can be candidates (briefs of the batch only push them further back).
    stored = {other for others in shared.values() if len(others) < COMMON_KEY for other in others[:FOLLOWED]}
    packed_of: dict[str, bytes] = {}
    for chunk in _chunks(list[object](sorted(stored.difference(known)))):
        marks = ",".join("?" * len(chunk))
        for other, packed, mask in conn.execute(
            f"SELECT brief_id, sketch, mask FROM story_sketch WHERE brief_id IN ({marks})", chunk
        ):
            known[other], packed_of[other] = _known(packed, mask), packed
    # The group labels of the batch and of the stored briefs it joins (read as they match).
    labels: dict[str, str | None] = {}
    touched: set[str] = set()
    new_keys: list[tuple[int, str]] = []
    for brief_id, packed, mask, signature in batch:
        keys_of = story.index_keys(signature)
        mine = _known(packed, mask)
        matches: dict[str, str | None] = {}
        for other in {
            other for key in keys_of if len(others := shared.get(key, ())) < COMMON_KEY for other in others[:FOLLOWED]
        }:
            theirs = known.get(other)
            if theirs is None:
                continue
            # the masks rule out nearly every candidate; story.same_story decides for the rest
            if story.may_be_same_story(mine, theirs) and story.same_story(
                signature, story.unpack(_sketch_of(conn, other, packed_of, labels))
            ):
                matches[other] = labels[other]
        known[brief_id], packed_of[brief_id] = mine, packed
        labels[brief_id] = _join_batch(conn, matches, labels, touched) if matches else None
        for key in keys_of:
            others = shared.setdefault(key, [])
            if len(others) < COMMON_KEY:
                bisect.insort(others, brief_id)
                new_keys.append((key, brief_id))
    # Written in key order, as the keys are: each page of the tables is visited once, in order.
    conn.executemany(
        "INSERT INTO story_sketch (brief_id, sketch, mask, keys, story) VALUES (?, ?, ?, ?, ?)",
        sorted(
            (brief_id, packed, mask, "[" + ",".join(map(str, story.index_keys(signature))) + "]", labels[brief_id])
            for brief_id, packed, mask, signature in batch
        ),
    )
    conn.executemany("INSERT OR IGNORE INTO story_keys (key, brief_id) VALUES (?, ?)", sorted(new_keys))
    for label in sorted(touched):
        _refresh_heads(conn, label)


def _sketch_of(
    conn: sqlite3.Connection, brief_id: str, packed_of: dict[str, bytes], labels: dict[str, str | None]
) -> bytes:
    """The packed sketch of a candidate, read with its group label when the pass has neither."""
    if brief_id not in packed_of or brief_id not in labels:
        packed, label = conn.execute(
            "SELECT sketch, story FROM story_sketch WHERE brief_id = ?", (brief_id,)
        ).fetchone()
        packed_of.setdefault(brief_id, packed)
        labels.setdefault(brief_id, label)
    return packed_of[brief_id]


def _join_batch(
    conn: sqlite3.Connection, matches: dict[str, str | None], labels: dict[str, str | None], touched: set[str]
) -> str | None:
    """The group label of a brief similar to ``matches`` (id -> their label), merging their groups:
    in ``labels`` (the briefs the pass holds) and in the stored rows; ``touched`` gets the groups
    whose hidden members must be recorded again."""
    if not matches:
        return None
    found = {label for label in matches.values() if label is not None}
    label = min(found) if found else min(matches)
    for other in found - {label}:
        conn.execute("UPDATE story_sketch SET story = ? WHERE story = ?", (label, other))
        conn.execute("DELETE FROM story_hidden WHERE story = ?", (other,))
        for brief_id, its in labels.items():
            if its == other:
                labels[brief_id] = label
        touched.discard(other)
    alone = [other_id for other_id, other_label in matches.items() if other_label is None]
    conn.executemany("UPDATE story_sketch SET story = ? WHERE brief_id = ?", [(label, other_id) for other_id in alone])
    for other_id in alone:
        labels[other_id] = label
    touched.add(label)
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
