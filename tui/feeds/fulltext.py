"""The article text of a web page, for feeds whose entries carry only a summary: trafilatura.

The page is decoded here, not by trafilatura, so that the charset the page declares is honoured
the same way everywhere in brief: the HTTP ``charset`` first, then ``<meta charset>``, then strict
UTF-8, then the single-byte guess for Arabic pages (:mod:`tui.feeds.charset`). trafilatura's plain
text output has one paragraph per line; each line is cleaned like feed text (whitespace collapsed,
no control characters) and empty lines dropped. Comments sections are left out. Less than
:data:`MIN_ARTICLE_CHARS` characters of text is no article (trafilatura's fallbacks return a menu
item or a footer from a page that has no article).
"""

from __future__ import annotations

import logging

from tui.feeds.charset import DecodeError, decode_document, http_charset, meta_charset
from tui.feeds.entries import MAX_ENTRY_CHARS, MAX_ENTRY_PARAGRAPHS
from tui.feeds.html import clean_text

MIN_ARTICLE_CHARS = 40
"""Fewer characters than this in all is not an article."""
MAX_PAGE_BYTES = 3 * 1024 * 1024
"""A page larger than this is not read for its article (a news page is well under a megabyte of
HTML; trafilatura took a minute over 7.6 MB of paragraphs): its summary is kept."""


def extract_article(html_bytes: bytes, url: str, content_type: str | None) -> list[str] | None:
    """The page's article text as paragraphs, or None when no article text can be found, or when
    the page or its text is larger than a brief may be (:data:`MAX_PAGE_BYTES`,
    :data:`tui.feeds.entries.MAX_ENTRY_CHARS` and :data:`~tui.feeds.entries.MAX_ENTRY_PARAGRAPHS`)."""
    if len(html_bytes) > MAX_PAGE_BYTES or not html_bytes.strip():
        return None
    try:
        decoded = decode_document(html_bytes, (http_charset(content_type), meta_charset(html_bytes)))
    except DecodeError:
        return None
    import trafilatura  # heavy (about 0.5 s): only when a page is fetched

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(
            decoded.text,
            url=url,
            include_comments=False,
            include_tables=True,
            output_format="txt",
            deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError):
        return None
    if not text:
        return None
    paragraphs = [clean_text(line) for line in str(text).split("\n")]
    kept = [p for p in paragraphs if p]
    chars = sum(len(p) for p in kept)
    if chars > MAX_ENTRY_CHARS or len(kept) > MAX_ENTRY_PARAGRAPHS:
        return None  # as a feed entry that large is: the brief keeps the summary
    return kept if chars >= MIN_ARTICLE_CHARS else None
