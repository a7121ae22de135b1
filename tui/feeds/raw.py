"""What a feed document says, before it becomes articles: the parsers' common output.

Every reader of a format (:mod:`tui.feeds.xmlfeed` for RSS and Atom, :mod:`tui.feeds.jsonfeed`,
:mod:`tui.feeds.loose` for what only feedparser can read) fills these, and
:mod:`tui.feeds.entries` turns them into :class:`~tui.models.Article` objects. Values are kept as
the feed wrote them (dates as strings, bodies as HTML), except that links are already absolute.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawEntry:
    """One item or entry as the feed gives it."""

    guid: str = ""
    """RSS ``guid``, Atom ``id``, JSON Feed ``id``; "" when absent."""
    link: str = ""
    """The entry's web page, absolute (resolved against ``xml:base`` or the feed URL); "" when absent."""
    title: str = ""
    """The title as written (may hold HTML or entities)."""
    published: str = ""
    """The publication date string as written, "" when absent."""
    updated: str = ""
    """The last-update date string as written, "" when absent."""
    content: str = ""
    """The full content as HTML (``content:encoded``, Atom ``content``, ``content_html``), "" when absent."""
    summary: str = ""
    """The summary as HTML (``description``, Atom ``summary``), "" when absent."""
    categories: tuple[str, ...] = ()
    """Category terms in order, as written."""
    base: str = ""
    """The base URL of the entry's content, for the links inside its HTML."""
    enclosure: str = ""
    """The first enclosure's URL (a podcast episode's audio), absolute; "" when absent: the brief's
    URL when the entry has no page of its own."""


@dataclass(frozen=True)
class RawFeed:
    """A feed document's title, link and entries, or the reason it has none."""

    title: str = ""
    """The feed's own title as written."""
    link: str = ""
    """The feed's web site, absolute; "" when absent."""
    entries: tuple[RawEntry, ...] = field(default_factory=tuple)
    """The entries in document order."""
    error: str | None = None
    """Why the document is not a (readable) feed, for a person; None when it is one."""
    recognised: bool = False
    """True when the root is a feed (``rss``, ``RDF``, ``feed``, a JSON Feed), even without entries."""
