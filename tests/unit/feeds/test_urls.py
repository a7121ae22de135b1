"""One spelling per feed URL (tui.feeds.urls.canonical_url), checked against hand-written pairs."""

from __future__ import annotations

import pytest

from tui.feeds.urls import canonical_url


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
