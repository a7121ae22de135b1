"""The HTTP/1.1 transport on asyncio streams, against servers on 127.0.0.1 that send exact bytes.

Each server answers from a list of raw answers (one per request) and counts the connections it
accepted, so connection reuse and the retry of a connection the server closed are checked by the
server's own count. The TLS tests make a CA and a server certificate with the ``openssl`` command.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.feeds import client as client_module
from tui.feeds.fetch import fetch_all_sync, fetch_one
from tui.feeds.request import FeedRequest, FetchResult, FetchSettings

FAST = FetchSettings(total_timeout=2.0, connect_timeout=1.0)


class RawServer:
    """Answers each request with the next raw answer; ``close_after`` closes a connection after that
    many answers on it (0: keep it open)."""

    def __init__(self, answers: list[bytes], close_after: int = 0, context: ssl.SSLContext | None = None) -> None:
        self.answers = list(answers)
        self.close_after = close_after
        self.context = context
        self.connections = 0
        self.requests: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn: socket.socket) -> None:
        try:
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            served = 0
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    more = conn.recv(65536)
                    if not more:
                        return
                    data += more
                head, data = data.split(b"\r\n\r\n", 1)
                self.requests.append(head)
                conn.sendall(self.answers.pop(0))
                served += 1
                if self.close_after and served >= self.close_after:
                    return
        except (OSError, IndexError):
            return
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[list[RawServer]]:
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.close()


def start(servers: list[RawServer], *args: object, **kwargs: object) -> RawServer:
    server = RawServer(*args, **kwargs)  # type: ignore[arg-type]
    servers.append(server)
    return server


def fetch(*urls: str, settings: FetchSettings = FAST) -> list[FetchResult]:
    return fetch_all_sync([FeedRequest(u) for u in urls], settings)


def test_a_body_that_ends_with_the_connection(serve: list[RawServer]) -> None:
    server = start(serve, [b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<rss>all of it</rss>"], close_after=1)
    (r,) = fetch(f"http://127.0.0.1:{server.port}/feed")
    assert (r.status, r.body, r.error, r.content_type) == (200, b"<rss>all of it</rss>", None, "text/xml")


def test_chunked_body_with_extensions_and_trailers(serve: list[RawServer]) -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;name=x\r\n<rss>\r\n6\r\n</rss>\r\n0\r\nX-Trailer: y\r\n\r\n"
    )
    server = start(serve, [answer])
    (r,) = fetch(f"http://127.0.0.1:{server.port}/feed")
    assert (r.status, r.body, r.error) == (200, b"<rss></rss>", None)


def test_early_hints_before_the_answer(serve: list[RawServer]) -> None:
    answer = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<rss>"
    server = start(serve, [answer])
    (r,) = fetch(f"http://127.0.0.1:{server.port}/feed")
    assert (r.status, r.body) == (200, b"<rss>")


def test_one_connection_serves_a_redirect_and_its_target(serve: list[RawServer]) -> None:
    server = start(
        serve,
        [
            b"HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n",
            b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: "e"\r\n\r\n<rss>',
        ],
    )
    (r,) = fetch(f"http://127.0.0.1:{server.port}/old")
    assert (r.status, r.body, r.etag, r.permanent_url) == (200, b"<rss>", '"e"', f"http://127.0.0.1:{server.port}/new")
    assert server.connections == 1
    assert [h.split(b"\r\n")[0] for h in server.requests] == [b"GET /old HTTP/1.1", b"GET /new HTTP/1.1"]


def test_a_kept_connection_the_server_closed_is_retried_on_a_new_one(serve: list[RawServer]) -> None:
    server = start(
        serve,
        [
            b"HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n",  # then the server hangs up
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<rss>",
        ],
        close_after=1,
    )
    (r,) = fetch(f"http://127.0.0.1:{server.port}/old")
    assert (r.status, r.body, r.error) == (200, b"<rss>", None)
    assert server.connections == 2


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (b"SSH-2.0-OpenSSH\r\n\r\n", "the server broke the HTTP exchange"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n<rss>", "the server broke the HTTP exchange"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "the server broke the HTTP exchange"),
        (b"HTTP/1.1 200 OK\r\nBad header line\r\n\r\n", "the server broke the HTTP exchange"),
        (b"", "the server broke the HTTP exchange"),
    ],
)
def test_broken_answers_are_named(serve: list[RawServer], answer: bytes, reason: str) -> None:
    server = start(serve, [answer], close_after=1)
    (r,) = fetch(f"http://127.0.0.1:{server.port}/feed")
    assert r.body is None
    assert r.error is not None and r.error.startswith(reason), r.error


def test_a_validator_that_could_split_the_request_is_not_sent(serve: list[RawServer]) -> None:
    server = start(serve, [b"HTTP/1.1 304 Not Modified\r\n\r\n"])
    (r,) = fetch_all_sync([FeedRequest(f"http://127.0.0.1:{server.port}/feed", etag='"a"\r\nX-Evil: 1')], FAST)
    assert r.error is not None and r.body is None
    assert server.requests == []


# -- TLS -----------------------------------------------------------------------------------------


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA and a certificate for 127.0.0.1 signed by it (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    d = tmp_path_factory.mktemp("tls")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
             "-days", "2", "-subj", "/CN=brief test CA", cwd=d)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=127.0.0.1", cwd=d)  # fmt: skip
    (d / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)  # fmt: skip
    return d


def _fetch_through_the_environment(url: str, monkeypatch: pytest.MonkeyPatch) -> FetchResult:
    """Fetch with a client that honours the environment (a loopback URL otherwise goes direct)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    client_module._ssl_context.cache_clear()
    settings = FetchSettings(total_timeout=5)

    async def run() -> FetchResult:
        async with client_module.make_client(settings) as client:
            return await fetch_one(client, FeedRequest(url), settings)

    return asyncio.run(run())


def _tls_server(serve: list[RawServer], certs: Path) -> RawServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "server.pem", certs / "server.key")
    return start(serve, [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<rss>"], context=context)


def test_https_with_the_ca_the_environment_names(
    serve: list[RawServer], certificates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    server = _tls_server(serve, certificates)
    r = _fetch_through_the_environment(f"https://127.0.0.1:{server.port}/feed", monkeypatch)
    assert (r.status, r.body, r.error) == (200, b"<rss>", None)


def test_https_with_an_unknown_ca_is_refused(
    serve: list[RawServer], certificates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    server = _tls_server(serve, certificates)
    r = _fetch_through_the_environment(f"https://127.0.0.1:{server.port}/feed", monkeypatch)
    assert r.body is None and r.status is None
    assert r.error is not None and r.error.startswith("TLS failure") and "certificate" in r.error, r.error
