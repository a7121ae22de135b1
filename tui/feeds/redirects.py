"""Redirects of a feed fetch: the Location read as a browser reads it, and the URL it leads to
checked before any request is made to it.

:func:`tui.feeds.fetch.fetch_one` follows redirects one hop at a time with :func:`redirect_target`;
:func:`refuse_bad_redirect`, a response hook on every client (:mod:`tui.feeds.client`), stops a
redirect to a URL that cannot be requested before httpx reads it. Either way the reason is a
:class:`~tui.feeds.request.FetchFailure`, written for a person.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from tui.feeds.request import FetchFailure
from tui.feeds.urls import encode_unsafe, show_url, url_problem

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
"""Statuses followed to their Location."""

PERMANENT_STATUSES = frozenset({301, 308})
"""Redirects that say the feed has moved for good: its stored URL should change."""


def redirect_target(url: str, location: str, status: int) -> str:
    """The URL a ``status`` redirect from ``url`` to ``location`` leads to; a :class:`FetchFailure` when
    no request can be made to it."""
    target = urljoin(url, location)
    if _scheme(target) not in ("http", "https"):  # tel:, about:, magnet:... (no ://): no advice for the user
        raise FetchFailure(f"redirect to a non-HTTP URL ({show_url(target)})", status)
    problem = url_problem(target)
    if problem is not None:
        raise FetchFailure(f"redirect to {show_url(target)}: {problem}", status)
    return target


async def refuse_bad_redirect(response: httpx.Response) -> None:
    """A response hook (:func:`~tui.feeds.client.make_client` installs it): a redirect to an http(s)
    URL that cannot be requested fails here, with the reason :func:`redirect_target` gives.

    httpx reads a redirect's Location into its next request before it hands the answer back, even
    when it does not follow redirects, and for a host such as ``xn--zz.example`` (not IDNA) that
    raises a bare ``UnicodeError``. Other Locations httpx cannot read are left to it, as before.
    """
    if response.status_code not in REDIRECT_STATUSES:
        return
    location = read_location(response)
    url = str(response.request.url)
    try:
        scheme = urlsplit(urljoin(url, location)).scheme.lower() if location else ""
    except ValueError:  # an IPv6 address left unclosed: httpx says so
        return
    if scheme in ("http", "https"):
        redirect_target(url, location, response.status_code)


def read_location(response: httpx.Response) -> str:
    """A redirect's ``Location``, read as UTF-8 (else Latin-1), with every control, bidi control and
    space percent-encoded as a browser does: the URL that is followed, stored and shown holds none of
    them. Letters beyond ASCII stay (httpx sends an Arabic host as IDNA and encodes a path's)."""
    for key, value in response.headers.raw:
        if key.lower() == b"location":
            try:
                text = value.strip().decode("utf-8")
            except UnicodeDecodeError:
                text = value.strip().decode("latin-1")
            return encode_unsafe(text)
    return ""


def _scheme(url: str) -> str:
    """The scheme of ``url``, lower case ("" when it cannot be read)."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""
