"""Removing briefs from the store, and putting them back (the reader's undo).

:func:`remove_briefs` deletes briefs by id in the caller's transaction: their texts, their
read-also links, their reading state and their rows in the search index go; links from other
briefs to them stay in those briefs and are resolved again: to another stored brief with that title
(a republished copy), else "not in store" (``target`` NULL) until a brief with that title is
imported; their entries leave the back/forward history kept in ``meta``. A brief that came from
a feed is remembered in ``removed`` (its id and feed) so that the next fetch does not bring it back
while the entry is still in the feed (a file with its id is imported as any file is).

What was removed comes back as :class:`Removed`, which holds every row it took:
:func:`restore_briefs` writes them back (the search index, links to and from them, reading state,
history and same-story groups included), which is how the reader undoes a deletion.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tui.errors import UsageError
from tui.store import bodies, index, stories
from tui.store.links import resolve_links
from tui.text.stem import get_stemmer

if TYPE_CHECKING:
    from tui.store.store import Store

HISTORY_KEY = "history"
"""The ``meta`` key of the reader's back/forward history (see :mod:`tui.ui.session`)."""

_BRIEF_COLUMNS = (
    "rowid, id, title, title_norm, date, written_date, undated, source, url, tags, extra, path, encoding,"
    " content_hash, imported_at, feed"
)


@dataclass(frozen=True)
class RemovedBrief:
    """Every row of one removed brief, as it was stored."""

    id: str
    rowid: int
    title: str
    feed: str | None
    brief: tuple[object, ...]
    """The ``briefs`` row (:data:`_BRIEF_COLUMNS`, rowid first)."""
    texts: bytes | None
    """Its paragraphs as stored in ``bodies`` (compressed: :mod:`tui.store.bodies`), or None."""
    links: tuple[tuple[object, ...], ...]
    """``(pos, label, text, text_norm, target, href)`` of each read-also line."""
    state: tuple[object, ...] | None
    """``(read, bookmarked, scroll, opened_at)``, or None when it had none."""
    incoming: tuple[tuple[str, int, str], ...]
    """``(brief, pos, text_norm)`` of the links of other briefs that pointed at it."""


@dataclass(frozen=True)
class Removed:
    """What :func:`remove_briefs` took out of the store, enough to put it back."""

    briefs: tuple[RemovedBrief, ...] = ()
    history: str | None = None
    """The history in ``meta`` before the removal (None when the removal left it unchanged)."""
    history_after: str | None = None
    """The history the removal left, so that an undo restores it only when nothing changed it since."""
    unlinked: int = 0
    """Links of other briefs that now point at no stored brief."""
    ids: tuple[str, ...] = field(default=())
    """The ids removed, in the order given."""

    @property
    def count(self) -> int:
        """How many briefs were removed."""
        return len(self.briefs)


def unknown_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[str]:
    """The ids of ``ids`` that name no stored brief, in the order given."""
    return [i for i in dict.fromkeys(ids) if conn.execute("SELECT 1 FROM briefs WHERE id = ?", (i,)).fetchone() is None]


def _snapshot(conn: sqlite3.Connection, brief_id: str) -> RemovedBrief | None:
    """Every row of one brief, or None when it is not stored."""
    row = conn.execute(f"SELECT {_BRIEF_COLUMNS} FROM briefs WHERE id = ?", (brief_id,)).fetchone()
    if row is None:
        return None
    texts = conn.execute("SELECT texts FROM bodies WHERE brief_id = ?", (brief_id,)).fetchone()
    links = conn.execute(
        "SELECT pos, label, text, text_norm, target, href FROM links WHERE brief_id = ? ORDER BY pos", (brief_id,)
    )
    state = conn.execute(
        "SELECT read, bookmarked, scroll, opened_at FROM state WHERE brief_id = ?", (brief_id,)
    ).fetchone()
    incoming = conn.execute(
        "SELECT brief_id, pos, text_norm FROM links WHERE target = ? AND brief_id != ?", (brief_id, brief_id)
    )
    return RemovedBrief(
        id=brief_id,
        rowid=int(row[0]),
        title=str(row[2]),
        feed=row[14],
        brief=tuple(row),
        texts=bytes(texts[0]) if texts is not None else None,
        links=tuple(tuple(r) for r in links),
        state=tuple(state) if state is not None else None,
        incoming=tuple((str(b), int(p), str(n)) for b, p, n in incoming),
    )


def remove_briefs(conn: sqlite3.Connection, ids: Sequence[str]) -> Removed:
    """Delete the briefs ``ids`` (ids not stored are skipped) inside the caller's transaction.

    A contentless index forgets a brief only when told the words it was given, so they are
    computed from the stored brief before its rows go, and given to the index after every row
    change: FTS5 writes what it holds in memory as a new index segment whenever another statement
    opens a savepoint, so index writes interleaved with row changes would make a segment per brief
    (and, past the merge threshold, a merge of the whole index). Returns every row taken, for
    :func:`restore_briefs`.
    """
    stem = get_stemmer(index.stemmer_name(conn))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    taken: list[RemovedBrief] = []
    forget: list[tuple[int, index.Columns]] = []
    for brief_id in dict.fromkeys(ids):
        snapshot = _snapshot(conn, brief_id)
        if snapshot is None:
            continue
        columns = index.stored_columns(conn, snapshot.rowid, stem)
        if columns is not None:
            forget.append((snapshot.rowid, columns))
        conn.execute("UPDATE links SET target = NULL WHERE target = ?", (brief_id,))
        conn.execute("DELETE FROM state WHERE brief_id = ?", (brief_id,))
        conn.execute("DELETE FROM links WHERE brief_id = ?", (brief_id,))
        conn.execute("DELETE FROM bodies WHERE brief_id = ?", (brief_id,))
        conn.execute("DELETE FROM briefs WHERE id = ?", (brief_id,))
        if snapshot.feed is not None:
            conn.execute(
                "INSERT OR REPLACE INTO removed (id, feed, removed_at) VALUES (?, ?, ?)",
                (brief_id, snapshot.feed, now),
            )
        taken.append(snapshot)
    gone = {b.id for b in taken}
    before, after = _forget_in_history(conn, gone)
    conn.executemany(
        f"INSERT INTO {index.TABLE}({index.TABLE}, rowid, title, body, title_stem, body_stem)"
        " VALUES ('delete', ?, ?, ?, ?, ?)",
        [(rowid, *columns) for rowid, columns in forget],
    )
    # The links that pointed at a removed brief find another with that title, if one is stored.
    freed = [(source, pos) for b in taken for source, pos, _ in b.incoming if source not in gone]
    if freed:
        resolve_links(conn, sorted({source for source, _ in freed}))
    unlinked = sum(
        1
        for source, pos in freed
        if conn.execute("SELECT target IS NULL FROM links WHERE brief_id = ? AND pos = ?", (source, pos)).fetchone()[0]
    )
    return Removed(tuple(taken), before, after, unlinked, tuple(b.id for b in taken))


def _forget_in_history(conn: sqlite3.Connection, gone: set[str]) -> tuple[str | None, str | None]:
    """Drop the removed briefs from the history in ``meta``; returns (before, after), or (None, None)
    when it held none of them (or cannot be read: the reader then drops them when it loads it)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (HISTORY_KEY,)).fetchone()
    if row is None or not gone:
        return None, None
    before = str(row[0])
    try:
        data = json.loads(before)
        entries = data["entries"]
        current = int(data.get("current", -1))
        kept = [e for e in entries if e[0] not in gone]
    except (ValueError, TypeError, KeyError, IndexError):
        return None, None
    if len(kept) == len(entries):
        return None, None
    # The current entry, or the nearest kept one before it.
    current = sum(1 for e in entries[: current + 1] if e[0] not in gone) - 1
    after = json.dumps({"entries": kept, "current": max(current, 0) if kept else -1}, ensure_ascii=False)
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (after, HISTORY_KEY))
    return before, after


def restore_briefs(conn: sqlite3.Connection, removed: Removed) -> list[str]:
    """Put back what :func:`remove_briefs` took, inside the caller's transaction.

    A brief stored again meanwhile under the same id (imported again) is left as it is. Links to
    briefs removed since point nowhere and are resolved afresh, as after an import. Returns the ids
    put back.
    """
    stem = get_stemmer(index.stemmer_name(conn))
    restored: list[RemovedBrief] = []
    for brief in removed.briefs:
        if conn.execute("SELECT 1 FROM briefs WHERE id = ?", (brief.id,)).fetchone() is not None:
            continue
        rowid: int | None = brief.rowid
        if conn.execute("SELECT 1 FROM briefs WHERE rowid = ?", (rowid,)).fetchone() is not None:
            rowid = None  # taken by a brief imported since: any free rowid will do
        marks = ",".join("?" * len(brief.brief))
        conn.execute(f"INSERT INTO briefs ({_BRIEF_COLUMNS}) VALUES ({marks})", (rowid, *brief.brief[1:]))
        if brief.texts is not None:
            bodies.write(conn, brief.id, brief.texts)
        if brief.state is not None:
            conn.execute(
                "INSERT INTO state (brief_id, read, bookmarked, scroll, opened_at) VALUES (?, ?, ?, ?, ?)",
                (brief.id, *brief.state),
            )
        conn.execute("DELETE FROM removed WHERE id = ?", (brief.id,))
        restored.append(brief)
    ids = [b.id for b in restored]
    columns: list[tuple[int, index.Columns]] = []
    for brief in restored:
        # Own links after every brief is back, so links among the restored briefs keep their target.
        conn.executemany(
            "INSERT INTO links (brief_id, pos, label, text, text_norm, target, href)"
            " VALUES (?, ?, ?, ?, ?, (SELECT id FROM briefs WHERE id = ?), ?)",
            [(brief.id, *link) for link in brief.links],
        )
        row = conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief.id,)).fetchone()
        columns.append((int(row[0]), index.index_columns(brief.title, _body(conn, brief.id), stem)))
    for rowid_, indexed in columns:  # after every row change: one index segment (see remove_briefs)
        index.index_brief(conn, rowid_, indexed)
    # Their same-story sketches, grouped again as an import groups them: a brief put back rejoins
    # the copies of its story that stayed (its group may have changed while it was away).
    grouping = stories.Grouping()
    for brief, (_, indexed) in zip(restored, columns, strict=True):
        grouping.add(conn, brief.id, *index.story_sketch(indexed), replace=False)
    grouping.flush(conn)
    grouping.settle(conn)
    if ids:
        # Links that point nowhere (to briefs removed since) and links written while these were
        # away are resolved as an import resolves them.
        resolve_links(conn, ids)
    for brief in restored:
        for source, pos, text_norm in brief.incoming:
            conn.execute(  # then each link that pointed here points here again, as it did before
                "UPDATE links SET target = ? WHERE brief_id = ? AND pos = ? AND text_norm = ?",
                (brief.id, source, pos, text_norm),
            )
    if removed.history is not None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (HISTORY_KEY,)).fetchone()
        if row is not None and row[0] == removed.history_after:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (removed.history, HISTORY_KEY))
    return ids


def _body(conn: sqlite3.Connection, brief_id: str) -> str:
    """The brief's blocks as the index's body column takes them."""
    return "\n".join(index.brief_blocks(conn, brief_id))


def is_removed(conn: sqlite3.Connection, brief_id: str) -> bool:
    """True when a feed brief with this id was removed and must not come back with a fetch."""
    return conn.execute("SELECT 1 FROM removed WHERE id = ?", (brief_id,)).fetchone() is not None


class UnknownBriefError(UsageError):
    """Ids that name no stored brief; nothing was removed."""

    def __init__(self, ids: Sequence[str]) -> None:
        """Name every unknown id."""
        self.ids = list(ids)
        from tui.text.sanitize import shown_args

        names = shown_args(self.ids)
        super().__init__(f"no brief with id {names} in the store; nothing was removed (see 'brief list')")


def delete(store: Store, ids: Sequence[str]) -> Removed:
    """Remove the briefs ``ids`` from ``store`` in one transaction, all or none.

    Raises :class:`UnknownBriefError`, removing nothing, when any id names no stored brief.
    """
    with store.writing() as conn:
        unknown = unknown_ids(conn, ids)
        if unknown:
            raise UnknownBriefError(unknown)
        return remove_briefs(conn, ids)


def restore(store: Store, removed: Removed) -> list[str]:
    """Put back the briefs :func:`delete` removed, in one transaction; returns their ids."""
    with store.writing() as conn:
        return restore_briefs(conn, removed)
