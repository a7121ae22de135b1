"""One spelling per feed URL (tui.feeds.urls.canonical_url), checked against hand-written pairs; links
resolved against a base, those no URL parser can split dropped (resolve_url)."""

from __future__ import annotations

import pytest

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
    ],
)
def test_canonical_url(written: str, kept: str) -> None:
    assert canonical_url(written) == kept
    assert canonical_url(kept) == kept


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
