"""Read JSON Feed 1.0 and 1.1 documents (https://jsonfeed.org/version/1.1) into a :class:`RawFeed`.

``content_html`` is preferred to ``content_text`` (which is escaped, so it stays text), ``summary``
is the summary; ``date_published`` and ``date_modified`` are the dates; ``url`` (else
``external_url``) the link, made absolute against the feed URL; ``tags`` the categories. A JSON
document that is not an object with an ``items`` list is not a feed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tui.feeds.html import text_as_html
from tui.feeds.raw import RawEntry, RawFeed
from tui.feeds.urls import resolve_url

_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate, which JSON can write (``"\\ud800"``) but no text can hold."""


def _str(value: Any) -> str:
    """``value`` when it is a string (a lone surrogate in it replaced by U+FFFD REPLACEMENT
    CHARACTER), else ""; JSON feeds in the wild put numbers and nulls anywhere."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _entry(item: dict[str, Any], feed_url: str) -> RawEntry:
    """One JSON Feed item as a :class:`RawEntry`."""
    link = _str(item.get("url")) or _str(item.get("external_url"))
    content = _str(item.get("content_html")) or text_as_html(_str(item.get("content_text")))
    tags = item.get("tags")
    terms = [_str(t).strip() for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    categories = tuple(t for t in terms if t)
    absolute = resolve_url(feed_url, link.strip()) if link.strip() else ""
    attachments = item.get("attachments")
    first = attachments[0] if isinstance(attachments, list) and attachments else None
    attached = _str(first.get("url")).strip() if isinstance(first, dict) else ""
    return RawEntry(
        guid=_str(item.get("id")).strip(),
        link=absolute,
        title=text_as_html(_str(item.get("title"))),
        published=_str(item.get("date_published")).strip(),
        updated=_str(item.get("date_modified")).strip(),
        content=content,
        summary=text_as_html(_str(item.get("summary"))),
        categories=categories,
        base=absolute or feed_url,
        enclosure=resolve_url(feed_url, attached) if attached else "",
    )


def read_json_feed(text: str, feed_url: str) -> RawFeed:
    """Parse a JSON Feed document's text into a :class:`RawFeed`."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        return RawFeed(error=f"malformed JSON: {error}")
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return RawFeed(error="not a feed: JSON without an items list")
    home = _str(document.get("home_page_url")).strip()
    entries = tuple(_entry(item, feed_url) for item in document["items"] if isinstance(item, dict))
    return RawFeed(
        title=_str(document.get("title")),
        link=resolve_url(feed_url, home) if home else "",
        entries=entries,
        recognised=True,
    )
