"""Every stored brief's same-story sketch, computed when a store is upgraded to have them.

The sketch comes from the brief's body stems, which the search index does not keep (it is
contentless), so they are made again from the stored text: folding and stemming every word of
every brief, most of the upgrade's work. It depends on the text alone, so on a large store it runs
in worker processes (one per core, at a lower priority), while this process reads the texts and
groups the sketches that come back :data:`BATCH` at a time (:class:`~tui.store.stories.Grouping`),
in the order of the briefs, so the groups are those an import of the same briefs makes.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
import threading
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from tui.stop_signals import worker_of
from tui.store import stories
from tui.store.index import TABLE, Columns, brief_blocks, index_briefs, index_columns, stemmer_name, story_sketch
from tui.text.stem import get_stemmer

BATCH = 4000
"""Briefs grouped in one pass (as many as an import's transaction writes)."""
CHUNK = 250
"""Briefs a worker sketches per task."""
POOL_MIN = 2000
"""Stores with fewer briefs are done in this process (starting workers costs more)."""
MAX_WORKERS = 4
AHEAD = 4
"""Tasks queued per worker, so the workers keep going while this process groups a batch."""

Item = tuple[str, str, str]
"""A brief's id, title and text (paragraphs and read-also lines, one a line)."""


Done = tuple[str, bytes, bytes, Columns | None]
"""A brief's id, its packed sketch, the sketch's mask, and its index columns (None when not wanted)."""


def sketch_chunk(items: Sequence[Item], stemmer: str, reindex: bool = False) -> list[Done]:
    """The packed sketch and mask of each brief of ``items``, stemmed with the named stemmer (one
    task), and with ``reindex`` its search index columns (:func:`~tui.store.index.index_columns`),
    which the sketch is made from."""
    stem = get_stemmer(stemmer)
    out: list[Done] = []
    for brief_id, title, text in items:
        columns = index_columns(title, text, stem)
        out.append((brief_id, *story_sketch(columns), columns if reindex else None))
    return out


def fill_all(conn: sqlite3.Connection, workers: int | None = None) -> None:
    """Compute, store and group the sketch of every stored brief (inside the caller's transaction).

    ``workers=0`` does it all in this process; by default a large store is shared among worker
    processes, when this process may fork (Linux, and no other thread running)."""
    # A store brought back to an older version by hand may hold some: they are all made again.
    for table in ("story_keys", "story_keys_new", "story_hidden", "story_sketch"):
        conn.execute(f"DELETE FROM {table}")
    _fill(conn, "SELECT id, rowid FROM briefs ORDER BY rowid", workers)


def refill_all(conn: sqlite3.Connection, workers: int | None = None) -> None:
    """:func:`fill_all`, and the search index made again from every stored brief in the same pass
    (inside the caller's transaction): for a change of folding, which changes both."""
    conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")
    for table in ("story_keys", "story_keys_new", "story_hidden", "story_sketch"):
        conn.execute(f"DELETE FROM {table}")
    _fill(conn, "SELECT id, rowid FROM briefs ORDER BY rowid", workers, reindex=True)


def fill_missing(conn: sqlite3.Connection, workers: int | None = None) -> None:
    """Compute, store and group the sketch of every brief that has none (inside the caller's
    transaction): the short briefs, since they are given an exact sketch
    (:func:`tui.text.story.exact_sketch`); they join the stored groups as an import's would."""
    _fill(
        conn,
        "SELECT id, rowid FROM briefs b WHERE NOT EXISTS (SELECT 1 FROM story_sketch s WHERE s.brief_id = b.id)"
        " ORDER BY rowid",
        workers,
    )


def _fill(conn: sqlite3.Connection, select: str, workers: int | None, *, reindex: bool = False) -> None:
    """Sketch and group the briefs whose ids and rowids ``select`` gives, in import order; with
    ``reindex``, index them too (given in rowid order: FTS5 then writes its segments in order)."""
    stemmer = stemmer_name(conn)
    ids: list[str] = []
    rowids = array("q")  # 8 bytes a brief: a million of them in 8 MB
    for brief_id, rowid in conn.execute(select):
        ids.append(brief_id)
        rowids.append(rowid)
    chunks = ([_item(conn, i) for i in ids[n : n + CHUNK]] for n in range(0, len(ids), CHUNK))
    grouping = stories.Grouping()
    held: list[tuple[int, Columns]] = []
    count = 0
    for results in _sketched(chunks, stemmer, _workers(len(ids), workers), reindex):
        for brief_id, packed, mask, columns in results:
            grouping.add(conn, brief_id, packed, mask, replace=False)
            if columns is not None:
                held.append((rowids[count], columns))  # the results come in the order of the ids
            count += 1
            if count % BATCH == 0:
                index_briefs(conn, held)
                held.clear()
                grouping.flush(conn)
    index_briefs(conn, held)
    grouping.flush(conn)
    grouping.settle(conn)


def _item(conn: sqlite3.Connection, brief_id: str) -> Item:
    """A brief's id, title and text, read from the store."""
    title = conn.execute("SELECT title FROM briefs WHERE id = ?", (brief_id,)).fetchone()[0]
    return brief_id, title, "\n".join(brief_blocks(conn, brief_id))


def _workers(briefs: int, asked: int | None) -> int:
    """How many worker processes to start for ``briefs`` (0: none)."""
    if asked is not None:
        return asked
    if briefs < POOL_MIN or sys.platform != "linux" or threading.active_count() > 1:
        return 0  # forking a process that runs other threads is not safe
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def _sketched(chunks: Iterator[list[Item]], stemmer: str, workers: int, reindex: bool = False) -> Iterator[list[Done]]:
    """The sketches (with ``reindex``, and the index columns) of each chunk, in order: from
    ``workers`` processes, or here when 0 (or when the pool cannot start or breaks: what is left is
    done here)."""
    pool = None
    if workers > 0:
        try:
            pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=worker_of,  # they end with this process, even killed
                initargs=(os.getpid(),),
            )
        except (OSError, ValueError):
            pool = None
    if pool is None:
        for chunk in chunks:
            yield sketch_chunk(chunk, stemmer, reindex)
        return
    try:
        pending: deque[tuple[list[Item], Future[list[Done]] | None]] = deque()
        for chunk in chunks:
            if pending and len(pending) >= AHEAD * workers:
                yield _result(*pending.popleft(), stemmer, reindex)
            try:
                pending.append((chunk, pool.submit(sketch_chunk, chunk, stemmer, reindex)))
            except RuntimeError:  # a broken pool: the rest is done here
                pending.append((chunk, None))
        while pending:
            yield _result(*pending.popleft(), stemmer, reindex)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(chunk: list[Item], future: Future[list[Done]] | None, stemmer: str, reindex: bool) -> list[Done]:
    """A chunk's results from its worker or, when the pool broke, made here."""
    if future is not None:
        try:
            return future.result()
        except Exception:  # a broken pool, or a task that failed there
            pass
    return sketch_chunk(chunk, stemmer, reindex)
