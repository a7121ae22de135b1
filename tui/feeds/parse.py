"""Parse a fetched feed document into articles: :func:`parse_feed`, and :func:`parse_many` for a batch.

The steps, in order:

1. An empty (or whitespace-only) body is "not a feed: empty document".
2. The bytes are decoded (:mod:`tui.feeds.charset`): byte order mark, UTF-16 without one, the XML
   declaration, the HTTP ``charset``, UTF-8, then the file importer's single-byte guess.
3. A document whose DOCTYPE declares entities (``<!ENTITY``) is refused before any parser sees
   it: feeds never need their own entities, and refusing is the one defence that does not depend
   on each parser's limits (billion laughs, external entities). The readers below do not expand
   entities either (lxml ``resolve_entities=False``, no DTD loading, no network).
4. A body starting with ``{`` is read as a JSON Feed, anything else as XML with lxml
   (:mod:`tui.feeds.xmlfeed`, recovering from broken markup); when lxml finds no entries in a
   document with errors, or finds another root element before a feed's (junk before ``<rss>``),
   feedparser's loose parser tries (:mod:`tui.feeds.loose`). Measured on 100 KB feeds of 50
   Arabic entries (``bench/bench_feed_parse.py``, a shared 2-core machine): feedparser alone takes
   30-45 ms a feed, fastfeedparser 1 ms, the lxml reader here 2 ms, and the whole of
   :func:`parse_feed` (articles included) about 7 ms; so feedparser is only the fallback.
   fastfeedparser is not used: it converts dates to UTC (the offset is lost), does not resolve
   relative links or ``xml:base``, and the XML step is not where the time goes.
5. Entries become articles (:mod:`tui.feeds.entries`); two entries with the same id keep the first.

A document that yields no entries carries ``error``, a reason for a person ("not a feed: an HTML
page", "malformed XML: line 6: ..."); a well-formed feed that simply has no entries has no error.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urlsplit

from tui.feeds.charset import DecodeError, decode_document, http_charset, xml_declared_encoding
from tui.feeds.entries import TOO_LARGE, EntryTooLarge, entry_article, entry_keys
from tui.feeds.html import strip_html
from tui.feeds.jsonfeed import read_json_feed
from tui.feeds.loose import read_loose_feed
from tui.feeds.raw import RawFeed
from tui.feeds.xmlfeed import read_xml_feed
from tui.models import Article
from tui.text.limits import cut_name

POOL_WORKERS = 2
"""Worker processes :func:`parse_many` uses."""

POOL_MIN_BYTES = 2_000_000
"""Below this many bytes in all, :func:`parse_many` parses in this process: starting workers costs more."""

_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
"""A document type declaration (looked for in the whole document: comments may stand before it)."""

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
"""An entity declaration, which only a DOCTYPE's internal subset may hold."""

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
"""The XML declaration, removed once the text is decoded (its encoding no longer holds)."""

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
"""The start of an HTML page."""

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
"""An XML comment (or an unclosed one running to the end)."""

_ELEMENT = re.compile(r"<[A-Za-z_]")
"""The start of an element."""

_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
"""What may come before the root element: spaces, the XML declaration, comments, a DOCTYPE."""

_FEED_TAG = re.compile(r"<(?:rss|feed|rdf:RDF|channel)\b")
"""A feed's root element somewhere in a document whose first element is something else."""

_ODD_REFERENCE = re.compile(
    rb"&#(?:[xX]0*(?:1?[0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF]|[0-9a-fA-F]{6,})"
    rb"|0*(?:[12]?[0-9]|3[01]|5[5-7][0-9]{3}|6553[45]|[0-9]{7,}));"
)
"""A numeric character reference that may name a character XML 1.0 forbids (a control character,
a surrogate, U+FFFE, U+FFFF, past U+10FFFF); :func:`_allowed_reference` decides."""

_CONTROL_BYTES = bytes(code for code in range(0x20) if code not in (0x9, 0xA, 0xD))
"""The control characters XML 1.0 forbids, as UTF-8 writes them (one byte each, found in no other
character's bytes)."""

_NON_CHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")
"""U+FFFE or U+FFFF in UTF-8, which XML 1.0 forbids too."""


MAX_FEED_ENTRIES = 5_000
"""Entries read from one document at most (a feed carries tens, an archive a few thousand): a 10 MB
document of empty items made 291,504 briefs and took a gigabyte. The rest are left out and counted."""
MAX_LOOSE_BYTES = 2 * 1024 * 1024
"""Malformed documents up to this size are tried with feedparser's loose parser (it takes seconds
and 100 MB a megabyte); a larger one fails with what the XML parser said."""


class ParsedFeed(NamedTuple):
    """What one feed document gave: its title and link, its articles, or why there are none."""

    title: str
    """The feed's own title, HTML removed; the URL's host when the feed has none."""
    link: str
    """The feed's web site, absolute; "" when it gives none."""
    articles: tuple[Article, ...]
    """The entries as articles, in document order."""
    error: str | None
    """Why the document yielded no entries, for a person; None when it is a feed."""
    skipped: int = 0
    """Entries left out because they have neither a title nor any text."""
    too_large: int = 0
    """Entries left out because they are too large for a brief (:data:`tui.feeds.entries.TOO_LARGE`)."""
    beyond: int = 0
    """Entries left out past the first :data:`MAX_FEED_ENTRIES` of the document."""


class ParseJob(NamedTuple):
    """One document for :func:`parse_many`, with the arguments of :func:`parse_feed`."""

    body: bytes
    """The fetched document."""
    feed_url: str
    """The URL it was fetched from (after redirects): the base of relative links, part of the ids."""
    fetched_at: str
    """When it was fetched (ISO 8601): the date of entries that have none."""
    content_type: str | None = None
    """The HTTP ``Content-Type`` header, for its ``charset``."""
    title: str | None = None
    """The user's name for the feed, used as every article's source instead of the feed's title."""
    tags: tuple[str, ...] = ()
    """The user's tags for the feed, given to every article."""


def _host(feed_url: str) -> str:
    """The host of ``feed_url`` (without ``www.``), else the URL itself."""
    host = urlsplit(feed_url).hostname or ""
    return host.removeprefix("www.") or feed_url


def _has_element(text: str) -> bool:
    """True when ``text`` has an element outside comments (the prolog is checked first: cheap)."""
    prolog = _PROLOG.match(text)
    if _ELEMENT.match(text, prolog.end() if prolog else 0):
        return True
    return _ELEMENT.search(_COMMENT.sub("", text)) is not None


def _allowed_reference(match: re.Match[bytes]) -> bytes:
    """A character reference XML 1.0 allows, as it is; a control character's removed; any other
    forbidden one (a surrogate, a non-character, past U+10FFFF) as U+FFFD REPLACEMENT CHARACTER."""
    reference = match.group(0)
    code = int(reference[3:-1], 16) if reference[2:3] in (b"x", b"X") else int(reference[2:-1])
    if code in (0x9, 0xA, 0xD) or 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE or 0x10000 <= code <= 0x10FFFF:
        return reference
    return b"" if code < 0x20 else b"&#xFFFD;"


def _xml_legal(data: bytes) -> bytes:
    """A UTF-8 document without the characters XML 1.0 forbids, written or referenced.

    A reference such as ``&#27;`` (ESC) or ``&#xD800;`` (a lone surrogate) makes lxml's recovering
    parser lose the markup that follows it, or give text Python cannot hold. Control characters are
    removed (feed text drops them anyway: :func:`tui.feeds.paragraphs.clean_text`), the others
    become U+FFFD. Done on the bytes: about 0.1 ms for a 100 KB feed, half the time of one search of
    the decoded text.
    """
    # Searches first (a regular expression finds its literal start faster than ``in`` does here).
    if _ODD_REFERENCE.search(data):
        data = _ODD_REFERENCE.sub(_allowed_reference, data)
    data = data.translate(None, _CONTROL_BYTES)
    if _NON_CHARACTER.search(data):
        data = _NON_CHARACTER.sub("\ufffd".encode(), data)
    return data


def _parser_bytes(body: bytes, encoding: str, text: str) -> bytes:
    """The bytes to give lxml: the fetched ones when they are UTF-8 and say so (or say nothing), else
    ``text`` re-encoded as UTF-8 without its XML declaration (whose encoding no longer holds); in
    both, nothing XML forbids (:func:`_xml_legal`)."""
    declared = xml_declared_encoding(body)
    if encoding == "utf-8" and body[:1] == b"<" and (declared is None or declared.lower() in {"utf-8", "utf8"}):
        return _xml_legal(body)
    return _xml_legal(_XML_DECL.sub("", text, count=1).encode("utf-8"))


def _read(body: bytes, feed_url: str, content_type: str | None) -> tuple[RawFeed, str]:
    """Decode and read the document; returns the raw feed and the encoding it was decoded from."""
    if not body.strip(b" \t\r\n\x00"):
        return RawFeed(error="not a feed: empty document"), "utf-8"
    try:
        decoded = decode_document(body, (xml_declared_encoding(body), http_charset(content_type)))
    except DecodeError as error:
        return RawFeed(error=f"not a feed: {error}"), "utf-8"
    text = decoded.text
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return read_json_feed(stripped, feed_url), decoded.encoding
    if _DOCTYPE.search(text) and _ENTITY_DECL.search(text):  # anywhere: comments may push it far in
        return RawFeed(error="refused: the document declares XML entities (a feed never needs them)"), decoded.encoding
    if _HTML_START.match(stripped):
        return RawFeed(error="not a feed: an HTML page"), decoded.encoding
    if not _has_element(stripped):
        return RawFeed(
            error="not a feed: empty document" if "<" in stripped else "not a feed: no markup"
        ), decoded.encoding
    data = _parser_bytes(body, decoded.encoding, stripped)
    raw = read_xml_feed(data, feed_url)
    broken = raw.error is not None and raw.error.startswith("malformed")
    buried = raw.error is not None and raw.error.startswith("not a feed: the document") and _FEED_TAG.search(stripped)
    if not raw.entries and (broken or buried):
        if len(data) <= MAX_LOOSE_BYTES:
            loose = read_loose_feed(data, feed_url)
            if loose.entries:
                raw = loose
    if not raw.entries and decoded.unknown and raw.recognised:
        raw = replace(raw, error=f"unknown encoding: {decoded.unknown[0]}")
    return raw, decoded.encoding


def parse_feed(
    body: bytes,
    feed_url: str,
    *,
    content_type: str | None = None,
    title: str | None = None,
    tags: Sequence[str] = (),
    fetched_at: str,
    id_base: str | None = None,
    feed: str | None = None,
) -> ParsedFeed:
    """Parse one fetched document by the module's steps; never raises for a bad document.

        An exception from the readers (none is known: the fuzz tests find none) becomes an ``error``
        naming it, so that one document cannot stop the parse of a batch.

        ``title`` overrides the feed's own as every article's source; ``tags`` are added to every
        article; ``fetched_at`` (ISO 8601) is the date of entries that carry none (less a second for each
    entry above them, so that they keep the feed's order); ids are derived from
        ``id_base`` (the URL the feed was subscribed with) when given, else from ``feed_url``; each
        article's ``feed`` is ``feed`` (the subscription's URL) when given, else ``feed_url``.
    """
    try:
        raw, encoding = _read(body, feed_url, content_type)
    except Exception as problem:  # noqa: BLE001 - one odd document must not stop a batch of feeds
        return ParsedFeed(
            _host(feed_url), "", (), f"could not parse (a bug in brief): {type(problem).__name__}: {problem}"
        )
    feed_title = cut_name(strip_html(raw.title))
    source = cut_name((title or "").strip()) or feed_title or _host(feed_url)
    articles: dict[str, Article] = {}
    skipped = too_large = 0
    beyond = max(0, len(raw.entries) - MAX_FEED_ENTRIES)
    entries = raw.entries[:MAX_FEED_ENTRIES]
    for place, (entry, key) in enumerate(zip(entries, entry_keys(entries), strict=True)):
        try:
            article = entry_article(
                entry,
                feed_url=feed_url,
                source=source,
                tags=tags,
                fetched_at=fetched_at,
                encoding=encoding,
                id_base=id_base,
                feed=feed,
                key=key,
                place=place,
            )
        except EntryTooLarge:
            too_large += 1
            continue
        except Exception:  # noqa: BLE001 - an entry no rule foresaw (a bug in brief) costs that entry alone
            skipped += 1
            continue
        if article is None:
            skipped += 1
        else:
            articles.setdefault(article.id, article)
    error = raw.error if not articles else None
    if error is None and not articles and raw.entries:
        error = f"every entry is too large for a brief ({TOO_LARGE})" if too_large else "no entry has any text"
    return ParsedFeed(
        feed_title or _host(feed_url), raw.link, tuple(articles.values()), error, skipped, too_large, beyond
    )


def _run(job: ParseJob) -> ParsedFeed:
    """Parse one job (the function the worker processes run)."""
    return parse_feed(
        job.body,
        job.feed_url,
        content_type=job.content_type,
        title=job.title,
        tags=job.tags,
        fetched_at=job.fetched_at,
    )


def parse_many(
    jobs: Sequence[ParseJob],
    *,
    workers: int = POOL_WORKERS,
    min_bytes: int = POOL_MIN_BYTES,
    start_method: str | None = None,
) -> list[ParsedFeed]:
    """Parse every job, results in the order of ``jobs``.

    A batch smaller than ``min_bytes`` in all (or a single job, or ``workers`` < 2) is parsed in
    this process; a larger one in a pool of ``workers`` processes, in chunks so that each worker
    gets a few large pickles rather than many small ones. ``start_method`` is the multiprocessing
    start method (None: the platform's default, ``fork`` on Linux, the fastest); a caller with
    threads running, such as the reader, should pass ``"forkserver"`` or ``"spawn"``, since forking
    a process that has threads can deadlock the child.
    """
    total = sum(len(job.body) for job in jobs)
    if workers < 2 or len(jobs) < 2 or total < min_bytes:
        return [_run(job) for job in jobs]
    chunk = max(1, len(jobs) // (workers * 4))
    context = multiprocessing.get_context(start_method) if start_method else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_run, jobs, chunksize=chunk))
