"""Fetch feeds over HTTP: conditional GET, redirects seen hop by hop, limits on time, size and load.

:func:`fetch_all` fetches many feeds at once, at most ``max_concurrent`` in flight and ``per_host``
per host name (politeness: a site with forty feeds is not hit forty times at once), and reports
each result as it completes. Nothing a server does makes it raise: every failure becomes the
feed's :attr:`FetchResult.error`, a reason written for a person. :func:`fetch_one` does one feed
with a client the caller owns (the reader's worker); :func:`fetch_all_sync` is for the CLI.
What they are asked and give back: :mod:`tui.feeds.request`; redirects: :mod:`tui.feeds.redirects`;
proxies and TLS: :mod:`tui.feeds.client`.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import httpx

from tui.feeds.body import (
    ACCEPT_ENCODING,
    BadEncoding,
    BodyTooLarge,
    describe_seconds,
    describe_size,
    parse_retry_after,
    read_body,
)
from tui.feeds.client import ClientPair
from tui.feeds.redirects import PERMANENT_STATUSES, REDIRECT_STATUSES, read_location, redirect_target
from tui.feeds.request import FeedRequest, FetchFailure, FetchResult, FetchSettings
from tui.feeds.urls import canonical_url, connect_reason, host_key, show_url, url_problem

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1"
)
"""The Accept header: feeds first, HTML last (a site's page may name its feed, see ``discover``)."""

MAX_RETRY_AFTER = 7 * 24 * 3600.0
"""The longest wait a Retry-After is taken at: a week (a larger one, even centuries, is cut to this)."""


@dataclass
class _Trail:
    """Where a fetch has got to along its redirects."""

    url: str
    hops: int = 0
    permanent: bool = True
    started: float = field(default_factory=time.perf_counter)


async def fetch_one(client: httpx.AsyncClient, request: FeedRequest, settings: FetchSettings) -> FetchResult:
    """Fetch one feed within ``settings.total_timeout``; failures come back as the result's error."""
    trail = _Trail(request.url)
    try:
        async with asyncio.timeout(settings.total_timeout):
            return await _follow(client, request, settings, trail)
    except FetchFailure as failure:
        return _failed(request, trail, failure.reason, failure.status)
    except (TimeoutError, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
        return _failed(request, trail, f"timed out after {describe_seconds(settings.total_timeout)}")
    except httpx.ConnectTimeout:
        return _failed(request, trail, f"no connection within {describe_seconds(settings.connect_timeout)}")
    except httpx.ConnectError as exc:
        return _failed(request, trail, connect_reason(exc))
    except httpx.RemoteProtocolError as exc:
        return _failed(request, trail, f"the server broke the HTTP exchange ({exc})")
    except httpx.InvalidURL as exc:  # a redirect httpx cannot read (tel:+123, about:blank): no request made
        return _failed(request, trail, f"redirect to a URL that cannot be requested ({exc})")
    except (httpx.HTTPError, OSError) as exc:
        return _failed(request, trail, f"network error ({exc or type(exc).__name__})")


def _failed(request: FeedRequest, trail: _Trail, reason: str, status: int | None = None) -> FetchResult:
    """The result of a fetch that ended in ``reason``."""
    return FetchResult(
        url=request.url,
        final_url=trail.url,
        status=status,
        error=reason,
        elapsed=time.perf_counter() - trail.started,
    )


async def _follow(
    client: httpx.AsyncClient, request: FeedRequest, settings: FetchSettings, trail: _Trail
) -> FetchResult:
    """Request the URL, following redirects one hop at a time, and read the final answer."""
    problem = url_problem(request.url)
    if problem:
        raise FetchFailure(problem)
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
    sent = [(name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()]
    if request.etag:
        sent.append((b"If-None-Match", _as_sent(request.etag)))
    if request.last_modified:
        sent.append((b"If-Modified-Since", _as_sent(request.last_modified)))
    seen = {request.url}
    while True:
        async with client.stream("GET", trail.url, headers=sent, follow_redirects=False) as response:
            status = response.status_code
            if status not in REDIRECT_STATUSES:
                return await _answer(response, request, settings, trail)
            location = read_location(response)
        if not location:
            raise FetchFailure(f"HTTP {status} redirect without a Location", status)
        target = redirect_target(trail.url, location, status)
        if trail.hops >= settings.max_redirects:
            raise FetchFailure(f"too many redirects (more than {settings.max_redirects})", status)
        if target in seen:
            raise FetchFailure(f"redirect loop ({show_url(target)})", status)
        seen.add(target)
        trail.hops += 1
        trail.permanent = trail.permanent and status in PERMANENT_STATUSES
        trail.url = target


def _as_sent(value: str) -> bytes:
    """A stored validator as bytes to send: each character one Latin-1 byte, as :func:`_validator` read it.

    Sending the text as it is fails for anything but ASCII (a server's "café" ETag made every later
    fetch of the feed fail). A value stored before validators were read byte for byte may hold
    other characters: those go as UTF-8.
    """
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _validator(response: httpx.Response, name: bytes) -> str | None:
    """The header ``name`` (lower case) byte for byte, each byte one character (Latin-1), or None.

    ETag and Last-Modified are opaque: they must go back exactly as they came, whatever their bytes.
    """
    for key, value in response.headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _answer(
    response: httpx.Response, request: FeedRequest, settings: FetchSettings, trail: _Trail
) -> FetchResult:
    """Turn the final answer into a result, reading its body for a 2xx."""
    status = response.status_code
    etag = _validator(response, b"etag")
    last_modified = _validator(response, b"last-modified")
    head = FetchResult(request.url, trail.url, status=status, content_type=response.headers.get("Content-Type"))
    moved = canonical_url(trail.url) if trail.hops and trail.permanent else None
    if status == 304:
        return replace(
            head,
            permanent_url=moved,
            etag=etag or request.etag,
            last_modified=last_modified or request.last_modified,
            not_modified=True,
            elapsed=time.perf_counter() - trail.started,
        )
    if 200 <= status < 300:
        too_big = f"larger than {describe_size(settings.max_bytes)}"
        length = response.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > settings.max_bytes:
            raise FetchFailure(too_big, status)
        try:
            body = await read_body(response.aiter_raw(), response.headers.get("Content-Encoding"), settings.max_bytes)
        except BodyTooLarge:
            raise FetchFailure(too_big, status) from None
        except BadEncoding as exc:
            raise FetchFailure(str(exc), status) from None
        return replace(
            head,
            permanent_url=moved,
            body=body,
            etag=etag,
            last_modified=last_modified,
            elapsed=time.perf_counter() - trail.started,
        )
    retry_after = parse_retry_after(response.headers.get("Retry-After")) if status in (429, 503) else None
    if retry_after is not None:
        retry_after = min(retry_after, MAX_RETRY_AFTER)
    if status == 410:
        error = "HTTP 410 Gone"
    elif retry_after is not None:
        error = f"HTTP {status}, retry after {describe_seconds(math.ceil(retry_after))}"
    else:
        error = f"HTTP {status}"
    return replace(
        head,
        gone=status == 410,
        retry_after=retry_after,
        error=error,
        elapsed=time.perf_counter() - trail.started,
    )


async def fetch_all(
    requests: Iterable[FeedRequest],
    settings: FetchSettings | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch every feed, in parallel within the limits; results in request order.

    The per-host limit counts the host of each requested URL, for the whole fetch including redirects
    to other hosts (waiting for a second host while holding the first could deadlock two feeds).
    ``on_result`` is called with each result as it completes (in the event loop's thread). A feed's
    failure, even an unexpected exception, becomes its result's error; only an exception raised by
    ``on_result`` itself escapes (the fetches still running are then cancelled).
    """
    settings = settings or FetchSettings()
    todo = list(requests)
    everyone = asyncio.Semaphore(settings.max_concurrent)
    per_host: dict[str, asyncio.Semaphore] = {}
    clients = ClientPair(settings)

    async def run(index: int, request: FeedRequest) -> tuple[int, FetchResult]:
        """Fetch one feed once its host and then the pool have room (host first: no slot idles)."""
        host = per_host.setdefault(host_key(request.url), asyncio.Semaphore(settings.per_host))
        started = time.perf_counter()
        try:
            async with host, everyone:
                return index, await fetch_one(clients.for_url(request.url), request, settings)
        except Exception as exc:  # noqa: BLE001 - one feed's bug must not sink the others
            reason = f"unexpected error ({type(exc).__name__}: {exc})"
            return index, FetchResult(request.url, request.url, error=reason, elapsed=time.perf_counter() - started)

    results: list[FetchResult | None] = [None] * len(todo)
    tasks = [asyncio.create_task(run(i, r)) for i, r in enumerate(todo)]
    try:
        for next_done in asyncio.as_completed(tasks):
            index, result = await next_done
            results[index] = result
            if on_result is not None:
                on_result(result)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await clients.aclose()
    return [r for r in results if r is not None]


def fetch_all_sync(
    requests: Iterable[FeedRequest],
    settings: FetchSettings | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """:func:`fetch_all` for callers without an event loop (the CLI)."""
    return asyncio.run(fetch_all(requests, settings, on_result))
