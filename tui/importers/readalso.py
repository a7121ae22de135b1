"""Recognise read-also lines: a paragraph that points at another brief by its title.

A read-also line starts with a label, then a colon, then the title of the brief it points at::

    اقرأ أيضاً: تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري
    See also: The Travels of Ibn Battuta

The Arabic label is matched liberally, because news sites spell it many ways: the first word is
any alef form (ا أ إ آ ٱ) + ق + ر + an alef or hamza (اقرأ، إقرأ، اقرا، إقرا، اقرء), the second any
alef form + ي + ض with or without a final alef, and tanween fatha may come before or after that
alef (أيضاً، أيضًا، أيضا، ايضا، ايضاً). Harakat and tatweel may appear between any two letters.
The English labels are "Read also", "See also" and "Related", in any letter case. The colon may be
ASCII ``:``, full-width ``：`` or small ``﹕``, with spaces before it. Bidi marks and spaces before the
label are skipped. A label with no colon, or with nothing after the colon, is not a read-also line.
"""

from __future__ import annotations

import re

_MARKS = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
"""Bidi controls, zero-width space and a stray byte order mark, as a regex character-class body."""

_H = "[\u0640\u064b-\u0652\u0670]*"
"""Optional tatweel and harakat between letters (tanween fatha is U+064B)."""

_ALEF = "[\u0627\u0623\u0625\u0622\u0671]"
"""Any alef form: bare, hamza above, hamza below, madda, wasla."""

_IQRA = f"{_ALEF}{_H}\u0642{_H}\u0631{_H}[\u0627\u0623\u0625\u0622\u0621]{_H}"
"""اقرأ and its spellings."""

_AYDAN = f"{_ALEF}{_H}\u064a{_H}\u0636{_H}(?:\u0627{_H})?"
"""أيضاً and its spellings."""

_ENGLISH = r"read\s+also|see\s+also|related"
"""The English labels."""

_READ_ALSO = re.compile(
    rf"^[\s{_MARKS}]*(?P<label>{_IQRA}\s+{_AYDAN}|{_ENGLISH})[\s{_MARKS}]*[:\uff1a\ufe55](?P<title>.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""A whole read-also paragraph: leading marks, label, colon, title."""

_EDGES = re.compile(rf"^[\s{_MARKS}]+|[\s{_MARKS}]+$")
"""What is stripped from both ends of the title: spaces and bidi marks."""


def read_also_parts(paragraph: str) -> tuple[str, str] | None:
    """``(label as written, title)`` when ``paragraph`` starts with a read-also label and its colon,
    the title ``""`` for a label alone (the heading news sites put over a list of links); else None.

    >>> read_also_parts("اقرأ أيضا :")
    ('اقرأ أيضا', '')
    """
    match = _READ_ALSO.match(paragraph)
    if match is None:
        return None
    return match.group("label"), _EDGES.sub("", match.group("title"))


def parse_read_also(paragraph: str) -> tuple[str, str] | None:
    """Return ``(label as written, title)`` when ``paragraph`` is a read-also line, else None.

    The title keeps its quote marks as written; only spaces and bidi marks around it go.

    >>> parse_read_also("اقرأ أيضاً: عنوان الخبر")
    ('اقرأ أيضاً', 'عنوان الخبر')
    >>> parse_read_also("See also - nothing") is None
    True
    """
    parts = read_also_parts(paragraph)
    return parts if parts is not None and parts[1] else None
