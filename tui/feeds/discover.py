"""Find a site's feeds from its HTML page, and tell a feed from a web page by a cheap sniff.

People paste the address of a site, not of its feed. The page names its feeds in
``<link rel="alternate" type="application/rss+xml" href="...">`` elements; :func:`find_feed_links`
finds them with a scan of the page for ``<link>`` and ``<base>`` tags outside comments, in linear
time, that unclosed tags, stray bytes and a missing ``<head>`` do not disturb.
:func:`looks_like_feed` and :func:`looks_like_html` decide, from the first bytes, whether a fetched
body is a feed to parse or a page to search for links; servers often send feeds as ``text/html`` and
pages as ``text/xml``, so the body decides before the Content-Type does.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html import unescape as html_unescape

from tui.feeds.urls import is_http_url, resolve_url

FEED_TYPES: dict[str, int] = {
    "application/rss+xml": 0,
    "application/atom+xml": 0,
    "application/feed+json": 0,
    "application/rdf+xml": 1,
    "application/xml": 1,
    "text/xml": 1,
    "application/json": 2,
}
"""Link types taken as feeds, with their rank: generic XML (older sites label RSS so) after the feed types,
plain ``application/json`` (often an API, not a feed) last. A fetched link is still sniffed."""

_BIDI_AND_SPACE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_JSON_FEED = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf"})
_SNIFF = 64 * 1024


@dataclass(frozen=True)
class FeedLink:
    """A feed a page links to."""

    url: str
    """Absolute URL of the feed."""
    title: str | None
    """The link's ``title`` attribute, or None."""
    type: str
    """Its media type, lower case, without parameters (``application/atom+xml``)."""


_TAG = re.compile(r"<(link|base)(?=[\s/>])((?:[^<>\"']|\"[^\"]{0,2048}\"|'[^']{0,2048}'|[\"'])*+)>", re.IGNORECASE)
"""A ``<link>`` or ``<base>`` start tag. Its attributes stop at the first ``<`` or ``>`` outside
quotes (a quoted value of up to 2,048 characters may hold them: ``title="News > World"``), and the
possessive ``*+`` never goes back: each search reads a stretch of the page of its own, so the page is
read in linear time (Python's ``html.parser`` took a minute over 250 KB of ``<a``)."""
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
"""One attribute: its name, then its value in double quotes, single quotes or none."""


def _without_comments(text: str) -> str:
    """``text`` without its ``<!-- -->`` comments (an unclosed one runs to the end), in one pass."""
    if "<!--" not in text:
        return text
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        kept.append(text[position:start])
        if text.startswith((">", "->"), start + 4):  # <!--> and <!---> are whole (empty) comments
            position = text.index(">", start + 4) + 1
            continue
        end = text.find("-->", start + 4)
        position = len(text) if end < 0 else end + 3
    kept.append(text[position:])
    return "".join(kept)


def _collect(text: str) -> tuple[str | None, list[tuple[str, str | None, str]]]:
    """The page's first ``<base href>`` (as written) and the (href, title, type) of each feed
    ``<link>``, in page order; comments left out, entities in values decoded."""
    base: str | None = None
    links: list[tuple[str, str | None, str]] = []
    for tag in _TAG.finditer(_without_comments(text)):
        values: dict[str, str] = {}
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            raw = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
            values.setdefault(attribute.group(1).lower(), html_unescape(raw))
        if tag.group(1).lower() == "base":
            if base is None and values.get("href", "").strip():
                base = values["href"].strip()
            continue
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").split(";")[0].strip().lower()
        href = values.get("href", "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            title = " ".join(_BIDI_AND_SPACE.sub("", values.get("title", "")).split()) or None
            links.append((href, title, kind))
    return base, links


def _decode(html: bytes) -> str:
    """Page bytes as text: UTF-8, else the charset a ``<meta>`` names, else Windows-1252."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(html[:4096])
    if match:
        try:
            return html.decode(codecs.lookup(match.group(1).decode("ascii")).name, errors="replace")
        except LookupError:
            pass
    return html.decode("cp1252", errors="replace")


def find_feed_links(html: bytes | str, base_url: str) -> list[FeedLink]:
    """The feeds a page announces, absolute, without repeats; RSS, Atom and JSON Feed before plain JSON.

    Relative hrefs are resolved against the page's ``<base href>`` (itself resolved against
    ``base_url``) or else ``base_url``, the URL the page was fetched from. Links that do not resolve
    to an http(s) URL are dropped.
    """
    text = html if isinstance(html, str) else _decode(html)
    page_base, links = _collect(text)
    base = resolve_url(base_url, page_base or "") or base_url  # a <base href> that cannot be read is ignored
    found: dict[str, FeedLink] = {}
    for href, title, kind in links:
        url = resolve_url(base, href)
        if is_http_url(url) and url not in found:
            found[url] = FeedLink(url, title, kind)
    return sorted(found.values(), key=lambda link: FEED_TYPES[link.type])


def _head(body: bytes) -> bytes:
    """The start of a body as ASCII-compatible bytes: BOMs dropped, UTF-16 and UTF-32 re-encoded."""
    head = body[:_SNIFF]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, None)):
        if head.startswith(bom):
            if codec is None:
                return head[len(bom) :]
            return head.decode(codec, errors="ignore").encode("utf-8")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    return head


def _root_element(head: bytes) -> bytes | None:
    """The local name of the first element, lower case, past the XML declaration, comments and DOCTYPE."""
    pos, end = 0, len(head)
    while pos < end:
        while pos < end and head[pos] in b" \t\r\n":
            pos += 1
        if head.startswith(b"<?", pos):
            close = head.find(b"?>", pos)
            pos = end if close < 0 else close + 2
        elif head.startswith(b"<!--", pos):
            close = head.find(b"-->", pos)
            pos = end if close < 0 else close + 3
        elif head.startswith(b"<!", pos):
            bracket, close = head.find(b"[", pos), head.find(b">", pos)
            if 0 <= bracket < close:  # an internal subset: skip to "]>"
                close = head.find(b"]", bracket)
                close = head.find(b">", close) if close >= 0 else -1
            pos = end if close < 0 else close + 1
        else:
            match = _ROOT.match(head, pos)
            return match.group(1).lower() if match else None
    return None


def looks_like_feed(body: bytes, content_type: str | None = None) -> bool:
    """True when the body starts like RSS, Atom, RSS 1.0 (RDF) or a JSON Feed.

    The body decides: XML whose root element is ``rss``, ``feed`` or ``rdf:RDF``, or a JSON object
    with a ``"version"`` naming jsonfeed.org. ``content_type`` only lets a JSON object served as
    ``application/feed+json`` pass without that version.
    """
    head = _head(body).lstrip()
    if head.startswith(b"{"):
        if _JSON_FEED.search(body if len(body) <= 4 * _SNIFF else head):
            return True
        return (content_type or "").split(";")[0].strip().lower() == "application/feed+json"
    return _root_element(head) in _FEED_ROOTS


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """True for a web page rather than a feed: worth searching for feed links.

    A body that looks like a feed is never HTML, whatever the Content-Type says. Otherwise an HTML
    Content-Type, or a body that starts with a doctype or an ``<html>`` element, makes it HTML.
    """
    if looks_like_feed(body, content_type):
        return False
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    head = _head(body)[:4096].lstrip().lower()
    if head.startswith(b"<!doctype html"):
        return True
    return _root_element(head) in (b"html", b"head", b"body")
