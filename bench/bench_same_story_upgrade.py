"""Speed of the upgrade that computes every stored brief's same-story sketch (schema 9).

Given a store at schema version 8 (e.g. a copy of the 100,000-brief store of ``bench/bench_scale.py``
migrated to 8, as ``tests/unit/test_schema_upgrades.py`` does), it copies it for each run (the
store given is never changed) and times :func:`tui.store.story_fill.fill_all` in the upgrade's
transaction: in this process alone (``workers=0``) and with the worker processes an upgrade
starts (one per core). CPU is user + system of this process and its workers.

Run ``python bench/bench_same_story_upgrade.py STORE_V8 [--runs N] [--work DIR]``. Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.store import schema, stories, story_fill  # noqa: E402


def cpu_seconds() -> float:
    """User + system CPU of this process and its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_run(source: Path, work: Path, workers: int | None) -> tuple[float, float, int]:
    """(wall s, CPU s, briefs grouped) of one upgrade of a fresh copy of ``source``."""
    copy = work / "upgrade.db"
    for leftover in work.glob("upgrade.db*"):
        leftover.unlink()
    subprocess.run(["cp", "--reflink=auto", str(source), str(copy)], check=True)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    if schema.user_version(conn) != 8:
        raise SystemExit(f"{source}: schema version {schema.user_version(conn)}, not 8")
    cpu, wall = cpu_seconds(), time.perf_counter()
    with schema.transaction(conn):
        stories.create_schema(conn)
        story_fill.fill_all(conn, workers=workers)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    grouped = int(conn.execute("SELECT count(story) FROM story_sketch").fetchone()[0])
    conn.close()
    copy.unlink()
    return wall, cpu, grouped


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store at schema version 8")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="brief-upgrade-"))
    work.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{args.store}?mode=ro", uri=True) as conn:
        briefs = int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
    print(f"store: {args.store} ({briefs:,} briefs); load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| upgrade to schema 9 | wall s (median) | CPU s (median) | runs | briefs grouped |")
    print("| --- | --- | --- | --- | --- |")
    for name, workers in (("this process only", 0), ("with worker processes", None)):
        runs = [one_run(args.store, work, workers) for _ in range(args.runs)]
        print(
            f"| {name} | {statistics.median(r[0] for r in runs):.1f} | {statistics.median(r[1] for r in runs):.1f}"
            f" | {len(runs)} | {runs[-1][2]:,} |"
        )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
