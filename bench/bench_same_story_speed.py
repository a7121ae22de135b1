"""Speed of same-story grouping on a large store: `brief related` in process, and the grouped list's queries.

Given a store (e.g. the 100,000-brief store of ``bench/bench_scale.py``, imported with grouping),
it times, in process:

* ``related``: what ``brief related ID`` computes (:meth:`Store.same_story` and
  :meth:`Store.related`, with each row's title and source) for briefs spread over the store,
  grouped ones included; p50 / p95 / max;
* the grouped list's queries the reader runs at start and on keys: the row count, the first page of
  200 rows, a page deep in the list, and the position of a brief (cursor placement after opening);
  the same for the plain list beside them;
* how many groups and grouped briefs the store holds.

Run ``python bench/bench_same_story_speed.py STORE [--samples N]``; the store is opened read-only
and never changed. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.store.store import Store  # noqa: E402

CPU: list[float] = []
"""CPU milliseconds of the calls :func:`timed` made last (the machine may be shared: wall time
then includes waiting for a core, CPU time does not)."""


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall milliseconds of each of ``repeat`` calls (their CPU milliseconds in :data:`CPU`)."""
    out = []
    CPU.clear()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - start) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
    return out


def row(name: str, ms: list[float], cpu: list[float] | None = None) -> str:
    """A table row: wall p50, p95, max; CPU p50, p95."""
    ms, cpu = sorted(ms), sorted(cpu if cpu is not None else CPU)

    def p95(values: list[float]) -> float:
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    return (
        f"| {name} | {statistics.median(ms):.1f} | {p95(ms):.1f} | {ms[-1]:.1f}"
        f" | {statistics.median(cpu):.1f} | {p95(cpu):.1f} | {len(ms)} |"
    )


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--samples", type=int, default=60, help="briefs to ask `related` about")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each list query")
    args = parser.parse_args()
    store = Store.open(args.store, readonly=True)
    total = store.count()
    step = max(1, total // args.samples)
    ids = [r.id for r in store.list_rows(0, -1)[::step]][: args.samples]
    grouped_rows = store.story_count()
    heads = [r for r in store.story_rows(0, 5000) if r.sources > 1]
    ids += [r.id for r in heads[: args.samples // 3]]

    def related(brief_id: str) -> None:
        for found in (store.same_story(brief_id), store.related(brief_id)):
            for other, _ in found:
                store.summary(other)

    related(ids[0])  # the first call creates the vocabulary view
    related_ms, related_cpu = [], []
    for brief_id in ids:
        related_ms.append(timed(lambda i=brief_id: related(i), 1)[0])
        related_cpu.append(CPU[0])
    deep = max(0, grouped_rows - 300)
    probe = ids[len(ids) // 2]
    print(
        f"store: {args.store} ({total:,} briefs, {grouped_rows:,} rows when grouped;"
        f" {len(heads)} groups in the first 5,000 rows)"
    )
    print()
    print(f"load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print()
    print("| in process (ms) | p50 | p95 | max | CPU p50 | CPU p95 | runs |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(row("`brief related`: same story + related, with titles", related_ms, related_cpu))
    print(row("grouped list: row count", timed(store.story_count, args.repeat)))
    print(row("plain list: row count", timed(store.count, args.repeat)))
    print(row("grouped list: first page (200 rows)", timed(lambda: store.story_rows(0, 200), args.repeat)))
    print(row("plain list: first page (200 rows)", timed(lambda: store.list_rows(0, 200), args.repeat)))
    print(row("grouped list: last page (200 rows)", timed(lambda: store.story_rows(deep, 200), args.repeat)))
    print(row("plain list: last page (200 rows)", timed(lambda: store.list_rows(deep, 200), args.repeat)))
    print(row("grouped list: position of a brief", timed(lambda: store.story_index_of(probe), args.repeat)))
    print(row("plain list: position of a brief", timed(lambda: store.index_of(probe), args.repeat)))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
