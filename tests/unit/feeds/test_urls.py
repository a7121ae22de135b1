"""One spelling per feed URL (tui.feeds.urls.canonical_url), checked against hand-written pairs; links
resolved against a base, those no URL parser can split dropped (resolve_url)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.feeds.urls import canonical_url, is_http_url, resolve_url, url_problem
from tui.text.sanitize import BIDI_CONTROLS


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("HTTP://Example.COM/Feed.xml", "http://example.com/Feed.xml"),
        ("http://example.com:80/feed", "http://example.com/feed"),
        ("https://example.com:443/feed", "https://example.com/feed"),
        ("https://example.com:8443/feed", "https://example.com:8443/feed"),
        ("http://example.com:443/feed", "http://example.com:443/feed"),
        ("http://example.com/feed#latest", "http://example.com/feed"),
        ("http://example.com", "http://example.com/"),
        ("  http://example.com/feed?Lang=AR&x=1  ", "http://example.com/feed?Lang=AR&x=1"),
        ("http://User:PassWord@Example.com/f", "http://User:PassWord@example.com/f"),
        ("http://[::1]:8080/feed#x", "http://[::1]:8080/feed"),
        ("HTTPS://[::1]:443/feed", "https://[::1]/feed"),
        ("http://127.0.0.1:8000/a/b/", "http://127.0.0.1:8000/a/b/"),
        ("http://127.0.0.1:8000/arabic/../arabic/f.xml", "http://127.0.0.1:8000/arabic/f.xml"),  # what is asked
        ("http://example.com/a/./b/../c.xml?x=../y", "http://example.com/a/c.xml?x=../y"),  # the query as written
        ("http://example.com/../../feed", "http://example.com/feed"),  # never above the root
        ("http://example.com/news/.", "http://example.com/news/"),
        ("http://example.com/a/.b/..c/x", "http://example.com/a/.b/..c/x"),  # dots in a name are no segment
        ("http://example.com/x/%2E%2E/arabic/f.xml", "http://example.com/arabic/f.xml"),  # dots written %2E
        ("http://example.com/a/%2e/b.xml", "http://example.com/a/b.xml"),
    ],
)
def test_canonical_url(written: str, kept: str) -> None:
    assert canonical_url(written) == kept
    assert canonical_url(kept) == kept


@given(st.lists(st.sampled_from(["a", "b", ".", "..", ".x", "x."]), max_size=8))
def test_dot_segments_are_resolved_as_a_url_reference_is(segments: list[str]) -> None:
    # The standard library's urljoin resolves them in a reference (RFC 3986, section 5.2.4); empty
    # segments ("a//b") are left out, which urljoin drops after a ".." where the RFC keeps them.
    path = "/r/" + "/".join(segments)  # "//a" would be a reference to the host a
    assert canonical_url("http://example.com" + path) == urljoin("http://example.com/", path)


@pytest.mark.parametrize(
    ("base", "href", "resolved"),
    [
        ("http://example.com/news/", "a.html", "http://example.com/news/a.html"),
        ("http://example.com/news/", "/feed", "http://example.com/feed"),
        ("http://example.com/news/", "//cdn.example.com/x", "http://cdn.example.com/x"),
        ("http://example.com/news/", "https://other.example/y", "https://other.example/y"),
        (None, "rel/path", "rel/path"),
        ("http://example.com/", "//[::1/feed", ""),  # an IPv6 address left unclosed
        ("http://example.com/", "http://a]b/", ""),
        (None, "http://[::1", ""),
        ("http://[::1/", "a.html", ""),  # a base that cannot be split (xml:base, <base href>)
        ("http://example.com/", "http://[::1]:8080/f", "http://[::1]:8080/f"),
    ],
)
def test_resolve_url(base: str | None, href: str, resolved: str) -> None:
    assert resolve_url(base, href) == resolved


def test_a_url_longer_than_any_server_takes_is_refused_with_a_short_reason() -> None:
    long_url = "http://127.0.0.1/" + "a" * 100_000
    assert url_problem(long_url) == "not a valid URL (longer than 2,048 characters)"
    assert not is_http_url(long_url)
    fitting = "http://127.0.0.1/" + "a" * 2_000
    assert url_problem(fitting) is None and is_http_url(fitting)


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\x9b", "\u200e", "\u200f", "\u061c", "\u202e", "\u2067"])
def test_a_url_holding_a_control_or_bidi_character_is_refused(char: str) -> None:
    """No URL holds one as it is (they are percent-encoded); from an OPML file or a command line, it
    would reach the terminal with the URL. A bidi control is named as such, with its code."""
    if char in BIDI_CONTROLS:
        expected = f"not a valid URL (a bidi control character, U+{ord(char):04X}, in it)"
    else:
        expected = "not a valid URL (a control character in it)"
    assert url_problem(f"http://127.0.0.1/x{char}y") == expected
    assert url_problem(f"http://127.0.0.1/x{char}\x1by") == "not a valid URL (a control character in it)"
    if char in BIDI_CONTROLS:  # the first one in the URL is named
        assert url_problem(f"http://127.0.0.1/x{char}y\u200e").endswith(f"U+{ord(char):04X}, in it)")
    assert url_problem("http://127.0.0.1/x%C2%9By%E2%80%AE") is None  # encoded, they are only text


LABEL = "not a valid URL (a part of its host name is empty or longer than 63 characters)"
IDNA = "not a valid URL (its host name is not valid IDNA)"


def _connect_host(url: str) -> str:
    """The host name as a connection to ``url`` is made: httpx reads the URL and its host (for the
    Host header), then Python's ``idna`` codec encodes the name for the resolver. Raises where they do."""
    parsed = httpx.URL(url)
    parsed.host  # noqa: B018 - reading it decodes an xn-- host
    return parsed.raw_host.decode("ascii").encode("idna").decode("ascii")


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("a" * 70 + ".example", LABEL),
        ("a..b", LABEL),
        (".example", LABEL),
        ("example..", LABEL),  # one final dot is allowed, not two
        ("ب" * 60 + ".example", LABEL),  # 60 letters, 66 characters as sent (xn--ngba...)
        ("xn--zz.example", IDNA),  # punycode cut short
        ("xn--n3h.example", IDNA),  # a snowman: punycode, but no letter IDNA allows
        ("☃.example", IDNA),
        ("xn--mgbh0fb.-a.example", IDNA),  # read back by httpx as a whole: a part starting with "-"
    ],
)
def test_a_host_no_connection_can_be_made_to_is_refused_with_the_reason(host: str, reason: str) -> None:
    """httpx or Python's idna codec raised a bare UnicodeError for these, which the user saw as an
    unexpected error; the oracle is that they do raise."""
    url = f"http://{host}/feed"
    assert url_problem(url) == reason
    assert not is_http_url(url)
    with pytest.raises((UnicodeError, httpx.InvalidURL)):
        _connect_host(url)


def test_a_part_that_is_not_valid_idna_is_refused_anywhere_in_the_host() -> None:
    """httpx reads back only a host that starts with ``xn--``; this one would go to the resolver,
    which finds nothing: refused before, with the reason."""
    assert url_problem("http://news.xn--zz.example/feed") == IDNA
    with pytest.raises(UnicodeError):
        "xn--zz".encode("ascii").decode("idna")  # Python's own codec agrees


def test_a_host_name_longer_than_dns_allows_is_refused() -> None:
    host = ".".join(["a" * 63] * 4)  # 255 characters
    assert url_problem(f"http://{host}/") == "not a valid URL (its host name is longer than 253 characters)"
    assert url_problem(f"http://{host[2:]}/") is None  # 253
    assert url_problem(f"http://{host[2:]}./") is None  # and a final dot


@pytest.mark.parametrize(
    ("host", "sent"),
    [
        ("127.0.0.1:8080", "127.0.0.1"),
        ("[::1]:8080", "::1"),
        ("example.com.", "example.com."),
        ("a" * 63 + ".example", "a" * 63 + ".example"),
        ("a_b.example", "a_b.example"),  # not a DNS name for IDNA, but one resolvers take
        ("عربي.example", "xn--ngbrx4e.example"),
        ("ب" * 57 + ".example", "xn--ngb" + "a" * 56 + ".example"),  # 63 characters as sent
        ("مثال.إختبار", "xn--mgbh0fb.xn--kgbechtv"),
        ("xn--mgbh0fb.xn--kgbechtv", "xn--mgbh0fb.xn--kgbechtv"),
        ("BÜCHER.de", "xn--bcher-kva.de"),
    ],
)
def test_hosts_a_connection_can_be_made_to_are_taken(host: str, sent: str) -> None:
    url = f"http://{host}/feed"
    assert url_problem(url) is None
    assert _connect_host(url) == sent


HOST_PIECES = ["a", "b9", "-", "_", ".", "xn--", "zz", "ب", "ع", "☃", "A", "ß", "a" * 30]
"""Pieces of host names: letters, digits, dots, hyphens, IDNA prefixes, Arabic, a symbol, long runs."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HOST_PIECES), max_size=12))
def test_a_host_taken_is_one_a_connection_can_be_made_to(parts: list[str]) -> None:
    """Whatever host the check takes, httpx and Python's idna codec take too (no bare UnicodeError)."""
    url = "http://" + "".join(parts) + "/feed"
    if url_problem(url) is None:
        _connect_host(url)


@pytest.mark.parametrize(("host", "odd"), [("a b.example", " "), ("ex%61mple.com", "%"), ("a<b", "<"), ('a"b', '"')])
def test_a_host_holding_what_no_host_name_has_is_refused(host: str, odd: str) -> None:
    """httpx takes these, percent-encoding them, and asks the resolver for ``a%20b.example``, which
    never answers: an OPML file's ``http://a b/`` was subscribed, and failed each fetch with "host
    not found"."""
    url = f"http://{host}/feed"
    assert url_problem(url) == f"not a valid URL (its host name holds {odd!r}, which no host name has)"
    assert not re.fullmatch(rb"[A-Za-z0-9._-]+", httpx.URL(url).raw_host)  # what httpx would ask DNS for
