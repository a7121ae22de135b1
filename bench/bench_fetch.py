"""How long fetching takes: N feeds of S bytes from a local server, first fetch then an all-304 refetch.

    .venv/bin/python bench/bench_fetch.py                   # 200 feeds of 100 KB, on 100 hosts and on 1
    .venv/bin/python bench/bench_fetch.py --feeds 500 --size 50000 --runs 5

The server runs in its own process (so it does not share the client's GIL) and listens on
127.0.0.1 ... 127.0.0.H, one address per "host", answering /feed/N with a distinct body of the
requested size, an ETag, and 304 to If-None-Match. Each row is the median of --runs runs, each with a
fresh fetch_all (so a new client and new connections); CPU is the client process's CPU time.
Only the fetching is measured: no parsing, no store.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tui.feeds.fetch import FeedRequest, FetchResult, FetchSettings, fetch_all_sync


def serve(hosts: int, feeds: int, size: int, portfile: Path) -> None:
    """Serve ``feeds`` bodies of ``size`` bytes on 127.0.0.1..127.0.0.<hosts>; write the port; run forever."""
    bodies = []
    for n in range(feeds):
        item = f"<item><title>item of feed {n}</title><description>{'x' * 400}</description></item>".encode()
        head = f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed {n}</title>'.encode()
        bodies.append(head + item * ((size - len(head)) // len(item)) + b"</channel></rss>")

    class Handler(BaseHTTPRequestHandler):
        """/feed/N with an ETag; 304 when it matches."""

        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as real servers do; else delayed ACKs stall each keep-alive answer

        def log_message(self, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            """Answer one request."""
            n = int(self.path.rsplit("/", 1)[1])
            etag = f'"{n}"'
            status, body = (304, b"") if self.headers.get("If-None-Match") == etag else (200, bodies[n])
            self.send_response(status)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        """Threaded, with a listen backlog of 128 (the default 5 drops SYNs, costing 1 s retries)."""

        daemon_threads = True
        request_queue_size = 128

    servers = []
    port = 0
    for h in range(1, hosts + 1):
        server = Server((f"127.0.0.{h}", port), Handler)
        port = server.server_address[1]
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    portfile.write_text(str(port))
    threading.Event().wait()


def timed(requests: list[FeedRequest], settings: FetchSettings) -> tuple[float, float, list[FetchResult]]:
    """Wall and CPU seconds of one fetch_all, and its results."""
    wall, cpu = time.perf_counter(), time.process_time()
    results = fetch_all_sync(requests, settings)
    return time.perf_counter() - wall, time.process_time() - cpu, results


def run(feeds: int, size: int, hosts: int, runs: int, settings: FetchSettings) -> list[str]:
    """Start a server with ``hosts`` addresses and time first fetches and refetches; table rows."""
    with tempfile.TemporaryDirectory() as tmp:
        portfile = Path(tmp) / "port"
        args = ["--serve", "--hosts", str(hosts), "--feeds", str(feeds), "--size", str(size), "--portfile"]
        server = subprocess.Popen([sys.executable, __file__, *args, str(portfile)])
        try:
            while not portfile.exists() or not portfile.read_text():
                time.sleep(0.05)
            port = portfile.read_text()
            urls = [f"http://127.0.0.{n % hosts + 1}:{port}/feed/{n}" for n in range(feeds)]
            first, again = [], []
            for _ in range(runs):
                wall, cpu, results = timed([FeedRequest(u) for u in urls], settings)
                assert all(r.status == 200 and r.body for r in results), [r.error for r in results if not r.ok][:3]
                first.append((wall, cpu))
                wall, cpu, results2 = timed([FeedRequest(r.url, r.etag) for r in results], settings)
                assert all(r.not_modified for r in results2)
                again.append((wall, cpu))
        finally:
            server.terminate()
            server.wait()
    rows = []
    for name, samples in (("first fetch", first), ("all 304", again)):
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        label = f"{hosts} host{'s' if hosts > 1 else ''}, per_host {settings.per_host}"
        rows.append(f"| {name} | {label} | {wall:.3f} | {cpu:.3f} | {1000 * wall / feeds:.2f} |")
    return rows


def main() -> None:
    """Parse options, then serve or measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--hosts", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--portfile", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.serve:
        serve(opts.hosts, opts.feeds, opts.size, opts.portfile)
        return
    print(f"{opts.feeds} feeds of {opts.size:,} bytes, median of {opts.runs} runs\n")
    print("| pass | server | wall s | client CPU s | ms per feed |")
    print("| --- | --- | --- | --- | --- |")
    for row in run(opts.feeds, opts.size, 100, opts.runs, FetchSettings()):
        print(row)
    for row in run(opts.feeds, opts.size, 1, opts.runs, FetchSettings(per_host=16)):
        print(row)


if __name__ == "__main__":
    main()
