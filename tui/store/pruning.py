"""Keeping the store in shape: removing old briefs, giving the space back, and what the bytes hold.

A brief's age is its date (the day it was published, as its file or feed gave it); an undated brief
ages from when it was imported. :func:`prune` removes the briefs older than a number of days in one
transaction, through :func:`tui.store.removal.remove_briefs` (search index, links, reading state
and history updated, feed entries remembered so a fetch does not bring them back).
:func:`reclaim` then gives the freed pages back to the file system: page by page with
``PRAGMA incremental_vacuum`` when the store was made with ``auto_vacuum = INCREMENTAL``, else with
one ``VACUUM`` that also switches the store to incremental, so later prunes are quick.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tui.store import index, schema
from tui.store.importing import interrupts_deferred
from tui.store.removal import Removed, remove_briefs

if TYPE_CHECKING:
    from tui.store.store import Store

REMOVED_KEPT_DAYS = 180
"""How long the ids of removed feed briefs are remembered (a feed keeps an entry for days or weeks)."""
VACUUM_STEP = 256
"""Pages given back by one ``incremental_vacuum`` step (one progress tick)."""

Progress = Callable[[str, int, int | None], None]
"""Called with (what is being done, steps done, steps in all or None when unknown): pages given back
by an incremental vacuum, else a tick every so many SQLite instructions."""


@contextmanager
def _ticking(conn: sqlite3.Connection, stage: str, progress: Progress | None) -> Iterator[None]:
    """Call ``progress`` now and then while the block runs SQL on ``conn`` (a spinner's ticks).

    Ctrl+C, SIGTERM or SIGHUP meanwhile stops the statement and is raised once it has stopped:
    raised inside the progress handler, SQLite would have taken it for its own "interrupted"."""
    if progress is None:
        yield
        return
    ticks = [0]
    with interrupts_deferred() as caught:

        def tick() -> int:
            if caught:
                return 1  # stop the statement: the signal is sent again when the block ends
            ticks[0] += 1
            progress(stage, ticks[0], None)
            return 0  # go on

        progress(stage, 0, None)
        conn.set_progress_handler(tick, 100_000)
        try:
            yield
        except sqlite3.OperationalError:
            if not caught:
                raise
        finally:
            conn.set_progress_handler(None, 0)


@dataclass(frozen=True)
class PrunePlan:
    """Which briefs a prune takes: older than ``days`` (from ``feed``, bookmarked kept or not)."""

    days: int
    feed: str | None = None
    """Only this feed's briefs (None: every brief)."""
    keep_bookmarked: bool = False
    except_feeds: tuple[str, ...] = ()
    """Briefs of these feeds are not taken (they follow their own ``keep_days``)."""


def cutoff(days: int, now: datetime | None = None) -> str:
    """The first day that is kept, ``YYYY-MM-DD`` (UTC): briefs dated before it are older than ``days``."""
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    return (today - timedelta(days=days)).isoformat()


def select(conn: sqlite3.Connection, plan: PrunePlan, now: datetime | None = None) -> list[tuple[str, str]]:
    """The ids and titles of the briefs the plan takes, oldest first.

    Dated and undated briefs are two range queries on the list's indexes (``undated, date``), so
    the cost follows the number of old briefs, not the size of the store.
    """
    day = cutoff(plan.days, now)
    where: list[str] = []
    params: list[object] = []
    if plan.feed is not None:
        where.append("b.feed = ?")
        params.append(plan.feed)
    if plan.except_feeds:
        where.append(f"(b.feed IS NULL OR b.feed NOT IN ({','.join('?' * len(plan.except_feeds))}))")
        params.extend(plan.except_feeds)
    if plan.keep_bookmarked:
        where.append("NOT EXISTS (SELECT 1 FROM state s WHERE s.brief_id = b.id AND s.bookmarked = 1)")
    rest = "".join(f" AND {w}" for w in where)
    rows = conn.execute(
        f"SELECT b.id, b.title, b.date FROM briefs b WHERE b.undated = 0 AND b.date < ?{rest}"
        f" UNION ALL SELECT b.id, b.title, b.imported_at FROM briefs b WHERE b.undated = 1 AND b.imported_at < ?{rest}"
        " ORDER BY 3, 1",  # by the moment (the date as it sorts), oldest first
        [day, *params, day, *params],
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def plan_briefs(store: Store, plans: Sequence[PrunePlan], now: datetime | None = None) -> list[tuple[str, str]]:
    """The ids and titles the plans take together (a dry run), each once."""
    with store._lock:  # noqa: SLF001 - the store package's own
        conn = store._conn  # noqa: SLF001
        return list(dict.fromkeys(brief for plan in plans for brief in select(conn, plan, now)))


def prune(
    store: Store, plans: Sequence[PrunePlan], now: datetime | None = None, progress: Progress | None = None
) -> Removed:
    """Remove every brief the plans take, in one transaction; forgets removed feed ids older than
    :data:`REMOVED_KEPT_DAYS`."""
    # The ticks go on through the commit (where the search index writes what it holds).
    with store._lock, _ticking(store._conn, "removing briefs", progress), store.writing() as conn:  # noqa: SLF001
        ids = list(dict.fromkeys(i for plan in plans for i, _ in select(conn, plan, now)))
        removed = remove_briefs(conn, ids)
        old = (datetime.now(UTC) - timedelta(days=REMOVED_KEPT_DAYS)).isoformat(timespec="seconds")
        conn.execute("DELETE FROM removed WHERE removed_at < ?", (old,))
        return removed


def feed_keep_days(store: Store) -> dict[str, int]:
    """The feeds with their own ``keep_days``, by URL."""
    with store._lock:  # noqa: SLF001
        rows = store._conn.execute("SELECT url, keep_days FROM feeds WHERE keep_days IS NOT NULL")  # noqa: SLF001
        return {str(url): int(days) for url, days in rows}


def set_feed_keep_days(store: Store, url: str, days: int | None) -> None:
    """Keep the briefs of the feed ``url`` for ``days`` days (None: the global ``keep_days``)."""
    with store.writing() as conn:
        conn.execute("UPDATE feeds SET keep_days = ? WHERE url = ?", (days, url))


def keep_plans(store: Store, default_days: int | None) -> list[PrunePlan]:
    """The prune the ``keep_days`` settings ask for: each feed with its own days, every other brief
    (files, feeds without their own) with ``default_days``; bookmarked briefs are always kept."""
    own = feed_keep_days(store)
    plans = [PrunePlan(days, feed=url, keep_bookmarked=True) for url, days in own.items() if days > 0]
    if default_days is not None and default_days > 0:
        # Briefs of a feed with its own setting follow it, not the global one (even when it is longer).
        plans.append(PrunePlan(default_days, keep_bookmarked=True, except_feeds=tuple(own)))
    return plans


def file_bytes(path: Path) -> int:
    """The store's size on disk: the file and its write-ahead log."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


def free_pages(store: Store) -> int:
    """How many pages of the store's file hold nothing (freed and not yet given back)."""
    with store._lock:  # noqa: SLF001
        return int(store._conn.execute("PRAGMA freelist_count").fetchone()[0])  # noqa: SLF001


def is_incremental(store: Store) -> bool:
    """True when the store gives pages back one step at a time (``auto_vacuum = INCREMENTAL``)."""
    with store._lock:  # noqa: SLF001
        return int(store._conn.execute("PRAGMA auto_vacuum").fetchone()[0]) == 2  # noqa: SLF001


MERGE_SHARE = 0.05
"""A removal of at least this share of the briefs also merges the search index (see :func:`reclaim`)."""


def worth_merging(removed: int, left: int) -> bool:
    """True when ``removed`` briefs out of ``removed + left`` are enough to merge the index for."""
    return removed > 0 and removed >= MERGE_SHARE * (removed + left)


def reclaim(
    store: Store, progress: Progress | None = None, *, merge_index: bool = False, before: int | None = None
) -> int:
    """Give the store's free pages back to the file system; returns how many bytes the file lost
    since ``before`` (:func:`database_bytes` taken before the removal; by default, now).

    A contentless FTS5 index forgets a removed brief by adding delete markers: its entries go only
    when the segments holding them are merged, so after a large removal the index is no smaller,
    even a little larger. ``merge_index`` first merges the whole index into one segment (FTS5's
    ``optimize``: it rewrites the index, about as long as indexing the remaining briefs' words
    once), which drops them; the pages it frees are then given back with the rest.
    """
    store.require_writable()
    conn = store._conn  # noqa: SLF001
    with store._lock:  # noqa: SLF001
        if before is None:
            before = _database_bytes(conn)
        if merge_index:
            with _ticking(conn, "merging the search index", progress), schema.transaction(conn):
                conn.execute(f"INSERT INTO {index.TABLE}({index.TABLE}) VALUES ('optimize')")
        free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
        if int(conn.execute("PRAGMA auto_vacuum").fetchone()[0]) == 2:
            done = 0
            while free > 0:
                conn.execute(f"PRAGMA incremental_vacuum({VACUUM_STEP})").fetchall()
                left = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
                if left >= free:
                    break
                done += free - left
                free = left
                if progress is not None:
                    progress("giving the space back", done, done + free)
        else:
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            with _ticking(conn, "giving the space back (VACUUM, once)", progress):
                conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return max(0, before - _database_bytes(conn))


def database_bytes(store: Store) -> int:
    """The store's size: its file's once the write-ahead log is copied in (the log a removal fills
    is not part of what the removal gives back: counting it said more was freed than the store held)."""
    with store._lock:  # noqa: SLF001
        return _database_bytes(store._conn)  # noqa: SLF001


def _database_bytes(conn: sqlite3.Connection) -> int:
    """The database's size in pages, in bytes."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    return pages * int(conn.execute("PRAGMA page_size").fetchone()[0])
