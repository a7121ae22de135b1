"""Filtering and sorting the reader's list at scale: what applying each filter and order costs, in process.

Works on a copy of a store built by ``brief import`` (``bench/corpus.py 100000`` then ``brief import``;
see ``docs/benchmarks.md``): the copy is opened (upgraded to the current schema), then given a fixed
reading state (three briefs in five read, one in a hundred bookmarked) so the unread and bookmarked
filters have something to do. The original store is never written.

For each view (every filter and the likeliest combinations, each in every order) it times what the
reader does when the view is applied: count the briefs (the list's length), count unread and total
(the line above the list), find the highlighted brief's row, fetch the first page of 200 rows. It
also times the last page (End) and the row of the last brief (``index_of``), wall clock and CPU
time, and prints SQLite's plan for the page query. With ``--compare``, each view whose filter's
index is not in its order is measured both ways, its matches sorted and the order's index read
(what ``tui.store.list_plan.SORT_LIMIT`` chooses between).

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

from tui.store import list_plan, listing  # noqa: E402
from tui.store.day_ranges import recent_days  # noqa: E402
from tui.store.list_view import ListView  # noqa: E402
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


ORDERS = {"newest": "newest first", "oldest": "oldest first", "title": "by title", "source": "by source"}


def views(store: Store) -> dict[str, ListView]:
    """The views measured: each filter and combination of filters, in each order."""
    tag, tag_n = listing.tags(store, ListView())[0]
    source = listing.sources(store, ListView())[0][0]
    dated = [r.date for r in listing.rows(store, ListView(), 0, 1)]
    last = (dated[0] or "2024-01-01")[:10]
    week = recent_days(7, date.fromisoformat(last))
    year = {"since": f"{int(last[:4]) - 1}-01-01", "until": f"{int(last[:4]) - 1}-12-31"}
    filters: dict[str, dict[str, object]] = {
        "all": {},
        "unread only": {"unread": True},
        "bookmarked only": {"bookmarked": True},
        f"tag (most used, {tag_n:,})": {"tag": tag},
        "source": {"source": source},
        "last 7 days": {"since": week[0], "until": week[1]},
        "one year": year,
        "unread + source": {"unread": True, "source": source},
        "unread + tag": {"unread": True, "tag": tag},
        "unread + one year": {"unread": True, **year},
        "unread + source + one year": {"unread": True, "source": source, **year},
    }
    return {f"{name}, {label}": ListView(**f, sort=o) for name, f in filters.items() for o, label in ORDERS.items()}  # type: ignore[arg-type]


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
    end_cpu: list[float] = []
    index_cpu: list[float] = []
    apply_ms = timed(apply, repeat, apply_cpu)
    end_ms = timed(lambda: listing.rows(store, view, max(0, total - PAGE), PAGE), repeat, end_cpu)
    index_ms = timed(lambda: listing.index_of(store, view, last_id), repeat, index_cpu)
    plan = list_plan.query_plans(store, [view])[view]
    return {
        "name": name,
        "briefs": total,
        "apply": statistics.median(apply_ms),
        "apply_max": max(apply_ms),
        "apply_cpu": statistics.median(apply_cpu),
        "end": statistics.median(end_ms),
        "end_cpu": statistics.median(end_cpu),
        "index": statistics.median(index_ms),
        "index_cpu": statistics.median(index_cpu),
        "plan": "; ".join(step.replace("USING ", "").replace("COVERING ", "cov. ") for step in plan),
    }


def compare(
    store: Store, views: dict[str, ListView], repeat: int
) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    """For each view whose matches SQLite would sort: the view measured with them sorted (whatever
    their number) and with the order's index read instead (whatever their number)."""
    out = []
    saved = list_plan.SORT_LIMIT
    try:
        for name, view in views.items():
            list_plan.SORT_LIMIT = 10**12
            if not any("TEMP B-TREE" in step for step in list_plan.query_plans(store, [view])[view]):
                continue
            sorted_ = measure(store, name, view, repeat)
            list_plan.SORT_LIMIT = -1
            out.append((name, sorted_, measure(store, name, view, repeat)))
    finally:
        list_plan.SORT_LIMIT = saved
    return out


def row(r: dict[str, object]) -> str:
    """A line of the main table."""
    return (
        f"| {r['name']} | {r['briefs']:,} | {r['apply']:.1f} ({r['apply_max']:.1f}) | {r['apply_cpu']:.1f}"
        f" | {r['end']:.1f} | {r['end_cpu']:.1f} | {r['index']:.1f} | {r['index_cpu']:.1f} | {r['plan']} |"
    )


def main() -> None:
    """Prepare the copy, measure every view, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/brief-bench/base-100k.db"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/brief-bench-filters"))
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per view (the median is shown)")
    parser.add_argument("--only", help="measure only the views whose name contains this")
    parser.add_argument(
        "--compare", action="store_true", help="also measure each sorted view both ways (sorted, order's index read)"
    )
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"{args.store}: no store there; build one with bench/corpus.py and brief import")
    t = time.perf_counter()
    copy = prepare(args.store, args.workdir)
    prepared = time.perf_counter() - t
    with Store.open(copy) as store:
        n = store.count()
        chosen = {k: v for k, v in views(store).items() if not args.only or args.only in k}
        load_before = os.getloadavg()[0]
        rows = [measure(store, name, view, args.repeat) for name, view in chosen.items()]
        both = compare(store, chosen, args.repeat) if args.compare else []
    load = os.getloadavg()
    print(f"store: {copy} ({n:,} briefs; prepared in {prepared:.1f} s); sort limit {list_plan.SORT_LIMIT:,} matches")
    print(
        f"load average: {load_before:.2f} before, {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} after;"
        f" {args.repeat} runs per view, medians\n"
    )
    print(
        "| view | briefs | apply ms (max) | apply CPU ms | End: last page ms | End CPU ms | row of the last brief ms"
        " | row CPU ms | plan of the page query |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(row(r))
    slow = [
        r["name"]
        for r in rows
        if max(float(r[k]) for k in ("apply", "end", "index")) >= 100  # type: ignore[arg-type]
    ]
    verdict = "all" if not slow else "not " + ", ".join(map(str, slow))
    print(f"\napply, End and row of the last brief under 100 ms: {verdict}")
    if both:
        print("\nSorted matches against the order's index read (apply / End / row of the last brief, CPU ms):\n")
        print("| view | briefs | sorted: apply | End | row | order's index: apply | End | row |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, a, b in both:
            print(
                f"| {name} | {a['briefs']:,} | {a['apply_cpu']:.1f} | {a['end_cpu']:.1f} | {a['index_cpu']:.1f}"
                f" | {b['apply_cpu']:.1f} | {b['end_cpu']:.1f} | {b['index_cpu']:.1f} |"
            )


if __name__ == "__main__":
    main()
