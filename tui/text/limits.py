"""How long a brief's names may be, and how many tags it may have: a title, a source or a tag is a
line a person reads, never a document, and reads in the order of its letters (no bidi overrides).

A feed's title becomes the source of every one of its briefs, and an entry's categories its tags:
a 1 MB channel title copied into a thousand entries made a 4 GB store, and 200,000 categories on
one entry 200,000 tags. Longer names are cut (:func:`cut_name`, with ``…``), further tags dropped
(:func:`limit_tags`). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.text.sanitize import BIDI_OVERRIDES

MAX_TITLE_CHARS = 1_000
"""The longest title kept (a headline is under 200 characters)."""
MAX_NAME_CHARS = 300
"""The longest source, feed title or tag kept."""
MAX_TAGS = 100
"""The most tags a brief keeps (a feed's own tags first, then its entry's categories)."""
MAX_PARAGRAPHS = 5_000
"""The most paragraphs a brief may have, from a file or a feed (a long article has a few hundred):
480,000 one-letter lines took the reader 18 s and 550 MB to lay out. A larger one is not imported."""
ELLIPSIS = "…"
_OVERRIDES = re.compile(f"[{BIDI_OVERRIDES}]")


def cut_name(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """``text`` when it has at most ``limit`` characters, else its start with ``…`` (``limit`` in all);
    without its bidi overrides (:data:`~tui.text.sanitize.BIDI_OVERRIDES`) either way: they make a
    name read as other letters than it has (``exe.png`` drawn from ``gnp.exe``), in the reader's
    list while ``brief list`` and search see the letters."""
    if _OVERRIDES.search(text):
        text = _OVERRIDES.sub("", text)
    if len(text) <= limit:
        return text
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def limit_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The first :data:`MAX_TAGS` of ``tags``, each cut to :data:`MAX_NAME_CHARS`, each kept once."""
    kept: dict[str, None] = {}
    for tag in tags:
        if len(kept) >= MAX_TAGS:
            break
        kept.setdefault(cut_name(tag), None)
    return tuple(kept)


def whole_number(text: str) -> int | None:
    """``text`` (a command-line value) as a whole number of decimal digits, Arabic-Indic ones
    included; None for anything else, a sign or a digit that is no decimal digit (``²``) too."""
    if not text.strip().isdigit():
        return None
    try:
        return int(text)
    except ValueError:  # "²" is a digit, not a decimal one
        return None
