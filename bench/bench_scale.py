"""How brief scales with the size of the store: import, store size, reader start-up and keys, search.

For each size N a synthetic corpus (:mod:`corpus`, cached) is imported with the real ``brief import``
into a fresh store, then:

* **import rate**: briefs per second of the whole ``brief import DIR`` process (median of 3 runs up
  to 10,000 briefs, one run above);
* **store size**: the store file after a WAL checkpoint;
* **first paint**: ``brief`` started in a real pseudo-terminal (``os.openpty``, 120x36 by default),
  its output fed to a :mod:`pyte` screen; from process start until the list's first row (the
  newest brief, found by the number in its title) is on screen; **settled**: the last screen change
  before the screen stays still for a second;
* **keypress to repaint**: ``j`` sent, until the screen (text or colours) changes; median and p95;
  **page**: PgDn and PgUp in the list (ten of each in turn), the same way; **open**: Enter on the
  list (each brief in the list's order from the top, the cursor resting on it first as a reader's
  does), until the reading pane shows the brief's title; **back**: after the opens, Backspace in
  the reading pane back through the history and Alt+Right forward again, until it shows the brief
  before or after; median and p95;
  beside them the **reader's CPU** (all its threads, ``/proc/PID/task/*/schedstat``) by the first
  paint and per Enter, which the machine's load does not inflate as it does wall time;
* **peak RSS** of the reader: ``VmHWM`` of its ``/proc/PID/status`` just before ``q``;
* **search in process**: :func:`tui.store.search.search` p50/p95 over a query mix (rare word,
  common word, phrase, prefix*); **whole process**: ``brief search Q --json``, median; beside it
  ``grep -rl WORD DIR`` on the same files and queries, median;
* **render**: :func:`tui.text.document.layout_article` of a 4 KB brief at 100 columns, median.

Run ``python bench/bench_scale.py [--sizes 1000,10000,100000] [--workdir DIR]``. It prints a
Markdown table (rows: metrics; columns: N; last column: the target) and details per query kind, and
writes the raw numbers to ``WORKDIR/results-*.json``. Every wait has a timeout and every child
process is ended (its whole process group) even when a step fails. Not a timed test.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import queue
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import Corpus, ensure_corpus  # noqa: E402

BRIEF = Path(sys.executable).with_name("brief")
"""The installed ``brief`` command beside this interpreter (falls back to ``python -m tui``)."""

TARGETS = {
    "import": "≥ 2,000 briefs/s",
    "size": "",
    "first_paint": "≤ 0.6 s; largest N within 20% of smallest",
    "settled": "",
    "key_move": "≤ 50 ms",
    "key_move_p95": "≤ 50 ms",
    "key_open": "≤ 50 ms",
    "key_open_p95": "≤ 50 ms",
    "key_page_p95": "≤ 50 ms",
    "key_back_p95": "≤ 50 ms",
    "search_p50": "",
    "search_p95": "< 30 ms",
    "search_proc": "≤ 1/5 of grep -rl",
    "grep": "",
    "ratio": "≤ 0.20",
    "render": "",
    "rss": "≤ 150 MB at 100k",
}


# -- helpers ---------------------------------------------------------------------------------


def brief_argv(*args: str) -> list[str]:
    """The command line of ``brief`` with ``args``."""
    if BRIEF.exists():
        return [str(BRIEF), *args]
    return [sys.executable, "-m", "tui", *args]


def child_env(workdir: Path) -> dict[str, str]:
    """The environment of every child: no user config, a UTF-8 locale, a colour terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "BRIEF_"))}
    env.update(
        BRIEF_CONFIG=str(workdir / "no-config.toml"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
    )
    env.pop("NO_COLOR", None)
    # Measure brief as installed, with its bytecode cached: an environment that forbids writing
    # bytecode (PYTHONDONTWRITEBYTECODE) would make every process recompile the package (+0.1 s).
    # The cache goes to the work folder, not into the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def warm_bytecode(env: dict[str, str]) -> None:
    """Compile the package (and the installed libraries' missing caches) once, before timing."""
    import tui

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(tui.__file__).parent)],
        env=env,
        timeout=300,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def run_timed(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, subprocess.CompletedProcess]:
    """Run a whole process to completion; returns (seconds, result). Kills its group on timeout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    elapsed = time.perf_counter() - t0
    return elapsed, subprocess.CompletedProcess(argv, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    """End a child we started and everything in its process group: TERM, then KILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            continue


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def remove_store(path: Path) -> None:
    """Delete a store file and its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def reset_reading_state(store: Path) -> None:
    """Forget what an earlier run read, so the reader starts as on a fresh store (cursor on row 0).

    Only for ``--reuse-stores`` on the benchmark's own store file: the reader reopens the brief
    read last and puts the list cursor on it, which would shift every row the keys are timed on.
    """
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM state")
        conn.execute("DELETE FROM meta WHERE key = 'last_opened'")
    conn.close()


# -- the pseudo-terminal ---------------------------------------------------------------------


class Terminal:
    """A child process in a pseudo-terminal whose output drives a pyte screen.

    A thread reads the pty and timestamps each chunk as it arrives, so the time pyte spends
    interpreting output is not counted in the latencies; the caller feeds the chunks to the screen.
    """

    def __init__(self, argv: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        import pyte

        self.cols = cols
        self.rows = rows
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        terminal = self

        class AnsweringScreen(pyte.Screen):
            def write_process_input(self, data: str) -> None:  # device attribute replies
                terminal.send(data.encode())

        self.screen = AnsweringScreen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self._lines: dict[int, tuple] = {}
        self.last_change = 0.0
        """perf_counter of the chunk that last changed the screen."""
        self.eof = False

        def make_controlling() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
            preexec_fn=make_controlling,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if not ready:
                    if self.proc.poll() is not None:
                        break
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            self._chunks.put((time.perf_counter(), data))
        self._chunks.put(None)

    def send(self, data: bytes) -> float:
        """Write keys to the child; returns the time they were sent."""
        t = time.perf_counter()
        try:
            os.write(self.master, data)
        except OSError:
            pass
        return t

    def pump(self, timeout: float) -> tuple[float, bool] | None:
        """Feed the next chunk to the screen; returns (arrival time, screen changed), None on timeout."""
        try:
            item = self._chunks.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if item is None:
            self.eof = True
            return None
        t, data = item
        self.stream.feed(data)
        changed = False
        for y in self.screen.dirty:
            if 0 <= y < self.rows:
                line = self.screen.buffer[y]
                sig = tuple(line[x] for x in range(self.cols))
                if self._lines.get(y) != sig:
                    self._lines[y] = sig
                    changed = True
        self.screen.dirty.clear()
        if changed:
            self.last_change = t
        return t, changed

    def text(self, y: int, x0: int = 0, x1: int | None = None) -> str:
        """The characters of screen row ``y`` from column ``x0`` to ``x1``."""
        line = self.screen.buffer[y]
        return "".join(line[x].data for x in range(x0, self.cols if x1 is None else x1))

    def find(self, needle: str, x0: int = 0, x1: int | None = None, y0: int = 0, y1: int | None = None) -> bool:
        """True when ``needle`` is on screen inside the region."""
        return any(needle in self.text(y, x0, x1) for y in range(y0, self.rows if y1 is None else y1))

    def wait_for(self, predicate, timeout: float) -> float | None:
        """Pump until ``predicate()`` holds; returns the arrival time of the chunk that made it true."""
        if predicate():
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while not self.eof:
            got = self.pump(deadline - time.perf_counter())
            if got is None:
                if time.perf_counter() >= deadline:
                    return None
                continue
            if got[1] and predicate():
                return got[0]
        return None

    def wait_change(self, since: float, timeout: float) -> float | None:
        """Pump until the screen changes after ``since``; returns that chunk's arrival time."""
        deadline = time.perf_counter() + timeout
        while not self.eof:
            got = self.pump(deadline - time.perf_counter())
            if got is None:
                if time.perf_counter() >= deadline:
                    return None
                continue
            if got[1] and got[0] >= since:
                return got[0]
        return None

    def settle(self, quiet: float, timeout: float) -> float:
        """Pump until no output arrives for ``quiet`` seconds; returns the last change's time."""
        deadline = time.perf_counter() + timeout
        while not self.eof and time.perf_counter() < deadline:
            if self.pump(min(quiet, deadline - time.perf_counter())) is None:
                break
        return self.last_change

    def cpu_s(self) -> float:
        """CPU time the child has used so far, all its threads (``/proc/PID/task/*/schedstat``), in s."""
        total = 0
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                try:
                    total += int((task / "schedstat").read_text().split()[0])
                except (OSError, ValueError, IndexError):
                    continue
        except OSError:
            return float("nan")
        return total / 1e9

    def peak_rss_mb(self) -> float | None:
        """VmHWM of the child, in MB."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def close(self) -> None:
        """Quit with ``q``, else end the process group; never leaves the child running."""
        if self.proc.poll() is None:
            self.send(b"q")
            deadline = time.perf_counter() + 5
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self.pump(0.1)
        _kill_group(self.proc)
        try:
            os.close(self.master)
        except OSError:
            pass
        self._reader.join(timeout=2)


@contextmanager
def terminal(argv: list[str], env: dict[str, str], cols: int, rows: int):
    """A :class:`Terminal` that is always closed."""
    term = Terminal(argv, env, cols, rows)
    try:
        yield term
    finally:
        term.close()


# -- the measurements ------------------------------------------------------------------------


@dataclass
class Result:
    """Everything measured for one size."""

    n: int
    values: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    detail: dict[str, dict] = field(default_factory=dict)


def measure_import(
    corpus: Corpus, store: Path, env: dict[str, str], timeout: float, res: Result, runs: int = 1
) -> bool:
    """``brief import`` of the corpus into a fresh store, ``runs`` times (the rate is the median
    run's); returns False when it failed. The store of the last run stays for the other steps."""
    times: list[float] = []
    for _ in range(max(1, runs)):
        remove_store(store)
        try:
            seconds, done = run_timed(brief_argv("import", str(corpus.folder), "--store", str(store)), env, timeout)
        except subprocess.TimeoutExpired:
            res.notes.append(f"import did not finish in {timeout:.0f} s")
            return False
        last = done.stdout.decode(errors="replace").strip().splitlines()[-1:] or [""]
        if done.returncode != 0:
            res.notes.append(f"import exit {done.returncode}: {last[0]} {done.stderr.decode(errors='replace')[-300:]}")
            if not store.exists():
                return False
        times.append(seconds)
    seconds = statistics.median(times)
    res.values["import"] = corpus.size / seconds
    res.detail["import"] = {"seconds": seconds, "runs": times, "summary": last[0]}
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stats = dict(
            briefs=conn.execute("SELECT count(*) FROM briefs").fetchone()[0],
            links=conn.execute("SELECT count(*) FROM links").fetchone()[0],
            resolved=conn.execute("SELECT count(*) FROM links WHERE target IS NOT NULL").fetchone()[0],
        )
    conn.close()
    size = sum(Path(str(store) + s).stat().st_size for s in ("", "-wal") if Path(str(store) + s).exists())
    res.values["size"] = size / 1e6
    res.detail["store"] = stats
    return True


HISTORY = 100
"""Briefs the reader's history keeps (:class:`tui.ui.navigation.History`)."""


def list_top(store: Path, rows: int) -> list[dict]:
    """The first ``rows`` rows of the reader's list as it opens (newest first, grouped by story), each
    as ``{"id", "number"}``: the number in its title, which the benchmark looks for on the screen."""
    from tui.store.store import Store

    opened = Store.open(store, readonly=True)
    try:
        summaries = opened.story_rows(0, rows)
    finally:
        opened.close()
    return [{"id": row.id, "number": max(re.findall(r"\d{5,}", row.title), key=len, default="")} for row in summaries]


def measure_reader(corpus: Corpus, store: Path, env: dict[str, str], args, res: Result) -> None:
    """First paint, settled, ``j``, PgDn/PgUp, Enter and Backspace latencies, peak RSS: one reader in a
    pseudo-terminal."""
    top = list_top(store, max(len(corpus.manifest["top"]), args.opens + 1))
    cols, rows = args.cols, args.rows
    split = int(cols * 0.4) + 1  # the list pane is 40% wide (app.tcss); the reader starts after it
    first = top[0]["number"]
    paints: list[float] = []
    paint_cpus: list[float] = []
    settles: list[float] = []
    for start in range(args.starts):
        with terminal(brief_argv("--store", str(store)), env, cols, rows) as term:
            t = term.wait_for(lambda: term.find(first, 0, split, 1, rows - 1), args.paint_timeout)
            if t is None:
                res.notes.append(f"first paint: the first row did not appear in {args.paint_timeout:.0f} s")
                res.detail["screen_at_timeout"] = [term.text(y) for y in range(rows)]
                return
            paints.append(t - term.t0)
            paint_cpus.append(term.cpu_s())
            settled = term.settle(quiet=1.0, timeout=args.paint_timeout)
            settles.append(max(settled, t) - term.t0)
            if start == args.starts - 1:
                res.values["first_paint"] = statistics.median(paints)
                res.values["first_paint_cpu"] = statistics.median(paint_cpus)
                res.detail["first_paint_cpu_s"] = [round(x, 3) for x in paint_cpus]
                res.values["settled"] = statistics.median(settles)
                res.detail["first_paint_s"] = [round(x, 3) for x in paints]
                res.detail["settled_s"] = [round(x, 3) for x in settles]
                _measure_keys(term, top, split, args, res)


def _measure_keys(term: Terminal, top: list[dict], split: int, args, res: Result) -> None:
    """``j`` and Enter latencies and the peak RSS, in a reader that has settled."""
    rows = term.rows
    cursor = 0
    moves: list[float] = []
    for _ in range(args.keys):
        term.settle(quiet=0.15, timeout=2)
        sent = term.send(b"j")
        got = term.wait_change(sent, timeout=5)
        if got is None:
            res.notes.append("j: no repaint within 5 s")
            break
        moves.append(got - sent)
        cursor += 1
    if moves:
        res.values["key_move"] = statistics.median(moves) * 1000
        res.values["key_move_p95"] = percentile(moves, 95) * 1000
        res.detail["key_move_ms"] = [round(m * 1000, 1) for m in moves]

    pages: list[float] = []
    for i in range(args.pages):
        term.settle(quiet=0.15, timeout=2)
        # ten pages down, ten up: every press moves the list, even on a store of one page
        sent = term.send(b"\x1b[6~" if (i // 10) % 2 == 0 else b"\x1b[5~")
        got = term.wait_change(sent, timeout=5)
        if got is None:
            res.notes.append("PgDn/PgUp: no repaint within 5 s")
            break
        pages.append(got - sent)
    term.settle(quiet=0.15, timeout=2)
    term.send(b"g")  # the opens start from the top of the list
    cursor = 0
    if pages:
        res.values["key_page"] = statistics.median(pages) * 1000
        res.values["key_page_p95"] = percentile(pages, 95) * 1000
        res.detail["key_page_ms"] = [round(m * 1000, 1) for m in pages]

    opens: list[float] = []
    open_cpus: list[float] = []
    opened: list[str] = []
    for i in range(args.opens):
        if i:
            term.settle(quiet=0.15, timeout=2)
            term.send(b"\t")  # back to the list (Enter in the reader does not open)
            term.settle(quiet=0.15, timeout=2)
            term.send(b"j")
            cursor += 1
        term.settle(quiet=0.15, timeout=2)
        if cursor >= len(top):
            break
        number = top[cursor]["number"]
        cpu = term.cpu_s()
        sent = term.send(b"\r")
        got = term.wait_for(lambda number=number: term.find(number, split, None, 1, rows - 1), timeout=5)
        if got is None:
            res.notes.append(f"Enter: the title of {top[cursor]['id']} did not show in 5 s")
            res.detail["screen_at_open_timeout"] = [term.text(y) for y in range(rows)]
            break
        opens.append(got - sent)
        open_cpus.append(term.cpu_s() - cpu)
        opened.append(number)
    if opens:
        res.values["key_open"] = statistics.median(opens) * 1000
        res.values["key_open_p95"] = percentile(opens, 95) * 1000
        res.values["key_open_cpu"] = statistics.median(open_cpus) * 1000
        res.detail["key_open_cpu_ms"] = [round(m * 1000, 1) for m in open_cpus]
        res.detail["key_open_ms"] = [round(m * 1000, 1) for m in opens]

    backs: list[float] = []
    history = opened[-HISTORY:]  # the reader keeps the last HISTORY briefs opened
    position = len(history) - 1
    step = -1
    for _ in range(args.backs if len(history) > 1 else 0):
        # Backspace back to the first brief kept, then Alt+Right forward to the last, and again
        if not 0 <= position + step < len(history):
            step = -step
        position += step
        number = history[position]
        term.settle(quiet=0.15, timeout=2)
        sent = term.send(b"\x7f" if step < 0 else b"\x1b[1;3C")
        got = term.wait_for(lambda number=number: term.find(number, split, None, 1, rows - 1), timeout=5)
        if got is None:
            res.notes.append(f"Backspace/Alt+Right: the brief with {number} in its title did not show in 5 s")
            break
        backs.append(got - sent)
    if backs:
        res.values["key_back"] = statistics.median(backs) * 1000
        res.values["key_back_p95"] = percentile(backs, 95) * 1000
        res.detail["key_back_ms"] = [round(m * 1000, 1) for m in backs]
    term.settle(quiet=0.3, timeout=2)
    res.values["rss"] = term.peak_rss_mb()


def measure_search(corpus: Corpus, store: Path, env: dict[str, str], args, res: Result) -> None:
    """In-process p50/p95 of search, whole-process ``brief search``, and ``grep -rl``."""
    from tui.store.store import Store

    queries: dict[str, str] = corpus.manifest["queries"]
    all_times: list[float] = []
    per_kind: dict[str, dict] = {}
    with Store.open(store) as st:
        for kind, q in queries.items():
            hits = st.search(q)  # warm-up (page cache, stemmer)
            times = []
            cpus = []
            for _ in range(args.search_repeat):
                c0 = time.process_time()
                t0 = time.perf_counter()
                st.search(q)
                times.append((time.perf_counter() - t0) * 1000)
                cpus.append((time.process_time() - c0) * 1000)
            all_times += times
            per_kind[kind] = {
                "query": q,
                "hits": len(hits),
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 95),
                "cpu_p50_ms": statistics.median(cpus),
                "cpu_p95_ms": percentile(cpus, 95),
            }
    res.values["search_p50"] = statistics.median(all_times)
    res.values["search_p95"] = percentile(all_times, 95)

    proc_medians: list[float] = []
    grep_medians: list[float] = []
    for kind, q in queries.items():
        times = []
        for _ in range(args.proc_repeat):
            try:
                s, done = run_timed(brief_argv("search", q, "--json", "--store", str(store)), env, 60)
            except subprocess.TimeoutExpired:
                res.notes.append(f"brief search {q}: timed out")
                break
            if done.returncode != 0:
                res.notes.append(f"brief search {q}: exit {done.returncode}")
            times.append(s * 1000)
        per_kind[kind]["proc_ms"] = statistics.median(times) if times else None
        if times:
            proc_medians.append(statistics.median(times))
        word = corpus.manifest["grep"][kind]
        gtimes = []
        for _ in range(args.grep_repeat):
            try:
                s, done = run_timed(["grep", "-rl", "--", word, str(corpus.folder)], env, 300)
            except subprocess.TimeoutExpired:
                res.notes.append(f"grep {word}: timed out")
                break
            gtimes.append(s * 1000)
            per_kind[kind]["grep_files"] = done.stdout.count(b"\n")
        per_kind[kind]["grep_ms"] = statistics.median(gtimes) if gtimes else None
        if gtimes:
            grep_medians.append(statistics.median(gtimes))
    if proc_medians:
        res.values["search_proc"] = statistics.median(proc_medians)
    if grep_medians:
        res.values["grep"] = statistics.median(grep_medians)
    if proc_medians and grep_medians:
        ratios = [p / g for p, g in zip(proc_medians, grep_medians)]
        res.values["ratio"] = statistics.median(ratios)
        res.detail["ratio_worst"] = max(ratios)
    res.detail["search"] = per_kind


def measure_render(corpus: Corpus, res: Result, repeat: int = 30) -> None:
    """layout_article of the corpus's 4 KB brief at 100 columns, median ms."""
    from tui.importers.load import load_file
    from tui.text.document import layout_article

    path = corpus.folder / f"{corpus.manifest['four_kb_id']}.txt"
    article = load_file(path)
    layout_article(article, 100)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        layout_article(article, 100)
        times.append((time.perf_counter() - t0) * 1000)
    res.values["render"] = statistics.median(times)
    res.detail["render"] = {"id": article.id, "bytes": path.stat().st_size}


# -- the table -------------------------------------------------------------------------------

ROWS = [
    ("import", "import rate (briefs/s, whole `brief import`)", "{:,.0f}"),
    ("size", "store size (MB, after checkpoint)", "{:,.1f}"),
    ("first_paint", "first paint of `brief` (s)", "{:.2f}"),
    ("first_paint_cpu", "reader's CPU by its first paint (s, median)", "{:.2f}"),
    ("settled", "all settled (s)", "{:.2f}"),
    ("key_move", "keypress `j` → repaint (ms, median)", "{:.1f}"),
    ("key_move_p95", "keypress `j` → repaint (ms, p95)", "{:.1f}"),
    ("key_open", "Enter → brief shown (ms, median)", "{:.1f}"),
    ("key_open_p95", "Enter → brief shown (ms, p95)", "{:.1f}"),
    ("key_open_cpu", "reader's CPU per Enter (ms, median)", "{:.1f}"),
    ("key_page", "PgDn / PgUp in the list → repaint (ms, median)", "{:.1f}"),
    ("key_page_p95", "PgDn / PgUp in the list → repaint (ms, p95)", "{:.1f}"),
    ("key_back", "Backspace / Alt+Right → the brief before / after shown (ms, median)", "{:.1f}"),
    ("key_back_p95", "Backspace / Alt+Right → the brief before / after shown (ms, p95)", "{:.1f}"),
    ("search_p50", "search in process p50 (ms)", "{:.1f}"),
    ("search_p95", "search in process p95 (ms)", "{:.1f}"),
    ("search_proc", "`brief search --json` whole process (ms, median)", "{:.0f}"),
    ("grep", "`grep -rl` whole process (ms, median)", "{:.0f}"),
    ("ratio", "brief search / grep -rl (median of per-query ratios)", "{:.2f}"),
    ("render", "layout_article, 4 KB brief at 100 cols (ms, median)", "{:.1f}"),
    ("rss", "reader peak RSS (MB, VmHWM)", "{:.0f}"),
]


def verdict(key: str, value: float, n: int, results: list[Result]) -> str | None:
    """True/False against the target for one cell, None when the metric has no target."""
    if key == "import":
        return value >= 2000
    if key == "first_paint":
        ok = value <= 0.6
        small = results[0].values.get("first_paint")
        if n == results[-1].n and len(results) > 1 and small:
            ok = ok and value <= 1.2 * small
        return ok
    if key.startswith("key_") and key != "key_open_cpu":
        return value <= 50
    if key == "search_p95":
        return value < 30
    if key == "ratio":
        return value <= 0.2
    if key == "rss":
        return value <= 150 if n >= 100_000 else None
    return None


def table(results: list[Result]) -> str:
    """The Markdown table: a row per metric, a column per size, then the target."""
    head = "| metric | " + " | ".join(f"N = {r.n:,}" for r in results) + " | target |"
    lines = [head, "|" + " --- |" * (len(results) + 2)]
    for key, label, fmt in ROWS:
        cells = []
        for r in results:
            v = r.values.get(key)
            if v is None:
                cells.append("—")
                continue
            ok = verdict(key, v, r.n, results)
            mark = "" if ok is None else (" ✓" if ok else " ✗")
            cells.append(fmt.format(v) + mark)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {TARGETS.get(key, '')} |")
    return "\n".join(lines)


def detail_table(results: list[Result]) -> str:
    """Search per query kind: in process p50/p95, whole process, grep, hits."""
    lines = [
        "| N | kind | query | hits (≤20) | p50 ms | p95 ms | CPU p50 / p95 ms | brief search ms | grep -rl ms"
        " | grep files |",
        "|" + " --- |" * 10,
    ]
    for r in results:
        for kind, d in r.detail.get("search", {}).items():

            def f(x, fmt="{:.1f}"):
                return "—" if x is None else fmt.format(x)

            lines.append(
                f"| {r.n:,} | {kind} | `{d['query']}` | {d['hits']} | {f(d['p50_ms'])} | {f(d['p95_ms'])} | "
                f"{f(d.get('cpu_p50_ms'))} / {f(d.get('cpu_p95_ms'))} | "
                f"{f(d.get('proc_ms'), '{:.0f}')} | {f(d.get('grep_ms'), '{:.0f}')} | {d.get('grep_files', '—')} |"
            )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import textual

        textual_version = textual.__version__
    except Exception:  # noqa: BLE001 - only for the record
        textual_version = "?"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": textual_version,
        "os": platform.platform(),
    }


# -- main ------------------------------------------------------------------------------------


def run_size(n: int, args, env: dict[str, str]) -> Result:
    """Every measurement for one size."""
    res = Result(n)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    corpus = ensure_corpus(n, args.corpus_root)
    res.detail["corpus"] = {
        "folder": str(corpus.folder),
        "generated_s": corpus.manifest.get("generated_seconds"),
        "links": corpus.manifest["links"],
        "dangling": corpus.manifest["dangling_links"],
        "ready_s": round(time.perf_counter() - t0, 1),
    }
    store = args.workdir / f"store-{n}.db"

    def step(name: str) -> None:
        print(f"  [{n:,}] {name}  (load {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)

    step("import")
    timeout = args.import_timeout or max(300.0, n / 40)
    if args.reuse_stores and store.exists():
        res.notes.append("import not re-run (--reuse-stores): rate and size from the existing store's run")
        reset_reading_state(store)
        ok = True
    else:
        runs = args.import_runs if args.import_runs is not None else (3 if n <= 10_000 else 1)
        ok = measure_import(corpus, store, env, timeout, res, runs)
    if ok:
        if not args.no_reader:
            step("reader")
            try:
                measure_reader(corpus, store, env, args, res)
            except Exception as exc:  # noqa: BLE001 - a failed step must not stop the others
                res.notes.append(f"reader: {type(exc).__name__}: {exc}")
        step("search")
        try:
            measure_search(corpus, store, env, args, res)
        except Exception as exc:  # noqa: BLE001
            res.notes.append(f"search: {type(exc).__name__}: {exc}")
    step("render")
    try:
        measure_render(corpus, res)
    except Exception as exc:  # noqa: BLE001
        res.notes.append(f"render: {type(exc).__name__}: {exc}")
    res.detail["load"] = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    res.detail["seconds"] = round(time.perf_counter() - t0, 1)
    if not args.keep_stores:
        remove_store(store)
    return res


def main() -> None:
    """Parse the options, run every size, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/brief-bench"), help="stores and results go here")
    parser.add_argument("--corpus-root", type=Path, default=None, help="where corpora are cached (default: WORKDIR)")
    parser.add_argument("--cols", type=int, default=120)
    parser.add_argument("--rows", type=int, default=36)
    parser.add_argument("--starts", type=int, default=3, help="reader starts for the first-paint median")
    parser.add_argument("--keys", type=int, default=20, help="j presses to time")
    parser.add_argument("--opens", type=int, default=6, help="Enter presses to time")
    parser.add_argument("--pages", type=int, default=20, help="PgDn / PgUp presses to time")
    parser.add_argument("--backs", type=int, default=20, help="Backspace / Alt+Right presses to time")
    parser.add_argument("--search-repeat", type=int, default=30, help="in-process runs per query")
    parser.add_argument("--proc-repeat", type=int, default=10, help="brief search processes per query")
    parser.add_argument("--grep-repeat", type=int, default=5, help="grep processes per query")
    parser.add_argument("--paint-timeout", type=float, default=30.0)
    parser.add_argument(
        "--import-runs",
        type=int,
        default=None,
        help="imports per size, rate from the median (default 3 up to 10,000 briefs, else 1)",
    )
    parser.add_argument("--import-timeout", type=float, default=None, help="seconds (default max(300, N/40))")
    parser.add_argument("--no-reader", action="store_true", help="skip the pseudo-terminal measurements")
    parser.add_argument(
        "--reuse-stores",
        action="store_true",
        help="measure an existing WORKDIR/store-N.db instead of importing again (no import row)",
    )
    parser.add_argument("--keep-stores", action="store_true", help="keep WORKDIR/store-N.db for profiling")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.corpus_root = args.corpus_root or args.workdir
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    env = child_env(args.workdir)
    if shutil.which("grep") is None:
        sys.exit("grep is needed for the comparison")
    warm_bytecode(env)
    sys.setswitchinterval(0.0005)  # the pty reader thread timestamps output promptly

    info = machine()
    print(f"machine: {info}", file=sys.stderr)
    results: list[Result] = []
    started = time.perf_counter()
    for n in sizes:
        results.append(run_size(n, args, env))
        print(f"  [{n:,}] done in {results[-1].detail['seconds']} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - started

    print(
        f"\nbrief scale benchmark, {info['date']}: {info['cores']} cores ({info['cpu']}), "
        f"Python {info['python']}, SQLite {info['sqlite']}, Textual {info['textual']}; "
        f"terminal {args.cols}x{args.rows}; run took {total:.0f} s\n"
    )
    print(table(results))
    print()
    print(detail_table(results))
    print()
    for r in results:
        load = r.detail.get("load", {})
        store = r.detail.get("store", {})
        print(
            f"- N = {r.n:,}: load average before {load.get('before')} after {load.get('after')}; "
            f"links {store.get('links')} ({store.get('resolved')} resolved); "
            f"import {r.detail.get('import', {}).get('seconds', float('nan')):.1f} s "
            f"(runs {[round(t, 2) for t in r.detail.get('import', {}).get('runs', [])]}); "
            f"j ms {r.detail.get('key_move_ms')}; open ms {r.detail.get('key_open_ms')}"
        )
        for note in r.notes:
            print(f"  - note: {note}")
    out = args.workdir / f"results-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "machine": info,
                "args": {k: str(v) for k, v in vars(args).items()},
                "results": [vars(r) for r in results],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"\nraw numbers: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
