"""A real HTTP server for feed tests, on 127.0.0.1 in a thread of the test process (port chosen by the system).

Imported as ``feed_server`` (tests/ is not a package). A test sets what each path answers with
:meth:`FeedServer.set` (a :class:`Reply`, or a function of the request giving one) and may change it
between fetches; the server counts the requests per path, so a test can prove that a 304 was asked
for or that a feed was skipped without any request. A reply with an ``etag`` answers 304 to a
request whose If-None-Match carries it, the way a real feed server does.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
OPML = "text/x-opml; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    """One answer: status, body, headers; with ``etag``, a matching If-None-Match gets a bare 304."""

    status: int = 200
    body: bytes = b""
    content_type: str = RSS
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    """Seconds to wait before answering (a slow feed, to see the reader's progress line)."""


Route = Reply | Callable[["Request"], Reply]


@dataclass(frozen=True)
class Request:
    """What a route function is told about the request."""

    path: str
    headers: dict[str, str]
    """Header names in lower case."""


class FeedServer:
    """The routes, the request counts and the server's base URL."""

    def __init__(self, base: str) -> None:
        self.base = base
        """``http://127.0.0.1:PORT``."""
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        """Requests per path (the query string included), 304s included."""
        self.not_modified: Counter[str] = Counter()
        """304 answers per path."""
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        """The absolute URL of ``path``."""
        return self.base + path

    def set(self, path: str, route: Route) -> str:
        """Answer ``path`` with ``route`` from now on; returns its URL."""
        with self.lock:
            self.routes[path] = route
        return self.url(path)

    def answer(self, request: Request) -> Reply:
        """The reply for ``request`` (404 for an unknown path), counted."""
        with self.lock:
            self.hits[request.path] += 1
            route = self.routes.get(request.path)
        if route is None:
            return Reply(404, b"not here", "text/plain")
        reply = route(request) if callable(route) else route
        if reply.etag is not None and request.headers.get("if-none-match") == reply.etag:
            with self.lock:
                self.not_modified[request.path] += 1
            return Reply(304, b"", reply.content_type, {"ETag": reply.etag}, delay=reply.delay)
        return reply


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    """A request handler class that answers from ``server``'s routes."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            reply = server.answer(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            headers = {"Content-Type": reply.content_type, **reply.headers}
            if reply.etag is not None and reply.status == 200:
                headers["ETag"] = reply.etag
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: clients hang up when they have seen enough."""


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """Serve on 127.0.0.1 (never another address) until the block ends."""
    httpd = _Server(("127.0.0.1", 0), lambda *a: None)  # type: ignore[arg-type]
    state = FeedServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(title: str, items: list[dict[str, str]], link: str = "") -> bytes:
    """An RSS 2.0 document; each item gives ``guid``, ``title``, ``link``, ``date`` and ``html``."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{title}</title><link>{link}</link>",
    ]
    for item in items:
        parts.append(
            f'<item><guid isPermaLink="false">{item["guid"]}</guid><title>{item["title"]}</title>'
            f"<link>{item['link']}</link><pubDate>{item['date']}</pubDate>"
            f"<description><![CDATA[{item['html']}]]></description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def atom(title: str, entries: list[dict[str, str]]) -> bytes:
    """An Atom document; each entry gives ``id``, ``title``, ``link``, ``updated`` and ``html``."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:test:{title}</id><updated>2026-12-01T09:00:00Z</updated>",
    ]
    for entry in entries:
        parts.append(
            f"<entry><id>{entry['id']}</id><title>{entry['title']}</title>"
            f'<link rel="alternate" href="{entry["link"]}"/><updated>{entry["updated"]}</updated>'
            f'<content type="html"><![CDATA[{entry["html"]}]]></content></entry>'
        )
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")
