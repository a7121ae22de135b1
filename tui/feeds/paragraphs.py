"""Paragraphs of entry text, and the builder both HTML readers fill (:mod:`tui.feeds.html`,
:mod:`tui.feeds.html_fast`): text pieces in, cleaned paragraphs out, each with the href of its link
when the paragraph is essentially one link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.feeds.urls import encode_unsafe, is_http_url, resolve_url

DROP_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\xad\ufeff]")
"""Control characters that are not whitespace, U+FEFF and the soft hyphen (``&shy;``, a place where a
word may be hyphenated: terminals draw it as a hyphen, and search would take the word for two);
removed from text."""

_LETTER = re.compile(r"\w")
"""A letter or digit, to compare the text inside and outside a link."""

_LABEL_ROOM = 30
"""A ``label:`` prefix this long or shorter does not count as text outside a link."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an entry's text."""

    text: str
    """The paragraph's text, whitespace collapsed, no markup."""
    href: str | None = None
    """The URL of the paragraph's only link when the paragraph is essentially that link."""
    marker: str = ""
    """For the first paragraph of a list item: ``•`` (``◦`` in a nested list) or the item's number
    in an ordered list (``3.``); empty otherwise. Apart from :attr:`text`, so that a list item that
    is a read-also line or a link under a read-also heading is still read as one."""
    pictured: bool = False
    """True when all of the paragraph's text is the ``alt`` text of images (``writing`` for an
    illustration): kept as text, but no sentence to make an entry's title of."""


BULLETS = ("•", "◦")
"""The marker of an unordered list's items, then of a nested unordered list's."""


def clean_text(text: str) -> str:
    """Collapse whitespace, strip both ends and remove non-whitespace control characters."""
    # Most text is clean already: printable (so no control character, U+FEFF or whitespace other
    # than the ASCII space), no two spaces in a row, none at either end. Checking that in C is
    # four times faster than splitting and joining.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    if DROP_CHARS.search(text):
        text = DROP_CHARS.sub("", text)
    return " ".join(text.split())  # str.split() splits at the same Unicode whitespace as \s


class ParagraphBuilder:
    """Collects text pieces into paragraphs, in document order."""

    def __init__(self, base_url: str | None) -> None:
        """Start with no paragraphs; ``base_url`` resolves relative link targets."""
        self.base_url = base_url
        """Where relative link targets are resolved."""
        self.paragraphs: list[Paragraph] = []
        """The paragraphs ended so far."""
        self.pieces: list[tuple[str, str | None]] = []
        """The current paragraph's text pieces, each with the href of the link it is in (or None)."""
        self.pending_br = 0
        """``<br>`` seen since the last text: the second one ends the paragraph."""
        self.linked = False
        """True when a piece of the current paragraph is inside a link."""
        self.lists: list[list[int]] = []
        """The open lists, innermost last: ``[ordered, next number]`` (``ordered`` 1 or 0)."""
        self.unordered = 0
        """How many of :attr:`lists` are unordered: counted as they open and close, so that an item
        costs the same however deep the lists around it are nested (a hostile entry nests 40,000)."""
        self.marker = ""
        """The current list item's marker, until its first paragraph takes it."""
        self.worded = False
        """True when the current paragraph holds text of its own (not only images' ``alt`` text)."""

    def start_list(self, ordered: bool, start: str | None = None) -> None:
        """A ``<ul>`` (or ``<ol>``, numbered from its ``start`` attribute when that is a number)."""
        value = (start or "").strip()
        first = int(value) if ordered and value.isascii() and value.isdigit() and len(value) < 10 else 1  # not "²"
        self.lists.append([int(ordered), first])
        self.unordered += not ordered

    def end_list(self) -> None:
        """The end of the innermost list."""
        if self.lists:
            ordered, _ = self.lists.pop()
            self.unordered -= not ordered

    def start_item(self) -> None:
        """An ``<li>``: its first paragraph gets the item's marker."""
        if self.lists and self.lists[-1][0]:
            self.marker = f"{self.lists[-1][1]}."
            self.lists[-1][1] += 1
        else:
            self.marker = BULLETS[self.unordered > 1]

    def end_item(self) -> None:
        """The end of an ``<li>``: a marker no paragraph took is dropped."""
        self.marker = ""

    def add(self, text: str | None, href: str | None) -> None:
        """Add text (inside the link ``href``, or None) to the current paragraph."""
        if not text:
            return
        if self.pending_br and not text.isspace():
            self.pending_br = 0
        if href is not None:
            self.linked = True
        if not self.worded and not text.isspace():
            self.worded = True
        self.pieces.append((text, href))

    def add_alt(self, alt: str, href: str | None) -> None:
        """Add an image's ``alt`` text (inside the link ``href``, or None), a space on either side."""
        worded = self.worded
        self.add(" " + alt + " ", href)
        self.worded = worded

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
        if not self.pieces:
            return
        pieces, self.pieces = self.pieces, []
        linked, self.linked = self.linked, False
        worded, self.worded = self.worded, False
        text = clean_text("".join(p for p, _ in pieces))
        if text:
            href = self._link_of(pieces) if linked else None
            self.paragraphs.append(Paragraph(text, href, self.marker, pictured=not worded))
            self.marker = ""

    def _link_of(self, pieces: list[tuple[str, str | None]]) -> str | None:
        """The href of a paragraph that is essentially one link, else None.

        That is: one link target, and fewer letters outside the link than inside it, a short
        ``label:`` prefix not counted; only ``http`` and ``https`` targets are kept.
        """
        hrefs = {h for _, h in pieces if h is not None}
        if len(hrefs) != 1:  # most paragraphs: no link at all
            return None
        inside = "".join(p for p, h in pieces if h is not None)
        outside = "".join(p for p, h in pieces if h is None)
        head, colon, tail = outside.partition(":")
        if colon and len(head) <= _LABEL_ROOM:
            outside = tail
        if len(_LETTER.findall(outside)) >= len(_LETTER.findall(inside)):
            return None
        href = encode_unsafe(hrefs.pop().strip())
        if self.base_url and not href.startswith(("http://", "https://")):
            href = resolve_url(self.base_url, href)
        return href if is_http_url(href) else None
