"""The search index's merges after a large import: what settling costs and what later commits cost.

A large ``brief import`` leaves its index segments at level 0 (one per 4,000 briefs); FTS5 merges a
level once 32 segments pile up, so a handful of later commits that write briefs set off the merge
of all of them (:mod:`tui.store.segments`). On a copy of a store filled by one import (the scale
benchmark's ``/tmp/brief-bench/base-100k.db``, upgraded to this schema when opened), this times:

1. :func:`tui.store.segments.settle`, what ``brief import`` now does at its end (with ``--settle``);
2. ``--commits`` later transactions of one brief each, through the import's own writer
   (:class:`tui.store.importing.BatchWriter`), as a fetch or a small import writes them: wall and
   CPU time of each, the slowest and the median.

Run it twice, without and with ``--settle``, each on a fresh copy:
``python bench/bench_index_merge.py [--store PATH] [--settle] [--commits 40]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tui.models import Article, Block  # noqa: E402
from tui.store import segments  # noqa: E402
from tui.store.importing import BatchWriter, brief_rows  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.stem import get_stemmer  # noqa: E402

DEFAULT_STORE = Path("/tmp/brief-bench/base-100k.db")


def shape(store: Store) -> str:
    """The index's levels, as "level: segments (merging)"."""
    with store.writing() as conn:
        found = segments.levels(conn)
    if found is None:
        return "unreadable"
    parts = [f"{n}: {lv.segments}" + (f" ({lv.merging} merging)" if lv.merging else "") for n, lv in enumerate(found)]
    return ", ".join(parts)


def one_brief(n: int) -> Article:
    """A new brief of a few hundred words."""
    words = " ".join(f"كلمة{(n * 7919 + i) % 5003}" for i in range(300))
    return Article(id=f"merge-bench-{n}", title=f"خبر جديد {n}", blocks=(Block("text", words),), content_hash=f"h{n}")


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
    print(f"load before: {os.getloadavg()[0]:.1f}")
    with Store.open(copy) as store:  # an older store is upgraded here, before any timing
        print(f"index levels: {shape(store)}")
        if args.settle:
            w0, c0 = time.perf_counter(), time.process_time()
            steps = segments.settle(store)
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            print(f"settle: {steps} steps, {wall:.1f} s wall, {cpu:.1f} s CPU; levels now {shape(store)}")
        stem = get_stemmer("light10")
        times: list[tuple[float, float]] = []
        for n in range(args.commits):
            rows = brief_rows(one_brief(n), stem)
            w0, c0 = time.perf_counter(), time.process_time()
            with BatchWriter(store) as writer:
                writer.add(rows)
            times.append((time.perf_counter() - w0, time.process_time() - c0))
        walls = [w for w, _ in times]
        slowest = max(range(len(times)), key=lambda i: walls[i])
        print(
            f"{args.commits} commits of one brief: median {statistics.median(walls) * 1000:.0f} ms,"
            f" slowest #{slowest + 1}: {walls[slowest]:.2f} s wall, {times[slowest][1]:.2f} s CPU;"
            f" all commits {sum(walls):.1f} s wall, {sum(c for _, c in times):.1f} s CPU"
        )
        print(f"index levels after: {shape(store)}")
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
