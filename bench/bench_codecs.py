"""Compressing stored texts: the codecs ``tui/store/bodies.py`` could use, on a store's own texts.

Reads the first N texts of a store (``bodies``, each a brief's paragraphs as JSON), and times, per
brief, compressing them with each codec and level and decompressing the result with the standard
library's zlib (every codec here writes the zlib format), in CPU time, best of three passes. The
ratio is the JSON's bytes over the compressed bytes.

Run: ``.venv/bin/python bench/bench_codecs.py STORE [--briefs 5000]``. Prints a table.
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from isal import isal_zlib


def texts_of(store: Path, briefs: int) -> list[bytes]:
    """The JSON of the first ``briefs`` briefs' paragraphs, as stored before compression."""
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT texts FROM bodies LIMIT ?", (briefs,)).fetchall()
    finally:
        conn.close()
    return [zlib.decompress(row[0]) for row in rows]


def best_of(passes: int, work: Callable[[], object]) -> float:
    """The least CPU time of ``passes`` runs of ``work``, in seconds."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    """Time every codec on the store's texts and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--briefs", type=int, default=5000)
    args = parser.parse_args()
    texts = texts_of(args.store, args.briefs)
    raw = sum(map(len, texts))
    codecs: list[tuple[str, Callable[[bytes], bytes]]] = [
        *((f"zlib {level}", lambda data, level=level: zlib.compress(data, level)) for level in (1, 6, 9)),
        *((f"isal {level}", lambda data, level=level: isal_zlib.compress(data, level)) for level in (0, 1, 2, 3)),
    ]
    print(f"\n{len(texts)} briefs, {raw / len(texts):,.0f} bytes of JSON a brief; CPU ms a brief, best of 3")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, zlib {zlib.ZLIB_RUNTIME_VERSION}\n")
    print("| codec | ratio | compress ms | decompress ms (zlib) |")
    print("| --- | --- | --- | --- |")
    for name, compress in codecs:
        packed = [compress(t) for t in texts]
        assert all(zlib.decompress(p) == t for p, t in zip(packed, texts))
        seconds = best_of(3, lambda compress=compress: [compress(t) for t in texts])
        back = best_of(3, lambda packed=packed: [zlib.decompress(p) for p in packed])
        ratio = raw / sum(map(len, packed))
        print(f"| {name} | {ratio:.2f} | {1000 * seconds / len(texts):.3f} | {1000 * back / len(texts):.3f} |")


if __name__ == "__main__":
    main()
