"""Removing and keeping at scale: ``brief stats``, ``brief rm``, ``brief prune`` and the space given back.

Works on a copy of a store made by the scale benchmark (``bench/bench_scale.py`` leaves
``/tmp/brief-bench/base-100k.db``; any store will do), whose briefs are dated over ten years. Each
step runs as a user runs it, ``brief`` in a process of its own, and the table gives its wall time
and the store's size after it:

1. ``brief stats --json`` (counts and ``dbstat``),
2. ``brief rm`` of one brief, then of 100,
3. ``brief prune --older-than D --dry-run`` and ``brief prune --older-than D`` taking the oldest
   tenth, which in a store not yet in incremental vacuum ends with the one ``VACUUM`` that switches it,
4. the next tenth, given back page by page (``incremental_vacuum``).

Run ``python bench/bench_keep.py [STORE] [--work DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = Path("/tmp/brief-bench/base-100k.db")


def brief(store: Path, *args: str) -> tuple[float, str]:
    """Run ``brief --store STORE ARGS``; (seconds, stdout). Fails loudly on a non-zero exit."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT), BRIEF_CONFIG=str(store.with_suffix(".toml")))
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--store", str(store), *args], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"brief {' '.join(args)}: exit {done.returncode}: {done.stderr}")
    return seconds, done.stdout


def size(store: Path) -> int:
    """The file and its log."""
    return sum(p.stat().st_size for p in (store, store.with_name(store.name + "-wal")) if p.exists())


def days_before(store: Path, share: float) -> int:
    """The --older-than that takes the oldest ``share`` of the dated briefs."""
    with sqlite3.connect(store) as conn:
        n = conn.execute("SELECT count(*) FROM briefs WHERE undated = 0").fetchone()[0]
        (day,) = conn.execute(
            "SELECT substr(date, 1, 10) FROM briefs WHERE undated = 0 ORDER BY date LIMIT 1 OFFSET ?",
            (int(n * share),),
        ).fetchone()
    return (date.today() - date.fromisoformat(day)).days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", nargs="?", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--work", type=Path, default=Path("/tmp/brief-bench-keep"))
    args = parser.parse_args()
    if not args.store.exists():
        raise SystemExit(f"{args.store}: no store; run bench/bench_scale.py first or name one")
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.work / "store.db"
    for old in args.work.glob("store.db*"):
        old.unlink()
    shutil.copyfile(args.store, store)
    rows: list[tuple[str, float, str]] = []

    def step(label: str, *cmd: str) -> str:
        seconds, out = brief(store, *cmd)
        rows.append((label, seconds, f"{size(store) / 1e6:,.0f} MB"))
        print(f"{label}: {seconds:.2f} s", file=sys.stderr)
        return out

    stats = json.loads(step("stats --json", "stats", "--json"))
    with sqlite3.connect(store) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM briefs ORDER BY rowid LIMIT 101")]
    step("rm 1 brief", "rm", ids[0])
    step("rm 100 briefs", "rm", *ids[1:])
    first = days_before(store, 0.10)
    dry = step(f"prune --older-than {first} --dry-run", "prune", "--older-than", str(first), "--dry-run")
    taken = int(dry.strip().splitlines()[-1].split()[2])
    step(f"prune --older-than {first} ({taken:,} briefs, then VACUUM)", "prune", "--older-than", str(first))
    second = days_before(store, 0.10)
    dry = step(f"prune --older-than {second} --dry-run", "prune", "--older-than", str(second), "--dry-run")
    taken = int(dry.strip().splitlines()[-1].split()[2])
    step(f"prune --older-than {second} ({taken:,} briefs, incremental)", "prune", "--older-than", str(second))
    after = json.loads(step("stats --json", "stats", "--json"))

    print(f"\nstore: {args.store} ({stats['briefs']:,} briefs), load {os.getloadavg()[0]:.1f}\n")
    print("| step | seconds | store after |")
    print("| --- | --- | --- |")
    print(f"| start | | {stats['bytes']['file'] / 1e6:,.0f} MB |")
    for label, seconds, after_size in rows:
        print(f"| {label} | {seconds:.2f} | {after_size} |")
    print("\n| part | before | after |")
    print("| --- | --- | --- |")
    for part in ("text", "index", "other", "free", "file"):
        print(f"| {part} | {stats['bytes'][part] / 1e6:,.1f} MB | {after['bytes'][part] / 1e6:,.1f} MB |")
    print(f"| briefs | {stats['briefs']:,} | {after['briefs']:,} |")


if __name__ == "__main__":
    main()
