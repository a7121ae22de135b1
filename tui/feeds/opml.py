"""Read and write OPML subscription lists, the file every feed reader imports and exports.

Reading: every ``<outline>`` under ``<body>`` with an ``xmlUrl`` (any letter case) is a
subscription; the folder outlines around it become its tags, outermost first. A feed's name is its
``title``, else its ``text``; a folder's name is its ``text``, else its ``title`` (OPML 2.0 makes
``text`` the name shown, and readers such as newsboat ignore a folder's ``title``). A URL seen twice
is kept once, with the tags of both places (a feed filed in two folders has two tags), and counted
as a duplicate. ``feed://`` URLs become ``http://``; other non-HTTP URLs (Liferea's search folders
say ``xmlUrl="vfolder"``) are skipped and counted. Bidi embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069) are removed from names: Hebrew and Arabic exports wrap titles in
them, and an unclosed one would reorder whatever the terminal shows next.

Safety: the file is parsed with expat directly; a document that declares entities is refused before
any is expanded ("billion laughs"), and external entities are never fetched.

Writing: OPML 2.0 with tags as nested folder outlines, so ``tags=("news", "world")`` is written as a
feed inside folder "world" inside folder "news". Nesting rather than the ``category`` attribute
because it needs no escaping of commas or slashes inside tag names and every reader understands it;
:func:`read_opml` reads the output back to the same URLs, titles and tags, grouped by folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from xml.parsers import expat
from xml.sax.saxutils import escape

from tui.feeds.urls import canonical_url, is_http_url
from tui.text.limits import MAX_NAME_CHARS, cut_name

_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters no OPML file of brief's holds: those XML 1.0 forbids, and DEL and the C1 controls,
which it allows but a terminal would take for a control (``opml export`` goes to a pipe too)."""
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
"""Root elements (lower case, without a namespace prefix) of RSS, Atom and RSS 1.0 (RDF) feeds: a
feed given to ``brief opml import`` is named as a feed."""
_ATTR_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


class OpmlError(Exception):
    """A file that is not an OPML subscription list; the message names the file and why."""


@dataclass(frozen=True)
class Subscription:
    """One feed of a subscription list."""

    url: str
    """The feed URL."""
    title: str | None = None
    """The name the list gives it, or None."""
    tags: tuple[str, ...] = ()
    """The folders it was filed in, outermost first."""


@dataclass(frozen=True)
class OpmlDocument:
    """What a subscription list held."""

    subscriptions: list[Subscription] = field(default_factory=list)
    """Each feed once, in file order."""
    duplicates: int = 0
    """Outlines skipped because their URL was already listed (their tags were merged)."""
    skipped: int = 0
    """Outlines skipped because their ``xmlUrl`` is not an http(s) or feed:// URL."""
    skipped_urls: tuple[str, ...] = ()
    """The ``xmlUrl`` of the first :data:`SKIPPED_NAMED` of those, as written."""
    beyond: int = 0
    """Feeds past the first :data:`MAX_OPML_FEEDS`: not subscribed."""
    searches: int = 0
    """Search folders (:data:`SEARCH_FOLDERS`): saved searches of the reader that wrote the file,
    not feeds; set aside, and no failure."""
    title: str | None = None
    """The list's ``<head><title>``."""


SKIPPED_NAMED = 3
"""How many skipped outlines a document names (the rest are counted)."""
MAX_OPML_FEEDS = 5_000
"""The most feeds one OPML file subscribes to (a reader's whole list is a few hundred; a file of
300,000 outlines would make every fetch and the feed picker wait on them)."""
MAX_OPML_BYTES = 20 * 2**20
"""The largest OPML file read (a list of 5,000 feeds is about a megabyte): a path that names an
endless device such as ``/dev/zero`` must not fill the memory."""
SEARCH_FOLDERS = frozenset({"vfolder"})
"""Outline types that are a reader's saved searches, not feeds (Liferea's search folders, written
``type="vfolder" xmlUrl="vfolder"``)."""


def clean_name(text: str | None) -> str | None:
    """A title or folder name without bidi embeddings/isolates or control characters and with spaces
    collapsed; None if empty."""
    if text is None:
        return None
    return cut_name(" ".join(_XML_INVALID.sub("", _BIDI.sub("", text[: 4 * MAX_NAME_CHARS])).split())) or None


def _feed_url(raw: str) -> str | None:
    """The http(s) URL an ``xmlUrl`` names (feed:// turned into http://), or None (another scheme, no
    host, or no URL at all: ``http://[::1/feed``, whose address is never closed)."""
    url = raw.strip()
    low = url.lower()
    if low.startswith("feed:"):
        url = url[5:].lstrip("/") if not low.startswith("feed:http") else url[5:]
        url = url if url.lower().startswith(("http://", "https://")) else "http://" + url
        low = url.lower()
    return canonical_url(url) if is_http_url(url) else None


class _Reader:
    """Expat handlers that build the subscription list while the file streams through."""

    def __init__(self, name: str) -> None:
        """Start reading the file called ``name`` (used in messages)."""
        self.name = name
        self.depth = 0
        self.root: str | None = None
        self.in_body = False
        self.seen_body = False
        self.in_head_title = False
        self.title_parts: list[str] = []
        self.folders: list[str | None] = []
        self.stack: list[str] = []
        self.subs: dict[str, Subscription] = {}
        self.duplicates = 0
        self.skipped = 0
        self.skipped_urls: list[str] = []
        self.searches = 0
        self.beyond = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """An element opens."""
        self.depth += 1
        written = tag.rsplit(" ", 1)[-1]
        local = written.lower()
        if self.depth == 1:
            self.root = local
            if local in FEED_ROOTS:
                raise OpmlError(f"{self.name}: a feed, not OPML (subscribe to a feed's URL with brief feeds add URL)")
            if local != "opml":
                raise OpmlError(f"{self.name}: not OPML (the root element is <{written}>, not <opml>)")
        elif self.depth == 2 and local == "body":
            self.in_body = self.seen_body = True
        elif self.depth == 3 and local == "title" and self.stack[-1] == "head":
            self.in_head_title = True
        self.stack.append(local)
        if self.in_body and local == "outline":
            self._outline({k.lower(): v for k, v in attrs.items()})

    def _outline(self, attrs: dict[str, str]) -> None:
        """A subscription, a folder, or (pushed as None) a feed's own nested outlines."""
        if "xmlurl" not in attrs:
            self.folders.append(clean_name(attrs.get("text")) or clean_name(attrs.get("title")))
            return
        self.folders.append(None)  # what nests inside a feed adds no tag
        if attrs.get("type", "").strip().lower() in SEARCH_FOLDERS:
            self.searches += 1
            return
        url = _feed_url(attrs["xmlurl"])
        if url is None:
            self.skipped += 1
            if len(self.skipped_urls) < SKIPPED_NAMED:
                self.skipped_urls.append(attrs["xmlurl"])
            return
        tags = tuple(dict.fromkeys(t for t in self.folders[:-1] if t))
        title = clean_name(attrs.get("title")) or clean_name(attrs.get("text"))
        known = self.subs.get(url)
        if known is None:
            if len(self.subs) >= MAX_OPML_FEEDS:
                self.beyond += 1
                return
            self.subs[url] = Subscription(url, title, tags)
            return
        self.duplicates += 1
        merged = tuple(dict.fromkeys(known.tags + tags))
        self.subs[url] = replace(known, tags=merged, title=known.title or title)

    def end(self, tag: str) -> None:
        """An element closes."""
        local = self.stack.pop()
        if local == "body" and self.depth == 2:
            self.in_body = False
        if local == "title":
            self.in_head_title = False
        if self.in_body and local == "outline":
            self.folders.pop()
        self.depth -= 1

    def text(self, data: str) -> None:
        """Character data (kept only for the head's title)."""
        if self.in_head_title:
            self.title_parts.append(data)

    def refuse_entities(self, *_args: object) -> None:
        """Any entity declaration: refused before it can be expanded."""
        raise OpmlError(f"{self.name}: not a usable OPML file (it declares XML entities)")


def parse_opml(data: bytes, name: str) -> OpmlDocument:
    """Read a subscription list with its counts of duplicates and skipped outlines.

    Raises :class:`OpmlError` for a file that is not XML, whose root is not ``<opml>``, that has no
    ``<body>``, or that declares entities.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    reader = _Reader(name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    parser.EntityDeclHandler = reader.refuse_entities
    parser.UnparsedEntityDeclHandler = reader.refuse_entities
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise OpmlError(f"{name}: not XML ({reason}, line {exc.lineno} column {exc.offset + 1})") from None
    if not reader.seen_body:
        raise OpmlError(f"{name}: not OPML (no <body> element)")
    return OpmlDocument(
        subscriptions=list(reader.subs.values()),
        duplicates=reader.duplicates,
        skipped=reader.skipped,
        skipped_urls=tuple(reader.skipped_urls),
        searches=reader.searches,
        beyond=reader.beyond,
        title=clean_name("".join(reader.title_parts)),
    )


def read_opml(data: bytes, name: str) -> list[Subscription]:
    """The subscriptions of an OPML file, each URL once; see :func:`parse_opml` for the counts."""
    return parse_opml(data, name).subscriptions


def _attr(value: str) -> str:
    """An XML attribute value, quoted: markup escaped, characters XML cannot hold, DEL, C1 controls
    and bidi embeddings, overrides and isolates dropped."""
    return '"' + escape(_XML_INVALID.sub("", _BIDI.sub("", value)), _ATTR_ESCAPES) + '"'


def write_opml(subs: list[Subscription] | tuple[Subscription, ...], title: str = "brief subscriptions") -> str:
    """An OPML 2.0 document of ``subs``, tags written as nested folders (see the module docstring)."""
    tree: dict[str, object] = {}
    for sub in subs:
        node = tree
        for tag in sub.tags:
            child = node.setdefault("\0" + tag, {})
            assert isinstance(child, dict)
            node = child
        feeds = node.setdefault("", [])
        assert isinstance(feeds, list)
        feeds.append(sub)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head>\n    <title>{escape(_XML_INVALID.sub('', title))}</title>\n  </head>",
        "  <body>",
    ]
    _write_node(tree, lines, 2)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _write_node(node: dict[str, object], lines: list[str], depth: int) -> None:
    """Write the feeds filed directly in ``node``, then its folders."""
    pad = "  " * depth
    for key, value in node.items():
        if key == "" and isinstance(value, list):
            for sub in value:
                name = _attr(sub.title or "")
                title = f" title={name}" if sub.title else ""
                lines.append(f'{pad}<outline type="rss" text={name}{title} xmlUrl={_attr(sub.url)}/>')
        elif isinstance(value, dict):
            name = _attr(key[1:])
            lines.append(f"{pad}<outline text={name} title={name}>")
            _write_node(value, lines, depth + 1)
            lines.append(f"{pad}</outline>")
