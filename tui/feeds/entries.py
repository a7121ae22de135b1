"""Turn a feed's raw entries into :class:`~tui.models.Article` objects, the same a file gives.

* **id**: ``feed-<8 hex of SHA-1 of the feed URL>-<12 hex of SHA-1 of the key>``, the key being
  the entry's guid, else its link, else its title and date as written. Only ``[a-z0-9-]``, and the
  same on every fetch, so a re-fetched entry replaces itself. Entries of one document that share
  that key (a site that gives every item its home page as guid) add their link to it, then their
  title and date, as far as needed to tell them apart (:func:`entry_keys`): each stays a brief of
  its own instead of replacing the others.
* **title**: the entry's title, HTML removed and whitespace collapsed; when that is empty, the
  first sentence of the first text paragraph, exactly as for files
  (:func:`tui.importers.parse.first_sentence_title`); a paragraph that is only an image's ``alt``
  text is passed over when a paragraph of words follows (``writing`` is no title). An entry whose
  paragraphs are all read-also lines takes its link (else its id) as title, so that, as with
  files, it never claims the title of a brief it links to.
* **date**: published, else updated, else the fetch time given by the caller, each read by
  :func:`tui.feeds.dates.normalize_date`: ISO 8601 with the feed's UTC offset
  (``2022-09-23T00:00:00+03:00``); one without an offset stays without; a date-only value stays
  ``YYYY-MM-DD``. A date before 1900 (Hugo's ``0001-01-01``), after 2200 or unreadable counts as
  absent.
* **content_hash**: SHA-256 over the entry's own fields as written (guid, link, title, the feed's
  date strings, content, summary, categories); never the fetch time, so an unchanged entry hashes
  the same on every fetch.
* **body**: the content, else the summary, through :func:`tui.feeds.html.html_to_paragraphs`. A
  read-also paragraph (:func:`tui.importers.readalso.parse_read_also`) becomes a link block with
  the label, the title and the link's URL; a read-also label alone over a list of links makes
  each of those links one. Text is cleaned as :mod:`tui.feeds.html` says (no
  control characters, no line breaks, whitespace collapsed): stricter than the file importer, which
  keeps what a person typed, because feed text comes from strangers. An entry without body text
  takes its title as its single paragraph (a brief needs a body); an entry with neither title nor
  body is dropped (returns None).
* **tags**: the user's tags for the feed, then the entry's categories, each once, order kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from tui.feeds.dates import normalize_date
from tui.feeds.html import clean_text, html_to_paragraphs, strip_html
from tui.feeds.raw import RawEntry
from tui.feeds.urls import MAX_URL_CHARS, encode_unsafe
from tui.importers.parse import first_sentence_title
from tui.importers.readalso import read_also_parts
from tui.models import Article, Block
from tui.text.limits import MAX_PARAGRAPHS, MAX_TAGS, MAX_TITLE_CHARS, cut_name, limit_tags

MAX_ENTRY_CHARS = 500_000
"""The most text an entry may carry (title and paragraphs, in characters: about 250 pages; a long
news article is a few thousand). A larger one is left out and counted (:class:`EntryTooLarge`): the
reader would take seconds and gigabytes to lay it out, and its exported file would pass the 2 MB a
brief file may have."""
MAX_ENTRY_PARAGRAPHS = MAX_PARAGRAPHS
"""The most paragraphs an entry may have (a long article has a few hundred); more is too large too."""
MAX_ENTRY_HTML = 4 * MAX_ENTRY_CHARS
"""An entry's HTML longer than this (in characters) is too large without being read."""


class EntryTooLarge(ValueError):
    """An entry with more than :data:`MAX_ENTRY_CHARS` of text or :data:`MAX_ENTRY_PARAGRAPHS`."""


TOO_LARGE = f"more than {MAX_ENTRY_CHARS:,} characters or {MAX_ENTRY_PARAGRAPHS:,} paragraphs"
"""What makes an entry too large, for a person."""


def _sha1(text: str) -> str:
    """Hex SHA-1 of ``text`` (UTF-8); for ids, not for security."""
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


@lru_cache(maxsize=256)
def feed_id_prefix(feed_url: str) -> str:
    """The id prefix of the briefs of a feed whose ids come from ``feed_url``: computed once per
    feed, not once per entry."""
    return f"feed-{_sha1(feed_url)[:8]}-"


def _dated_title(entry: RawEntry) -> str:
    """An entry's title and date as written, as one key."""
    return f"{entry.title}\n{entry.published or entry.updated}"


def entry_key(entry: RawEntry) -> str:
    """What an entry's id is made from: its guid, else its link, else its title and date."""
    return entry.guid or entry.link or _dated_title(entry)


def entry_keys(entries: Sequence[RawEntry]) -> list[str]:
    """The keys of a document's entries (:func:`entry_key`), told apart where they are shared: the
    entries sharing one add their link, then (those still sharing) their title and date. Entries
    alike in all of these are one entry written twice: they keep the key any entry would have."""
    keys = [entry_key(entry) for entry in entries]
    for extra in (lambda e: e.link, _dated_title):
        variants: dict[str, set[tuple[str, str]]] = {}
        for key, entry in zip(keys, entries, strict=True):
            variants.setdefault(key, set()).add((entry.link, _dated_title(entry)))
        shared = {key for key, seen in variants.items() if len(seen) > 1}
        if not shared:
            break
        keys = [f"{key}\n{extra(entry)}" if key in shared else key for key, entry in zip(keys, entries, strict=True)]
    return keys


def entry_id(feed_url: str, entry: RawEntry, key: str | None = None) -> str:
    """The stable id of ``entry`` in the feed at ``feed_url``, from ``key`` (its :func:`entry_keys`
    key in its document) or, without it, from :func:`entry_key`."""
    return feed_id_prefix(feed_url) + _sha1(key or entry_key(entry))[:12]


def content_hash(entry: RawEntry) -> str:
    """SHA-256 over the entry's own fields as written: the same for an unchanged entry.

    Fields are joined with U+001F (unit separator), which XML and JSON text never carries raw, and
    the number of categories goes first, so two different entries cannot give the same bytes.
    """
    fields = [entry.guid, entry.link, entry.title, entry.published, entry.updated, entry.content, entry.summary]
    payload = "\x1f".join([str(len(entry.categories)), *fields, *entry.categories])
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _blocks(html: str, base: str) -> tuple[tuple[Block, ...], str | None]:
    """The body's blocks: read-also paragraphs as link blocks, every other paragraph as text; and
    the text of the first paragraph of words (not only an image's ``alt`` text), for a title.

    A read-also label alone (``اقرأ أيضاً:``) over paragraphs that are each one link (a list of
    links, as news sites write it) makes each of those a link block with that label, and the label
    itself is dropped; with no link under it, it stays as text.
    """
    blocks: list[Block] = []
    heading: str | None = None
    first_words: str | None = None
    for paragraph in html_to_paragraphs(html, base or None):
        parts = read_also_parts(paragraph.text)  # one match tells a read-also line, a heading, or neither
        if parts is None and heading is not None and paragraph.href:
            if blocks[-1].kind == "text":
                blocks.pop()  # the heading itself, under which the first link comes: its links carry its label
            blocks.append(Block(kind="link", text=paragraph.text, label=heading, href=paragraph.href))
            continue
        heading = parts[0] if parts is not None and not parts[1] else None
        if parts is None or not parts[1]:
            text = f"{paragraph.marker} {paragraph.text}" if paragraph.marker else paragraph.text
            blocks.append(Block(kind="text", text=text))
            if first_words is None and not paragraph.pictured:
                first_words = text
        else:
            label, title = parts
            blocks.append(Block(kind="link", text=title, label=label, href=paragraph.href))
    return tuple(blocks), first_words


def _url(link: str) -> str | None:
    """``link`` as a brief's URL, its controls and spaces percent-encoded (:func:`encode_unsafe`): None
    when empty or longer than any page's URL is."""
    return encode_unsafe(link) if link and len(link) <= MAX_URL_CHARS else None


def _seconds_before(moment: str, seconds: int) -> str:
    """``moment`` (ISO 8601) less ``seconds``, as ISO 8601 (``moment`` itself when it is no date)."""
    if not seconds:
        return moment
    try:
        return (datetime.fromisoformat(moment) - timedelta(seconds=seconds)).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return moment


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    """``values`` cleaned, empty ones dropped, each kept once, first place kept (at most
    :data:`~tui.text.limits.MAX_TAGS`, each cut to :data:`~tui.text.limits.MAX_NAME_CHARS`)."""
    return limit_tags(cleaned for value in values[: 4 * MAX_TAGS] if (cleaned := clean_text(value)))


def entry_article(
    entry: RawEntry,
    *,
    feed_url: str,
    source: str,
    tags: Sequence[str],
    fetched_at: str,
    encoding: str,
    id_base: str | None = None,
    feed: str | None = None,
    key: str | None = None,
    place: int = 0,
) -> Article | None:
    """The :class:`Article` for ``entry``, by the module's rules; None when it has no text at all;
    :class:`EntryTooLarge` when it has more than :data:`MAX_ENTRY_CHARS` of it or more than
    :data:`MAX_ENTRY_PARAGRAPHS` paragraphs.

    Its id is derived from ``id_base`` (the URL the feed was subscribed with, so that ids outlive a
    move of the feed) when given, else from ``feed_url``. ``feed`` is the article's feed (the URL of
    the subscription) when given, else ``feed_url``; ``key``, when given, is what the id is made
    from (:func:`entry_keys`). An entry without a date takes ``fetched_at`` less ``place`` seconds
    (its place in the document: the list then shows such entries in the feed's order), and keeps the
    date its brief has when it is updated.
    """
    if max(len(entry.title), len(entry.content), len(entry.summary)) > MAX_ENTRY_HTML:
        raise EntryTooLarge(entry.link or entry.title[:80])
    title = strip_html(entry.title)
    blocks: tuple[Block, ...] = ()
    first_words: str | None = None
    if entry.content.strip():
        blocks, first_words = _blocks(entry.content, entry.base or feed_url)
    if not blocks and entry.summary.strip():
        blocks, first_words = _blocks(entry.summary, entry.base or feed_url)
    if not blocks:
        if not title:
            return None
        blocks = (Block(kind="text", text=title),)  # a long title is cut below, its paragraph is not
    # the title counted as it is kept: cut to MAX_TITLE_CHARS, as a file's is
    kept = min(len(title), MAX_TITLE_CHARS) + sum(len(block.text) for block in blocks)
    if len(blocks) > MAX_ENTRY_PARAGRAPHS or kept > MAX_ENTRY_CHARS:
        raise EntryTooLarge(entry.link or title[:80])
    if not title:  # the first sentence of words (an image's alt text is no sentence), else of any text
        first_text = first_words or next((b.text for b in blocks if b.kind == "text"), None)
        fallback = entry.link or entry_id(feed_url, entry, key)
        title = first_sentence_title(first_text) if first_text is not None else fallback
    when = normalize_date(entry.published) or normalize_date(entry.updated)
    return Article(
        id=entry_id(id_base or feed_url, entry, key),
        title=cut_name(title, MAX_TITLE_CHARS),
        blocks=blocks,
        date=when or _seconds_before(fetched_at, place),
        date_is_fetch_time=when is None,
        source=source,
        url=_url(entry.link) or _url(entry.enclosure),
        tags=_unique([*tags, *entry.categories]),
        path=None,
        encoding=encoding,
        content_hash=content_hash(entry),
        feed=feed or feed_url,
    )
