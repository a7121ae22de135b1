"""Make text safe to put on a terminal without changing its length.

Control characters would move the cursor, ring the bell or start escape
sequences, so each one is replaced by a visible stand-in of one cell:
C0 controls by their Control Pictures glyph (U+2400 + code), DEL by U+2421
and every C1 control by U+FFFD REPLACEMENT CHARACTER. TAB becomes a single
space, and so do the Unicode line and paragraph separators (U+2028, U+2029):
a line of the reading pane is not where a line ends, terminals give them no
cell (the words on either side ran together), and the bidi algorithm would
take U+2029 for the end of a paragraph in the middle of a line. The map is
one character for one character, so a logical offset into the sanitized
text is the same offset into the original. Bidi formatting
characters are left in place: the bidi step consumes them.

Emoji sequences are measured differently by terminals: Rich counts "⚠️" (with the emoji
presentation selector U+FE0F) as two cells where tmux, xterm and VTE draw one, "👍🏽" (a skin tone)
as two where they draw four, a family joined by ZWJ as two where they may draw six; a line holding
one came out wider or narrower than laid out, pushing the pane's edge. Unless told that the
terminal draws such sequences whole (:func:`show_emoji_whole`), :func:`sanitize` shows their parts
as single emoji, one character for one character as well: the selector, the skin tones and a zero
width joiner after an emoji become ZERO WIDTH SPACE (:data:`EMOJI_SPACER`), which no terminal gives
a cell. A joiner between Arabic letters is kept: it shapes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

TAB_REPLACEMENT = " "
"""What a TAB turns into: one space, so it stays a word break."""

SEPARATORS = "\u2028\u2029"
"""LINE SEPARATOR and PARAGRAPH SEPARATOR: each becomes :data:`TAB_REPLACEMENT` too."""

DEL_REPLACEMENT = "\u2421"
"""SYMBOL FOR DELETE, shown for U+007F."""

C1_REPLACEMENT = "\ufffd"
"""REPLACEMENT CHARACTER, shown for every C1 control U+0080-U+009F."""

BIDI_CONTROLS: frozenset[str] = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidi marks, embeddings, overrides and isolates (LRM RLM ALM LRE RLE PDF LRO RLO LRI RLI FSI PDI)."""


def _control_table() -> dict[int, str]:
    """Build the str.translate table for C0, DEL and C1 controls."""
    table = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x09] = TAB_REPLACEMENT
    table.update({ord(sep): TAB_REPLACEMENT for sep in SEPARATORS})
    table[0x7F] = DEL_REPLACEMENT
    table.update({code: C1_REPLACEMENT for code in range(0x80, 0xA0)})
    return table


_CONTROL_TABLE = _control_table()
_STRIP_TABLE = {ord(ch): None for ch in BIDI_CONTROLS}
BIDI_OVERRIDES = "\u202d\u202e"
"""LRO and RLO: they force the order of the letters that follow, whatever their direction (text
that reads one way and is another: "Trojan Source"). The marks, embeddings and isolates only say a
direction that the letters' own order then follows: authors of Arabic text write them."""
_FILE_TABLE = {**_CONTROL_TABLE, 0x09: "\t", **{ord(ch): None for ch in BIDI_OVERRIDES}}

EMOJI_SPACER = "\u200b"
"""ZERO WIDTH SPACE: what an emoji's presentation selector, skin tone or joiner is shown as where
the terminal does not draw emoji sequences whole (no cell in Rich's count nor in any terminal's)."""
SKIN_TONES = range(0x1F3FB, 0x1F400)
"""The emoji modifiers (Fitzpatrick skin tones)."""
_SINGLE_TABLE = {**_CONTROL_TABLE, 0xFE0F: EMOJI_SPACER, **dict.fromkeys(SKIN_TONES, EMOJI_SPACER)}
""":data:`_CONTROL_TABLE`, and the emoji presentation selector and the skin tones as :data:`EMOJI_SPACER`."""
PICTOGRAPHS = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3"
    "\u23f8-\u23fa\u24c2\u25aa-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299"
    "\u2300-\u23ff\u2b00-\u2bff\U0001f000-\U0001faff"
)
"""The emoji and pictographs a joiner joins in an emoji sequence: Unicode's Extended_Pictographic, in
ranges, and the blocks :func:`tui.text.shape.pictographic` takes for them."""
_EMOJI_JOINER = re.compile(f"(?<=[{PICTOGRAPHS}{EMOJI_SPACER}\U000e0020-\U000e007f])\u200d")
"""A zero width joiner after an emoji, after its tag, or after its selector or skin tone (by then
:data:`EMOJI_SPACER`): every joiner that shaping would keep in an emoji sequence."""
_emoji_whole = False
"""Whether the terminal draws emoji sequences whole, as Rich measures them (:func:`show_emoji_whole`)."""


def show_emoji_whole(whole: bool) -> None:
    """Tell :func:`sanitize` whether the terminal draws emoji sequences whole, one grapheme each
    measured as Rich measures it (kitty, WezTerm, foot, Ghostty), or not (tmux, xterm, VTE and the
    rest): then their parts are shown as single emoji. Set once, before anything is drawn."""
    global _emoji_whole
    _emoji_whole = whole


def sanitize(text: str) -> str:
    """Replace C0, DEL and C1 controls by visible glyphs, and TAB and the line and paragraph
    separators by a space, one for one; unless the terminal draws emoji sequences whole
    (:func:`show_emoji_whole`), the parts that join emoji into one as well (:data:`EMOJI_SPACER`).

    The result has the same length as ``text``; every other character, bidi controls included, is
    unchanged.
    """
    if _emoji_whole:
        return text.translate(_CONTROL_TABLE)
    clean = text.translate(_SINGLE_TABLE)
    return _EMOJI_JOINER.sub(EMOJI_SPACER, clean) if "\u200d" in clean else clean


def strip_bidi_controls(text: str) -> str:
    """Remove the characters of :data:`BIDI_CONTROLS` from ``text``."""
    return text.translate(_STRIP_TABLE)


def file_text(text: str) -> str:
    """``text`` fit for a file a person may print on a terminal (``brief export``): controls but TAB
    become visible glyphs (:func:`sanitize`), the bidi overrides (:data:`BIDI_OVERRIDES`) are
    dropped; TAB, the marks, embeddings and isolates are kept (so Markdown reads back the same)."""
    return _escape_surrogates(text.translate(_FILE_TABLE))


def safe_line(text: str) -> str:
    """Return logical text fit for plain terminal output.

    Controls become visible glyphs and bidi controls are dropped, so a file
    name or message cannot reorder or corrupt the surrounding output.
    """
    return _escape_surrogates(strip_bidi_controls(sanitize(text)))


def shown_arg(text: str, limit: int = 100) -> str:
    """Something a user typed (an id, a name, a URL), fit for an error message: controls as visible
    glyphs, a bidi control as its code (``\\u202e``: dropped, ``a\\u202eb`` would be named ``ab``, a
    thing not typed), at most ``limit`` characters (a 100,000-character id was echoed whole)."""
    pieces = [_shown_char(ch) for ch in text[: limit + 1]]
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    shown, used = [], 0
    for piece in pieces:  # whole pieces only: an escape is never cut in half
        if used + len(piece) > limit - 1:
            break
        shown.append(piece)
        used += len(piece)
    return "".join(shown) + "…"


def _shown_char(ch: str) -> str:
    """One character of a typed name as :func:`shown_arg` shows it (a tab as ``\\t``: a space
    would name another thing)."""
    if ch == "\t":
        return "\\t"
    return f"\\u{ord(ch):04x}" if ch in BIDI_CONTROLS else safe_line(ch)


def shown_args(items: Sequence[str], most: int = 5) -> str:
    """Several things a user typed, quoted, for an error message: the first ``most`` of them."""
    names = [f"'{shown_arg(item)}'" for item in items[:most]]
    if len(items) > most:
        names.append(f"and {len(items) - most} more")
    return ", ".join(names)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    """Lone surrogates as visible escapes: ``\\xNN`` for a byte of a file name that was not
    UTF-8 (Python keeps it as U+DC80-U+DCFF), ``\\uXXXX`` for any other.

    Written as they are, they would either fail to print or, with the C locale's
    ``surrogateescape``, send the raw byte: 0x9B is the 8-bit CSI on some terminals.
    """
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_surrogate_escape, text)


def _surrogate_escape(match: re.Match[str]) -> str:
    """The escape for one lone surrogate."""
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


_JSON_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_json(value: object) -> str:
    """JSON for a terminal or a pipe: Arabic kept readable, every control character escaped.

    ``json.dumps`` escapes only C0 controls; DEL, C1 controls (U+009B is CSI) and bidi controls are
    escaped here too, so the output can never drive a terminal and still parses to the same data.
    """
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_json_array(items: Iterable[object], chunk: int = 1000) -> Iterator[str]:
    """:func:`safe_json` of a list, in pieces as the items come (``chunk`` at a time): the same
    text, with no list of every item and no whole document held (``brief list --json`` of a
    million briefs)."""
    it = iter(items)
    first = True
    while part := list(islice(it, chunk)):
        text = safe_json(part)  # "[\n" + the items + "\n]"
        yield ("[\n" if first else ",\n") + text[2:-2]
        first = False
    yield "[]" if first else "\n]"
