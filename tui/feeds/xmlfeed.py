"""Read RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents with lxml into a :class:`RawFeed`.

Elements are matched by local name, so the namespaces feeds get wrong do not matter; Dublin Core
dates and subjects and ``content:encoded`` are read too. The parser recovers from broken markup
(a truncated feed still gives the entries before the cut), never loads a DTD, never touches the
network, never substitutes entities and keeps libxml2's size limits (``huge_tree=False``); a
document whose DOCTYPE declares entities is refused earlier (:mod:`tui.feeds.parse`). Relative
links are made absolute with lxml's ``base``, which follows ``xml:base`` up to the feed URL.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from tui.feeds.html import text_as_html
from tui.feeds.raw import RawEntry, RawFeed
from tui.feeds.urls import resolve_url

FEED_ROOTS = frozenset({"rss", "rdf", "feed", "channel"})
"""Root elements (local names, lower case) of the feed formats read here."""

_HTML_ROOTS = frozenset({"html", "head", "body"})
"""Root elements that mean a web page was served instead of a feed."""

_PUBLISHED = ("pubdate", "published", "issued", "date", "created")
"""Date elements that give the publication date, in order of preference."""

_UPDATED = ("updated", "modified", "lastbuilddate")
"""Date elements that give the last-update date."""


def _parser() -> etree.XMLParser:
    """A recovering XML parser that loads nothing and expands no entity."""
    return etree.XMLParser(
        recover=True,
        resolve_entities=False,
        huge_tree=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


_LOCAL_NAMES: dict[str, str] = {}
"""Tag (``{namespace}name``) to local name in lower case: a feed repeats a handful of tags."""


def _local(element: etree._Element) -> str:
    """The element's local name in lower case ("" for comments and entities)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2].lower()
        if len(_LOCAL_NAMES) < 10_000:  # bounded: a hostile document could invent tags forever
            _LOCAL_NAMES[tag] = name
    return name


def _text(element: etree._Element) -> str:
    """All the text inside ``element``."""
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _inner_markup(element: etree._Element) -> str:
    """The content of ``element`` as markup: text and serialised children (HTML left unescaped)."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element)
    return "".join(parts)


ATOM_NAMESPACES = ("{http://www.w3.org/2005/Atom}", "{http://purl.org/atom/ns#}")
"""Atom 1.0's and 0.3's: in them a text construct without a ``type`` is text, not HTML."""


def _body(element: etree._Element) -> str:
    """An RSS or Atom text construct as HTML; Atom ``type="text"`` (an Atom element's default) is
    escaped so it stays text: ``<title>a &lt;b&gt;</title>`` is the title ``a <b>``."""
    kind = (element.get("type") or "").lower()
    if not kind and isinstance(element.tag, str) and element.tag.startswith(ATOM_NAMESPACES):
        kind = "text"
    if kind == "xhtml":
        children = list(element)
        if len(children) == 1 and _local(children[0]) == "div":
            return _inner_markup(children[0])
        return _inner_markup(element)
    if kind in {"text", "text/plain"}:
        return text_as_html(_text(element))
    return _inner_markup(element)


def _absolute(element: etree._Element, href: str) -> str:
    """``href`` resolved against the base of ``element`` (``xml:base``, else the document URL)."""
    href = href.strip()
    if not href or href.startswith(("http://", "https://")):
        return href
    base = element.base
    return resolve_url(base, href)


def _link(element: etree._Element) -> str:
    """An absolute link from an RSS ``<link>`` (text) or Atom ``<link href>`` (alternate)."""
    href = element.get("href")
    if href is not None:
        rel = (element.get("rel") or "alternate").lower()
        return _absolute(element, href) if rel == "alternate" else ""
    return _absolute(element, _text(element))


def read_entry(item: etree._Element) -> RawEntry:
    """One ``<item>`` or ``<entry>`` as a :class:`RawEntry`."""
    fields: dict[str, str] = {}
    dates: dict[str, str] = {}
    categories: list[str] = []
    link = enclosure = ""
    permalink = True
    for child in item:
        name = _local(child)
        if not name:
            continue
        if name == "link" and (child.get("rel") or "").lower() == "enclosure":
            enclosure = enclosure or _absolute(child, child.get("href") or "")
        elif name == "link":
            link = link or _link(child)
        elif name == "enclosure":
            enclosure = enclosure or _absolute(child, child.get("url") or "")
        elif name in {"guid", "id"}:
            if "guid" not in fields:
                fields["guid"] = _text(child).strip()
                permalink = name == "guid" and (child.get("isPermaLink") or "true").lower() == "true"
        elif name == "title":
            fields.setdefault("title", _body(child))
        elif name in {"encoded", "content"}:
            fields.setdefault("content", _body(child))
        elif name in {"description", "summary"}:
            fields.setdefault("summary", _body(child))
        elif name in {"category", "subject"}:
            term = child.get("term") or child.get("label") or _text(child)
            if term.strip():
                categories.append(term.strip())
        elif name in _PUBLISHED or name in _UPDATED:
            dates.setdefault(name, _text(child).strip())
    guid = fields.get("guid", "")
    if not link and permalink and guid.startswith(("http://", "https://")):
        link = guid
    return RawEntry(
        guid=guid,
        link=link,
        title=fields.get("title", ""),
        published=next((dates[n] for n in _PUBLISHED if dates.get(n)), ""),
        updated=next((dates[n] for n in _UPDATED if dates.get(n)), ""),
        content=fields.get("content", ""),
        summary=fields.get("summary", ""),
        categories=tuple(categories),
        base=item.base or "",
        enclosure=enclosure,
    )


def _feed_head(root: etree._Element) -> tuple[str, str]:
    """The feed's title and link: from ``<channel>`` for RSS and RDF, from the root for Atom."""
    head = root
    if _local(root) in {"rss", "rdf"}:
        head = next((c for c in root if _local(c) == "channel"), root)
    title = link = ""
    for child in head:
        name = _local(child)
        if name == "title" and not title:  # as HTML, which the caller strips: an Atom title's text escaped
            title = (
                _body(child) if isinstance(child.tag, str) and child.tag.startswith(ATOM_NAMESPACES) else _text(child)
            )
        elif name == "link" and not link:
            link = _link(child)
    return title, link


def _error_detail(parser: etree.XMLParser) -> str:
    """The first error libxml2 reported, as "line N: message"."""
    for error in parser.error_log:
        return f"line {error.line}: {error.message.strip()}"
    return "no element found"


def read_xml_feed(data: bytes, feed_url: str) -> RawFeed:
    """Parse UTF-8 XML bytes (no encoding declaration needed) into a :class:`RawFeed`."""
    parser = _parser()
    try:
        root = etree.fromstring(data, parser, base_url=feed_url)
    except etree.XMLSyntaxError as error:
        return RawFeed(error=f"malformed XML: {error.msg or error}")
    if root is None:
        return RawFeed(error=f"malformed XML: {_error_detail(parser)}")
    name = _local(root)
    if name in _HTML_ROOTS:
        return RawFeed(error="not a feed: an HTML page")
    if name not in FEED_ROOTS:
        return RawFeed(error=f"not a feed: the document is a <{name or '?'}>")
    title, link = _feed_head(root)
    items = [e for e in root.iter("{*}item", "{*}entry") if _local(e) in {"item", "entry"}]
    entries = tuple(read_entry(item) for item in items)
    problem = f"malformed XML: {_error_detail(parser)}" if not entries and parser.error_log else None
    return RawFeed(title=title, link=link, entries=entries, error=problem, recognised=True)
