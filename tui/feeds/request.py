"""One feed's fetch as plain data: what is asked, within which limits, and what came of it.

:class:`FeedRequest` carries a feed's URL and the validators saved from its last answer,
:class:`FetchSettings` the limits and manners of a fetch, :class:`FetchResult` what came back (it
pickles, so it crosses to the processes that parse feeds). :class:`FetchFailure` is how a fetch that
ends early carries its reason to :func:`tui.feeds.fetch.fetch_one`, which makes it the result's error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui import __version__


@dataclass(frozen=True)
class FeedRequest:
    """One feed to fetch, with the validators saved from its last answer."""

    url: str
    """The feed URL as stored."""
    etag: str | None = None
    """The last ETag, sent back as If-None-Match."""
    last_modified: str | None = None
    """The last Last-Modified, sent back as If-Modified-Since."""


@dataclass(frozen=True)
class FetchResult:
    """What came of fetching one feed; plain data, so it pickles and crosses to other processes."""

    url: str
    """The URL as requested."""
    final_url: str
    """The URL after redirects (the one that answered, or the last one tried)."""
    permanent_url: str | None = None
    """The final URL when every hop to it was a 301 or 308 and it answered 2xx or 304, else None."""
    status: int | None = None
    """The final HTTP status, or None when no answer came (refused, timed out...)."""
    body: bytes | None = field(default=None, repr=False)
    """The decoded body of a 2xx answer; None for 304 or failure (left out of repr: up to 10 MB)."""
    content_type: str | None = None
    """The Content-Type header of the final answer."""
    etag: str | None = None
    """ETag to store (from the answer, or the request's on a 304 that omits it)."""
    last_modified: str | None = None
    """Last-Modified to store (likewise)."""
    not_modified: bool = False
    """True for a 304: the stored copy is current."""
    gone: bool = False
    """True for a 410: the feed is gone for good; stop fetching it."""
    retry_after: float | None = None
    """Seconds to wait before asking again (429 or 503 with Retry-After)."""
    error: str | None = None
    """Why the fetch failed, for a person ("HTTP 404", "timed out after 30 s"); None on success."""
    elapsed: float = 0.0
    """Seconds from the first request to the end of the body."""

    @property
    def ok(self) -> bool:
        """True when the feed answered with a body or 304."""
        return self.error is None


@dataclass(frozen=True)
class FetchSettings:
    """Limits and manners for fetching."""

    connect_timeout: float = 10.0
    """Seconds to open a connection."""
    total_timeout: float = 30.0
    """Seconds for one feed from first request to last body byte, redirects included."""
    max_bytes: int = 10 * 1024 * 1024
    """The largest decoded body accepted."""
    max_concurrent: int = 16
    """Feeds in flight at once."""
    per_host: int = 2
    """Feeds in flight at once for one host name."""
    max_redirects: int = 5
    """Redirect hops followed before giving up."""
    user_agent: str = f"brief/{__version__} (+terminal news reader)"
    """The User-Agent header."""
    trust_env: bool = True
    """Use proxies and CA settings from the environment (never for loopback hosts)."""


class FetchFailure(Exception):
    """A fetch that ended with a reason, maybe after an HTTP status."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        """Keep ``reason`` and the ``status`` that led to it."""
        super().__init__(reason)
        self.reason = reason
        self.status = status
