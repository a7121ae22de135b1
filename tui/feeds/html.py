"""Turn the HTML of a feed entry into plain paragraphs, and strip HTML from a title.

Rules, so that the same markup always gives the same paragraphs:

* Block elements (``p div li h1-h6 blockquote pre tr figure figcaption table ul ol section``...)
  start and end a paragraph; so do two ``<br>`` in a row (only spaces between). A single ``<br>``
  is a space: a brief's paragraph is one line, and feeds put single ``<br>`` in the middle of
  sentences as often as between verses. Inside ``<pre>`` every line is a paragraph of its own.
* Link text is kept as text; an image's ``alt`` text is kept as text where the image stands.
  Table cells are separated by a space.
* ``script style iframe form noscript svg object embed template audio video canvas select
  textarea button head`` are dropped with everything inside them; comments too.
* Entities are decoded by the HTML parser (HTML's own named entities and character references;
  there is no DTD to read, so nothing else is expanded). Double-escaped HTML, as Arabic blogs
  serve it (text that after one unescape is still markup, such as ``&lt;p&gt;``), is parsed again.
* Whitespace (``\\s``, NBSP included) collapses to one space and is stripped at both ends; control
  characters other than whitespace and a stray U+FEFF are removed. Empty paragraphs are dropped.
* A paragraph that is essentially one link (one link target, and fewer letters outside the link
  than inside it, not counting a ``label:`` prefix) remembers the link's ``href`` (made absolute
  against ``base_url`` when given; only ``http`` and ``https`` kept). Read-also lines need it.

lxml's HTML parser is used: it is C, tolerant of broken markup, and does not read DTDs.
"""

from __future__ import annotations

import html as stdlib_html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped]

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
"""Elements that start and end a paragraph."""

DROPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "form",
        "noscript",
        "svg",
        "object",
        "embed",
        "template",
        "audio",
        "video",
        "canvas",
        "select",
        "textarea",
        "button",
        "head",
        "math:math",
    ]
)
"""Elements dropped together with their content."""

_CELL_TAGS = frozenset({"td", "th"})
"""Table cells: a space between them."""

_SPACE = re.compile(r"\s+")
"""Runs of whitespace, NBSP and other Unicode spaces included."""

_DROP_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
"""Control characters that are not whitespace, and U+FEFF; removed from text."""

_MARKUP = re.compile(
    r"<(?:/?(?:p|div|br|a|img|span|strong|em|b|i|u|h[1-6]|ul|ol|li|blockquote|figure|table|pre)\b[^<>]*)>"
)
"""Text that is still HTML markup after one round of entity decoding."""

_LETTER = re.compile(r"\w")
"""A letter or digit, to compare the text inside and outside a link."""

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
"""One tolerant HTML parser: no network, comments and processing instructions dropped."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an entry's text."""

    text: str
    """The paragraph's text, whitespace collapsed, no markup."""
    href: str | None = None
    """The URL of the paragraph's only link when the paragraph is essentially that link."""


class _Builder:
    """Collects text pieces into paragraphs while the tree is walked."""

    def __init__(self, base_url: str | None) -> None:
        """Start with no paragraphs; ``base_url`` resolves relative link targets."""
        self.base_url = base_url
        self.paragraphs: list[Paragraph] = []
        self.pieces: list[tuple[str, str | None]] = []
        self.pending_br = 0

    def add(self, text: str | None, href: str | None) -> None:
        """Add text (inside the link ``href``, or None) to the current paragraph."""
        if not text:
            return
        if self.pending_br and text.strip():
            self.pending_br = 0
        self.pieces.append((text, href))

    def br(self) -> None:
        """A ``<br>``: a space, or a paragraph break when the one before it was a ``<br>`` too."""
        self.pending_br += 1
        if self.pending_br >= 2:
            self.flush()
        else:
            self.pieces.append((" ", None))

    def flush(self) -> None:
        """End the current paragraph, keeping it when it holds any text."""
        self.pending_br = 0
        pieces, self.pieces = self.pieces, []
        text = clean_text("".join(p for p, _ in pieces))
        if text:
            self.paragraphs.append(Paragraph(text, self._link_of(text, pieces)))

    def _link_of(self, text: str, pieces: list[tuple[str, str | None]]) -> str | None:
        """The href of a paragraph that is essentially one link, else None."""
        hrefs = {h for _, h in pieces if h is not None}
        if len(hrefs) != 1:
            return None
        inside = "".join(p for p, h in pieces if h is not None)
        outside = "".join(p for p, h in pieces if h is None)
        head, colon, tail = outside.partition(":")
        if colon and len(head) <= 30:
            outside = tail
        if len(_LETTER.findall(outside)) >= len(_LETTER.findall(inside)):
            return None
        href = hrefs.pop().strip()
        if self.base_url:
            href = urljoin(self.base_url, href)
        return href if urlsplit(href).scheme in {"http", "https"} else None


def clean_text(text: str) -> str:
    """Collapse whitespace, strip both ends and remove non-whitespace control characters."""
    return _SPACE.sub(" ", _DROP_CHARS.sub("", text)).strip()


def _tag(element: etree._Element) -> str:
    """The lower-case tag name of an element; "" for comments and other non-elements."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _walk(root: etree._Element, builder: _Builder) -> None:
    """Feed the text under ``root`` to ``builder`` in document order."""
    links: list[str | None] = [None]
    pre = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[int] = set()
    for event, element in walker:
        tag = _tag(element)
        if event == "start":
            if tag in DROPPED_TAGS or not tag:
                walker.skip_subtree()
                skipped.add(id(element))
                continue
            if tag in BLOCK_TAGS:
                builder.flush()
            if tag == "br":
                builder.br()
            elif tag == "img":
                builder.add(" " + (element.get("alt") or "") + " ", links[-1])
            elif tag in _CELL_TAGS:
                builder.add(" ", None)
            if tag == "pre":
                pre += 1
            links.append(element.get("href") if tag == "a" else links[-1])
            _add_text(builder, element.text, links[-1], pre)
        else:
            if id(element) in skipped:
                skipped.discard(id(element))
            else:
                links.pop()
                if tag == "pre":
                    pre -= 1
                if tag in BLOCK_TAGS:
                    builder.flush()
                elif tag in _CELL_TAGS:
                    builder.add(" ", None)
            _add_text(builder, element.tail, links[-1], pre)


def _add_text(builder: _Builder, text: str | None, href: str | None, pre: int) -> None:
    """Add ``text``; inside ``<pre>`` a line break ends the paragraph."""
    if not text:
        return
    if not pre:
        builder.add(text, href)
        return
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index:
            builder.flush()
        builder.add(line, href)


def html_to_paragraphs(html: str, base_url: str | None = None, *, _depth: int = 0) -> list[Paragraph]:
    """The paragraphs of an HTML fragment (or of plain text, one paragraph), by the module's rules."""
    if not html or not html.strip():
        return []
    root = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER) if "<" in html or "&" in html else None
    if root is None:
        text = clean_text(html)
        return [Paragraph(text)] if text else []
    builder = _Builder(base_url)
    _walk(root, builder)
    builder.flush()
    if _depth < 2 and any(_MARKUP.search(p.text) for p in builder.paragraphs):
        again = "".join(
            f"<p>{_escape_text(p.text) if not _MARKUP.search(p.text) else p.text}</p>" for p in builder.paragraphs
        )
        return html_to_paragraphs(again, base_url, _depth=_depth + 1)
    return builder.paragraphs


def _escape_text(text: str) -> str:
    """Escape ``&`` and ``<`` so plain text survives being parsed as HTML again."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def strip_html(text: str) -> str:
    """``text`` with markup removed, entities decoded and whitespace collapsed (for titles).

    A title without markup (the usual case) is only unescaped, not parsed: the result is the same.
    """
    if "<" not in text:
        unescaped = stdlib_html.unescape(text) if "&" in text else text
        if "<" not in unescaped or not _MARKUP.search(unescaped):
            return clean_text(unescaped)
    return " ".join(p.text for p in html_to_paragraphs(text))
