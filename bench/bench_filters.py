"""Filtering and sorting the reader's list at scale: what applying each filter and order costs, in process.

Works on a copy of a store built by ``brief import`` (``bench/corpus.py 100000`` then ``brief import``;
see ``docs/benchmarks.md``): the copy is opened (upgraded to the current schema), then given a fixed
reading state (three briefs in five read, one in a hundred bookmarked) so the unread and bookmarked
filters have something to do. The original store is never written.

For each view (a filter, an order, some combinations) it times what the reader does when the view is
applied: count the briefs (the list's length), count unread and total (the line above the list),
find the highlighted brief's row, fetch the first page of 200 rows. It also times the last page
(End) and the row of the last brief (``index_of``), and prints SQLite's plan for the page query.

    .venv/bin/python bench/bench_filters.py --store /tmp/brief-bench/base-100k.db
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.store import listing  # noqa: E402
from tui.store.listing import ListView  # noqa: E402
from tui.store.store import Store  # noqa: E402

PAGE = 200
"""Rows the list fetches at once (``tui.ui.widgets.article_list.PAGE_SIZE``)."""


def prepare(source: Path, workdir: Path) -> Path:
    """A copy of ``source`` in ``workdir``, upgraded, with the benchmark's reading state (made once)."""
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / f"filters-{source.stem}.db"
    marker = copy.with_suffix(".ready")
    if copy.exists() and marker.exists():
        return copy
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, copy)
    with Store.open(copy) as store:
        ids = [row.id for row in store.iter_rows(batch=10_000)]
        listing.set_read(store, [bid for i, bid in enumerate(ids) if i % 5 < 3])
        for bid in ids[::100]:
            store.set_bookmarked(bid, True)
    marker.write_text("ok\n")
    return copy


def timed(fn: Callable[[], object], repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Milliseconds of each of ``repeat`` runs of ``fn`` (after one warm-up run); with ``cpu``, the
    process's CPU milliseconds of each run go there (what a busy machine inflates least)."""
    fn()
    out = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c) * 1000)
    return out


def views(store: Store) -> dict[str, ListView]:
    """The views measured: each filter, each order, and combinations."""
    tag, tag_n = listing.tags(store, ListView())[0]
    source = listing.sources(store, ListView())[0][0]
    dated = [r.date for r in listing.rows(store, ListView(), 0, 1)]
    last = (dated[0] or "2024-01-01")[:10]
    week = listing.recent_days(7, date.fromisoformat(last))
    year = {"since": f"{int(last[:4]) - 1}-01-01", "until": f"{int(last[:4]) - 1}-12-31"}
    return {
        "all, newest first": ListView(),
        "unread only": ListView(unread=True),
        "bookmarked only": ListView(bookmarked=True),
        f"tag (most used, {tag_n:,})": ListView(tag=tag),
        "source": ListView(source=source),
        "last 7 days": ListView(since=week[0], until=week[1]),
        "one year": ListView(**year),
        "sort: oldest first": ListView(sort="oldest"),
        "sort: by title": ListView(sort="title"),
        "sort: by source": ListView(sort="source"),
        "unread, by title": ListView(unread=True, sort="title"),
        "unread + source + one year": ListView(unread=True, source=source, **year),
        "unread + tag": ListView(unread=True, tag=tag),
        "source, by title": ListView(source=source, sort="title"),
        "one year, by title": ListView(sort="title", **year),
    }


def measure(store: Store, name: str, view: ListView, repeat: int) -> dict[str, object]:
    """One row of the table."""
    first = listing.rows(store, view, 0, 1)
    current = first[0].id if first else ""

    def apply() -> None:
        listing.count(store, view)
        listing.counts(store, view)
        listing.index_of(store, view, current)
        listing.rows(store, view, 0, PAGE)

    total = listing.count(store, view)
    tail = listing.rows(store, view, max(0, total - 1), 1)
    last_id = tail[0].id if tail else ""
    apply_cpu: list[float] = []
    apply_ms = timed(apply, repeat, apply_cpu)
    end_ms = timed(lambda: listing.rows(store, view, max(0, total - PAGE), PAGE), repeat)
    index_ms = timed(lambda: listing.index_of(store, view, last_id), repeat)
    plan = listing.query_plans(store, [view])[view]
    return {
        "name": name,
        "briefs": total,
        "apply": statistics.median(apply_ms),
        "apply_max": max(apply_ms),
        "apply_cpu": statistics.median(apply_cpu),
        "end": statistics.median(end_ms),
        "index": statistics.median(index_ms),
        "plan": "; ".join(step.replace("USING ", "").replace("COVERING ", "cov. ") for step in plan),
    }


def main() -> None:
    """Prepare the copy, measure every view, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/brief-bench/base-100k.db"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/brief-bench-filters"))
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per view (the median is shown)")
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"{args.store}: no store there; build one with bench/corpus.py and brief import")
    t = time.perf_counter()
    copy = prepare(args.store, args.workdir)
    prepared = time.perf_counter() - t
    with Store.open(copy) as store:
        n = store.count()
        rows = [measure(store, name, view, args.repeat) for name, view in views(store).items()]
    load = os.getloadavg()
    print(f"store: {copy} ({n:,} briefs; prepared in {prepared:.1f} s)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.repeat} runs per view, medians\n")
    print(
        "| view | briefs | apply ms (max) | apply CPU ms | End: last page ms | row of the last brief ms"
        " | plan of the page query |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(
            f"| {r['name']} | {r['briefs']:,} | {r['apply']:.1f} ({r['apply_max']:.1f}) | {r['apply_cpu']:.1f}"
            f" | {r['end']:.1f}"
            f" | {r['index']:.1f} | {r['plan']} |"
        )
    slow = [r["name"] for r in rows if float(r["apply"]) >= 100]  # type: ignore[arg-type]
    print(f"\napply under 100 ms: {'all' if not slow else 'not ' + ', '.join(map(str, slow))}")


if __name__ == "__main__":
    main()
