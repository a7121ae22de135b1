"""How long fetching takes: N feeds of S bytes from a local server, first fetch then an all-304 refetch.

    .venv/bin/python bench/bench_fetch.py                   # 200 feeds of 100 KB, on 100 hosts and on 1
    .venv/bin/python bench/bench_fetch.py --feeds 500 --size 50000 --runs 5
    .venv/bin/python bench/bench_fetch.py --aiohttp            # and the same with aiohttp, if installed

The server runs in its own process (so it does not share the client's GIL) and listens on
127.0.0.1 ... 127.0.0.H, one address per "host", answering /feed/N with a distinct body of the
requested size, an ETag, and 304 to If-None-Match. Each row is the median of --runs runs, each with a
fresh fetch_all (so a new client and new connections); CPU is the client process's CPU time.
Only the fetching is measured: no parsing, no store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tui.feeds.fetch import fetch_all_sync
from tui.feeds.request import FeedRequest, FetchResult, FetchSettings


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


Fetcher = Callable[[list[FeedRequest], FetchSettings], list[FetchResult]]


def aiohttp_fetch_all(requests: list[FeedRequest], settings: FetchSettings) -> list[FetchResult]:
    """The same job with aiohttp, for comparison: same limits, deadline and streamed size check.

    Only what the benchmark needs (no redirects, no error wording); it shows what the HTTP client
    itself costs per request.
    """
    import aiohttp  # optional: only for --aiohttp

    async def one(session: aiohttp.ClientSession, request: FeedRequest, sems: list[asyncio.Semaphore]) -> FetchResult:
        async with sems[0], sems[1], asyncio.timeout(settings.total_timeout):
            headers = {"User-Agent": settings.user_agent, "If-None-Match": request.etag or ""}
            async with session.get(request.url, headers=headers, allow_redirects=False) as response:
                body = bytearray()
                async for chunk in response.content.iter_chunked(65536):
                    body += chunk
                    if len(body) > settings.max_bytes:
                        raise ValueError("too large")
                status = response.status
                return FetchResult(
                    request.url,
                    request.url,
                    status=status,
                    body=bytes(body) if status == 200 else None,
                    etag=response.headers.get("ETag"),
                    not_modified=status == 304,
                )

    async def everything() -> list[FetchResult]:
        everyone = asyncio.Semaphore(settings.max_concurrent)
        per_host: dict[str, asyncio.Semaphore] = {}
        connector = aiohttp.TCPConnector(limit=settings.max_concurrent)
        async with aiohttp.ClientSession(connector=connector, auto_decompress=True) as session:
            jobs = []
            for request in requests:
                host = per_host.setdefault(request.url.split("/")[2], asyncio.Semaphore(settings.per_host))
                jobs.append(one(session, request, [host, everyone]))
            return list(await asyncio.gather(*jobs))

    return asyncio.run(everything())


def timed(
    fetch: Fetcher, requests: list[FeedRequest], settings: FetchSettings
) -> tuple[float, float, list[FetchResult]]:
    """Wall and CPU seconds of one fetch of every request, and its results."""
    wall, cpu = time.perf_counter(), time.process_time()
    results = fetch(requests, settings)
    return time.perf_counter() - wall, time.process_time() - cpu, results


def run(fetch: Fetcher, feeds: int, size: int, hosts: int, runs: int, settings: FetchSettings) -> list[str]:
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
                wall, cpu, results = timed(fetch, [FeedRequest(u) for u in urls], settings)
                assert all(r.status == 200 and r.body for r in results), [r.error for r in results if not r.ok][:3]
                first.append((wall, cpu))
                wall, cpu, results2 = timed(fetch, [FeedRequest(r.url, r.etag) for r in results], settings)
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
        client = "aiohttp" if fetch is aiohttp_fetch_all else "httpx (fetch_all)"
        rows.append(f"| {client} | {name} | {label} | {wall:.3f} | {cpu:.3f} | {1000 * wall / feeds:.2f} |")
    return rows


def main() -> None:
    """Parse options, then serve or measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--aiohttp", action="store_true", help="also time a minimal aiohttp client (if installed)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--hosts", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--portfile", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.serve:
        serve(opts.hosts, opts.feeds, opts.size, opts.portfile)
        return
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{opts.feeds} feeds of {opts.size:,} bytes, median of {opts.runs} runs, load average {load}\n")
    print("| client | pass | server | wall s | client CPU s | ms per feed |")
    print("| --- | --- | --- | --- | --- | --- |")
    fetchers: list[Fetcher] = [fetch_all_sync] + ([aiohttp_fetch_all] if opts.aiohttp else [])
    for fetch in fetchers:
        for hosts, settings in ((100, FetchSettings()), (1, FetchSettings(per_host=16))):
            for row in run(fetch, opts.feeds, opts.size, hosts, opts.runs, settings):
                print(row, flush=True)


if __name__ == "__main__":
    main()
