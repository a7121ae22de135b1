"""What same-story grouping costs the import's writer: the same prepared briefs written with and without sketches.

An import's files are prepared (read, parsed, folded, stemmed, sketched) in worker processes and
written by one process; this benchmark times that writer alone, the part grouping adds to that no
worker can share. The first ``--count`` files of a corpus (``bench/corpus.py``) are prepared once
(in worker processes) and kept in ``--cache``; each round then writes them into an empty store in
this process, :data:`BATCH` briefs a transaction (about what one second of an import commits),
*off* (every brief's sketch left empty, so no brief is sketched or grouped: what an import with
``story.sketch`` returning nothing writes) and *on* alternating, and times each: wall and CPU
(``time.process_time``) of the batches, and of the import's end (:func:`finish_import`).

``--from N`` first writes the first N briefs (untimed, grouping on in both) and times the
writes of the next ``--count``: how the writer does in a store that already holds N briefs.

Run ``python bench/bench_group_writer.py CORPUS [--count N] [--rounds R]``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.importers.load import locate_brief_files  # noqa: E402
from tui.importing.pool import Preparer  # noqa: E402
from tui.store.importing import BatchWriter, BriefRows, finish_import  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.stem import DEFAULT_STEMMER  # noqa: E402

BATCH = 1000
"""Briefs a transaction: an import commits every second, about a thousand briefs on a quiet machine."""


def prepared(corpus: Path, count: int, cache: Path) -> list[BriefRows]:
    """The rows of the corpus's first ``count`` files, from ``cache`` when it holds as many."""
    if cache.exists():
        with cache.open("rb") as f:
            kept: list[tuple[object, ...]] = pickle.load(f)
        if len(kept) >= count:  # kept as plain tuples: a checkout whose rows have fewer fields reads them too
            return [BriefRows(*values[: len(BriefRows._fields)]) for values in kept[:count]]  # type: ignore[arg-type]
    files, _ = locate_brief_files([corpus])
    with Preparer(files[:count], DEFAULT_STEMMER) as items:
        rows = [item.rows for item in items if item.rows is not None]
    with cache.open("wb") as f:
        pickle.dump([tuple(row) for row in rows], f, protocol=pickle.HIGHEST_PROTOCOL)
    return rows


def write(store: Store, rows: list[BriefRows]) -> None:
    """Write ``rows`` as an import's writer does, :data:`BATCH` to a transaction."""
    with store.bulk_cache(), BatchWriter(store, BATCH, fuzzy_links=False) as writer:
        for row in rows:
            writer.add(row)


def one_run(folder: Path, before: list[BriefRows], rows: list[BriefRows], grouping: bool) -> tuple[float, ...]:
    """(wall s, CPU s) of the writes of ``rows`` and of the import's end, in a store holding ``before``."""
    path = folder / f"{'on' if grouping else 'off'}.db"
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    store = Store.open(path)
    try:
        if before:
            write(store, before)
        if not grouping:
            empty = {name: b"" for name in BriefRows._fields if name.startswith("story")}
            rows = [row._replace(**empty) for row in rows]
        wall, cpu = time.perf_counter(), time.process_time()
        write(store, rows)
        wall_w, cpu_w = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        finish_import(store)
        return wall_w, cpu_w, time.perf_counter() - wall, time.process_time() - cpu
    finally:
        store.close()


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a corpus's folder of brief files")
    parser.add_argument("--count", type=int, default=20000, help="briefs written and timed")
    parser.add_argument("--from", dest="start", type=int, default=0, help="briefs written first, untimed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-group-writer.pickle")
    parser.add_argument("--dir", type=Path, default=None, help="where the stores are written (a temporary folder)")
    args = parser.parse_args()
    rows = prepared(args.corpus, args.start + args.count, args.cache)
    before, rows = rows[: args.start], rows[args.start :]
    results: dict[bool, list[tuple[float, ...]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for _ in range(args.rounds):
            for grouping in (False, True):
                results[grouping].append(one_run(Path(tmp), before, rows, grouping))
                w, c, fw, fc = results[grouping][-1]
                name = "on" if grouping else "off"
                print(f"grouping {name}: writes {w:.2f} s / CPU {c:.2f} s, end {fw:.2f} / {fc:.2f}")
    print(f"\n{len(rows)} briefs written (after {len(before)}), {args.rounds} rounds, medians:\n")
    print("| writer | writes: wall s | writes: CPU s | end: wall s | end: CPU s |")
    print("| --- | --- | --- | --- | --- |")
    medians = {g: [statistics.median(r[i] for r in results[g]) for i in range(4)] for g in results}
    for grouping in (False, True):
        print(f"| grouping {'on' if grouping else 'off'} | " + " | ".join(f"{v:.2f}" for v in medians[grouping]) + " |")
    off, on = medians[False][1], medians[True][1]
    per_brief = (on - off) / len(rows) * 1000
    print(f"\nGrouping adds {100 * (on - off) / off:+.1f}% to the writes' CPU ({per_brief:.3f} ms a brief).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
