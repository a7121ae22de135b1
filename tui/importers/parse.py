"""Parse a brief's text into an :class:`~tui.models.Article`.

The format of a brief file:

* **Front matter** (optional). When the first line is ``---``, the lines up to the next ``---``
  are ``key: value`` pairs, split at the first colon. Keys are case-insensitive; values are taken
  as written (stripped of surrounding spaces, no YAML quoting). A front matter with no closing
  ``---`` is a :class:`ParseError`; inside a closed one, blank lines are ignored and any other
  line without a colon is a :class:`ParseError` naming its line number. Known keys:

  - ``title``: the brief's title (at most 1,000 characters: a longer one is cut, with ``…``;
    :mod:`tui.text.limits`).
  - ``date``: ``YYYY-MM-DD`` or ISO 8601 (``2019-04-26T10:30:00+03:00``), kept as written; other
    ISO forms (``20240101``, ``2024-W01-1``) and day-first dates (``23/03/2024``) are stored as
    ``YYYY-MM-DD`` (:func:`normalize_date`). A value that is not a valid date is not an error:
    ``date`` is left as None and the raw value is kept in ``extra`` under ``"date"``, so nothing
    the author wrote is lost.
  - ``source``, ``url``: kept as written (a source of more than 300 characters cut, with ``…``).
  - ``tags``: split at commas (ASCII ``,`` or Arabic ``،``), each stripped, empty ones dropped
    (the first 100 kept, each cut to 300 characters). A
    tag in double quotes may hold commas (``tags: "Syria, Idlib", news``); inside the quotes
    ``\\"`` is a quote and ``\\\\`` a backslash.

  Unknown keys are kept in ``Article.extra`` in file order. For a known key given twice, the last
  value wins. An empty value counts as not given.

* **Body**: one paragraph per line; surrounding whitespace is stripped and blank lines are
  ignored. Lines are split at ``\\n`` only (CRLF and lone CR are converted first). A paragraph
  that is a read-also line (see :mod:`tui.importers.readalso`) becomes a link block holding the
  title it points at; every other paragraph is a text block. Order is kept. A brief with no body
  paragraph is a :class:`ParseError` ("no body text"), as is one with more than 5,000
  (:data:`~tui.text.limits.MAX_PARAGRAPHS`).

* **Markdown** (``markdown=True``, for ``.md`` files): the same front matter. When the first body
  line is a heading (``# Heading``) and the front matter gives no title, the heading is the title
  and not a paragraph. Later ATX headings (``#`` to ``######`` followed by a space) become text
  paragraphs with their ``#`` marks (leading, and closing ones) removed. A read-also title
  written as a Markdown link, ``[title](file.md)``, is the link's text. A paragraph that starts
  with a backslash before ``#`` (``\\# not a heading``) loses that one backslash and is never a
  heading. Everything else, emphasis and link syntax included, is kept as written.

* **Title** when neither front matter nor a Markdown heading gives one: the first sentence of the
  first text paragraph. A sentence ends at ``.`` ``!`` ``?`` ``؟`` or ``۔`` followed by a space or
  the end of the paragraph (the Arabic comma ``،`` does not end one); a final full stop (``.`` or
  ``۔``) is dropped, a question or exclamation mark kept. A sentence longer than
  :data:`MAX_TITLE` characters is cut at a word boundary and ``…`` appended, the ``…`` included
  in the :data:`MAX_TITLE`. A brief whose paragraphs are all read-also lines takes its id as
  title, so it never claims the title of a brief it links to.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from tui.importers.readalso import parse_read_also
from tui.models import Article, Block
from tui.text.dates import day_first
from tui.text.limits import MAX_PARAGRAPHS, MAX_TITLE_CHARS, cut_name, limit_tags
from tui.text.tags import TAG_SEPARATORS

MAX_TITLE = 80
"""Longest title made from a first sentence, counting the ``…`` that marks a cut."""

ELLIPSIS = "…"
"""Appended to a title cut from a longer first sentence."""

FENCE = "---"
"""The line that opens and closes front matter."""

_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4](?=\s|$)")
"""A sentence-ending mark followed by whitespace or the end of the paragraph."""

_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
"""An ATX Markdown heading with its text (closing ``#`` marks not included)."""

_CUT_TRAIL = " \t,،;؛:-–—"
"""Stripped from the end of a cut title before the ``…``."""


_FEED_START = re.compile(
    r"\s*+(?:<\?(?:[^?]|\?(?!>))*+\?>\s*+|<!--(?:[^-]|-(?!->))*+-->\s*+|<!DOCTYPE[^>]*+>\s*+)*+"
    r"<(?P<root>rss|feed|rdf:RDF|opml)\b",
    re.I,
)
"""The start of a feed or OPML document: an XML declaration, processing instructions (a style
sheet), comments and a doctype, then the root element. Each part can end in one place only
(possessive), so that no text makes the match try its parts in every way (a hostile file)."""


class ParseError(Exception):
    """Text that is not a valid brief; the message says why, for a person."""


def _not_a_brief(text: str) -> str | None:
    """Why ``text`` is no brief although it decodes: a feed or an OPML file saved as a file of
    briefs (its first line, ``<?xml …?>``, would be a title). None for anything else."""
    match = _FEED_START.match(text, 0, 4096)
    if match is not None and match.group("root").lower() == "opml":
        return "an OPML file, not a brief: subscribe to its feeds with brief opml import FILE"
    if match is not None:
        return "a feed, not a brief: subscribe to it with brief feeds add URL"
    if text[:4096].lstrip().startswith("<?xml"):
        return "an XML document, not a brief"
    return None


SOFT_HYPHEN = "\u00ad"
"""Removed from a brief's text, as from a feed's (``tui.feeds.paragraphs.DROP_CHARS``)."""


def parse_article(
    text: str,
    *,
    article_id: str,
    path: str | None = None,
    markdown: bool = False,
    encoding: str = "utf-8",
    content_hash: str = "",
) -> Article:
    """Parse a brief's decoded ``text`` into an :class:`Article` with the given id.

    ``path``, ``encoding`` and ``content_hash`` are recorded as given. Raises :class:`ParseError`
    for a malformed front matter or a brief without body text.
    """
    text = text.removeprefix("\ufeff")
    if SOFT_HYPHEN in text:  # a place a word may break, drawn as a hyphen by terminals: search would see two words
        text = text.replace(SOFT_HYPHEN, "")
    if text[:1].isspace() or text[:1] == "<":
        why = _not_a_brief(text)
        if why is not None:
            raise ParseError(why)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields, extra, body_start = _split_front_matter(lines)
    paragraphs = [line.strip() for line in lines[body_start:]]
    paragraphs = [p for p in paragraphs if p]

    title = fields.get("title")
    if markdown:
        title, paragraphs = _markdown_body(title, paragraphs)
    if not paragraphs:
        raise ParseError("no body text")
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ParseError(f"more than {MAX_PARAGRAPHS:,} paragraphs: a brief has at most that; split it")

    blocks = tuple(_block(p, markdown) for p in paragraphs)
    if title is None:
        first_text = next((b.text for b in blocks if b.kind == "text"), None)
        title = first_sentence_title(first_text) if first_text is not None else article_id

    tags = limit_tags(split_tags(fields.get("tags", "")))
    source = fields.get("source")

    return Article(
        id=article_id,
        title=cut_name(title, MAX_TITLE_CHARS),
        blocks=blocks,
        date=fields.get("date"),
        source=cut_name(source) if source is not None else None,
        url=fields.get("url"),
        tags=tags,
        extra=tuple(extra),
        path=path,
        encoding=encoding,
        content_hash=content_hash,
    )


_KNOWN_KEYS = frozenset({"title", "date", "source", "url", "tags"})
"""Front-matter keys that map to Article fields; others go to ``extra``."""


def _split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[tuple[str, str]], int]:
    """Read the front matter at the top of ``lines``.

    Returns (known fields with non-empty values, unknown pairs in order, index of the first body
    line). An invalid date goes with the unknown pairs, in its place. Without front matter, both
    collections are empty and the body starts at line 0.
    """
    if not lines or lines[0].strip() != FENCE:
        return {}, [], 0
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if close is None:
        raise ParseError("front matter not closed (no second ---)")
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for index in range(1, close):
        line = lines[index].strip()
        if not line:
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon:
            raise ParseError(f"line {index + 1}: front matter line has no ':' (expected 'key: value')")
        if not key:
            raise ParseError(f"line {index + 1}: front matter line has no key before ':'")
        if key == "date" and value:
            canonical = normalize_date(value)
            if canonical is None:
                fields.pop(key, None)
                extra.append((key, value))
            else:
                fields[key] = canonical
        elif key in _KNOWN_KEYS:
            if value:
                fields[key] = value
            else:
                fields.pop(key, None)
        else:
            extra.append((key, value))
    return fields, extra, close + 1


def split_tags(value: str) -> tuple[str, ...]:
    """The tags of a ``tags`` value: split at commas outside double quotes, stripped, empty ones dropped.

    >>> split_tags('سوريا، "Syria, Idlib" , news,')
    ('سوريا', 'Syria, Idlib', 'news')
    """
    tags: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == '"' and not "".join(current).strip():
            quoted, index = _quoted(value, index + 1)
            current = [quoted]
            # Text after the closing quote and before the next comma belongs to the same tag.
            continue
        if char in TAG_SEPARATORS:
            tags.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    tags.append("".join(current).strip())
    return tuple(tag for tag in tags if tag)


def _quoted(value: str, start: int) -> tuple[str, int]:
    """The text of a quoted tag starting after its opening quote, and the index after its closing one.

    ``\\"`` is a quote and ``\\\\`` a backslash; an unclosed quote runs to the end of ``value``.
    """
    out: list[str] = []
    index = start
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value) and value[index + 1] in '"\\':
            out.append(value[index + 1])
            index += 2
        elif char == '"':
            return "".join(out), index + 1
        else:
            out.append(char)
            index += 1
    return "".join(out), index


_ESCAPED_HASH = re.compile(r"\\+#")
"""A Markdown paragraph starting with backslashes before ``#``: the first backslash escapes it."""


def _markdown_body(title: str | None, paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Apply the Markdown rules: a leading heading as title, other headings without ``#``."""
    result: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if _ESCAPED_HASH.match(paragraph):
            result.append(paragraph[1:])
            continue
        heading = _HEADING.match(paragraph)
        if heading is None or not heading.group("text").strip():
            result.append(paragraph)
        elif index == 0 and title is None and paragraph.startswith("# "):
            title = heading.group("text").strip()
        else:
            result.append(heading.group("text").strip())
    return title, result


_MARKDOWN_LINK = re.compile(r"^\[(?P<text>.+)\]\((?P<to>[^()\s]*)\)$")
"""A whole Markdown link, ``[text](destination)``: how ``brief export`` writes a read-also title."""


def _block(paragraph: str, markdown: bool = False) -> Block:
    """A link block for a read-also paragraph, a text block for any other.

    In Markdown, a read-also title written as a link (``اقرأ أيضاً: [title](file.md)``) is the
    link's text, and its destination (a brief's file name as ``brief export`` writes it, or a URL)
    is kept as the link's ``href``: links resolve by it first.
    """
    link = parse_read_also(paragraph)
    if link is None:
        return Block(kind="text", text=paragraph)
    label, title = link
    if markdown and (as_link := _MARKDOWN_LINK.match(title)) and as_link.group("text").strip():
        return Block(kind="link", text=as_link.group("text").strip(), label=label, href=as_link.group("to") or None)
    return Block(kind="link", text=title, label=label)


def normalize_date(value: str) -> str | None:
    """A written date as brief stores it (so that dates sort as text), or None when it is no date.

    ``YYYY-MM-DD`` and ISO 8601 date-times (offset included) are kept as written; other ISO forms
    Python reads (``20240101``, ``2024-W01-1``, ``2024-001``) become ``YYYY-MM-DD`` (or a full
    date-time); ``DD/MM/YYYY`` with ``/``, ``-`` or ``.`` is read day first, unless the second
    number cannot be a month (``12/25/2024``).
    """
    value = value.strip()
    if _CANONICAL_DATE.fullmatch(value):
        return value if is_iso_date(value) else None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        day = day_first(value)
    except ValueError:  # the form of a day, naming none
        return None
    return day.isoformat() if day is not None else None


_CANONICAL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
"""Dates already in the form brief stores: kept exactly as written."""


def is_iso_date(value: str) -> bool:
    """True for a valid ``YYYY-MM-DD`` date or ISO 8601 date-time (``T`` or space separated)."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


def first_sentence_title(paragraph: str) -> str:
    """The first sentence of ``paragraph``, cut to :data:`MAX_TITLE` characters with ``…``.

    >>> first_sentence_title("Hello there. More text.")
    'Hello there'
    >>> first_sentence_title("هل وصل؟ نعم")
    'هل وصل؟'
    """
    end = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: end.end()] if end else paragraph
    sentence = sentence.strip()
    trimmed = sentence.rstrip(".\u06d4").rstrip()
    if trimmed:
        sentence = trimmed
    if len(sentence) <= MAX_TITLE:
        return sentence
    room = MAX_TITLE - len(ELLIPSIS)
    head = sentence[: room + 1]
    space = max((i for i, ch in enumerate(head) if ch.isspace()), default=-1)
    if space > 0:
        kept = sentence[:space]
    else:
        kept = sentence[:room]
        while kept and unicodedata.combining(sentence[len(kept)]):
            kept = kept[:-1]
    kept = kept.rstrip(_CUT_TRAIL) or sentence[:room]
    return kept + ELLIPSIS
