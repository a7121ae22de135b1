"""The article store: one SQLite file holding briefs, their links, reading state and search index.

Nothing else in brief writes SQL. The store is opened in WAL mode with a busy timeout, so the reader
and ``brief import`` can use the same file at once; every write is one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tui.models import Article, ArticleSummary, Block, Feed, LinkRef, SearchHit
from tui.store import bodies, index, schema, tallies
from tui.store import feeds as feed_sql
from tui.store.connect import checkpoint, connect
from tui.store.errors import BriefNotStoredError, ReadOnlyStoreError
from tui.store.guard import StoreGuard

LIST_ORDER = "ORDER BY undated, date DESC, id"
ROW_COLUMNS = (
    "b.id, b.title, coalesce(b.written_date, b.date), b.source, coalesce(s.read, 0), coalesce(s.bookmarked, 0),"
    " b.url, b.feed"
)
"""A list row (:class:`ArticleSummary`'s fields) of ``briefs b`` joined to ``state s``: the date as
written (``briefs.date`` is the form that sorts: :func:`tui.text.dates.sortable_date`)."""
_BRIEF_STORED = "(SELECT 1 FROM briefs WHERE id = ?1)"
"""The condition under which reading state is written for the brief ``?1``: it is stored."""


BULK_CACHE_KIB = 64 * 1024
"""The page cache a bulk import uses (:meth:`Store.bulk_cache`)."""


def _feed_filter(feed: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its parameter) that keeps one feed's briefs, or none."""
    return ("WHERE feed = ?", (feed,)) if feed is not None else ("", ())


class Store:
    """A connection to one store file, with the queries the commands and the reader need.

    The connection and its lock are the store package's own: every method takes the lock itself.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        """Wrap an open connection (use :meth:`open`)."""
        self._conn = conn
        # Held around every use of the connection: the reader's workers share it.
        self._lock = StoreGuard(path)
        self.path = path
        """The store file."""
        self.readonly = readonly
        """True when the file or its folder cannot be written: reading works, writes raise."""

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        on_upgrade: Callable[[Path], None] | None = None,
    ) -> Store:
        """Open (creating when missing) the store at ``path`` and bring its schema up to date.

        Falls back to read-only when the file or its folder is not writable. Raises
        :class:`StoreError` for a file that is not a store or is corrupt. ``on_upgrade`` is
        called before an existing store's upgrade rebuilds its search index (about a minute and a
        half for 100,000 briefs).
        """
        path = Path(path)
        conn, writable = connect(path, readonly=readonly, on_upgrade=on_upgrade)
        return cls(conn, path, readonly=not writable)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one write transaction, the lock held; refused on a read-only store.

        For the store package's own writers (:mod:`tui.store.importing`): the connection and the lock
        are private to the package, everything outside it goes through the methods of this class.
        """
        self.require_writable()
        with self._lock, schema.transaction(self._conn) as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection with the lock held, for the store package's own readers (:mod:`tui.store.listing`)."""
        with self._lock:
            yield self._conn

    @contextmanager
    def bulk_cache(self, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
        """A page cache of ``kib`` KiB for the block, then the one before (SQLite's default: 2 MB).

        A large import touches the same index pages again and again; a bigger cache keeps them.
        """
        with self._lock:
            before = int(self._conn.execute("PRAGMA cache_size").fetchone()[0])
            self._conn.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            with self._lock:
                self._conn.execute(f"PRAGMA cache_size = {before}")

    @contextmanager
    def checkpoint_aside(self) -> Iterator[Callable[[], None]]:
        """Commits in the block leave their pages in the write-ahead log; calling the function it
        gives copies them into the file (a checkpoint) in a thread, on a connection of its own, while
        this connection goes on writing. Leaving the block waits for that thread and gives SQLite its
        own checkpoints back (after every commit that leaves 1,000 pages or more in the log).

        A fetch's commit of 10,000 briefs into a 100,000-brief store spent 0.35 of its 0.65 s in the
        checkpoint SQLite makes after it; set aside, it runs beside the fetch's link resolution.
        """
        with self._lock:
            before = int(self._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        thread: threading.Thread | None = None

        def start() -> None:
            nonlocal thread
            if thread is None and not self.readonly:
                thread = threading.Thread(target=checkpoint, args=(self.path,), name="brief-checkpoint", daemon=True)
                thread.start()

        try:
            yield start
        finally:
            if thread is not None:
                thread.join()
            with self._lock:
                self._conn.execute(f"PRAGMA wal_autocheckpoint = {before}")

    @contextmanager
    def busy_wait(self, ms: int) -> Iterator[None]:
        """Writes in the block wait at most ``ms`` milliseconds for another program's write lock
        (an import) before failing with :class:`~tui.store.errors.StoreBusyError`; 10 s otherwise."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(ms)}")
            try:
                yield
            finally:
                self._conn.execute("PRAGMA busy_timeout = 10000")

    def require_writable(self) -> None:
        """Raise :class:`ReadOnlyStoreError` when the store cannot be written."""
        if self.readonly:
            raise ReadOnlyStoreError(f"{self.path}: the store is read-only; brief cannot write to it")

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: the reader polls it."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def stemmer_name(self) -> str:
        """The name of the stemmer the store's search index was built with."""
        with self._lock:
            return index.stemmer_name(self._conn)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The briefs matching ``query``, best first (:func:`tui.store.search.search`); ``[]`` when
        the query has nothing to search for."""
        from tui.store.search import search as search_index  # here: listing and reading start without it

        with self._lock:
            return search_index(self._conn, query, limit)

    # -- the list ----------------------------------------------------------------------------

    def count(self, feed: str | None = None) -> int:
        """How many briefs the store holds (from ``feed`` only, when given)."""
        with self._lock:
            return tallies.briefs(self._conn, feed)

    def unread_count(self, feed: str | None = None) -> int:
        """How many briefs are unread (from ``feed`` only, when given)."""
        with self._lock:
            return tallies.unread(self._conn, feed)

    def list_rows(self, offset: int = 0, limit: int = -1, feed: str | None = None) -> list[ArticleSummary]:
        """Rows of the list, newest first and undated last, from ``offset`` (``feed``'s only, when given)."""
        where, params = _feed_filter(feed)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {ROW_COLUMNS} FROM (SELECT id, title, date, written_date, source, url, feed FROM briefs"
                f" {where} {LIST_ORDER} LIMIT ? OFFSET ?) b"
                " LEFT JOIN state s ON s.brief_id = b.id",
                (*params, limit, offset),
            ).fetchall()
        return [ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7]) for r in rows]

    def iter_rows(self, batch: int = 1000, feed: str | None = None) -> Iterator[ArticleSummary]:
        """Every row of the list, in list order (``feed``'s only, when given), ``batch`` at a time.

        Each batch starts where the last one ended, found along the list's index (the dated briefs,
        then the undated ones by id): pages read by OFFSET stepped over every row before them, which
        grew with the square of the store, and one statement read to the end would hold a reader's
        snapshot of the store for as long as the output waits (``brief list | less``)."""
        columns = f"{ROW_COLUMNS}, b.date"
        feed_where, feed_params = ("b.feed = ? AND ", (feed,)) if feed is not None else ("", ())
        phases = (
            # (the rows' filter after the last row (its date, its id), before the first row)
            ("b.undated = 0 AND b.date <= ? AND (b.date < ? OR b.id > ?)", "b.undated = 0"),
            ("b.undated = 1 AND b.date IS NULL AND b.id > ?", "b.undated = 1 AND b.date IS NULL"),
        )
        for after, start in phases:
            last: tuple[str | None, str] | None = None
            while True:
                params: tuple[str, ...]
                if last is None:
                    where, params = start, ()
                else:
                    date, bid = last
                    where, params = after, ((date, date, bid) if date is not None else (bid,))
                with self._lock:
                    rows = self._conn.execute(
                        f"SELECT {columns} FROM briefs b LEFT JOIN state s ON s.brief_id = b.id"
                        f" WHERE {feed_where}{where} ORDER BY b.undated, b.date DESC, b.id LIMIT ?",
                        (*feed_params, *params, batch),
                    ).fetchall()
                for r in rows:
                    yield ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7])
                if len(rows) < batch:
                    break
                last = (rows[-1][8], rows[-1][0])  # the date as it sorts

    def index_of(self, brief_id: str, feed: str | None = None) -> int | None:
        """The position of a brief in the list order (among ``feed``'s briefs, when given), or None
        when it is not there."""
        with self._lock:
            row = self._conn.execute("SELECT undated, date, id, feed FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None or (feed is not None and row[3] != feed):
                return None
            undated, date, bid, _ = row
            # Three counts that each walk the list index only up to the brief (an OR would scan it all).
            counts: list[tuple[str, tuple[object, ...]]] = [("undated < ?", (undated,))]
            if date is None:
                counts.append(("undated = 1 AND date IS NULL AND id < ?", (bid,)))
            else:
                counts += [
                    ("undated = ? AND date > ?", (undated, date)),
                    ("undated = ? AND date = ? AND id < ?", (undated, date, bid)),
                ]
            same_feed, feed_args = ("feed = ? AND ", (feed,)) if feed is not None else ("", ())
            n = sum(
                self._conn.execute(
                    f"SELECT count(*) FROM briefs WHERE {same_feed}{where}", (*feed_args, *params)
                ).fetchone()[0]
                for where, params in counts
            )
        return int(n)

    # -- one brief ---------------------------------------------------------------------------

    def get(self, brief_id: str) -> Article | None:
        """The whole brief, or None when no brief has that id."""
        sql = (
            "SELECT id, title, {}, source, url, tags, extra, path, encoding, content_hash, feed"
            " FROM briefs WHERE id = ?"
        )
        with self._lock:
            try:
                row = self._conn.execute(sql.format("coalesce(written_date, date)"), (brief_id,)).fetchone()
            except sqlite3.OperationalError as exc:
                if "no such column" not in str(exc):
                    raise
                # A store before schema 15, read as it is by a repair: its dates are as written.
                row = self._conn.execute(sql.format("date"), (brief_id,)).fetchone()
            if row is None:
                return None
            blocks = bodies.blocks(self._conn, brief_id)
        return Article(
            id=row[0],
            title=row[1],
            date=row[2],
            source=row[3],
            url=row[4],
            tags=tuple(json.loads(row[5])),
            extra=tuple((k, v) for k, v in json.loads(row[6])),
            path=row[7],
            encoding=row[8],
            content_hash=row[9],
            blocks=tuple(Block(kind=k, text=t, label=lab, target=tg, href=h) for _, k, t, lab, tg, h in blocks),
            feed=row[10],
        )

    def summary(self, brief_id: str) -> ArticleSummary | None:
        """The brief's row as the list shows it, or None when no brief has that id."""
        with self._lock:
            r = self._conn.execute(
                f"SELECT {ROW_COLUMNS} FROM briefs b LEFT JOIN state s ON s.brief_id = b.id WHERE b.id = ?",
                (brief_id,),
            ).fetchone()
        return ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7]) if r else None

    def exists(self, brief_id: str) -> bool:
        """True when a brief with that id is stored."""
        with self._lock:
            return self._conn.execute("SELECT 1 FROM briefs WHERE id = ?", (brief_id,)).fetchone() is not None

    def content_hash(self, brief_id: str) -> str | None:
        """The stored content hash of the brief with that id, None when it is not stored."""
        with self._lock:
            row = self._conn.execute("SELECT content_hash FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        return str(row[0]) if row is not None else None

    # -- links -------------------------------------------------------------------------------

    def outgoing(self, brief_id: str) -> list[LinkRef]:
        """The brief's read-also links in order, with their resolved targets (None when not stored)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT text, target, pos FROM links WHERE brief_id = ? ORDER BY pos", (brief_id,)
            ).fetchall()
        return [LinkRef(text=t, target=tg, position=p) for t, tg, p in rows]

    def incoming(self, brief_id: str) -> list[LinkRef]:
        """The briefs that link here ("linked from"), each once, with their titles."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT b.title, b.id, min(l.pos) FROM links l JOIN briefs b ON b.id = l.brief_id"
                " WHERE l.target = ? GROUP BY b.id ORDER BY b.undated, b.date DESC, b.id",
                (brief_id,),
            ).fetchall()
        return [LinkRef(text=t, target=i, position=p) for t, i, p in rows]

    # -- same story, related -----------------------------------------------------------------

    def same_story(self, brief_id: str) -> list[tuple[str, float]]:
        """The other briefs of the brief's same-story group and their similarity to it, most
        similar first (:mod:`tui.store.stories`); ``[]`` when it is alone."""
        from tui.store.stories import same_story

        with self._lock:
            return same_story(self._conn, brief_id)

    def read_with_their_story(self, ids: Sequence[str]) -> list[str]:
        """Mark read the briefs of ``ids``, just written and never opened, whose same-story group was
        read already (:func:`tui.store.stories.read_with_their_story`); returns them."""
        from tui.store.stories import read_with_their_story

        with self.writing() as conn:
            return read_with_their_story(conn, ids)

    def related(self, brief_id: str, limit: int = 8) -> list[tuple[str, float]]:
        """Up to ``limit`` briefs on the same topic that are another story, best first, with a score
        in (0, 1) (:mod:`tui.store.related`); the same-story group and read-also links left out."""
        from tui.store.related import related
        from tui.store.stories import group_ids

        with self._lock:
            row = self._conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None:
                return []
            linked = self._conn.execute(
                "SELECT target FROM links WHERE brief_id = ?1 AND target IS NOT NULL"
                " UNION SELECT brief_id FROM links WHERE target = ?1",
                (brief_id,),
            ).fetchall()
            exclude = {brief_id, *group_ids(self._conn, brief_id), *(r[0] for r in linked)}
            return related(self._conn, int(row[0]), exclude, limit)

    def story_rows(self, offset: int = 0, limit: int = -1, expanded: Collection[str] = ()) -> list[ArticleSummary]:
        """Rows of the list with one row per same-story group (its first brief; every brief of the
        groups in ``expanded``), from ``offset`` (:mod:`tui.store.story_list`)."""
        from tui.store import story_list

        with self._lock:
            return story_list.rows(self._conn, offset, limit, expanded)

    def story_count(self, expanded: Collection[str] = ()) -> int:
        """How many rows :meth:`story_rows` has."""
        from tui.store import story_list

        with self._lock:
            return story_list.count(self._conn, expanded)

    def story_index_of(self, brief_id: str, expanded: Collection[str] = ()) -> int | None:
        """The row of :meth:`story_rows` that shows ``brief_id`` (its group's, when it is hidden under
        the group's first brief), or None when it is not stored."""
        from tui.store import story_list

        with self._lock:
            head = story_list.head_of(self._conn, brief_id, expanded)
            before = story_list.hidden_before(self._conn, head, expanded)
        index = self.index_of(head)
        return None if index is None else index - before

    def story_labels(self, ids: Sequence[str]) -> dict[str, str]:
        """The same-story group label of each brief of ``ids`` that is in a group."""
        from tui.store import story_list

        with self._lock:
            return story_list.labels_of(self._conn, ids)

    def story_members(self, label: str) -> list[str]:
        """The briefs of the same-story group ``label``, in list order."""
        from tui.store import story_list

        with self._lock:
            return story_list.group_ids(self._conn, label)

    # -- reading state -----------------------------------------------------------------------

    def state(self, brief_id: str) -> tuple[bool, bool, int]:
        """``(read, bookmarked, scroll)`` of a brief."""
        with self._lock:
            row = self._conn.execute(
                "SELECT read, bookmarked, scroll FROM state WHERE brief_id = ?", (brief_id,)
            ).fetchone()
        return (bool(row[0]), bool(row[1]), int(row[2])) if row else (False, False, 0)

    def _set_state(self, brief_id: str, column: str, value: int) -> None:
        """Set one column of a brief's reading state; :class:`BriefNotStoredError` when the brief
        is not stored (another program removed it), nothing written."""
        self.require_writable()
        with self._lock:
            # The brief is looked for in the same statement, so a removal can never slip in
            # between the look and the write (which would fail on the foreign key).
            written = self._conn.execute(
                f"INSERT INTO state (brief_id, {column}) SELECT ?1, ?2 WHERE EXISTS {_BRIEF_STORED}"
                f" ON CONFLICT (brief_id) DO UPDATE SET {column} = ?2",
                (brief_id, value),
            ).rowcount
        if not written:
            raise BriefNotStoredError(brief_id)

    def set_read(self, brief_id: str, read: bool = True) -> None:
        """Mark a brief read or unread."""
        self._set_state(brief_id, "read", int(read))

    def set_bookmarked(self, brief_id: str, bookmarked: bool) -> None:
        """Set or clear a brief's bookmark."""
        self._set_state(brief_id, "bookmarked", int(bookmarked))

    def set_scroll(self, brief_id: str, scroll: int) -> None:
        """Remember how far a brief was scrolled."""
        self._set_state(brief_id, "scroll", max(0, int(scroll)))

    def mark_opened(self, brief_id: str) -> None:
        """Record that a brief was opened: read, and the one to reopen on next start.

        :class:`BriefNotStoredError` when the brief is not stored, nothing written.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.writing() as conn:
            written = conn.execute(
                f"INSERT INTO state (brief_id, read, opened_at) SELECT ?1, 1, ?2 WHERE EXISTS {_BRIEF_STORED}"
                " ON CONFLICT (brief_id) DO UPDATE SET read = 1, opened_at = ?2",
                (brief_id, now),
            ).rowcount
            if not written:
                raise BriefNotStoredError(brief_id)  # the transaction is rolled back
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened', ?)", (brief_id,))

    def meta(self, key: str) -> str | None:
        """A value the reader keeps in the store between runs (``meta`` table), or None."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` for the next run."""
        with self.writing() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def last_opened(self) -> str | None:
        """The id of the brief read last, when it is still stored."""
        with self._lock:
            row = self._conn.execute(
                "SELECT m.value FROM meta m JOIN briefs b ON b.id = m.value WHERE m.key = 'last_opened'"
            ).fetchone()
        return row[0] if row else None

    # -- feeds -------------------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        """Every feed subscription, with its counts, by title."""
        with self._lock:
            return feed_sql.list_feeds(self._conn)

    def feed(self, url: str) -> Feed | None:
        """The subscription to ``url``, or None."""
        with self._lock:
            return feed_sql.get_feed(self._conn, url)

    def find_feeds(self, url_or_title: str) -> list[Feed]:
        """The subscriptions with that URL, else with that title."""
        with self._lock:
            return feed_sql.find_feeds(self._conn, url_or_title)

    def add_feed(self, url: str, *, title: str | None = None, tags: Iterable[str] = (), fulltext: bool = False) -> bool:
        """Subscribe to ``url``; False when it was subscribed already (nothing changes)."""
        with self.writing() as conn:
            return feed_sql.add_feed(conn, url, title=title, tags=tags, fulltext=fulltext)

    def remove_feed(self, url: str, *, purge: bool = False) -> int:
        """Unsubscribe from ``url``; with ``purge`` its briefs go too (returns how many)."""
        from tui.store.links import links_to_feed, resolve_freed

        with self.writing() as conn:
            freed = links_to_feed(conn, url) if purge else []
            removed = feed_sql.remove_feed(conn, url, purge=purge)
            if removed and freed:
                resolve_freed(conn, freed)
            return removed

    def record_fetches(self, records: Iterable[feed_sql.FetchRecord]) -> None:
        """Keep how each feed's fetch went (status, validators, errors, moves), in one transaction."""
        with self.writing() as conn:
            feed_sql.record_fetches(conn, records)
