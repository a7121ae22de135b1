"""Arabic-aware normalisation shared by search and read-also link resolution.

The rules follow Lucene's ArabicNormalizer: the hamza-carrying alef forms and alef wasla fold to a
bare alef, alef maksura to yeh, taa marbuta to heh, and harakat (U+064B-U+0652, U+0670) and tatweel
are removed. Beyond Lucene, a hamza on waw or yeh folds to the hamza alone: its seat is a matter of
spelling, which differs between countries (Egypt writes مسئول and شئون where others write مسؤول
and شؤون), and so does a hamza written after yeh or alef maksura (القارىء is القارئ, شيء is شئ). The
Persian and Urdu forms of kaf, yeh and heh (ک ی ہ), which Arabic typed on their keyboards holds,
are the Arabic letters. Latin letters lose their diacritics (``café`` is ``cafe``) and fullwidth letters and
digits are read as ASCII. Latin text is case-folded and Arabic-Indic digits become ASCII digits, so one function
serves the indexed text and the queries typed against it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0624": "\u0621",  # ؤ -> ء: the seat of a hamza is spelling, not the word (مسؤول, مسئول)
        "\u0626": "\u0621",  # ئ -> ء
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        # Persian and Urdu forms of Arabic letters, which Arabic text typed on their keyboards holds
        "\u06a9": "\u0643",  # ک -> ك
        "\u06aa": "\u0643",  # ڪ -> ك
        "\u06cc": "\u064a",  # ی -> ي
        "\u06d0": "\u064a",  # ې -> ي
        "\u06c1": "\u0647",  # ہ -> ه
        "\u06c0": "\u0647",  # ۀ -> ه
        "\u06be": "\u0647",  # ھ -> ه
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)
_FOLD_PAIRS = tuple((chr(code), folded) for code, folded in _ARABIC_FOLD.items())
HAMZA_AFTER_YEH = ("\u064a\u0621", "\u0621")
"""A hamza written after yeh or alef maksura (القارىء, شيء) is the hamza on its seat (القارئ, شئ),
which folds to the hamza alone: after the letters fold, yeh + hamza is the hamza (a pair, not one
letter: :func:`normalize_with_map` drops the yeh)."""


def _latin_table() -> dict[int, str]:
    """Latin letters with diacritics (U+00C0-U+024F, U+1E00-U+1EFF) as their base letter (``é`` is
    ``e``, ``ö`` is ``o``: what FTS5's ``remove_diacritics`` does), and the fullwidth forms of ASCII
    (U+FF01-U+FF5E, ``Ａ`` is ``A``). Letters that are not a base letter with marks (``æ``, ``ø``,
    ``ł``) are kept."""
    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0].isascii() and all(unicodedata.combining(ch) for ch in parts[1:]):
            table[code] = parts[0]
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    return table


_LATIN = _latin_table()
_HAS_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff\uff01-\uff5e]")
_FOLD = {**_ARABIC_FOLD, **_LATIN}
"""Every character folding, one character at a time (:func:`normalize_with_map`)."""


def _presentation_table() -> dict[int, str]:
    """The Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFE) as the letters they show, by
    their compatibility decomposition: the joining forms a terminal draws and brief writes on screen
    (``ﺇﺩﻟﺐ``, copied from the screen, is ``إدلب``), the lam-alef and word ligatures (``ﻻ`` is ``لا``).
    The isolated harakat forms lose the space of their decomposition (they are harakat, dropped like
    the others); a ligature of several words (U+FDFA, U+FDFB) is kept whole: no word is split."""
    table: dict[int, str] = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        letters = unicodedata.normalize("NFKC", chr(code)).strip()
        if letters != chr(code) and letters and not any(ch.isspace() for ch in letters):
            table[code] = letters
    return table


_PRESENTATION = _presentation_table()
_PRESENTATION_CHARS = frozenset(map(chr, _PRESENTATION))
_HAS_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_JOINS = {"<initial>": (False, True), "<medial>": (True, True), "<final>": (True, False), "<isolated>": (False, False)}
_FORM = {
    code: _JOINS[form]
    for code in _PRESENTATION
    if (form := unicodedata.decomposition(chr(code)).split(" ", 1)[0]) in _JOINS
}
"""Each presentation form's joining: (joins the letter before it, joins the letter after it)."""
_MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def screen_to_logical(text: str) -> str:
    """``text`` in logical order when it was copied from a screen that shapes Arabic itself, as
    brief's does; else ``text`` as it is.

    A terminal copies its cells from left to right: the Arabic of a line comes out in presentation
    forms, last letter first. Their joining forms tell the order: read in logical order, a letter
    that joins the next one is followed by one that joins the one before (ب ـقـ ـا), read
    backwards the other way round; when more neighbours (harakat aside) join as they would
    backwards, the text is turned round as the display turned it (UAX #9). Arabic alone, numbers
    and punctuation among it: the whole text is reversed, the numbers put back in their own order
    and the brackets mirrored back. With Latin letters in it (the line's direction is not known
    then): each run of Arabic is reversed where it stands. Words keep their letters either way;
    only the order of words across a change of script may differ from the line's.
    """
    if not _HAS_PRESENTATION.search(text):
        return text
    letters = [ch for ch in text if unicodedata.bidirectional(ch) != "NSM"]
    forwards = backwards = 0
    for first, second in zip(letters, letters[1:]):
        a, b = _FORM.get(ord(first)), _FORM.get(ord(second))
        if a is not None and b is not None:
            forwards += a[1] == b[0]
            backwards += b[1] == a[0]
    if backwards <= forwards:
        return text
    kinds = "".join(map(_bidi_kind, text))
    if "L" not in kinds:
        return _turned(text)
    return _each_run(text, kinds, _RTL_RUN, _turned, lambda rest: rest)


def from_screen(text: str) -> str:
    """Text copied from a screen that shapes Arabic (brief's own) as a person would have typed it: in
    logical order (:func:`screen_to_logical`), its presentation forms written as the letters they
    show (``ﺐﻟﺩﺇ`` is ``إدلب``). Text without presentation forms is returned as it is."""
    if not _HAS_PRESENTATION.search(text):
        return text
    return screen_to_logical(text).translate(_PRESENTATION)


def _turned(text: str) -> str:
    """A right-to-left stretch of a screen line in logical order: reversed, its numbers (drawn
    left to right) put back in their order, the brackets around them mirrored back."""
    turned = text[::-1]
    kinds = "".join(map(_bidi_kind, turned))
    return _each_run(turned, kinds, _NUMBER_RUN, lambda run: run[::-1], lambda rest: rest.translate(_MIRRORED))


def _each_run(
    text: str, kinds: str, runs: re.Pattern[str], in_run: Callable[[str], str], between: Callable[[str], str]
) -> str:
    """``text`` with ``in_run`` applied to each match of ``runs`` in ``kinds`` (one letter a
    character: :func:`_bidi_kind`) and ``between`` to what lies between them."""
    out: list[str] = []
    position = 0
    for run in runs.finditer(kinds):
        out.append(between(text[position : run.start()]))
        out.append(in_run(text[run.start() : run.end()]))
        position = run.end()
    out.append(between(text[position:]))
    return "".join(out)


def _bidi_kind(ch: str) -> str:
    """One letter for the part ``ch`` plays in a line's order: ``L`` a left-to-right letter, ``R``
    a right-to-left one, ``D`` a digit, ``S`` a separator inside a number, ``M`` a mark on the
    letter before it, ``N`` the rest (spaces, punctuation)."""
    kind = unicodedata.bidirectional(ch)
    return _KINDS.get(kind, "N")


_KINDS = {"L": "L", "R": "R", "AL": "R", "EN": "D", "AN": "D", "ES": "S", "CS": "S", "NSM": "M"}
_NUMBER_RUN = re.compile("D(?:S?D)*")
"""A number: its digits and the separators between them are drawn left to right."""
_RTL_RUN = re.compile("R(?:[NMSD]*R)*M*")
"""A right-to-left run: its letters, what stands between them, and the marks on its last letter."""


# Dropped by the folding: harakat, superscript alef, tatweel, ZWNJ/ZWJ and bidi controls.
DROPPED = re.compile("[\u064b-\u0652\u0670\u0640\u200c\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_TITLE_PUNCT = re.compile(r"[\s\"'«»“”„‘’`()\[\]{}<>.,،؛;:!?؟\-–—_/\\|*…]+")


def normalize_for_search(text: str) -> str:
    """Fold ``text`` for matching: alef forms, hamza seats, alef maksura, taa marbuta, harakat, tatweel,
    Latin diacritics, fullwidth forms, case, digits.

    The result has the same words as the input (never joins or splits a word), so it can be
    tokenised the same way as the original. Arabic presentation forms count as the letters they
    show (:func:`_presentation_table`).
    """
    if _HAS_PRESENTATION.search(text):
        text = text.translate(_PRESENTATION)
    text = DROPPED.sub("", unicodedata.normalize("NFC", text))
    # str.translate looks up every character; a replace per folded character present is faster.
    for char, folded in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, folded)
    if HAMZA_AFTER_YEH[0] in text:
        text = text.replace(*HAMZA_AFTER_YEH)
    if not text.isascii() and _HAS_LATIN.search(text):
        text = text.translate(_LATIN)
    return text.casefold()


def normalize_title(text: str) -> str:
    """Fold a title for read-also resolution: search folding, punctuation and quotes removed, spaces folded."""
    folded = normalize_for_search(text)
    return " ".join(_TITLE_PUNCT.sub(" ", folded).split())


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise like :func:`normalize_for_search` and map each output character to its source offset.

    ``mapping[i]`` is the offset in ``text`` of the character that produced output character ``i``;
    a final entry ``len(text)`` makes ``mapping[end]`` usable for half-open ranges. A letter and the
    combining marks after it are folded together, as the whole text is: a hamza written as a mark
    (``ا`` + U+0654) is ``أ``, and ``e`` + U+0301 is ``é``, before they fold; what they give maps to
    the letter.
    """
    out: list[str] = []
    mapping: list[int] = []
    i, size = 0, len(text)
    while i < size:
        ch = text[i]
        end = i + 1
        while end < size and unicodedata.combining(text[end]):
            end += 1
        if end > i + 1:
            folded = normalize_for_search(text[i:end])
        elif DROPPED.match(ch):
            folded = ""
        elif ch in _PRESENTATION_CHARS:
            folded = DROPPED.sub("", unicodedata.normalize("NFC", _PRESENTATION[ord(ch)])).translate(_FOLD)
        else:
            folded = unicodedata.normalize("NFC", ch).translate(_FOLD).casefold()
        out.append(folded)
        mapping.extend([i] * len(folded))
        i = end
    result = "".join(out)
    if HAMZA_AFTER_YEH[0] in result:  # drop each such yeh, its place in the map with it
        pair = HAMZA_AFTER_YEH[0]
        keep = [k for k in range(len(result)) if not (result[k] == pair[0] and result[k + 1 : k + 2] == pair[1])]
        result = "".join(result[k] for k in keep)
        mapping = [mapping[k] for k in keep]
    mapping.append(len(text))
    return result, mapping


# Search tokens are runs of letters and digits; combining marks (harakat, Quranic marks, the marks of
# decomposed text) and ZWNJ/ZWJ stay inside the word they sit on, so that "كَتَبَ" is one token, not
# three as FTS5's unicode61 would make it. Bidi controls and punctuation separate words.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff\u200c\u200d"
)
_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")
_NOT_WORD_CHAR = re.compile(r"[\W_]+")
_KEY = re.compile(r"[^\W_]+")
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=200_000)
def search_key(word: str) -> str:
    """The search key of one word: :func:`normalize_for_search`, then anything but letters and digits dropped.

    Empty for a "word" that is only marks. Keys are what the index stores and queries look up.
    """
    return _NOT_WORD_CHAR.sub("", normalize_for_search(word))


def search_keys(text: str) -> list[str]:
    """The search keys of every word of ``text``, in order (what gets indexed).

    For NFC text, the same as the keys of :func:`word_spans`, computed on the whole text
    at once: bidi controls become spaces (they separate words), then fold, drop the marks and split
    at what is neither letter nor digit.
    """
    keys: list[str] = []
    for chunk in search_folded(_BIDI_CONTROLS.sub(" ", text)).split():
        if chunk.isalnum():  # most words: no regex needed
            keys.append(chunk)
        else:
            keys.extend(_KEY.findall(chunk))
    return keys


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(key, start, end)`` of every word of ``text``: its search key and logical ``[start, end)`` range.

    The range covers the word as written, harakat and tatweel included. The keys are exactly
    :func:`search_keys` of the same text.
    """
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        key = search_key(m.group())
        if key:
            out.append((key, m.start(), m.end()))
    return out


_MARK_CHARS = re.compile(f"[{_MARKS}]")


def search_folded(text: str) -> str:
    """``text`` folded like search keys but not split: every key of :func:`search_keys` is a substring.

    Lets a caller screen a long text with ``in`` before tokenising it.
    """
    return _MARK_CHARS.sub("", normalize_for_search(text))
