"""Writing briefs into the store: idempotent, one transaction per batch.

An unchanged file (same content hash, same id) changes nothing; a changed one replaces its brief in
place, keeping its reading state. The search index and link targets are updated in the same
transaction, so a crash leaves either the whole batch or none of it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import NamedTuple

from tui.models import Article
from tui.stop_signals import STOPPING
from tui.store import bodies, index, stories
from tui.store import feeds as feed_sql
from tui.store.index_writes import IndexWrites
from tui.store.links import Written, resolve_dangling, resolve_links
from tui.store.new_briefs import FLUSH_AT, NewBriefs
from tui.store.params import chunks
from tui.store.removal import is_removed
from tui.store.segments import settle
from tui.store.space import give_back_free_pages
from tui.store.store import Store
from tui.text.dates import sortable_date
from tui.text.normalize import normalize_title
from tui.text.stem import Stemmer


@dataclass
class BatchResult:
    """What one batch did."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    """Lines for the user, e.g. a brief updated from a file in another folder."""
    refused: list[tuple[str, str]] = field(default_factory=list)
    """``(file, reason)`` of each brief file not written: its id is a feed's brief (:func:`_write_one`)."""

    def add(self, other: BatchResult) -> None:
        """Add another batch's counts and notes to this one."""
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.notes.extend(other.notes)
        self.refused.extend(other.refused)


class BriefRows(NamedTuple):
    """A brief as the rows it is stored in: computed from the file alone, so in a worker process."""

    id: str
    content_hash: str
    path: str | None
    values: tuple[object, ...]
    """The ``briefs`` columns from ``title`` to ``feed`` (see :data:`tui.store.new_briefs.COLUMNS`)."""
    texts: bytes
    """The paragraphs, packed for the ``bodies`` table (:func:`tui.store.bodies.pack`)."""
    links: list[tuple[int, str, str, str, str | None]]
    """(pos, label, text, folded text, linked URL or None) of each read-also line."""
    columns: tuple[bytes, bytes, bytes, bytes]
    """The brief's search index columns (:func:`tui.store.index.index_columns`) in UTF-8."""
    story: bytes = b""
    """The brief's same-story sketch, packed (:func:`tui.store.index.story_sketch`)."""
    story_mask: bytes = b""
    """The sketch's mask (:func:`tui.text.story.mask`), made here so that the writer need not."""
    keeps_date: bool = False
    """An update leaves the brief's date as it is (:attr:`tui.models.Article.date_is_fetch_time`)."""


def brief_rows(article: Article, stem: Stemmer) -> BriefRows:
    """The rows of ``article``, its index columns computed with ``stem`` (the store's stemmer).

    The long texts are bytes: the paragraphs compressed (:func:`tui.store.bodies.pack`), the index
    columns in UTF-8. They go from a worker process to the writer and into SQLite as they are
    (``CAST(? AS TEXT)`` for the index), never decoded on the way, which spares the writer, the one
    part of an import that cannot be shared, about a tenth of its work.
    """
    when = sortable_date(article.date)
    values = (
        article.title,
        normalize_title(article.title),
        when,
        article.date if article.date != when else None,
        int(article.date is None),
        article.source,
        article.url,
        bodies.to_json(list(article.tags)),
        bodies.to_json([list(kv) for kv in article.extra]) if article.extra else "[]",
        article.path,
        article.encoding,
        article.content_hash,
        article.feed,
    )
    paragraphs = []
    links = []
    for pos, block in enumerate(article.blocks):
        if block.kind == "link":
            links.append((pos, block.label, block.text, normalize_title(block.text), block.href))
        else:
            paragraphs.append(block.text)
    columns = index.article_columns_utf8(article, stem)
    return BriefRows(
        article.id,
        article.content_hash,
        article.path,
        values,
        bodies.pack(paragraphs),
        links,
        columns,
        *index.story_sketch(columns),
        keeps_date=article.date_is_fetch_time,
    )


LINKS_PENDING_KEY = "links_fuzzy_pending"
"""``meta`` key set while a bulk import's links wait for their fuzzy pass (:func:`finish_import`): an
import stopped before it leaves the key, and the next import's pass then tries every link."""
UPDATED_KEPT = 10_000
"""The ids of at most this many updated briefs are kept for the fuzzy pass; beyond, it tries every link."""


class BatchWriter:
    """Writes briefs one by one as they come, one transaction per ``size`` of them.

    A bulk import hands each brief over as soon as a worker has it ready, so the writer never waits
    for a batch to fill, while a batch still commits as one transaction (and so makes one search
    index segment, not one per small write). Use as a context manager: leaving it commits the
    batch in progress; an exception (Ctrl+C included) rolls that batch back and keeps the earlier
    ones. A bulk import passes ``fuzzy_links=False`` (exact titles only, for each batch) and calls
    :func:`finish_import` once at the end, so that fuzzy matching costs once, not once a batch.
    """

    def __init__(
        self,
        store: Store,
        size: int | None = None,
        *,
        fuzzy_links: bool = True,
        max_seconds: float | None = None,
        defer_links: bool = False,
        group_every: int | None = None,
    ) -> None:
        """Write into ``store``, committing every ``size`` briefs (``None``: once, on leaving), and
        after ``max_seconds`` when the batch is not full by then.

        The time bound keeps the write lock short: another program writing the store (the reader
        saving a bookmark) never waits on an import longer than that. With ``defer_links`` no batch
        resolves links: the ids of the briefs written are kept in :attr:`changed` for one
        :func:`resolve_changed` at the end (a fetch that commits often would otherwise resolve the
        store's dangling links again at every commit). With ``group_every``, the briefs' same-story
        groups are found each time that many are written, not all at the commit: a fetch, whose
        parsing workers sit idle while its last batch commits, groups while they work.
        """
        self.store = store
        self.size = size
        self.max_seconds = max_seconds
        self._started = 0.0
        self.fuzzy_links = fuzzy_links
        self.defer_links = defer_links
        self.group_every = group_every
        self.changed: list[str] = []
        """With ``defer_links``: the ids of the briefs added or updated by the committed batches."""
        self.unchanged: list[str] = []
        """With ``defer_links``: the ids of the briefs with read-also lines found already stored as they are
        (a fetch killed before it resolved its links leaves such briefs; the next one resolves them)."""
        self.total = BatchResult()
        """What the committed batches did."""
        self._transaction: ExitStack | None = None
        self._conn: sqlite3.Connection | None = None
        self._batch = BatchResult()
        self._changed: list[str] = []
        self._grouping = stories.Grouping()
        self._count = 0
        self._now = ""
        self._index = IndexWrites()
        """The batch's search index writes, made just before it commits (see :mod:`tui.store.index_writes`)."""
        self._new = NewBriefs()
        """The batch's briefs new to the store, inserted together (see :mod:`tui.store.new_briefs`)."""
        self._after_rowid: int | None = None
        self._updated: set[str] | None = set()
        self._inherited = False
        self._marked = False

    def __enter__(self) -> BatchWriter:
        """Nothing is written until the first brief."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Commit the batch in progress, or roll it back when leaving on an exception (or when the
        commit itself fails: the error then leaves through the store's lock, which names it)."""
        if exc_type is None:
            try:
                self.commit(last=True)
            except BaseException as error:
                if self._transaction is None:
                    raise
                self._roll_back(type(error), error, error.__traceback__)
                raise
        elif self._transaction is not None:
            self._roll_back(exc_type, exc, tb)

    def _roll_back(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Roll the batch in progress back (the store's lock raises an SQLite error as a StoreError)."""
        if self._transaction is None:
            return
        transaction, self._transaction = self._transaction, None
        self._index.discard()
        self._new.discard()
        self._grouping = stories.Grouping()  # the batch's sketches go with it
        transaction.__exit__(exc_type, exc, tb)

    def _begin(self) -> sqlite3.Connection:
        """The connection of the transaction in progress, begun when none is."""
        if self._transaction is None:
            with interrupts_deferred():  # never a transaction begun and left to the garbage collector
                self._transaction = ExitStack()
                self._conn = self._transaction.enter_context(self.store.writing())
            self._now = datetime.now(UTC).isoformat(timespec="seconds")
            self._started = time.monotonic()
            if self._after_rowid is None and self._bulk:
                self._first_batch(self._conn)
        assert self._conn is not None  # set with the transaction
        return self._conn

    def subscribed(self, url: str) -> bool:
        """Whether the feed ``url`` is subscribed, read in the transaction that writes the briefs
        added next (begun if none is open): once it says yes, no other process can unsubscribe the
        feed before they are committed (``brief feeds remove --purge`` during a fetch)."""
        return feed_sql.get_feed(self._begin(), url) is not None

    def add(self, rows: BriefRows) -> None:
        """Write one brief (its rows computed with the store's stemmer); commits a full batch."""
        self._begin()
        assert self._conn is not None  # set with the transaction
        updated = self._batch.updated
        if _write_one(self._conn, rows, self._now, self._batch, self._index, self._grouping, self._new):
            if self._bulk and not self._marked:
                self._mark_pending(self._conn)
            self._changed.append(rows.id)
            if self._bulk and self._batch.updated != updated and self._updated is not None:
                self._updated.add(rows.id)
                if len(self._updated) > UPDATED_KEPT:
                    self._updated = None
        elif self.defer_links and rows.links:
            self.unchanged.append(rows.id)
        self._count += 1
        if len(self._new) >= FLUSH_AT:
            self._new.flush(self._conn, self._index, self._grouping)
        if self.group_every is not None and self._count % self.group_every == 0:
            self._new.flush(self._conn, self._index, self._grouping)
            self._grouping.flush(self._conn)
        if (self.size is not None and self._count >= self.size) or (
            self.max_seconds is not None and time.monotonic() - self._started >= self.max_seconds
        ):
            self.commit()

    @property
    def _bulk(self) -> bool:
        """A bulk import's writer: exact links for each batch, the fuzzy pass left to :func:`finish_import`."""
        return not self.fuzzy_links and not self.defer_links

    def _first_batch(self, conn: sqlite3.Connection) -> None:
        """Note where this bulk import's briefs begin, and whether an earlier one stopped before its
        fuzzy pass (:data:`LINKS_PENDING_KEY`)."""
        self._after_rowid = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM briefs").fetchone()[0])
        self._inherited = conn.execute("SELECT 1 FROM meta WHERE key = ?", (LINKS_PENDING_KEY,)).fetchone() is not None

    def _mark_pending(self, conn: sqlite3.Connection) -> None:
        """Mark the fuzzy pass as pending with the first brief written, in that batch's transaction; an
        import that changes nothing leaves no mark."""
        self._marked = True
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (LINKS_PENDING_KEY,))

    def written(self) -> Written | None:
        """What this writer wrote, for :func:`finish_import`; None when every unresolved link must be
        tried (an earlier import stopped before its fuzzy pass, or too many briefs were updated)."""
        if self._after_rowid is None or self._inherited or self._updated is None:
            return None
        return Written(self._after_rowid, frozenset(self._updated))

    def open_seconds(self) -> float:
        """How long the transaction in progress has been open (0 when none is)."""
        return time.monotonic() - self._started if self._transaction is not None else 0.0

    def counts(self) -> tuple[int, int, int]:
        """(imported, updated, unchanged) so far, the batch in progress included."""
        return (
            self.total.imported + self._batch.imported,
            self.total.updated + self._batch.updated,
            self.total.unchanged + self._batch.unchanged,
        )

    def notes(self) -> list[str]:
        """The writer's lines for the user so far (:attr:`BatchResult.notes`), the batch in progress included."""
        return self.total.notes + self._batch.notes

    def commit(self, *, last: bool = False) -> None:
        """Re-resolve the links the batch touches and commit it (a new transaction starts with the
        next brief); ``last``: the writer ends, and the same-story keys it added are put in their
        index (:meth:`tui.store.stories.Grouping.settle`) with this commit."""
        if self._transaction is None or self._conn is None:
            if last and self._grouping.staged:
                with self.store.writing() as conn:
                    self._grouping.settle(conn)
            return
        self._new.flush(self._conn, self._index, self._grouping)
        self._grouping.flush(self._conn)
        if last:
            self._grouping.settle(self._conn)
        if self.defer_links:
            self.changed.extend(self._changed)
        else:
            resolve_links(self._conn, self._changed, fuzzy=self.fuzzy_links)
        self._index.flush(self._conn)
        transaction, self._transaction = self._transaction, None
        # Ctrl+C (or SIGTERM) between the COMMIT and the count would leave a committed batch uncounted, and
        # the import would then say it committed fewer briefs than the store holds.
        with interrupts_deferred():
            transaction.close()
            self.total.add(self._batch)
            self._batch, self._changed, self._count, self._conn = BatchResult(), [], 0, None


@contextmanager
def interrupts_deferred() -> Iterator[list[int]]:
    """Ctrl+C, SIGTERM or SIGHUP during the block takes effect when it ends, not inside it: the
    signal is held, then sent again to whatever handles it (Ctrl+C's :class:`KeyboardInterrupt`,
    :mod:`tui.stop_signals`, the default action). The block gets the list of the signals held so
    far, to stop early when one came.

    Only the main thread receives signals; elsewhere the block just runs.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = {signum: signal.signal(signum, lambda n, frame: caught.append(n)) for signum in STOPPING}
    try:
        yield caught
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        # Sent again, to whatever handles them now (a handler, the default action, asyncio's), also
        # when the block failed: a Ctrl+C is never lost behind an error.
        for held in dict.fromkeys(caught):
            os.kill(os.getpid(), held)


def _write_one(
    conn: sqlite3.Connection,
    rows: BriefRows,
    now: str,
    result: BatchResult,
    index_writes: IndexWrites,
    grouping: stories.Grouping,
    new: NewBriefs,
) -> bool:
    """Insert or update one brief, its index rows held in ``index_writes`` (its same-story group is
    found when ``grouping`` is flushed); a brief new to the store waits in ``new`` with the others.
    Returns True when the store changed (or will, when ``new`` is flushed)."""
    if rows.id in new:  # the same brief twice in one batch: the second is compared with the first
        new.flush(conn, index_writes, grouping)
    row = conn.execute("SELECT rowid, content_hash, path, feed FROM briefs WHERE id = ?", (rows.id,)).fetchone()
    if row is not None and (row[3] is None) != (rows.values[-1] is None):
        _refuse_other_kind(rows, row[3], row[2], result)
        return False
    if row is not None and row[1] == rows.content_hash:
        if rows.path and row[2] != rows.path:
            conn.execute("UPDATE briefs SET path = ? WHERE rowid = ?", (rows.path, row[0]))
        result.unchanged += 1
        return False
    if row is None:
        if rows.values[-1] is not None and is_removed(conn, rows.id):
            result.unchanged += 1  # a feed entry removed by hand or pruned: not brought back
            return False
        new.add(rows, now)
        result.imported += 1
        return True
    new.flush(conn, index_writes, grouping)  # the briefs before this one first, as they came
    rowid = int(row[0])
    index_writes.remove(conn, rowid)  # needs the brief as it was indexed: first
    if rows.keeps_date:  # values: title, title_norm, then the three date columns, then the rest
        conn.execute(
            "UPDATE briefs SET title=?, title_norm=?, source=?, url=?, tags=?,"
            " extra=?, path=?, encoding=?, content_hash=?, feed=?, imported_at=? WHERE rowid = ?",
            (*rows.values[:2], *rows.values[5:], now, rowid),
        )
    else:
        conn.execute(
            "UPDATE briefs SET title=?, title_norm=?, date=?, written_date=?, undated=?, source=?, url=?, tags=?,"
            " extra=?, path=?, encoding=?, content_hash=?, feed=?, imported_at=? WHERE rowid = ?",
            (*rows.values, now, rowid),
        )
    conn.execute("DELETE FROM links WHERE brief_id = ?", (rows.id,))
    result.updated += 1
    if rows.path and row[2] and row[2] != rows.path:
        result.notes.append(f"updated {rows.id} from {rows.path} (was {row[2]})")
    brief_id = rows.id
    bodies.write(conn, brief_id, rows.texts)
    conn.executemany(
        "INSERT INTO links (brief_id, pos, label, text, text_norm, href) VALUES (?,?,?,?,?,?)",
        [(brief_id, *link) for link in rows.links],
    )
    index_writes.add(conn, rowid, rows.columns)
    grouping.add(conn, brief_id, rows.story, rows.story_mask)
    return True


def _refuse_other_kind(rows: BriefRows, feed: str | None, path: str | None, result: BatchResult) -> None:
    """A brief file never replaces a feed's brief of the same id, nor a feed entry a file's brief: the
    next fetch would write over the file's, or the file's would hide the entry for good."""
    if rows.path is not None and feed is not None:
        reason = f"its id '{rows.id}' is a brief of the feed {feed}; rename the file to import it"
        result.refused.append((rows.path, reason))
    else:
        result.notes.append(f"{rows.values[-1]}: entry '{rows.id}' not written: a brief file ({path}) has that id")
        result.unchanged += 1


def resolve_changed(store: Store, changed: Sequence[str], unchanged: Sequence[str] = ()) -> int:
    """Resolve (fuzzy pass included) the links of the briefs ``changed``, the links that point at them
    and the store's dangling links that their titles or URLs match, in one transaction: what a
    :class:`BatchWriter` with ``defer_links`` left to do (its ``changed`` and ``unchanged``). Of the
    briefs ``unchanged``, those with a link never resolved are resolved too: a fetch killed after
    committing briefs but before resolving their links leaves them so. Returns how many links
    changed target."""
    if not changed and not unchanged:
        return 0
    with store.writing() as conn:
        ids = list(changed)
        for chunk in chunks(unchanged):
            marks = ",".join("?" * len(chunk))
            ids.extend(
                row[0]
                for row in conn.execute(
                    f"SELECT DISTINCT brief_id FROM links WHERE target IS NULL AND brief_id IN ({marks})", chunk
                )
            )
        return resolve_links(conn, ids, fuzzy=True) if ids else 0


def finish_import(store: Store, written: Written | None = None) -> int:
    """Resolve, fuzzy pass included, the links still unresolved after a bulk import (those of the
    briefs ``written``, and the others against their titles; every link without it); merge the
    search index segments a large import leaves (:mod:`tui.store.segments`); then give the file's
    free pages back when there are many (:mod:`tui.store.space`)."""
    with store.writing() as conn:
        resolved = resolve_dangling(conn, written)
        conn.execute("DELETE FROM meta WHERE key = ?", (LINKS_PENDING_KEY,))
    settle(store)
    give_back_free_pages(store)
    return resolved
