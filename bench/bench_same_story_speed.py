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


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, ms: list[float]) -> str:
    """A table row: p50, p95, max."""
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"| {name} | {statistics.median(ms):.1f} | {p95:.1f} | {ms[-1]:.1f} | {len(ms)} |"


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
    related_ms = [timed(lambda i=brief_id: related(i), 1)[0] for brief_id in ids]
    deep = max(0, grouped_rows - 300)
    probe = ids[len(ids) // 2]
    print(
        f"store: {args.store} ({total:,} briefs, {grouped_rows:,} rows when grouped;"
        f" {len(heads)} groups in the first 5,000 rows)"
    )
    print()
    print("| in process (ms) | p50 | p95 | max | runs |")
    print("| --- | --- | --- | --- | --- |")
    print(row("`brief related`: same story + related, with titles", related_ms))
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
