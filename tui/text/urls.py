"""A brief's URL as a person reads it: percent-encoded letters shown as the letters they are.

Arabic news sites put the title in the address (``/news/2024/1/1/%D8%A7%D9%84...``); a browser's
address bar shows those words, and so does the reading pane. Only what reads as itself is decoded:
a run of escapes that is valid UTF-8 for a letter, mark, number, punctuation or symbol outside
ASCII. ASCII escapes (``%2F``, ``%3F``, ``%20``...) keep their meaning in the address and stay
encoded, as do invalid UTF-8, controls, spaces, format characters (bidi controls, zero-width
joiners), unassigned and private-use code points, and characters that look like the ``/ ? # . :``
of an address (:data:`LOOKALIKES`). In the reading pane each part is isolated for the bidi
algorithm (:func:`isolated_parts`), so that the parts keep their order. The text is for display
only: opening and ``Y`` use the URL as stored. A feed's address may hold a password
(``http://user:secret@host/feed``): wherever brief names a feed for a person to read, the password
is ``***`` (:func:`hide_passwords`). Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

_PASSWORD = re.compile(r"(?i)(https?://[^/?#@\s:]*):[^/?#@\s]*@")
"""The user name and password of an http(s) URL: what comes before the ``@`` of its host part."""


def hide_passwords(text: str) -> str:
    """``text`` with the password of every http(s) URL in it shown as ``***`` (the user name kept,
    so a person can tell the feed): for lines a person reads, which cron mails on and terminals
    keep in their scrollback. The store, ``--json`` and an OPML export keep the URL whole."""
    return _PASSWORD.sub(r"\1:***@", text) if "@" in text else text


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
"""A run of percent-escapes: the bytes of one or more encoded characters."""

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
"""Unicode categories never decoded: controls, format characters (bidi controls and zero-width
joiners among them), surrogates, private use, unassigned, and spaces of every kind."""

BLANKS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""Characters that draw nothing (or a blank) outside :data:`HIDDEN_CATEGORIES`: Unicode's default
ignorable code points of other categories (the combining grapheme joiner, the Hangul fillers,
variation selectors), and the braille blank."""

MARKS = frozenset({"Mn", "Mc", "Me"})
"""Combining marks (harakat among them): decoded only after a decoded letter, so that none is drawn
on a slash or a dot of the address."""

LOOKALIKES = frozenset(
    "\u2044\u2215\u29f8\u2571\u0338\u2afb\u2afd\u3031\u3033\u30ce\u4e3f\uff0f\uff1f\uff03\uff0e\uff1a\uff05"
    "\u2024\u2025\u2026\u06d4\u0701\u0702\u2e31\u2e33\ufe52\ufe55\ufe56\ufe5f\ufe6a\u01c0\u05c3\u0589\u0703"
    "\u2236\ua789\u02d0\ufe13\u3002\uff61\u00b7\u2f03\u1735\ufe30\u2e2e\u2047\u2048\u2049"
)
"""Characters that read as the slash, question mark, hash, dot, colon or percent sign of an
address (fraction and division slashes, fullwidth forms, one-dot leaders, the Arabic full stop...),
kept encoded so that a decoded address never seems to have a part it does not have."""


def _shown(char: str) -> bool:
    """Whether a decoded character may be shown in place of its escapes."""
    return (
        char > "\x7f"
        and char not in LOOKALIKES
        and char not in BLANKS
        and unicodedata.category(char) not in HIDDEN_CATEGORIES
    )


def _decode_run(run: str) -> str:
    """A run of escapes with each character that may be shown decoded, the rest as written."""
    data = bytes.fromhex(run.replace("%", ""))
    text = data.decode("utf-8", "surrogateescape")  # an invalid byte becomes a lone surrogate: kept encoded
    out: list[str] = []
    at = 0  # in ``run``: three characters a byte
    after_letter = False  # a mark is shown on a letter decoded before it, never on the address's own
    for char in text:
        width = 3 * (1 if "\udc80" <= char <= "\udcff" else len(char.encode()))
        mark = unicodedata.category(char) in MARKS
        shown = _shown(char) and (after_letter or not mark)
        out.append(char if shown else run[at : at + width])
        after_letter = shown
        at += width
    return "".join(out)


def display_url(url: str) -> str:
    """``url`` with its percent-encoded letters decoded where they read as themselves (see the module)."""
    if "%" not in url:
        return url
    return _ESCAPES.sub(lambda m: _decode_run(m.group()), url)


FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: a run between them is ordered on its own and
moves as one neutral character in the line around it."""
_PART = re.compile(r"[^/?#&=]+")
"""A part of an address between its separators."""


def isolated_parts(shown: str) -> str:
    """``shown`` (an address as :func:`display_url` gives it) for a left-to-right line: each part
    between ``/ ? # & =`` that holds a right-to-left letter is isolated (``FSI`` … ``PDI``), so
    that the parts stay in the address's order. Unisolated, the bidi algorithm joins an Arabic part
    with the numbers and Arabic parts after it into one right-to-left run, and ``/أخبار/12345/سوريا``
    reads ``/سوريا/12345/أخبار``. The isolates are consumed by the layout, never drawn."""
    if shown.isascii():
        return shown

    def isolate(match: re.Match[str]) -> str:
        part = match.group()
        rtl = any(unicodedata.bidirectional(char) in ("R", "AL") for char in part)
        return f"{FSI}{part}{PDI}" if rtl else part

    return _PART.sub(isolate, shown)
