"""Feed fetching end to end: ``brief fetch`` of 200 Arabic feeds on a loopback server, newsboat beside it.

What it does:

1. makes 200 feeds of 50 Arabic entries (about 100 KB each, ``bench/feeds_corpus.py``) and serves
   them from threaded HTTP servers on 100 loopback addresses (127.0.0.1 to 127.0.0.100, two feeds
   each, as feeds come from many sites) with ETag and Last-Modified, answering conditional
   requests with 304 (the servers run in a child process);
2. copies a store of N briefs (``--store``, e.g. the 100,000-brief store the scale benchmark
   leaves with ``--keep-stores``; without it an empty store; a store of an older schema is
   upgraded once, before the runs), subscribes it to the 200 feeds with
   ``brief opml import``, then times ``brief fetch`` twice as whole processes: the first fetch
   imports 10,000 briefs, the second gets 304 from every feed; peak RSS from ``wait4``;
3. times newsboat (when installed) reloading the same 200 URLs twice with 16 reload threads;
4. with ``--reader``: opens the reader on a copy of the store in a pseudo-terminal, opens a brief,
   presses ``r`` and times ``j`` / ``k`` (a line of scrolling), ``?`` (the help screen in) and
   Escape (out) until the fetch ends (its status line goes), and the same keys with no fetch before
   it. Escape is answered no sooner than ``ESCDELAY`` (100 ms unless set): a terminal sends the
   same byte alone for the key and first in the sequences of other keys, so the reader waits that
   long for more before it takes the byte for Escape (curses and Textual alike).

Run: ``.venv/bin/python bench/bench_feeds.py [--store PATH] [--runs 3]``. Prints a table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feeds_corpus import make_feeds  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent

SERVER = r"""
import hashlib, http.server, socketserver, sys, os
from email.utils import formatdate
root = sys.argv[1]
bodies = {}
for name in os.listdir(root):
    data = open(os.path.join(root, name), "rb").read()
    bodies["/" + name] = (data, '"' + hashlib.sha1(data).hexdigest()[:16] + '"', formatdate(1700000000, usegmt=True))

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_GET(self):
        item = bodies.get(self.path)
        if item is None:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        body, etag, lm = item
        if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == lm:
            self.send_response(304); self.send_header("ETag", etag); self.send_header("Last-Modified", lm)
            self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag); self.send_header("Last-Modified", lm)
        self.end_headers(); self.wfile.write(body)

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256
    def server_bind(self):
        import socket
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()

import threading
hosts = int(sys.argv[2])
servers = [S((f"127.0.0.{h + 1}", 0), H) for h in range(hosts)]
print(" ".join(str(s.server_address[1]) for s in servers), flush=True)
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str], float]:
    """Run ``argv``; (seconds, peak RSS in MB, the completed process, CPU seconds).

    The CPU seconds are the process's own (user and system) and those of the children it waited
    for: a shared machine stretches the wall time, much less the CPU time.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, subprocess.CompletedProcess(argv, code, out, err), cpu


def brief(*args: str) -> list[str]:
    """The ``brief`` command line, with this interpreter."""
    return [sys.executable, "-m", "tui", *args]


def subscribed_copy(store_src: Path | None, opml: Path, store: Path, env: dict[str, str]) -> None:
    """``store``: a copy of ``store_src`` (or a new store) subscribed to the feeds of ``opml``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    if store_src is not None:
        shutil.copyfile(store_src, store)
    subprocess.run(brief("opml", "import", str(opml), "--store", str(store)), env=env, check=True, capture_output=True)
    subprocess.run(brief("list", "--store", str(store)), env=env, check=True, capture_output=True)  # upgrades
    os.sync()  # the copy's gigabyte written back now, not during what is timed


def upgraded_copy(store_src: Path, work: Path, env: dict[str, str]) -> Path:
    """A copy of ``store_src`` brought up to this brief's schema, the source of every run's copy: an
    older store is upgraded once (a 100,000-brief store takes minutes), not once a run."""
    store = work / "source.db"
    shutil.copyfile(store_src, store)
    subprocess.run(brief("list", "--store", str(store)), env=env, check=True, capture_output=True)
    return store


def run_brief(store_src: Path | None, opml: Path, work: Path, env: dict[str, str]) -> dict[str, float]:
    """Subscribe a copy of the store and time two fetches."""
    store = work / "store.db"
    subscribed_copy(store_src, opml, store, env)
    first, rss1, r1, cpu1 = timed(brief("fetch", "--store", str(store)), env)
    second, rss2, r2, cpu2 = timed(brief("fetch", "--store", str(store)), env)
    for r in (r1, r2):
        if r.returncode != 0:
            sys.exit(f"brief fetch failed ({r.returncode}): {r.stdout}{r.stderr}")
    return {
        "first": first,
        "second": second,
        "rss": max(rss1, rss2),
        "cpu1": cpu1,
        "cpu2": cpu2,
        "line1": r1.stdout.strip().splitlines()[-1],
        "line2": r2.stdout.strip().splitlines()[-1],
    }  # type: ignore[dict-item]


SCROLLBAR = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
"""What a scrollbar draws: the characters stripped from the end of a row of the reading pane."""


def reader_keys(store_src: Path | None, opml: Path, work: Path, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Key latency in the reader while ``r`` fetches the feeds into it (a fresh copy of the store).

    Two kinds of keys, each timed from the key to the screen showing its effect, a marker no other
    screen update can fake:

    * ``j`` / ``k`` in the reading pane (a brief is opened first): a one-line scroll, seen when the
      pane's rows show the rows they showed before, moved up (or down) by one. A fetch changes the
      list and the header, never the open brief.
    * ``?`` and Escape: the help screen in and out, seen by its "Config id" table heading; timed
      apart, since Escape waits ``ESCDELAY`` first (see the module's docstring).

    Each kind is timed with no fetch first, then over the whole first fetch, in turn.
    """
    from bench_scale import terminal

    store = work / "reader.db"
    subscribed_copy(store_src, opml, store, env)
    idle: dict[str, list[float]] = {"scroll": [], "help": [], "escape": []}
    busy: dict[str, list[float]] = {"scroll": [], "help": [], "escape": []}
    with terminal(brief("--store", str(store)), dict(env, TERM="xterm-256color"), 120, 36) as term:
        term.wait_for(lambda: term.find("Quit"), timeout=30)
        term.settle(quiet=0.5, timeout=5)
        term.send(b"\r")  # the first brief, in the reading pane
        term.settle(quiet=0.5, timeout=5)
        split = next(x for x in range(term.cols) if term.text(2)[x] == "\u2595") + 1

        def pane() -> list[str]:
            # the reading pane's rows, without its scrollbar (which moves as it scrolls)
            return [term.text(y, split).rstrip(SCROLLBAR) for y in range(2, term.rows - 2)]

        def scroll(key: bytes, step: int) -> float | None:
            before = pane()
            inner = range(max(0, -step), len(before) - max(0, step))

            def moved() -> bool:
                # each row now shows what the row ``step`` below (or above) it showed
                now = pane()
                return now != before and all(now[i] == before[i + step] for i in inner)

            sent = term.send(key)
            got = term.wait_for(moved, timeout=5)
            return None if got is None else got - sent

        def help_key(key: bytes, shown: bool) -> float | None:
            sent = term.send(key)
            got = term.wait_for(lambda: term.find("Config id") == shown, timeout=10)
            return None if got is None else got - sent

        def one_round(into: dict[str, list[float]]) -> None:
            for latency in (scroll(b"j", 1), scroll(b"k", -1)):
                if latency is not None:
                    into["scroll"].append(latency)
                term.settle(quiet=0.05, timeout=0.2)
            for kind, key, shown in (("help", b"?", True), ("escape", b"\x1b", False)):
                latency = help_key(key, shown)
                if latency is not None:
                    into[kind].append(latency)
                term.settle(quiet=0.05, timeout=0.2)

        for _ in range(10):
            one_round(idle)
            term.settle(quiet=0.1, timeout=0.3)
        start = time.perf_counter()
        term.send(b"r")
        # the fetch's status line ("fetching feeds: ...") shows while it runs
        term.wait_for(lambda: term.find("fetching feeds"), timeout=30)
        while time.perf_counter() - start < 300:
            one_round(busy)
            if not term.find("fetching feeds"):
                break
        fetch_seconds = time.perf_counter() - start

    def figures(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        if not values:
            return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
        return {
            "n": len(values),
            "p50": 1000 * values[len(values) // 2],
            "p95": 1000 * values[min(len(values) - 1, int(len(values) * 0.95))],
            "max": 1000 * values[-1],
        }

    out = {
        f"{when} {kind}": figures(values)
        for when, kinds in (("idle", idle), ("fetch", busy))
        for kind, values in kinds.items()
    }
    out["fetch"] = {"seconds": fetch_seconds}
    return out


def run_newsboat(urls: list[str], work: Path) -> dict[str, float] | None:
    """Two newsboat reloads of the same feeds with 16 reload threads, or None without newsboat."""
    if shutil.which("newsboat") is None:
        return None
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("reload-threads 16\n")
    cache = work / "cache.db"
    cache.unlink(missing_ok=True)
    argv = ["newsboat", "-u", str(work / "urls"), "-c", str(cache), "-C", str(work / "config"), "-x", "reload"]
    env = dict(os.environ, HOME=str(work))
    first, rss1, _, cpu1 = timed(argv, env)
    second, rss2, _, cpu2 = timed(argv, env)
    return {"first": first, "second": second, "rss": max(rss1, rss2), "cpu1": cpu1, "cpu2": cpu2}


def main() -> None:
    """Make the feeds, serve them, time brief and newsboat, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a store to copy before each run (default: empty)")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reader", action="store_true", help="also time keys in the reader while r fetches")
    parser.add_argument("--no-newsboat", action="store_true", help="leave newsboat out")
    parser.add_argument(
        "--hosts",
        type=int,
        default=100,
        help="serve the feeds from this many loopback addresses (127.0.0.1, 127.0.0.2...): brief fetches"
        " at most 2 feeds of one host at once, as a polite reader does (default 100: 2 feeds a host)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="brief-feeds-"))
    served = work / "served"
    served.mkdir()
    feeds = make_feeds(args.feeds, args.entries)
    for i, (_, body) in enumerate(feeds):
        (served / f"feed{i:04d}.xml").write_bytes(body)
    size = sum(len(b) for _, b in feeds) / len(feeds) / 1024
    hosts = max(1, min(args.hosts, len(feeds)))
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(served), str(hosts)], stdout=subprocess.PIPE, text=True
    )
    try:
        ports = [int(p) for p in server.stdout.readline().split()] if server.stdout else []
        urls = [f"http://127.0.0.{i % hosts + 1}:{ports[i % hosts]}/feed{i:04d}.xml" for i in range(len(feeds))]
        opml = work / "feeds.opml"
        outlines = "\n".join(f'<outline type="rss" text="feed {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
        opml.write_text(f'<?xml version="1.0"?>\n<opml version="2.0"><head/><body>\n{outlines}\n</body></opml>\n')
        env = dict(os.environ, PYTHONPATH=str(PROJECT), BRIEF_CONFIG=str(work / "none.toml"))
        # Bytecode written, as an installed brief has it (PYTHONDONTWRITEBYTECODE would otherwise make
        # every timed run compile brief's modules again), and the interpreter's files in the page cache.
        compile_all = [sys.executable, "-m", "compileall", "-q", str(PROJECT / "tui")]
        subprocess.run(compile_all, check=True, capture_output=True)
        subprocess.run(brief("--version"), env=env, check=True, capture_output=True)
        source = upgraded_copy(args.store, work, env) if args.store is not None else None
        runs = [run_brief(source, opml, work, env) for _ in range(args.runs)]
        keys = reader_keys(source, opml, work, env) if args.reader else None
        boat = [] if args.no_newsboat else [b for b in (run_newsboat(urls, work) for _ in range(args.runs)) if b]
    finally:
        server.kill()
    base = "empty store" if args.store is None else f"store of {args.store.name}"
    print(
        f"\n{len(feeds)} feeds x {args.entries} entries ({size:.0f} KB each) on {hosts} loopback hosts, {base};"
        f" {args.runs} runs, min / median / max"
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load {os.getloadavg()[0]:.2f}\n"
    )

    def cell(rows: list[dict[str, float]], key: str, unit: str) -> str:
        values = [r[key] for r in rows]
        return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f} {unit}"

    print("| | first fetch | its CPU | second fetch (all 304) | its CPU | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| brief fetch | {cell(runs, 'first', 's')} | {cell(runs, 'cpu1', 's')} | {cell(runs, 'second', 's')} |"
        f" {cell(runs, 'cpu2', 's')} | {cell(runs, 'rss', 'MB')} |"
    )
    if boat:
        print(
            f"| newsboat 16 threads | {cell(boat, 'first', 's')} | {cell(boat, 'cpu1', 's')} |"
            f" {cell(boat, 'second', 's')} | {cell(boat, 'cpu2', 's')} | {cell(boat, 'rss', 'MB')} |"
        )
    print(f"\nbrief's lines: {runs[0]['line1']} / {runs[0]['line2']}")
    if keys is not None:
        print(f"\nreader keys, with no fetch and during r (the whole first fetch, {keys['fetch']['seconds']:.1f} s):\n")
        print("| keys | when | presses | p50 | p95 | max |")
        print("| --- | --- | --- | --- | --- | --- |")
        labels = (
            ("scroll", "j / k (scroll a line)"),
            ("help", "? (help screen in)"),
            ("escape", f"Esc (help screen out; ESCDELAY {os.environ.get('ESCDELAY', '100')} ms first)"),
        )
        for kind, label in labels:
            for when in ("idle", "fetch"):
                f = keys[f"{when} {kind}"]
                print(
                    f"| {label} | {'no fetch' if when == 'idle' else 'during r'} | {f['n']:.0f} | {f['p50']:.0f} ms"
                    f" | {f['p95']:.0f} ms | {f['max']:.0f} ms |"
                )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
