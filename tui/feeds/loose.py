"""The fallback reader: feedparser, for documents lxml cannot get entries from.

feedparser's loose parser reads markup too broken for an XML parser (it is slow, about ten times
lxml, so it only runs when :mod:`tui.feeds.xmlfeed` found no entries in a document with errors).
Its raw date strings are kept (its parsed dates are converted to UTC and would lose the offset);
its links are made absolute by handing it the feed URL as ``Content-Location``.
"""

from __future__ import annotations

from typing import Any

from tui.feeds.raw import RawEntry, RawFeed


def _value(entry: Any) -> str:
    """The HTML of feedparser's first ``content`` item, "" when none."""
    content = entry.get("content") or []
    return str(content[0].get("value", "")) if content else ""


def read_loose_feed(data: bytes, feed_url: str) -> RawFeed:
    """Parse UTF-8 bytes with feedparser into a :class:`RawFeed`; error set when it finds no entries."""
    import feedparser  # only for the rare broken document: spares its import

    parsed = feedparser.parse(
        data,
        response_headers={"content-location": feed_url, "content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
        resolve_relative_uris=True,
    )
    entries = tuple(
        RawEntry(
            guid=str(e.get("id", "")).strip(),
            link=str(e.get("link", "")).strip(),
            title=str(e.get("title", "")),
            # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning
            published=str(dict.get(e, "published", "")).strip(),
            updated=str(dict.get(e, "updated", "")).strip(),
            content=_value(e),
            summary=str(e.get("summary", "")),
            categories=tuple(str(t.get("term", "")).strip() for t in e.get("tags", []) if t.get("term")),
            base=feed_url,
            enclosure=next((str(x.get("href", "")).strip() for x in e.get("enclosures", []) if x.get("href")), ""),
        )
        for e in parsed.entries
    )
    error = None
    if not entries:
        problem = parsed.get("bozo_exception")
        error = f"malformed XML: {problem}" if problem else "no entries"
    feed = parsed.get("feed", {})
    return RawFeed(
        title=str(feed.get("title", "")),
        link=str(feed.get("link", "")),
        entries=entries,
        error=error,
        recognised=bool(entries),
    )
