"""The search index's merges after a large import: what settling costs and what later commits cost.

A large ``brief import`` leaves its index segments at level 0 (one per transaction, 4,000 briefs or
a second of writing); FTS5 merges a level once 32 segments pile up, so a handful of later commits
that write briefs set off the merge of all of them (:mod:`tui.store.segments`). On a copy of a store
filled by one import (the scale benchmark's ``/tmp/brief-bench/base-100k.db``; any schema from 5
on: the copy is used as it is, not upgraded), this times:

1. :func:`tui.store.segments.settle`, what ``brief import`` now does at its end (with ``--settle``);
2. ``--commits`` later transactions that each add one brief's entries to the index (a fetch or a
   small import writes one such segment per transaction): wall and CPU time of each, the slowest
   and the median.

Only the index is written (the rows of a real brief change nothing in FTS5's merges), so the copy
needs no upgrade. Run it without and with ``--settle``, each on a fresh copy:
``python bench/bench_index_merge.py [--store PATH] [--settle] [--commits 40]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tui.store import segments  # noqa: E402
from tui.store.index import TABLE  # noqa: E402

DEFAULT_STORE = Path("/tmp/brief-bench/base-100k.db")


class RawStore:
    """What :func:`tui.store.segments.settle` needs of a store: write transactions."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise


def shape(conn: sqlite3.Connection) -> str:
    """The index's levels, as "level: segments"."""
    found = segments.levels(conn)
    if found is None:
        return "unreadable"
    parts = [f"{n}: {lv.segments}" + (f" ({lv.merging} merging)" if lv.merging else "") for n, lv in enumerate(found)]
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="the store to copy (never changed)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/brief-bench/merge"), help="where the copy goes")
    parser.add_argument("--settle", action="store_true", help="settle the index first, as brief import now does")
    parser.add_argument("--commits", type=int, default=40)
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    copy = args.work / "store.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(args.store, copy)
    store = RawStore(copy)
    conn = store.conn
    print(f"load before: {os.getloadavg()[0]:.1f}; index levels: {shape(conn)}")
    if args.settle:
        w0, c0 = time.perf_counter(), time.process_time()
        steps = segments.settle(store)  # type: ignore[arg-type]  # the store's writing() is all it uses
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print(f"settle: {steps} steps, {wall:.1f} s wall, {cpu:.1f} s CPU; levels now {shape(conn)}")
    top = int(conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {TABLE}_docsize").fetchone()[0]) + 1000
    words = " ".join(f"w{i}" for i in range(300))
    times: list[tuple[float, float]] = []
    for n in range(args.commits):
        w0, c0 = time.perf_counter(), time.process_time()
        with store.writing():
            conn.execute(
                f"INSERT INTO {TABLE}(rowid, title, body, title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
                (top + n, f"t{n}", words, f"t{n}", words),
            )
        times.append((time.perf_counter() - w0, time.process_time() - c0))
    walls = [w for w, _ in times]
    slowest = max(range(len(times)), key=lambda i: walls[i])
    print(
        f"{args.commits} commits of one brief's entries: median {statistics.median(walls) * 1000:.1f} ms,"
        f" slowest #{slowest + 1}: {walls[slowest]:.2f} s wall, {times[slowest][1]:.2f} s CPU;"
        f" all {sum(walls):.1f} s wall, {sum(c for _, c in times):.1f} s CPU"
    )
    print(f"index levels after: {shape(conn)}; load after: {os.getloadavg()[0]:.1f}")
    conn.close()


if __name__ == "__main__":
    main()
