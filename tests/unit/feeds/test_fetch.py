"""Fetching against a real HTTP server on 127.0.0.x in a thread of this process (no other address is used).

The server's routes misbehave the way real feed servers do: redirect chains, 304s, 410, 429 and 503
with Retry-After, slow and trickling answers, gzip, oversized bodies and a gzip bomb. It records what
each request looked like and how many requests ran at once per host, so the politeness limits are
checked by the server's own count.
"""

from __future__ import annotations

import gzip
import pickle
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tui import __version__
from tui.feeds.body import parse_retry_after
from tui.feeds.client import make_client
from tui.feeds.discover import FeedLink, find_feed_links, looks_like_feed, looks_like_html
from tui.feeds.fetch import fetch_all, fetch_all_sync, fetch_one
from tui.feeds.request import FeedRequest, FetchResult, FetchSettings

ROOT = Path(__file__).resolve().parents[3]
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + b"<!-- x -->" * 500 + b"</channel></rss>"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT"
BIG = b"<rss>" + b" " * 200_000 + b"</rss>"
BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)
PAGE = (
    b'<!doctype html><html><head><base href="/sub/"><title>site</title>'
    b'<link rel="stylesheet" href="/s.css">'
    b'<LINK REL="Alternate Feed" TYPE="application/rss+xml" title="Main" href="feed.xml">'
    b"<body><p>hello"
)
FAST = FetchSettings(total_timeout=1.0, connect_timeout=1.0)


class Counter:
    """Requests in flight per server address, and the most seen at once (per host and overall)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.total_now = 0
        self.total_peak = 0

    def reset(self) -> None:
        with self.lock:
            self.now.clear()
            self.peak.clear()
            self.total_now = self.total_peak = 0

    def enter(self, host: str) -> None:
        with self.lock:
            self.now[host] = self.now.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.now[host])
            self.total_now += 1
            self.total_peak = max(self.total_peak, self.total_now)

    def leave(self, host: str) -> None:
        with self.lock:
            self.now[host] -= 1
            self.total_now -= 1


COUNTER = Counter()
SEEN: list[tuple[str, dict[str, str]]] = []
"""(path, headers with lower-case names) of every request, in arrival order."""


class Handler(BaseHTTPRequestHandler):
    """The routes; each answers like one kind of real server."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """Send a whole answer with a Content-Length."""
        self.send_response(status)
        for name, value in {"Content-Type": "application/rss+xml", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        """A redirect to ``location``."""
        self.reply(status, headers={"Location": location})

    def do_GET(self) -> None:
        """Dispatch on the path."""
        SEEN.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path.split("?")[0]
        name = "route" + path.replace("/", "_").replace("-", "_").replace(".", "_")
        getattr(self, name, self.route_missing)()

    def route_feed(self) -> None:
        """ETag and Last-Modified; 304 when If-None-Match matches."""
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if self.headers.get("If-None-Match") == ETAG:
            return self.reply(304, headers=validators)
        self.reply(200, FEED, validators)

    def route_sub_feed_xml(self) -> None:
        """The feed a page links to."""
        self.route_feed()

    def route_lm(self) -> None:
        """Only Last-Modified; a 304 that repeats no validator."""
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return self.reply(304)
        self.reply(200, FEED, {"Last-Modified": LAST_MODIFIED})

    def route_p1(self) -> None:
        self.redirect(301, "/p2")

    def route_p2(self) -> None:
        self.redirect(308, "/feed")

    def route_t1(self) -> None:
        self.redirect(301, "/t2")

    def route_t2(self) -> None:
        self.redirect(302, "/feed")

    def route_moved_missing(self) -> None:
        self.redirect(301, "/missing")

    def route_to_ftp(self) -> None:
        self.redirect(301, "ftp://127.0.0.1/feed.xml")

    def route_to_tel(self) -> None:
        self.redirect(301, "tel:+123")

    def route_to_long(self) -> None:
        self.redirect(301, "/feed?" + "a" * 3_000)

    def route_loop(self) -> None:
        self.redirect(302, "/loop")

    def route_to_host(self) -> None:
        """/to-host?h=HOST redirects to a feed on HOST (never asked: a host no request can go to)."""
        self.redirect(301, f"http://{self.path.split('=')[1]}/feed")

    def route_to_broken(self) -> None:
        """A Location that no URL parser can split (an IPv6 address not closed)."""
        self.redirect(301, "//[::1/feed.xml")

    def route_chain(self) -> None:
        """/chain?n=N redirects N more times, then to the feed."""
        n = int(self.path.split("=")[1])
        self.redirect(302, f"/chain?n={n - 1}" if n > 0 else "/feed")

    def route_missing(self) -> None:
        self.reply(404, b"not here", {"Content-Type": "text/plain"})

    def route_gone(self) -> None:
        self.reply(410, b"gone", {"Content-Type": "text/plain"})

    def route_busy(self) -> None:
        self.reply(429, b"busy", {"Retry-After": "120"})

    def route_down(self) -> None:
        self.reply(503, b"down", {"Retry-After": formatdate(time.time() + 60, usegmt=True)})

    def route_slow(self) -> None:
        time.sleep(3)
        self.reply(200, FEED)

    def route_trickle(self) -> None:
        """Headers at once, then one byte every 50 ms: every read is quick, the whole is not."""
        self.send_response(200)
        self.send_header("Content-Length", "200")
        self.end_headers()
        for _ in range(200):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.05)

    def route_gzip(self) -> None:
        self.reply(200, gzip.compress(FEED), {"Content-Encoding": "gzip"})

    def route_deflate(self) -> None:
        self.reply(200, zlib.compress(FEED), {"Content-Encoding": "deflate"})

    def route_raw_deflate(self) -> None:
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        self.reply(200, packer.compress(FEED) + packer.flush(), {"Content-Encoding": "deflate"})

    def route_brotli(self) -> None:
        self.reply(200, b"not really brotli", {"Content-Encoding": "br"})

    def route_bad_gzip(self) -> None:
        self.reply(200, gzip.compress(FEED)[:10] + b"\xff" * 50, {"Content-Encoding": "gzip"})

    def route_short_gzip(self) -> None:
        self.reply(200, gzip.compress(FEED)[:-30], {"Content-Encoding": "gzip"})

    def route_big(self) -> None:
        self.reply(200, BIG)

    def route_big_chunked(self) -> None:
        """The same body with no Content-Length: chunked, so only counting can stop it."""
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for start in range(0, len(BIG), 8192):
                piece = BIG[start : start + 8192]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up once it had enough

    def route_big_header(self) -> None:
        """Announces 200,000 bytes, sends ten, then stalls: only the Content-Length can refuse it in time."""
        self.send_response(200)
        self.send_header("Content-Length", "200000")
        self.end_headers()
        self.wfile.write(b"<rss>     ")
        self.wfile.flush()
        time.sleep(2)

    def route_bomb(self) -> None:
        self.reply(200, BOMB, {"Content-Encoding": "gzip"})

    def route_page(self) -> None:
        self.reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})

    def route_count(self) -> None:
        """Hold the request 0.2 s, counting how many are held at once."""
        host = str(self.connection.getsockname()[0])  # the address the client connected to
        COUNTER.enter(host)
        try:
            time.sleep(0.2)
        finally:
            COUNTER.leave(host)
        self.reply(200, FEED)


class Server(ThreadingHTTPServer):
    """A threaded server whose dropped connections are not printed."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: clients of these tests hang up on purpose."""


def serve(host: str) -> Iterator[str]:
    """Run a server on ``host`` (port chosen by the system) and yield its base URL."""
    server = Server((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{host}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """The main test server, on 127.0.0.1."""
    yield from serve("127.0.0.1")


@pytest.fixture(scope="module")
def three_hosts() -> Iterator[list[str]]:
    """Servers on 127.0.0.1, 127.0.0.2 and 127.0.0.3: three hosts as far as politeness goes."""
    gens = [serve(f"127.0.0.{i}") for i in (1, 2, 3)]
    yield [next(g) for g in gens]
    for g in gens:
        next(g, None)


def one(url: str, settings: FetchSettings = FAST, **validators: str) -> FetchResult:
    """Fetch a single URL with fetch_all_sync."""
    return fetch_all_sync([FeedRequest(url, **validators)], settings)[0]


def test_200_with_etag_then_304(base: str) -> None:
    first = one(f"{base}/feed")
    assert (first.status, first.body, first.etag, first.last_modified) == (200, FEED, ETAG, LAST_MODIFIED)
    assert first.ok and not first.not_modified and first.content_type == "application/rss+xml"
    second = one(f"{base}/feed", etag=first.etag or "", last_modified=first.last_modified or "")
    assert (second.status, second.body, second.not_modified, second.error) == (304, None, True, None)
    assert (second.etag, second.last_modified) == (ETAG, LAST_MODIFIED)
    assert SEEN[-1][1]["if-none-match"] == ETAG
    assert SEEN[-1][1]["if-modified-since"] == LAST_MODIFIED


def test_last_modified_only_and_a_bare_304_keeps_the_validators(base: str) -> None:
    first = one(f"{base}/lm")
    assert (first.status, first.etag, first.last_modified) == (200, None, LAST_MODIFIED)
    assert "if-none-match" not in SEEN[-1][1]
    second = one(f"{base}/lm", last_modified=LAST_MODIFIED)
    assert (second.status, second.not_modified, second.last_modified) == (304, True, LAST_MODIFIED)


def test_user_agent_and_accept_encoding_reach_the_server(base: str) -> None:
    one(f"{base}/feed")
    headers = SEEN[-1][1]
    assert headers["user-agent"] == f"brief/{__version__} (+terminal news reader)"
    assert headers["accept-encoding"] == "gzip, deflate"


def test_permanent_chain_sets_permanent_url(base: str) -> None:
    r = one(f"{base}/p1")
    assert (r.status, r.body, r.final_url, r.permanent_url) == (200, FEED, f"{base}/feed", f"{base}/feed")
    assert r.url == f"{base}/p1"


def test_permanent_chain_then_304_still_reports_the_move(base: str) -> None:
    r = one(f"{base}/p1", etag=ETAG)
    assert (r.status, r.not_modified, r.permanent_url, r.etag) == (304, True, f"{base}/feed", ETAG)


async def test_fetch_one_with_the_callers_client(base: str) -> None:
    async with make_client(FAST) as client:
        first = await fetch_one(client, FeedRequest(f"{base}/gzip"), FAST)
        second = await fetch_one(client, FeedRequest(f"{base}/feed", etag=ETAG), FAST)
    assert (first.body, second.not_modified) == (FEED, True)


def test_a_temporary_hop_leaves_permanent_url_unset(base: str) -> None:
    for start in ("/t1", "/t2"):
        r = one(f"{base}{start}")
        assert (r.status, r.final_url, r.permanent_url) == (200, f"{base}/feed", None)


def test_permanent_move_to_a_missing_page_changes_nothing(base: str) -> None:
    r = one(f"{base}/moved-missing")
    assert (r.status, r.error, r.final_url, r.permanent_url) == (404, "HTTP 404", f"{base}/missing", None)


def test_redirect_to_a_url_too_long_says_so(base: str) -> None:
    r = one(f"{base}/to-long")
    assert r.error is not None and r.error.startswith(f"redirect to {base}/feed?aaa")
    assert r.error.endswith(": not a valid URL (longer than 2,048 characters)") and len(r.error) < 300
    assert (r.status, r.body) == (301, None)


def test_redirect_to_a_scheme_written_without_slashes_is_a_redirect_failure(base: str) -> None:
    r = one(f"{base}/to-tel")
    assert r.error is not None and r.error.startswith("redirect to a URL that cannot be requested (")
    assert r.body is None


def test_redirect_to_ftp_is_refused(base: str) -> None:
    r = one(f"{base}/to-ftp")
    assert r.error == "redirect to a non-HTTP URL (ftp://127.0.0.1/feed.xml)"
    assert (r.status, r.body) == (301, None)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("a..b", "a part of its host name is empty or longer than 63 characters"),
        ("a" * 70 + ".example", "a part of its host name is empty or longer than 63 characters"),
        ("xn--zz.example", "its host name is not valid IDNA"),
    ],
)
def test_redirect_to_a_host_no_request_can_go_to_fails_that_feed_with_the_reason(
    base: str, host: str, reason: str
) -> None:
    """It was an unexpected error (a bare UnicodeError from the idna codec or httpx)."""
    r = one(f"{base}/to-host?h={host}", FetchSettings(total_timeout=1.0, connect_timeout=1.0, trust_env=False))
    assert r.error == f"redirect to http://{host}/feed: not a valid URL ({reason})"
    assert (r.status, r.body) == (301, None)


def test_redirect_to_a_url_that_cannot_be_read_fails_that_feed(base: str) -> None:
    r = one(f"{base}/to-broken")
    assert r.error is not None and r.error.startswith("the server broke the HTTP exchange (Invalid URL")
    assert r.body is None


def test_redirect_limits(base: str) -> None:
    assert one(f"{base}/chain?n=4").status == 200  # 5 hops
    r = one(f"{base}/chain?n=5")  # 6 hops
    assert (r.error, r.body) == ("too many redirects (more than 5)", None)
    assert one(f"{base}/loop").error == f"redirect loop ({base}/loop)"


def test_only_http_urls() -> None:
    for url, why in (
        ("ftp://example.org/feed", "not an http or https URL"),
        ("file:///etc/passwd", "not an http or https URL"),
        ("example.org/feed", "not an http or https URL (write http:// or https:// in front of it)"),
        ("http://", "not a valid URL (no host after the //)"),
        ("", "an empty URL (give the feed's address: http://... or https://...)"),
        ("http//example.org/feed", "not a valid URL (write http:// or https://, with a colon and two slashes)"),
        ("https:/example.org/feed", "not a valid URL (write http:// or https://, with a colon and two slashes)"),
        (
            "/srv/feeds/feed.xml",
            "a file on this computer, not a URL: feeds are fetched from http:// or https:// addresses",
        ),
        ("~/feed.xml", "a file on this computer, not a URL: feeds are fetched from http:// or https:// addresses"),
    ):
        r = one(url)
        assert (r.error, r.status, r.final_url) == (why, None, url)
    # URLs no request can be made for: named, not an "unexpected error" of the HTTP library
    for url, reason in (
        ("http://127.0.0.1:99999/feed", "not a valid URL (its port is not a number from 0 to 65535)"),
        ("http://127.0.0.1:port/feed", "not a valid URL (its port is not a number from 0 to 65535)"),
        ("http://127.0.0.1:1/feed\x1b[31m", "not a valid URL (a control character in it)"),
        ("http://127.0.0.1:1/fe\x00ed", "not a valid URL (a control character in it)"),
    ):
        assert one(url).error == reason


def test_error_statuses(base: str) -> None:
    missing, gone, busy, down = fetch_all_sync(
        [FeedRequest(f"{base}/{p}") for p in ("missing", "gone", "busy", "down")], FAST
    )
    assert (missing.status, missing.error, missing.gone, missing.body) == (404, "HTTP 404", False, None)
    assert (gone.status, gone.error, gone.gone) == (410, "HTTP 410 Gone", True)
    assert (busy.status, busy.error, busy.retry_after) == (429, "HTTP 429, retry after 120 s", 120.0)
    assert down.status == 503 and down.retry_after is not None and 58.0 < down.retry_after <= 60.0
    assert down.error in ("HTTP 503, retry after 59 s", "HTTP 503, retry after 60 s")


def test_retry_after_forms() -> None:
    now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Tue, 01 Dec 2026 12:02:30 GMT", now) == 150.0
    assert parse_retry_after("Tue, 01 Dec 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    # What a hostile server sends: read as no wait or the longest, never an error for the feed
    assert parse_retry_after("\u00b2", now) is None  # isdigit() says yes, int() says no
    assert parse_retry_after("9" * 400, now) == 1e9
    assert parse_retry_after("9" * 5000, now) == 1e9  # past the digits int() reads
    assert parse_retry_after("Tue, 01 Dec 2026 12:00:00 +99999999999999999", now) is None
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 -2359", now) == 1e9


def test_slow_server_times_out(base: str) -> None:
    started = time.perf_counter()
    r = one(f"{base}/slow")
    assert (r.error, r.status, r.body) == ("timed out after 1 s", None, None)
    assert time.perf_counter() - started < 2.0


def test_trickling_server_hits_the_whole_request_deadline(base: str) -> None:
    started = time.perf_counter()
    r = one(f"{base}/trickle")
    assert (r.error, r.body) == ("timed out after 1 s", None)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate"])
def test_compressed_bodies_are_decoded(base: str, path: str) -> None:
    r = one(f"{base}{path}")
    assert (r.status, r.body, r.error) == (200, FEED, None)


def test_unusable_encodings_are_named(base: str) -> None:
    assert one(f"{base}/brotli").error == "unsupported Content-Encoding 'br'"
    damaged = one(f"{base}/bad-gzip")
    assert (damaged.body, damaged.status) == (None, 200)
    assert damaged.error == "the gzip body is damaged (Error -3 while decompressing data: invalid block type)"
    assert one(f"{base}/short-gzip").error == "the gzip body is cut short"


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_oversized_body_is_refused(base: str, path: str) -> None:
    r = one(f"{base}{path}", FetchSettings(max_bytes=64 * 1024, total_timeout=5))
    assert (r.error, r.body, r.status) == ("larger than 64 KB", None, 200)
    assert one(f"{base}{path}", FetchSettings(max_bytes=len(BIG))).body == BIG


def test_content_length_over_the_limit_is_refused_before_reading(base: str) -> None:
    started = time.perf_counter()
    r = one(f"{base}/big-header", FetchSettings(max_bytes=64 * 1024, total_timeout=1))
    assert (r.error, r.status) == ("larger than 64 KB", 200)
    assert time.perf_counter() - started < 0.9  # not the 1 s deadline


def test_gzip_bomb_stops_at_the_decoded_limit(base: str) -> None:
    assert len(BOMB) < 1024 * 1024  # small on the wire, 30 MB decoded
    started = time.perf_counter()
    r = one(f"{base}/bomb", FetchSettings(max_bytes=1024 * 1024, total_timeout=5))
    assert (r.error, r.body) == ("larger than 1 MB", None)
    assert time.perf_counter() - started < 2.0


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = one(f"http://127.0.0.1:{port}/feed")
    assert (r.error, r.status, r.body) == ("connection refused", None, None)


def test_discovery_from_a_fetched_page(base: str) -> None:
    page = one(f"{base}/page")
    assert page.body is not None
    assert looks_like_html(page.body, page.content_type) and not looks_like_feed(page.body, page.content_type)
    links = find_feed_links(page.body, page.final_url)
    assert links == [FeedLink(f"{base}/sub/feed.xml", "Main", "application/rss+xml")]
    feed = one(links[0].url)
    assert feed.body == FEED and looks_like_feed(feed.body, feed.content_type)


def test_per_host_limit_and_hosts_overlap(three_hosts: list[str]) -> None:
    COUNTER.reset()
    requests = [FeedRequest(f"{h}/count?{i}") for h in three_hosts for i in range(2)]
    results = fetch_all_sync(requests, FetchSettings(total_timeout=5))
    assert [r.status for r in results] == [200] * 6
    assert COUNTER.peak == {"127.0.0.1": 2, "127.0.0.2": 2, "127.0.0.3": 2}
    assert COUNTER.total_peak == 6  # all six at once


def test_one_host_never_gets_more_than_two(three_hosts: list[str]) -> None:
    COUNTER.reset()
    results = fetch_all_sync([FeedRequest(f"{three_hosts[0]}/count?{i}") for i in range(6)])
    assert [r.status for r in results] == [200] * 6
    assert COUNTER.peak == {"127.0.0.1": 2}


def test_global_limit(three_hosts: list[str]) -> None:
    COUNTER.reset()
    requests = [FeedRequest(f"{h}/count?{i}") for h in three_hosts for i in range(2)]
    fetch_all_sync(requests, FetchSettings(max_concurrent=3))
    assert COUNTER.total_peak == 3


async def test_results_in_order_reported_as_they_complete(base: str) -> None:
    urls = [f"{base}/slow", f"{base}/missing", f"{base}/feed"]
    reported: list[str] = []
    results = await fetch_all([FeedRequest(u) for u in urls], FAST, lambda r: reported.append(r.url))
    assert [r.url for r in results] == urls
    assert sorted(reported) == sorted(urls) and reported[-1] == f"{base}/slow"


def test_an_exception_in_on_result_escapes_and_stops_the_rest(base: str) -> None:
    def refuse(result: FetchResult) -> None:
        raise ValueError(result.url)

    started = time.perf_counter()
    with pytest.raises(ValueError, match="/missing"):
        fetch_all_sync([FeedRequest(f"{base}/missing"), FeedRequest(f"{base}/slow")], FAST, refuse)
    assert time.perf_counter() - started < 0.9  # /slow was cancelled, not waited for its 1 s deadline


def test_an_exception_in_one_task_becomes_its_error(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.feeds.fetch as fetch_module

    real = fetch_module.fetch_one

    async def flaky(client: object, request: FeedRequest, settings: FetchSettings) -> FetchResult:
        if request.url.endswith("?boom"):
            raise RuntimeError("boom")
        return await real(client, request, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_module, "fetch_one", flaky)
    bad, good = fetch_all_sync([FeedRequest(f"{base}/feed?boom"), FeedRequest(f"{base}/feed")])
    assert (bad.error, bad.body) == ("unexpected error (RuntimeError: boom)", None)
    assert (good.error, good.body) == (None, FEED)


def test_loopback_ignores_proxy_from_the_environment(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:  # a proxy that refuses: used, it would fail the fetch
        s.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{s.getsockname()[1]}"
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert one(f"{base}/feed").body == FEED


def test_result_pickles(base: str) -> None:
    r = one(f"{base}/feed")
    assert pickle.loads(pickle.dumps(r)) == r


def test_fetch_all_of_nothing() -> None:
    assert fetch_all_sync([]) == []


def test_feeds_package_imports_neither_textual_nor_sqlite() -> None:
    code = (
        "import sys, tui.feeds.fetch, tui.feeds.discover, tui.feeds.opml\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlite3', '_sqlite3'))\n"
        "assert not bad, bad\n"
        "print('checked')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (r.returncode, r.stdout.strip()) == (0, "checked"), r.stderr
