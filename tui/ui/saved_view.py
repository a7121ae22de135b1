"""The list's view kept between runs: its order, the feed chosen with ``f`` and its filters but the dates.

The reader saves the view on quitting under :data:`VIEW_KEY` in the store's ``meta`` table, as it
does the history, and opens on it the next time. The days of a date filter are not kept: "today"
or "the last 7 days" chosen yesterday would mean other days now. What is read back is checked
like any input: an unknown order, a feed no longer subscribed or a value of the wrong type is
dropped, the rest kept. No Textual import.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tui.store.list_view import SORTS, ListView

VIEW_KEY = "list_view"
"""The store's ``meta`` key holding the list's view between runs."""
MAX_TEXT = 1_000
"""Longest tag or source kept (a stored tag or source is shorter; anything longer is no filter of ours)."""


def dump(view: ListView) -> str:
    """The view as JSON, without its days."""
    return json.dumps(
        {
            "sort": view.sort,
            "feed": view.feed,
            "unread": view.unread,
            "bookmarked": view.bookmarked,
            "tag": view.tag,
            "source": view.source,
        },
        ensure_ascii=False,
    )


def _text(value: object) -> str | None:
    """A tag or source as saved: a string of reasonable length, else None."""
    return value if isinstance(value, str) and 0 < len(value) <= MAX_TEXT else None


def load(saved: str | None, subscribed: Callable[[str], bool]) -> ListView:
    """The view :func:`dump` saved; ``subscribed`` tells whether a feed URL is subscribed now. Whatever is missing,
    malformed or no longer applies is left at its default (newest first, no filter)."""
    try:
        data = json.loads(saved) if saved else {}
    except (ValueError, RecursionError):
        data = {}
    if not isinstance(data, dict):
        return ListView()
    sort = data.get("sort")
    feed = data.get("feed")
    return ListView(
        feed=feed if isinstance(feed, str) and subscribed(feed) else None,
        unread=data.get("unread") is True,
        bookmarked=data.get("bookmarked") is True,
        tag=_text(data.get("tag")),
        source=_text(data.get("source")),
        sort=sort if isinstance(sort, str) and sort in SORTS else "newest",
    )
