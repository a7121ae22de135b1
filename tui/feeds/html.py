"""Turn the HTML of a feed entry into plain paragraphs, and strip HTML from a title.

Rules, so that the same markup always gives the same paragraphs:

* Block elements (``p div li h1-h6 blockquote pre tr figure figcaption table ul ol section``...)
  start and end a paragraph; so do two ``<br>`` in a row (only spaces between). A single ``<br>``
  is a space: a brief's paragraph is one line, and feeds put single ``<br>`` in the middle of
  sentences as often as between verses. Inside ``<pre>`` every line is a paragraph of its own.
* A list item's first paragraph carries a marker (:attr:`Paragraph.marker`): ``•`` in a list
  (``◦`` in a list inside another), its number in an ``<ol>`` (from its ``start``, else 1).
* Link text is kept as text; an image's ``alt`` text is kept as text where the image stands.
  Table cells are separated by a space.
* ``script style iframe form noscript svg object embed template audio video canvas select
  textarea button head`` are dropped with everything inside them; comments too.
* Entities are decoded by the HTML parser (HTML's own named entities and character references;
  there is no DTD to read, so nothing else is expanded). Double-escaped HTML, as Arabic blogs
  serve it (text that after one unescape is still markup, such as ``&lt;p&gt;``), is parsed again,
  when it holds no tag of its own: escaped text beside real tags quotes a tag (``<code>&lt;b&gt;</code>``)
  and stays text.
* Whitespace (``\\s``, NBSP included) collapses to one space and is stripped at both ends; control
  characters other than whitespace and a stray U+FEFF are removed. Empty paragraphs are dropped.
* A paragraph that is essentially one link (one link target, and fewer letters outside the link
  than inside it, not counting a ``label:`` prefix) remembers the link's ``href`` (made absolute
  against ``base_url`` when given; only ``http`` and ``https`` kept). Read-also lines need it.

lxml's HTML parser is used: it is C, tolerant of broken markup, and does not read DTDs. The
simple markup most entries carry (paragraphs, line breaks, emphasis, links, images) is read first
by a faster tokenizer, :mod:`tui.feeds.html_fast`, which gives the same paragraphs (a property test
compares the two) and hands anything else to lxml.
"""

from __future__ import annotations

import html as stdlib_html
import re

from lxml import etree  # type: ignore[import-untyped]

from tui.feeds.html_fast import simple_paragraphs
from tui.feeds.paragraphs import Paragraph, ParagraphBuilder, clean_text

__all__ = ["Paragraph", "clean_text", "html_to_paragraphs", "lxml_paragraphs", "strip_html", "text_as_html"]

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
        "math",
    ]
)
"""Elements dropped together with their content."""

_LIST_TAGS = frozenset({"ul", "ol", "li"})
"""Lists and their items: each item's first paragraph starts with a bullet or its number."""

_CELL_TAGS = frozenset({"td", "th"})
"""Table cells: a space between them."""

_MARKUP = re.compile(
    r"<(?:/?(?:p|div|br|a|img|span|strong|em|b|i|u|h[1-6]|ul|ol|li|blockquote|figure|table|pre)\b[^<>]*)>"
)
"""Text that is still HTML markup after one round of entity decoding."""
_LT = r"(?:&lt;|&#0*60;|&#x0*3c;)"
_GT = r"(?:&gt;|&#0*62;|&#x0*3e;)"
_TAG_NAMES = r"(p|div|br|a|img|span|strong|em|b|i|u|h[1-6]|ul|ol|li|blockquote|figure|table|pre)"
_ESCAPED_MARKUP = re.compile(_LT + r"/?" + _TAG_NAMES + r"\b(?:[^<>&]|&(?!lt;|#0*60;|#x0*3c;))*?" + _GT, re.IGNORECASE)
"""The same markup escaped once (``&lt;p&gt;``, ``&#60;p&#62;``), as HTML escaped twice holds it. A
tag's inside stops at the next escaped ``<``: each search reads a stretch of the text no other
search reads (read to the end, 30,000 ``&lt;p x`` took 46 s)."""
_ESCAPED_START = re.compile(_LT + _TAG_NAMES + r"\b", re.IGNORECASE)
"""An escaped start tag of that markup."""
_ESCAPED_END = re.compile(_LT + "/" + _TAG_NAMES + r"\s*" + _GT, re.IGNORECASE)
"""An escaped end tag of that markup."""
_WRAPPED = re.compile(r"<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre)\b[^<>]*>.*</\1\s*>", re.DOTALL)
"""A paragraph whose text is one block element, start tag to end tag: markup escaped twice inside a
real tag (``<p>&lt;p&gt;text&lt;/p&gt;</p>``)."""

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=True)
"""One tolerant HTML parser: no network, comments and processing instructions dropped; elements
nested up to 2,048 deep (``huge_tree``: libxml2 stops at 256 otherwise, and drops the rest of the
document without a word)."""

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
"""A start or end tag."""
_DROPPED_ELEMENT = re.compile(r"<(" + "|".join(sorted(DROPPED_TAGS)) + r")\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
"""A dropped element with its content (for :func:`_flattened`)."""


def _flattened(html: str) -> str:
    """``html`` with no nesting left: dropped elements removed with their content, every block
    element's tags turned into a paragraph break and every other tag removed. For markup nested
    deeper than the parser goes (a hostile entry hiding its text): the text and its paragraphs stay."""
    html = _DROPPED_ELEMENT.sub(" ", html)

    def tag(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name in BLOCK_TAGS:
            return "<br><br>"
        return "<br>" if name == "br" else ""

    return _TAG.sub(tag, html)


def _too_deep(parser: etree.HTMLParser) -> bool:
    """True when the parser's last document was nested deeper than it reads."""
    return any("Excessive depth" in entry.message for entry in parser.error_log)


_SPECIAL_TAGS = BLOCK_TAGS | _CELL_TAGS | {"br", "img", "pre"}
"""Tags that do more than hold text (links are handled apart)."""


def _walk(root: etree._Element, builder: ParagraphBuilder) -> None:
    """Feed the text under ``root`` to ``builder`` in document order.

    The HTML parser gives lower-case tag names and has dropped comments and processing
    instructions; anything else whose tag is not a string is skipped like a dropped element.
    """
    links: list[str | None] = [None]
    pre = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[int] = set()
    add = builder.add  # a local name: this loop runs for every element of every entry
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str) or tag in DROPPED_TAGS:
                walker.skip_subtree()
                skipped.add(id(element))
                continue
            if tag in _SPECIAL_TAGS:
                if tag in BLOCK_TAGS:
                    builder.flush()
                    if tag in _LIST_TAGS:
                        _list_start(builder, element)
                if tag == "br":
                    builder.br()
                elif tag == "img":
                    builder.add_alt(element.get("alt") or "", links[-1])
                elif tag in _CELL_TAGS:
                    add(" ", None)
                elif tag == "pre":
                    pre += 1
            href = element.get("href") if tag == "a" else links[-1]
            links.append(href)
            if element.text:
                _add_text(builder, element.text, href, pre)
        else:
            if skipped and id(element) in skipped:
                skipped.discard(id(element))
            else:
                links.pop()
                if tag in _SPECIAL_TAGS:
                    if tag == "pre":
                        pre -= 1
                    if tag in BLOCK_TAGS:
                        builder.flush()
                        if tag in _LIST_TAGS:
                            _list_end(builder, tag)
                    elif tag in _CELL_TAGS:
                        add(" ", None)
            if element.tail:
                _add_text(builder, element.tail, links[-1], pre)


def _list_start(builder: ParagraphBuilder, element: etree._Element) -> None:
    """A list or a list item starts (after the paragraph before it has ended)."""
    if element.tag == "li":
        builder.start_item()
    else:
        builder.start_list(element.tag == "ol", element.get("start"))


def _list_end(builder: ParagraphBuilder, tag: str) -> None:
    """A list or a list item ends (after its last paragraph)."""
    if tag == "li":
        builder.end_item()
    else:
        builder.end_list()


def _add_text(builder: ParagraphBuilder, text: str | None, href: str | None, pre: int) -> None:
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
    if "<" not in html and "&" not in html:
        text = clean_text(html)
        return [Paragraph(text)] if text else []
    paragraphs = simple_paragraphs(html, base_url)
    if paragraphs is None:
        paragraphs = lxml_paragraphs(html, base_url)
    if _depth < 2 and any("<" in p.text for p in paragraphs):
        twice = _escaped_only(html)
        markup = [
            "<" in p.text and (_MARKUP.search(p.text) if twice else _WRAPPED.fullmatch(p.text)) is not None
            for p in paragraphs
        ]
        if any(markup):
            again = "".join(_written_again(p, raw) for p, raw in zip(paragraphs, markup))
            return html_to_paragraphs(again, base_url, _depth=_depth + 1)
    return paragraphs


def lxml_paragraphs(html: str, base_url: str | None = None) -> list[Paragraph]:
    """The paragraphs of ``html`` read by lxml's HTML parser (any markup; the reference reader)."""
    root = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    if _too_deep(_PARSER):
        root = etree.fromstring(f"<html><body>{_flattened(html)}</body></html>", _PARSER)
    if root is None:
        return []
    builder = ParagraphBuilder(base_url)
    _walk(root, builder)
    builder.flush()
    return builder.paragraphs


def _escaped_only(html: str) -> bool:
    """True when ``html`` holds markup only as escaped text (``&lt;p&gt;``), none as tags: HTML
    escaped twice. Markup beside escaped text is HTML that quotes a tag (``<code>&lt;b&gt;</code>``)."""
    return "&" in html and _ESCAPED_MARKUP.search(html) is not None and not ("<" in html and _MARKUP.search(html))


def text_as_html(text: str) -> str:
    """Plain text (Atom ``type="text"``, JSON Feed's ``title`` and ``content_text``) as HTML that
    reads back as that text: escaped, inside a ``<span>``, a real tag, so that a text quoting a tag
    (``Use <b> for bold``) is never taken for HTML escaped twice."""
    return "<span>" + _escape_text(text) + "</span>"


def _written_again(paragraph: Paragraph, markup: bool) -> str:
    """A paragraph of a document read once, as HTML for the second reading: its text as it is when
    it is markup (``&lt;p&gt;`` once unescaped), else escaped; an image's alt text as the image
    again, so that it is still known for one (:attr:`Paragraph.pictured`)."""
    marker = _escape_text(paragraph.marker + " ") if paragraph.marker else ""
    if markup:
        return f"<p>{marker}{paragraph.text}</p>"
    if paragraph.pictured:
        return f'<p>{marker}<img alt="{stdlib_html.escape(paragraph.text, quote=True)}"></p>'
    return f"<p>{marker}{_escape_text(paragraph.text)}</p>"


def _escape_text(text: str) -> str:
    """Escape ``&`` and ``<`` so plain text survives being parsed as HTML again."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def strip_html(text: str) -> str:
    """``text`` with markup removed, entities decoded and whitespace collapsed (for titles).

    A title without tags (the usual case) is only unescaped, not parsed: the result is the same. An
    escaped tag in it is text (``Using the &lt;b&gt; element``), unless an escaped end tag closes
    it (``&lt;b&gt;عنوان&lt;/b&gt;``): only then is the title taken for HTML escaped twice.
    """
    if "<" not in text and not ("&" in text and _escaped_pair(text)):
        return clean_text(stdlib_html.unescape(text) if "&" in text else text)
    return " ".join(p.text for p in html_to_paragraphs(text))


def _escaped_pair(text: str) -> bool:
    """True when ``text`` holds an escaped end tag of :data:`_ESCAPED_MARKUP`'s kind after its start
    tag (each found once: linear in the text)."""
    first: dict[str, int] = {}
    for start in _ESCAPED_START.finditer(text):
        first.setdefault(start.group(1).lower(), start.start())
    return any(first.get(end.group(1).lower(), end.start()) < end.start() for end in _ESCAPED_END.finditer(text))
