"""Same-story groups: each brief's story sketch, the index that finds its candidates, and its group.

Tables (made by migrations 9 and 14, :func:`create_schema`):

- ``story_sketch``: one row per brief with a sketch (:mod:`tui.text.story`: of its shingles, or exact
  for a short brief), the sketch's ``mask`` (:func:`~tui.text.story.mask`, since version 13: it
  rules most candidates out without comparing their sketches) and ``story``, the label of its
  same-story group (the id of the group's first brief), or NULL while it is alone. It follows its
  brief: ``ON DELETE CASCADE``.
- ``story_hidden``: the briefs the list shows under another brief of their group (every member
  but the first in list order), so the grouped list skips them with one probe of a small table.
  Kept by :func:`_refresh_heads` when a group changes, and by the trigger when a member goes.
- ``story_keys``: ``(key, brief_id)`` for each of a brief's :data:`~tui.text.story.KEYS` smallest
  hashes, so the briefs sharing one are found with an index probe, never a scan. A trigger removes
  a brief's keys with its sketch row.
- ``story_keys_new`` (since version 14): the keys a writer has added and not yet put into
  ``story_keys``, in the order written (see :class:`Grouping`). Keys are hashes, so each batch's
  keys land on nearly every page of ``story_keys``: written there batch by batch, an import
  rewrote the whole table at every commit (at 100,000 briefs, a tenth of the import's time).
  Appended here instead, they reach ``story_keys`` once, in key order, when the writer ends
  (:meth:`Grouping.settle`); a writer stopped before that leaves them for the next one.

The briefs an import's transaction writes are grouped together before it commits
(:class:`Grouping`): a brief's candidates are the briefs sharing a key; those that the masks do
not rule out are compared, and those whose sketches are similar enough
(:data:`~tui.text.story.SAME_STORY`) join it in one group (two groups it bridges become one). A key
that :data:`COMMON_KEY` briefs share already is a stock phrase (a source line, a standard formula)
and is no longer indexed: it would make every brief a candidate of every other.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections.abc import Callable, Sequence

from tui.store.params import chunks
from tui.text import story

COMMON_KEY = 30
"""A key shared by this many briefs is not indexed any more. Its briefs are followed to candidates
only when they make :data:`FOLLOWED` groups or fewer: a story republished by more outlets than that
(one group), not a stock phrase (a group each); one brief of each group is then enough."""
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


STAGED = "CREATE TABLE IF NOT EXISTS story_keys_new (key INTEGER NOT NULL, brief_id TEXT NOT NULL)"
"""The statement that made ``story_keys_new`` in version 14."""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (inside the caller's transaction)."""
    for statement in (*SCHEMA, STAGED):
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

    The masks of the briefs it has read or written (up to :data:`KNOWN`) and the postings of the
    keys it has read or written (up to :data:`KEPT_KEYS`) are kept from one batch to the next: an
    import's candidates are mostly briefs it wrote itself, in earlier batches, and the keys of a
    batch mostly keys the earlier ones read already. What it keeps is what the store holds, as
    long as only this writer changes the story tables: a brief added again here is taken out of
    them first, and when another connection has committed a change to the store since the last
    batch (``PRAGMA data_version``), everything kept is forgotten.

    The keys it adds go to ``story_keys_new`` (appended, so a commit writes a few pages, not the
    whole key index), and the pass reads them from what it keeps. They are put into ``story_keys``
    (:func:`merge_staged`) whenever it starts keeping afresh, before it forgets a key, and by
    :meth:`settle`, which the writer calls last; so ``story_keys`` holds every key whenever the
    pass reads it.
    """

    def __init__(self) -> None:
        """No brief yet."""
        self._pending: dict[str, tuple[bytes, bytes]] = {}
        self._known: dict[str, story.Mask] = {}
        self._postings: dict[int, list[str]] = {}
        self._version: int | None = None
        self._staged = False

    def add(self, conn: sqlite3.Connection, brief_id: str, packed: bytes, mask: bytes, *, replace: bool = True) -> None:
        """A brief written in this transaction, with its packed sketch and its mask (:func:`story.pack`
        and :func:`story.mask` of its sketch); ``replace=False`` for a brief new to the store (it has
        no sketch to remove). An empty sketch (too little text) puts the brief in no group.

        A brief replacing one already stored leaves its old group first, once the briefs added
        before it are grouped (so they are grouped as they would have been one by one)."""
        if replace:
            self.flush(conn)
            self._forget(conn, brief_id)
            conn.execute("DELETE FROM story_sketch WHERE brief_id = ?", (brief_id,))
        self._pending.pop(brief_id, None)
        self._pending[brief_id] = (packed, mask)

    def flush(self, conn: sqlite3.Connection) -> None:
        """Group the briefs added since the last flush and store their sketches and keys."""
        pending, self._pending = self._pending, {}
        batch = [(brief_id, packed, mask, story.unpack(packed)) for brief_id, (packed, mask) in pending.items()]
        batch = [item for item in batch if item[3]]
        if not batch:
            return
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self._version or len(self._known) > KNOWN or len(self._postings) > KEPT_KEYS:
            merge_staged(conn)  # a stopped writer's keys, or this one's: all read from story_keys now
            self._known, self._postings, self._version = {}, {}, version
        _group(conn, batch, self._known, self._postings)
        self._staged = True

    @property
    def staged(self) -> bool:
        """Whether keys this writer added may still wait in ``story_keys_new``."""
        return self._staged

    def settle(self, conn: sqlite3.Connection) -> None:
        """Put the keys this writer added into ``story_keys`` (in its last transaction)."""
        if self._staged:
            merge_staged(conn)
            self._staged = False

    def _forget(self, conn: sqlite3.Connection, brief_id: str) -> None:
        """Take a stored brief out of what is kept, before its sketch row (and so its keys) goes."""
        self._known.pop(brief_id, None)
        self.settle(conn)  # a key forgotten is read again from story_keys: it must hold them all
        row = conn.execute("SELECT keys FROM story_sketch WHERE brief_id = ?", (brief_id,)).fetchone()
        for key in json.loads(row[0]) if row else ():
            others = self._postings.get(key)
            if others is not None and (len(others) >= COMMON_KEY or brief_id in others):
                del self._postings[key]  # read again when next needed


KNOWN = 50_000
"""Briefs whose masks a :class:`Grouping` keeps (about 200 bytes each; past that it starts again)."""
KEPT_KEYS = 100_000
"""Keys whose postings a :class:`Grouping` keeps (about 200 bytes each; past that it starts again)."""


def _known(packed: bytes, mask: bytes | None) -> story.Mask:
    """A brief's mask as the pass compares it (:func:`story.mask_bits`), from its row's values."""
    size = len(packed) // 4
    if not mask:  # none given or stored: made from the sketch
        mask = story.mask(story.unpack(packed))
    return story.mask_bits(mask, size)


def _group(
    conn: sqlite3.Connection,
    batch: list[tuple[str, bytes, bytes, tuple[int, ...]]],
    known: dict[str, story.Mask],
    shared: dict[int, list[str]],
) -> None:
    """Group ``batch`` ((id, packed sketch, mask, sketch) of briefs with no sketch row yet), in order;
    ``known``: the masks of briefs seen before, ``shared``: the postings of keys read before, each
    key's briefs in id order (the index's order); what the pass reads and writes is added to both."""
    batch_keys = {key for *_, signature in batch for key in story.index_keys(signature)}
    _read_postings(conn, sorted(batch_keys.difference(shared)), shared)
    # The group labels of the batch and of the stored briefs it joins (read as they match).
    labels: dict[str, str | None] = {}
    common_keys = [key for key in batch_keys if len(shared[key]) >= COMMON_KEY]
    _read_labels(conn, {other for key in common_keys for other in shared[key]}, labels)
    # The stored briefs that can be candidates (briefs of the batch only push them further back).
    stored = {other for key in batch_keys if len(others := shared[key]) < COMMON_KEY for other in others[:FOLLOWED]}
    stored.update(other for key in common_keys for other in _one_a_group(shared[key], labels, FOLLOWED))
    packed_of: dict[str, bytes] = {}
    for chunk in chunks(sorted(stored.difference(known))):
        marks = ",".join("?" * len(chunk))
        for other, packed, mask in conn.execute(
            f"SELECT brief_id, sketch, mask FROM story_sketch WHERE brief_id IN ({marks})", chunk
        ):
            known[other], packed_of[other] = _known(packed, mask), packed
    touched: set[str] = set()
    new_keys: list[tuple[int, str]] = []
    no_postings: list[str] = []
    common, followed, same = COMMON_KEY, FOLLOWED, story.SAME_STORY
    for brief_id, packed, mask, signature in batch:
        keys_of = story.index_keys(signature)
        mine = _known(packed, mask)
        bits, lost, size = mine
        candidates: set[str] = set()
        for key in keys_of:
            others = shared.get(key, no_postings)
            if len(others) < common:
                candidates.update(others[:followed])
            else:
                candidates.update(_one_a_group(others, labels, followed))
        matches: dict[str, str | None] = {}
        for other in candidates:
            theirs = known.get(other)
            if theirs is None:
                continue
            # story.may_be_same_story written out (the bound with the smaller "lost" is the two
            # bounds both met): the masks rule out nearly every candidate, and story.same_story
            # decides for the rest
            their_bits, their_lost, their_size = theirs
            both = (bits & their_bits).bit_count()
            need = same * (size if size < their_size else their_size)
            if (
                both + lost >= need
                and both + their_lost >= need
                and story.same_story(signature, story.unpack(_sketch_of(conn, other, packed_of, labels)))
            ):
                matches[other] = labels[other]
        known[brief_id], packed_of[brief_id] = mine, packed
        labels[brief_id] = _join_batch(conn, matches, labels, touched) if matches else None
        for key in keys_of:
            others = shared[key]
            if len(others) < common:
                bisect.insort(others, brief_id)
                new_keys.append((key, brief_id))
    # The sketches in id order (each page of the table visited once, in order); the keys appended.
    conn.executemany(
        "INSERT INTO story_sketch (brief_id, sketch, mask, keys, story) VALUES (?, ?, ?, ?, ?)",
        sorted(
            (brief_id, packed, mask, "[" + ",".join(map(str, story.index_keys(signature))) + "]", labels[brief_id])
            for brief_id, packed, mask, signature in batch
        ),
    )
    conn.executemany("INSERT INTO story_keys_new (key, brief_id) VALUES (?, ?)", new_keys)
    for label in sorted(touched):
        _refresh_heads(conn, label)


def merge_staged(conn: sqlite3.Connection) -> None:
    """Put the keys waiting in ``story_keys_new`` into ``story_keys``, in key order (inside the
    caller's transaction). The keys of a brief whose sketch row is gone (the brief removed, or
    written again and not grouped yet) are dropped: a :class:`Grouping` merges them before it
    removes a row itself, and before it writes any."""
    conn.execute(
        "INSERT OR IGNORE INTO story_keys (key, brief_id) SELECT n.key, n.brief_id FROM story_keys_new n"
        " JOIN story_sketch s ON s.brief_id = n.brief_id ORDER BY n.key, n.brief_id"
    )
    conn.execute("DELETE FROM story_keys_new")


def _read_postings(conn: sqlite3.Connection, keys: list[int], shared: dict[int, list[str]]) -> None:
    """Put the stored postings of ``keys`` (none of them in ``shared`` yet) into ``shared``, each
    key's briefs in id order (a key is indexed for :data:`COMMON_KEY` briefs at most)."""
    for chunk in chunks(keys):
        marks = ",".join("?" * len(chunk))
        for key, other in conn.execute(
            f"SELECT key, brief_id FROM story_keys WHERE key IN ({marks}) ORDER BY key, brief_id", chunk
        ):
            shared.setdefault(key, []).append(other)
    for key in keys:
        shared.setdefault(key, [])


def _read_labels(conn: sqlite3.Connection, briefs: set[str], labels: dict[str, str | None]) -> None:
    """Put the group labels of the stored ``briefs`` that ``labels`` lacks into it."""
    for chunk in chunks(sorted(briefs.difference(labels))):
        marks = ",".join("?" * len(chunk))
        labels.update(conn.execute(f"SELECT brief_id, story FROM story_sketch WHERE brief_id IN ({marks})", chunk))


def _one_a_group(others: list[str], labels: dict[str, str | None], followed: int) -> list[str]:
    """The candidates a common key gives (:data:`COMMON_KEY`): the first of its briefs of each group
    (a brief alone is a group of its own) when they make ``followed`` groups or fewer, else none."""
    firsts: dict[str, str] = {}
    for other in others:
        group = labels.get(other) or other
        if group not in firsts:
            if len(firsts) == followed:
                return []
            firsts[group] = other
    return list(firsts.values())


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


def recheck_groups(conn: sqlite3.Connection) -> int:
    """Split the stored groups whose members are no longer one story by :func:`story.same_story`
    (inside the caller's transaction); returns how many briefs changed group.

    Each group's members are compared two by two. A group whose members the old rule
    (:func:`story.same_story_estimated`) linked and today's does not is split: each set of members
    linked by similar pairs keeps a group of its own (the one holding the old label keeps it,
    another takes its first id), and a brief similar to no other member is left alone. A group the
    old rule did not link either (its bridge, a brief since removed) is left as it is: only the
    rule's change is undone. Made for version 16, when the similarity of two short briefs came to be
    counted rather than estimated (two teasers sharing one stock sentence had been grouped)."""
    labels = [row[0] for row in conn.execute("SELECT DISTINCT story FROM story_sketch WHERE story IS NOT NULL")]
    used = set(labels)
    changed = 0
    for label in labels:  # one group in memory at a time
        group = [
            (brief_id, story.unpack(packed))
            for brief_id, packed in conn.execute(
                "SELECT brief_id, sketch FROM story_sketch WHERE story = ? ORDER BY brief_id", (label,)
            )
        ]
        parts = _linked(group, story.same_story)
        if len(parts) == 1 or len(_linked(group, story.same_story_estimated)) > 1:
            continue
        for part in parts:
            alone = len(part) == 1
            # a label is a member's id that no other group has for its label
            new_label = None if alone else label if label in part else next((b for b in part if b not in used), part[0])
            if new_label == label:
                continue
            used.add(new_label or "")
            changed += len(part)
            conn.executemany("UPDATE story_sketch SET story = ? WHERE brief_id = ?", [(new_label, b) for b in part])
            if new_label is None:
                conn.execute("DELETE FROM story_hidden WHERE brief_id = ?", (part[0],))
            else:
                _refresh_heads(conn, new_label)
        _refresh_heads(conn, label)
    return changed


def _linked(
    group: list[tuple[str, tuple[int, ...]]], similar: Callable[[tuple[int, ...], tuple[int, ...]], bool]
) -> list[list[str]]:
    """The members of a group (id and sketch, in id order) split into the sets that pairs
    ``similar`` finds link, each in id order."""
    parent = list(range(len(group)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sets = [frozenset(signature) for _, signature in group]
    for i, (_, mine) in enumerate(group):
        for j in range(i):
            other = group[j][1]
            # a share of hashes under the bar rules a pair out unread (both rules ask for it first)
            if len(sets[i].intersection(other)) < story.SAME_STORY * min(len(mine), len(other)):
                continue
            if root(i) != root(j) and similar(mine, other):
                parent[root(i)] = root(j)
    parts: dict[int, list[str]] = {}
    for i, (brief_id, _) in enumerate(group):
        parts.setdefault(root(i), []).append(brief_id)
    return list(parts.values())


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


def read_with_their_story(conn: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
    """Mark read the briefs of ``ids`` (just written) that were never opened and joined a same-story
    group whose other briefs, those not in ``ids``, are all read (at least one of them): a story the
    reader has read does not come back as unread with each new copy of it. Returns them."""
    if not ids:
        return []
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS story_fresh (id TEXT PRIMARY KEY)")
    try:
        conn.executemany("INSERT OR IGNORE INTO temp.story_fresh VALUES (?)", ((i,) for i in ids))
        others = (
            "SELECT 1 FROM story_sketch o JOIN briefs b ON b.id = o.brief_id WHERE o.story = s.story"
            " AND b.is_read = {} AND o.brief_id NOT IN (SELECT id FROM temp.story_fresh)"
        )
        found = [
            r[0]
            for r in conn.execute(
                "SELECT n.id FROM temp.story_fresh n JOIN story_sketch s ON s.brief_id = n.id"
                " WHERE s.story IS NOT NULL AND NOT EXISTS (SELECT 1 FROM state WHERE brief_id = n.id)"
                f" AND EXISTS ({others.format(1)}) AND NOT EXISTS ({others.format(0)})"
            )
        ]
    finally:
        conn.execute("DELETE FROM temp.story_fresh")
    conn.executemany("INSERT INTO state (brief_id, read) VALUES (?, 1)", ((i,) for i in found))
    return found
