"""A whole brief laid out for a terminal: title, metadata line, paragraphs and read-also links.

``brief show`` uses :func:`layout_article`; each laid block keeps its rendered paragraph (with its
position map) so that highlights computed on logical text land on the right cells, and the line
where it starts so that the reader can scroll to it. The reader lays blocks out one at a time from
:func:`article_sources` (see :mod:`tui.text.lazydoc`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from tui.models import Article
from tui.text.dates import human_date
from tui.text.layout import RenderedParagraph, render_paragraph
from tui.text.richtext import paragraph_to_text

LINK_MARK_RTL = "\u2190 "  # ← at the right edge, pointing into right-to-left text
LINK_MARK_LTR = "\u2192 "  # →
NOT_IN_STORE = {True: " (غير موجود في المخزن)", False: " (not in store)"}
"""The note after a read-also link that resolves to no stored brief, in the link's direction."""

STYLES = {
    "title": "bold",
    "meta": "dim",
    "url": "dim underline",
    "text": "",
    "link": "underline cyan",
    "dangling": "dim",
    "match": "reverse",
    "current": "black on yellow",
}
"""Rich styles of each kind of block, and of search matches."""

PIECE_CHARS = 8_000
"""The most characters of a paragraph laid out as one block. A longer one (a wall of text with no
paragraph breaks, as a hostile feed may send: up to 500,000 characters) is shown as pieces of about
this size (:func:`paragraph_pieces`), so that opening it lays out one piece, not the whole wall
(half a million characters took two seconds; a piece takes a few tens of milliseconds)."""


@dataclass(frozen=True)
class LaidBlock:
    """One block of a brief rendered at a width."""

    kind: str
    """``title``, ``meta``, ``url`` (the brief's link), ``text`` or ``link``."""
    index: int
    """The block's index in :attr:`Article.blocks` (-1 for the title and metadata line)."""
    rendered: RenderedParagraph
    """The visual lines and the position map."""
    first_line: int
    """The document line where the block starts."""
    target: str | None = None
    """For a link: the id it resolves to (None when not in the store)."""
    joined: str | None = None
    """For a piece of a long paragraph after its first (:func:`paragraph_pieces`): what stood
    between it and the piece before in the paragraph (a space, or nothing); None otherwise."""

    @property
    def text(self) -> str:
        """The block's logical text as displayed (a link's label and title)."""
        return self.rendered.source

    @property
    def is_link(self) -> bool:
        """True for a read-also line."""
        return self.kind == "link"


def meta_line(article: Article, now: datetime | None = None) -> str:
    """ "date · source · tags" of a brief, the parts it has; with ``now``, the date as a person
    reads it (:func:`~tui.text.dates.human_date`), else as stored. The tags are separated by the
    Arabic comma in a right-to-left brief, by a comma otherwise; a tag holding either comma is
    shown in quotes, as its file writes it, so that it reads as one."""
    from tui.text.bidi import is_rtl
    from tui.text.tags import quote_tag

    when = human_date(article.date, now) if now is not None else article.date or ""
    comma = "، " if is_rtl(article.title) else ", "
    tags = comma.join(map(quote_tag, article.tags))
    parts = [when, article.source or "", tags]
    return " · ".join(p for p in parts if p)


def link_text(label: str, title: str, rtl: bool) -> str:
    """The displayed logical text of a read-also link."""
    mark = LINK_MARK_RTL if rtl else LINK_MARK_LTR
    return f"{mark}{label}: {title}" if label else f"{mark}{title}"


@dataclass(frozen=True)
class BlockSource:
    """One block of a brief before layout: what :func:`render_paragraph` is given for it."""

    kind: str
    """``title``, ``meta``, ``url`` (the brief's link), ``text`` or ``link``."""
    index: int
    """The block's index in :attr:`Article.blocks` (-1 for the title and metadata line)."""
    text: str
    """The logical text as displayed (a link's mark, label, title and note)."""
    target: str | None = None
    """For a link: the id it resolves to (None when not in the store)."""
    rtl: bool | None = None
    """The paragraph direction when forced (metadata, links and the pieces of a long paragraph),
    None to take it from the text."""
    joined: str | None = None
    """For a piece of a long paragraph after its first: what stood between it and the piece before
    (a space, or nothing); None otherwise."""


def article_sources(article: Article, now: datetime | None = None) -> list[BlockSource]:
    """The blocks of a brief as laid out, in order: title, metadata line (if any), URL (if any),
    then its blocks. With ``now`` the date is shown as a person reads it."""
    from tui.text.bidi import is_rtl
    from tui.text.urls import display_url, isolated_parts

    sources = [BlockSource("title", -1, article.title)]
    meta = meta_line(article, now)
    if meta:
        sources.append(BlockSource("meta", -1, meta, rtl=is_rtl(article.title)))
    if article.url:
        sources.append(BlockSource("url", -1, isolated_parts(display_url(article.url)), rtl=False))
    for i, block in enumerate(article.blocks):
        if block.is_link:
            rtl = is_rtl(block.label + block.text)
            text = link_text(block.label, block.text, rtl)
            if block.target is None:
                text += NOT_IN_STORE[rtl]
            sources.append(BlockSource("link", i, text, block.target, rtl=rtl))
        elif len(block.text) <= PIECE_CHARS:
            sources.append(BlockSource("text", i, block.text))
        else:  # every piece in the direction of the whole paragraph, not of its own first word
            rtl = is_rtl(block.text)
            sources.extend(BlockSource("text", i, piece, rtl=rtl, joined=join) for piece, join in _cut(block.text))
    return sources


def paragraph_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, each cut at the last space of the
    piece's second half (the space dropped), or where there is none, between two characters of
    which the second is no combining mark or joiner (a haraka stays on its letter)."""
    return [piece for piece, _ in _cut(text, size)]


def _cut(text: str, size: int = PIECE_CHARS) -> list[tuple[str, str | None]]:
    """The pieces of :func:`paragraph_pieces`, each with what stood between it and the piece before
    (``" "``, ``""``; None for the first)."""
    pieces: list[tuple[str, str | None]] = []
    start = 0
    join: str | None = None
    while len(text) - start > size:
        end = start + size
        space = text.rfind(" ", start + size // 2, end + 1)
        if space > start:
            pieces.append((text[start:space], join))
            start, join = space + 1, " "
            continue
        while end > start + 1 and _clings(text[end]):
            end -= 1
        pieces.append((text[start:end], join))
        start, join = end, ""
    if start < len(text) or not pieces:  # not an empty piece after a final space cut at
        pieces.append((text[start:], join))
    return pieces


def _clings(char: str) -> bool:
    """Whether ``char`` belongs with the character before it: a combining mark (harakat among them),
    a joiner or a variation selector."""
    return unicodedata.category(char) in ("Mn", "Me", "Mc") or char in _CLINGING


_CLINGING = frozenset("\u200c\u200d" + "".join(map(chr, range(0xFE00, 0xFE10))))
"""Joiners and variation selectors."""


def lay_out_block(source: BlockSource, width: int, first_line: int, *, shaped: bool = True) -> LaidBlock:
    """Render one block at ``width``, starting on document line ``first_line``."""
    rendered = render_paragraph(source.text, width, shaped=shaped, rtl=source.rtl, url=source.kind == "url")
    return LaidBlock(source.kind, source.index, rendered, first_line, source.target, source.joined)


def layout_article(article: Article, width: int, *, shaped: bool = True) -> list[LaidBlock]:
    """Lay out a brief at ``width`` cells: a blank line between blocks."""
    laid: list[LaidBlock] = []
    line = 0
    for source in article_sources(article):
        block = lay_out_block(source, width, line, shaped=shaped)
        laid.append(block)
        line += len(block.rendered.lines) + 1
    return laid


def block_style(block: LaidBlock) -> str:
    """The Rich style of a laid block."""
    if block.is_link and block.target is None:
        return STYLES["dangling"]
    return STYLES.get(block.kind, "")


def article_rich_lines(
    laid: Sequence[LaidBlock],
    highlights: Mapping[int, Sequence[tuple[int, int, str]]] | None = None,
) -> list[Text]:
    """Every document line as Rich text; ``highlights`` maps a position in ``laid`` to logical spans."""
    lines: list[Text] = []
    for pos, block in enumerate(laid):
        spans = (highlights or {}).get(pos, ())
        lines.extend(paragraph_to_text(block.rendered, style=block_style(block), highlights=spans))
        if pos != len(laid) - 1:
            lines.append(Text(""))
    return lines


def article_plain_lines(article: Article, width: int, *, shaped: bool = True, styled: bool = False) -> list[str]:
    """The brief as printable lines: RTL lines padded on the left to end at ``width``, no trailing spaces.

    With ``styled``, lines carry ANSI styles (bold title, link colours) for a terminal.
    """
    laid = layout_article(article, width, shaped=shaped)
    if not styled:
        out: list[str] = []
        for pos, block in enumerate(laid):
            out.extend(block.rendered.padded())
            if pos != len(laid) - 1:
                out.append("")
        return out
    return [ansi_line(t) for t in article_rich_lines(laid)]


def ansi_line(text: Text) -> str:
    """Rich text as a string with ANSI styles, trailing spaces removed."""
    from rich.console import Console

    console = Console(force_terminal=True, width=10_000, color_system="standard", highlight=False)
    with console.capture() as cap:
        if text.plain.endswith(" "):
            text = text.copy()
            text.rstrip()  # in place: Text.rstrip returns None
        console.print(text, end="", soft_wrap=True)
    return cap.get()


def logical_text(article: Article) -> str:
    """The stored text in logical order, for pipes: title, metadata, then one block per line.

    Control characters are made visible and bidi controls dropped, so that even this output never
    carries an escape sequence.
    """
    from tui.text.sanitize import safe_line

    lines = [article.title]
    meta = meta_line(article)
    if meta:
        lines.append(meta)
    if article.url:
        lines.append(article.url)
    lines.append("")
    for block in article.blocks:
        lines.append(f"{block.label}: {block.text}" if block.is_link else block.text)
    return "".join(safe_line(line) + "\n" for line in lines)
