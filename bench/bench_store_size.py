"""Where a store's bytes go, against the size of the files imported into it; and what the import costs.

For each store it prints a table of bytes by part, read from SQLite's ``dbstat`` virtual table
(pages of each b-tree, with their payload and unused bytes): the ``briefs`` table and its indexes,
the brief texts, the read-also links, each FTS5 shadow table of the search index (``data``: the
index itself, terms and position lists, prefixes included; ``idx``: the segment directory;
``docsize``: each brief's column sizes for bm25; ``config``), the free pages, and the ratio of the
store to the corpus's files (their bytes, and the disk blocks they take, as ``du`` counts them).

With ``--build N`` it first makes (or reuses) the synthetic corpus of :mod:`corpus` and imports it
with ``brief import`` as a whole process into a fresh store, under ``/usr/bin/time -v`` for the
importing process's peak RSS, while a reader polls the store (WAL: it never blocks the writer) to
show the import rate per tenth of the corpus. It then times :meth:`Store.search` in process over the
corpus's queries (p50/p95). With ``--store PATH`` it only reads an existing store (opened read-only,
never changed); ``--corpus DIR`` names the files it was imported from, for the ratio.

Run: ``python bench/bench_store_size.py --build 20000`` or
``python bench/bench_store_size.py --store /tmp/brief-bench/base-100k.db --corpus DIR``.
Not a timed test: it prints tables.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_scale import brief_argv, child_env, machine, percentile, remove_store, warm_bytecode  # noqa: E402
from corpus import DEFAULT_ROOT, ensure_corpus  # noqa: E402

PARTS = (
    ("briefs", ("briefs",), "one row per brief: title, date, source, url, tags, hash, path"),
    ("briefs indexes", ("sqlite_autoindex_briefs_1", "briefs_"), "id, list order, title, feed, url"),
    ("texts", ("paragraphs", "bodies", "sqlite_autoindex_bodies_1"), "the paragraphs (compressed where so stored)"),
    ("links", ("links", "links_"), "read-also lines and their indexes"),
    ("index data", ("briefs_fts_data",), "FTS5 segments: terms, position lists, prefixes"),
    ("index idx", ("briefs_fts_idx",), "FTS5 segment directory"),
    ("index docsize", ("briefs_fts_docsize",), "FTS5 column sizes per brief (bm25)"),
    ("index content", ("briefs_fts_content",), "FTS5 copy of the text (none when contentless)"),
    ("index config", ("briefs_fts_config",), "FTS5 settings"),
    ("other", ("",), "state, meta, feeds, schema"),
)


def part_of(name: str) -> str:
    """The :data:`PARTS` row a b-tree belongs to (exact names first, then name prefixes)."""
    for part, names, _ in PARTS:
        if name in names:
            return part
    for part, names, _ in PARTS:
        if any(n and n.endswith("_") and name.startswith(n) for n in names):
            return part
    return "other"


def bytes_by_part(path: Path) -> tuple[dict[str, list[int]], dict[str, int]]:
    """{part: [bytes, payload, unused]} from ``dbstat``, and totals (file, page size, free pages)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        parts: dict[str, list[int]] = {p: [0, 0, 0] for p, _, _ in PARTS}
        for name, size, payload, unused in conn.execute(
            "SELECT name, sum(pgsize), sum(payload), sum(unused) FROM dbstat GROUP BY name"
        ):
            row = parts[part_of(name)]
            row[0] += size
            row[1] += payload
            row[2] += unused
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        totals = {
            "page_size": page_size,
            "free": conn.execute("PRAGMA freelist_count").fetchone()[0] * page_size,
            "pages": conn.execute("PRAGMA page_count").fetchone()[0] * page_size,
            "briefs": conn.execute("SELECT count(*) FROM briefs").fetchone()[0],
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
        }
    finally:
        conn.close()
    wal = Path(str(path) + "-wal")
    totals["file"] = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return parts, totals


def corpus_bytes(folder: Path) -> tuple[int, int]:
    """(bytes of the .txt/.md files under ``folder``, bytes of disk blocks they take)."""
    size = blocks = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith((".txt", ".md")):
                st = os.stat(os.path.join(root, name))
                size += st.st_size
                blocks += st.st_blocks * 512
    return size, blocks


def size_table(path: Path, corpus: Path | None) -> str:
    """The Markdown table of bytes by part of the store at ``path``."""
    parts, totals = bytes_by_part(path)
    n = max(1, totals["briefs"])
    lines = [
        f"store {path} (schema {totals['version']}, {totals['briefs']:,} briefs, page size {totals['page_size']})",
        "",
        "| part | MB | share | bytes per brief | payload MB | unused in pages MB | what |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for part, _names, what in PARTS:
        size, payload, unused = parts[part]
        if size:
            lines.append(
                f"| {part} | {size / 1e6:.1f} | {size / totals['pages']:.1%} | {size / n:,.0f} |"
                f" {payload / 1e6:.1f} | {unused / 1e6:.1f} | {what} |"
            )
    lines.append(f"| free pages | {totals['free'] / 1e6:.1f} | {totals['free'] / totals['pages']:.1%} | | | | |")
    lines.append(f"| **file** (with WAL) | **{totals['file'] / 1e6:.1f}** | | {totals['file'] / n:,.0f} | | | |")
    if corpus is not None:
        size, blocks = corpus_bytes(corpus)
        lines += [
            "",
            f"files: {size / 1e6:.1f} MB ({blocks / 1e6:.1f} MB of disk blocks);"
            f" store / files: **{totals['file'] / size:.2f}** ({totals['file'] / blocks:.2f} of the blocks)",
        ]
    return "\n".join(lines)


def _rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` now, in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _child_pid(pid: int) -> int | None:
    """The first child of process ``pid`` (``brief import`` under ``/usr/bin/time``)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def _poll(
    store: Path, n: int, proc: subprocess.Popen, stop: threading.Event, marks: list[tuple[int, float, float]], t0: float
) -> None:
    """Record (briefs, seconds, importing process RSS in MB) each time the store passes another tenth
    of ``n`` briefs, and once more when the briefs are all in (link resolution and the last commit
    come after)."""
    step = max(1, n // 10)
    nxt = step
    pid = None
    peak_after = 0.0
    while not stop.is_set():
        time.sleep(0.2)
        pid = pid or _child_pid(proc.pid)
        try:
            conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
            count = conn.execute("SELECT max(rowid) FROM briefs").fetchone()[0] or 0
            conn.close()
        except sqlite3.Error:
            continue
        rss = _rss_mb(pid) if pid else 0.0
        while count >= nxt:
            marks.append((nxt, time.perf_counter() - t0, rss))
            nxt += step
        if count >= n:
            peak_after = max(peak_after, rss)
    marks.append((-1, 0.0, peak_after))


def import_corpus(folder: Path, n: int, store: Path, env: dict[str, str]) -> str:
    """``brief import`` of ``folder`` into a fresh ``store``; a table of the rate per tenth, peak RSS."""
    remove_store(store)
    argv = ["/usr/bin/time", "-v", *brief_argv("import", str(folder), "--store", str(store))]
    marks: list[tuple[int, float, float]] = []
    stop = threading.Event()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    poller = threading.Thread(target=_poll, args=(store, n, proc, stop, marks, t0), daemon=True)
    poller.start()
    out, err_bytes = proc.communicate()
    done = subprocess.CompletedProcess(argv, proc.returncode, out, err_bytes)
    total = time.perf_counter() - t0
    stop.set()
    poller.join()
    after = marks.pop()[2] if marks and marks[-1][0] == -1 else 0.0
    err = done.stderr.decode(errors="replace")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", err))
    summary = done.stdout.decode(errors="replace").strip().splitlines()[-1:] or [""]
    lines = [
        f"`brief import` of {n:,} briefs: {total:.1f} s, {n / total:,.0f} briefs/s, exit {done.returncode},"
        f" {cpu:.0f} s of CPU (user + system, workers included), importing process peak RSS"
        f" {int(rss.group(1)) / 1024 if rss else float('nan'):.0f} MB, load {os.getloadavg()[0]:.1f} at the end"
        f" ({summary[0]})",
        "",
        "| briefs | at s | rate over this tenth (briefs/s) | importing process RSS (MB) |",
        "| --- | --- | --- | --- |",
    ]
    prev_n, prev_t = 0, 0.0
    for count, at, rss_now in marks:
        lines.append(f"| {count:,} | {at:.1f} | {(count - prev_n) / max(at - prev_t, 1e-9):,.0f} | {rss_now:.0f} |")
        prev_n, prev_t = count, at
    lines.append(f"| {n:,} (process exit) | {total:.1f} | | {after:.0f} (most after the last brief) |")
    return "\n".join(lines)


def search_table(store: Path, queries: dict[str, str], repeat: int) -> str:
    """In-process p50/p95 of :meth:`Store.search` per query, as in ``bench_scale.py``."""
    from tui.store.store import Store

    lines = [
        "| kind | query | hits | p50 ms | p95 ms | every snippet marks a match |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    every: list[float] = []
    with Store.open(store) as st:
        for kind, q in queries.items():
            hits = st.search(q)
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                st.search(q)
                times.append((time.perf_counter() - t) * 1000)
            every += times
            marked = "yes" if hits and all("[" in h.snippet for h in hits) else "no"
            p50, p95 = statistics.median(times), percentile(times, 95)
            lines.append(f"| {kind} | `{q}` | {len(hits)} | {p50:.1f} | {p95:.1f} | {marked} |")
    lines.append(f"| all | | | {statistics.median(every):.1f} | {percentile(every, 95):.1f} | |")
    return "\n".join(lines)


def main() -> None:
    """Parse the options, build or take the store, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=int, metavar="N", help="import the N-brief synthetic corpus into a fresh store")
    parser.add_argument("--store", type=Path, help="the store to measure (with --build: where to build it)")
    parser.add_argument("--corpus", type=Path, help="the folder the store was imported from (for the ratio)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_ROOT, help="built stores and the bytecode cache")
    parser.add_argument("--corpus-root", type=Path, help="where the corpora are (default: the work folder)")
    parser.add_argument("--search-repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"machine: {machine()}; load {os.getloadavg()[0]:.2f}")
    queries: dict[str, str] = {}
    if args.build:
        corpus = ensure_corpus(args.build, args.corpus_root or args.workdir)
        store = args.store or args.workdir / f"size-{args.build}.db"
        env = child_env(args.workdir)
        warm_bytecode(env)
        print(import_corpus(corpus.folder, args.build, store, env), "\n")
        with sqlite3.connect(store) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        folder: Path | None = corpus.folder
        queries = corpus.manifest["queries"]
    elif args.store:
        store, folder = args.store, args.corpus
        manifest = folder / "manifest.json" if folder else None
        if manifest and manifest.exists():
            import json

            queries = json.loads(manifest.read_text(encoding="utf-8"))["queries"]
    else:
        parser.error("give --build N or --store PATH")
    print(size_table(store, folder), "\n")
    if queries and args.build:
        print(search_table(store, queries, args.search_repeat))
    print(f"\nload {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
