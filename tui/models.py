"""Data that crosses layers: frozen dataclasses for briefs, their blocks and their links.

A brief's body is a sequence of blocks in reading order. A block is either a paragraph of text or
a read-also link ("اقرأ أيضاً: <title>"); links keep their place among the paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["text", "link"]


@dataclass(frozen=True)
class Block:
    """One paragraph or read-also line of a brief, in reading order."""

    kind: BlockKind
    """``"text"`` for a paragraph, ``"link"`` for a read-also line."""
    text: str
    """The paragraph text, or for a link the title it points at."""
    label: str = ""
    """For a link: the words before the colon as written ("اقرأ أيضاً", "See also")."""
    target: str | None = None
    """For a link: the id of the brief it resolves to, or None when not in the store."""
    href: str | None = None
    """For a link: the URL the read-also line linked to (feed entries), or None."""

    @property
    def is_link(self) -> bool:
        """True for a read-also line."""
        return self.kind == "link"


@dataclass(frozen=True)
class Article:
    """A parsed brief, as an importer hands it to the store."""

    id: str
    """The file name without its extension; unique in a store."""
    title: str
    """From front matter, a Markdown heading, or the first sentence."""
    blocks: tuple[Block, ...]
    """Paragraphs and read-also links in reading order."""
    date: str | None = None
    """ISO date (YYYY-MM-DD or full ISO 8601) as written, or None."""
    source: str | None = None
    """Where the brief comes from (front matter ``source``)."""
    url: str | None = None
    """Front matter ``url``."""
    tags: tuple[str, ...] = ()
    """Front matter ``tags``, split at commas."""
    extra: tuple[tuple[str, str], ...] = ()
    """Unknown front-matter keys and values, in file order, kept as written."""
    path: str | None = None
    """The file the brief was imported from."""
    encoding: str = "utf-8"
    """The text encoding the file was decoded from."""
    content_hash: str = ""
    """SHA-256 of the file's bytes: an unchanged file is not imported again."""
    feed: str | None = None
    """The URL of the feed the brief came from, or None for a file."""
    date_is_fetch_time: bool = False
    """True when ``date`` is when the feed was fetched (its entry gives none): a brief updated from
    such an entry keeps the date it has, so it does not come back to the top of the list."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text paragraphs, without the read-also lines."""
        return tuple(b.text for b in self.blocks if b.kind == "text")

    @property
    def links(self) -> tuple[Block, ...]:
        """The read-also lines, in order."""
        return tuple(b for b in self.blocks if b.is_link)


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the list: what the list pane and ``brief list`` show."""

    id: str
    title: str
    date: str | None
    source: str | None
    read: bool = False
    bookmarked: bool = False
    url: str | None = None
    """The brief's link (a feed entry's page, or front matter ``url``)."""
    feed: str | None = None
    """The URL of the feed it came from, or None for a brief imported from a file."""
    sources: int = 1
    """In the list grouped by story: how many briefs the row's same-story group holds (1: alone)."""
    story: str | None = None
    """In the list grouped by story: the label of the row's group, None when alone."""
    member: bool = False
    """In the list grouped by story: a brief shown under its group's first one (group expanded)."""

    @property
    def heads_story(self) -> str | None:
        """In the list grouped by story: the label of the group of several briefs this row is in
        front of (its other briefs folded under it, or shown after it when the group is expanded);
        None for any other row."""
        return self.story if self.sources > 1 and not self.member else None


@dataclass(frozen=True)
class LinkRef:
    """A link as the navigator shows it: outgoing (with target) or incoming (with its source)."""

    text: str
    """The link's text (for outgoing) or the linking brief's title (for incoming)."""
    target: str | None
    """The id at the other end, or None for an unresolved outgoing link."""
    position: int = 0
    """The block index of the link in its brief."""


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    id: str
    title: str
    score: float
    snippet: str
    """Logical text around the first match, the match between ``[`` ``]`` markers."""
    date: str | None = None
    source: str | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Feed:
    """A feed subscription as the store keeps it, with its counts."""

    url: str
    """Where the feed is fetched from (updated by a permanent redirect)."""
    id_base: str
    """The URL it was subscribed with: its briefs' ids are derived from it, so they outlive a move."""
    title: str | None = None
    """The user's title, else the feed's own, else None."""
    user_title: bool = False
    """True when the user gave the title (a fetch does not replace it)."""
    tags: tuple[str, ...] = ()
    """The user's tags, given to every brief of the feed."""
    fulltext: bool = False
    """Fetch each new entry's page and keep the article text."""
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    """When it was last fetched (ISO 8601, UTC), or None."""
    last_status: str | None = None
    """``"200"``, ``"304"``, ``"error"``... of the last fetch."""
    error: str | None = None
    """Why the last fetch failed, or None."""
    gone: bool = False
    """The server said 410 Gone: skipped until added again."""
    retry_at: str | None = None
    """Not fetched before this time (a 429 or 503 with Retry-After)."""
    added_at: str = ""
    items: int = 0
    """Briefs from this feed in the store."""
    unread: int = 0
    """Of those, the unread ones."""

    @property
    def name(self) -> str:
        """What to call the feed on screen."""
        return self.title or self.url
