"""An HTTP/1.1 transport for httpx on asyncio streams: what brief's feed fetching sends without a proxy.

httpx's own transport (httpcore, h11 and anyio) costs about 1 ms of CPU per request and 60 ms to
import; a fetch where every feed answers 304 is little else. This one does what fetching needs and
no more: one GET at a time per connection, answers framed by Content-Length, chunked coding or the
end of the connection, idle connections kept per host for the next request (a reused connection
that turns out closed is retried once on a new one), TLS through asyncio with the given context.
httpx keeps the rest: headers, cookies, the request and response objects :mod:`tui.feeds.fetch`
uses. Requests through a proxy go through httpx's own transport (see :mod:`tui.feeds.client`).

Errors are httpx's (``ConnectError``, ``ConnectTimeout``, ``ReadTimeout``, ``RemoteProtocolError``...),
with the OS error as their cause, so callers handle them as they would httpx's.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import httpx

MAX_HEAD = 64 * 1024
"""The most bytes of status line and headers read before the answer is refused."""
MAX_IDLE_PER_HOST = 4
"""Idle connections kept for one host (scheme, host and port)."""
_READ = 64 * 1024
"""Bytes asked of the socket at a time."""

_Key = tuple[str, str, int]
_Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class StreamTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio streams, keeping idle connections; for httpx's ``AsyncClient(transport=...)``."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        """Use ``ssl_context`` for https URLs."""
        self._ssl = ssl_context
        self._idle: dict[_Key, list[_Connection]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` (a GET or HEAD without a body) and return the answer, its body streamed."""
        url = request.url
        if url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        key = (url.scheme, host, port)
        timeouts = request.extensions.get("timeout", {})
        head = _request_head(request)
        idle = self._idle.get(key)
        while idle:
            connection = idle.pop()
            try:
                return await self._exchange(request, key, connection, head, timeouts, reused=True)
            except _Stale:
                continue  # the server closed it while it was idle: try the next, or a new one
        connection = await self._connect(key, timeouts.get("connect"))
        return await self._exchange(request, key, connection, head, timeouts, reused=False)

    async def _connect(self, key: _Key, timeout: float | None) -> _Connection:
        """A new connection to ``key``'s host, within ``timeout`` seconds."""
        scheme, host, port = key
        tls = self._ssl if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.open_connection(
                    host.strip("[]"), port, ssl=tls, server_hostname=host.strip("[]") if tls else None, limit=MAX_HEAD
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout("no connection within the time allowed") from exc
        except (OSError, ssl.SSLError) as exc:
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc

    async def _exchange(
        self,
        request: httpx.Request,
        key: _Key,
        connection: _Connection,
        head: bytes,
        timeouts: dict[str, float | None],
        *,
        reused: bool,
    ) -> httpx.Response:
        """Send the request on ``connection`` and read the answer's head; the body is left to the stream."""
        reader, writer = connection
        read_timeout = timeouts.get("read")
        try:
            writer.write(head)
            async with asyncio.timeout(timeouts.get("write")):
                await writer.drain()
            async with asyncio.timeout(read_timeout):
                while True:
                    try:
                        raw = await reader.readuntil(b"\r\n\r\n")
                    except asyncio.IncompleteReadError as exc:
                        if reused and not exc.partial:
                            raise _Stale from None
                        raise httpx.RemoteProtocolError("the server closed the connection without an answer") from exc
                    except asyncio.LimitOverrunError:
                        raise httpx.RemoteProtocolError(
                            f"the answer's headers are longer than {MAX_HEAD // 1024} KB"
                        ) from None
                    version, status, reason, headers = _parse_head(raw)
                    if not 100 <= status < 200 or status == 101:
                        break  # 1xx answers (100 Continue, 103 Early Hints) come before the real one
        except _Stale:
            writer.close()
            raise
        except TimeoutError as exc:
            writer.close()
            raise httpx.ReadTimeout("no answer within the time allowed") from exc
        except ConnectionError as exc:
            writer.close()
            if reused:
                raise _Stale from None
            raise httpx.ReadError(str(exc) or "the connection was closed") from exc
        except BaseException:  # anything else, cancellation included: the connection is not reusable
            writer.close()
            raise
        names = {name.lower(): value for name, value in headers}
        keep = version == b"HTTP/1.1" and b"close" not in names.get(b"connection", b"").lower()
        if request.method == "HEAD" or status in (204, 304):
            body: _Body = _Body(self, key, connection, 0, keep, read_timeout)
        elif b"chunked" in names.get(b"transfer-encoding", b"").lower():
            body = _Body(self, key, connection, None, keep, read_timeout, chunked=True)
        elif (length := names.get(b"content-length", b"").strip()).isdigit():
            body = _Body(self, key, connection, int(length), keep, read_timeout)
        else:
            body = _Body(self, key, connection, None, False, read_timeout)
        return httpx.Response(
            status,
            headers=headers,
            stream=body,
            extensions={"http_version": version, "reason_phrase": reason},
        )

    def _release(self, key: _Key, connection: _Connection) -> None:
        """Keep a connection whose answer was read to the end for the next request to its host."""
        idle = self._idle.setdefault(key, [])
        if len(idle) < MAX_IDLE_PER_HOST and not connection[1].is_closing():
            idle.append(connection)
        else:
            connection[1].close()

    async def aclose(self) -> None:
        """Close the idle connections."""
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for _, writer in connections:
                writer.close()


class _Stale(Exception):
    """A kept connection was closed by the server before the request reached it."""


class _Body(httpx.AsyncByteStream):
    """The body of one answer as it arrives; the connection goes back to the pool once it is all read."""

    def __init__(
        self,
        transport: StreamTransport,
        key: _Key,
        connection: _Connection,
        length: int | None,
        keep: bool,
        timeout: float | None,
        *,
        chunked: bool = False,
    ) -> None:
        self._transport = transport
        self._key = key
        self._connection: _Connection | None = connection
        self._length = length
        """Bytes still to read (Content-Length), or None: chunked, or until the connection ends."""
        self._keep = keep
        self._timeout = timeout
        self._chunked = chunked
        self._done = length == 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """The raw body (still in its Content-Encoding), chunk by chunk."""
        if self._connection is None:
            return
        reader = self._connection[0]
        try:
            if self._chunked:
                async for chunk in self._chunks(reader):
                    yield chunk
            elif self._length is not None:
                while self._length > 0:
                    data = await self._read(reader.read(min(self._length, _READ)))
                    if not data:
                        raise httpx.RemoteProtocolError("the server closed the connection before the whole body")
                    self._length -= len(data)
                    yield data
            else:
                while data := await self._read(reader.read(_READ)):
                    yield data
            self._done = True
        except asyncio.IncompleteReadError as exc:
            raise httpx.RemoteProtocolError("the server closed the connection before the whole body") from exc
        except (ValueError, asyncio.LimitOverrunError) as exc:
            raise httpx.RemoteProtocolError(f"bad chunked body ({exc})") from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__) from exc

    async def _chunks(self, reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
        """The data of each chunk of a chunked body, then its trailers skipped."""
        while True:
            line = await self._read(reader.readuntil(b"\r\n"))
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size < 0:
                raise ValueError("a negative chunk size")
            if size == 0:
                break
            while size > 0:
                data = await self._read(reader.read(min(size, _READ)))
                if not data:
                    raise asyncio.IncompleteReadError(b"", size)
                size -= len(data)
                yield data
            if await self._read(reader.readexactly(2)) != b"\r\n":
                raise ValueError("a chunk does not end with CRLF")
        while await self._read(reader.readuntil(b"\r\n")) != b"\r\n":
            pass  # trailers

    async def _read(self, pending: object) -> bytes:
        """Await one read within the read timeout."""
        try:
            async with asyncio.timeout(self._timeout):
                return await pending  # type: ignore[misc, no-any-return]
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the body stopped arriving") from exc

    async def aclose(self) -> None:
        """Give the connection back when the body was read to its end and may be reused, else close it."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if self._done and self._keep:
            self._transport._release(self._key, connection)
        else:
            connection[1].close()


def _request_head(request: httpx.Request) -> bytes:
    """The request line and headers, as bytes; refused when a header could split the request."""
    target = request.url.raw_path or b"/"
    lines = [request.method.encode("ascii") + b" " + target + b" HTTP/1.1"]
    for name, value in request.headers.raw:
        if any(c in value for c in (b"\r", b"\n", b"\0")) or any(c in name for c in (b"\r", b"\n", b":", b" ")):
            raise httpx.LocalProtocolError(f"a header that cannot be sent ({name!r})")
        lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _parse_head(raw: bytes) -> tuple[bytes, int, bytes, list[tuple[bytes, bytes]]]:
    """(version, status, reason, headers) of an answer's head, ending with its blank line."""
    lines = raw[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not (parts[1].isdigit() and len(parts[1]) == 3):
        raise httpx.RemoteProtocolError(f"not an HTTP answer ({lines[0][:40]!r})")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            if line[:1] in (b" ", b"\t") and headers:  # an obsolete folded line continues the last header
                headers[-1] = (headers[-1][0], headers[-1][1] + b" " + line.strip())
                continue
            raise httpx.RemoteProtocolError(f"a malformed header line ({line[:40]!r})")
        headers.append((name, value.strip(b" \t")))
    return parts[0], int(parts[1]), parts[2] if len(parts) > 2 else b"", headers
