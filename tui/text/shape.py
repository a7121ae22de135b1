"""Arabic shaping: joining forms and the four mandatory lam-alef ligatures.

The letter forms, the joining behaviour and the ligature glyphs come from
arabic-reshaper's tables, and :data:`RESHAPER_CONFIGURATION` is the
arabic-reshaper configuration whose output :func:`shape` reproduces: harakat
kept, tatweel kept, ZWJ honoured, and no ligature other than lam with alef,
alef with hamza above, alef with hamza below and alef with madda above.
The shaping is done here rather than by ``ArabicReshaper.reshape`` so that
each shaped character can be traced back to the logical character it came
from, which the position map of the layout needs.
"""

from __future__ import annotations

import re
from typing import Any

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.arabic_reshaper import HARAKAT_RE
from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL, ZWJ
from arabic_reshaper.ligatures import LIGATURES

LAM_ALEF_LIGATURES: tuple[str, ...] = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)
"""The ligatures a terminal reader must form; every other one stays off."""

RESHAPER_CONFIGURATION: dict[str, Any] = {
    "language": "Arabic",
    "delete_harakat": False,
    "shift_harakat_position": False,
    "delete_tatweel": False,
    "support_zwj": True,
    "use_unshaped_instead_of_isolated": False,
    "support_ligatures": True,
    **{name: name in LAM_ALEF_LIGATURES for name, _ in LIGATURES},
}
"""arabic-reshaper settings equivalent to :func:`shape`."""


def reshaper() -> ArabicReshaper:
    """Return an ``ArabicReshaper`` configured like :func:`shape`."""
    return ArabicReshaper(configuration=RESHAPER_CONFIGURATION)


_HARAKAT: frozenset[str] = frozenset(chr(code) for code in range(0x0600, 0x0900) if HARAKAT_RE.match(chr(code)))
_FORMS: dict[str, tuple[str, str, str, str]] = dict(LETTERS_ARABIC)
_JOINS_BEFORE: frozenset[str] = frozenset(letter for letter, forms in _FORMS.items() if forms[FINAL] or forms[MEDIAL])
_JOINS_AFTER: frozenset[str] = frozenset(letter for letter, forms in _FORMS.items() if forms[INITIAL] or forms[MEDIAL])
# Glyph by (joined to the letter before) * 2 + (joined to the letter after).
# Every letter of the table that can join on its left has a medial form, so
# joining depends on the two neighbours only, as in arabic-reshaper.
_GLYPHS: dict[str, tuple[str, str, str, str]] = {
    letter: (forms[ISOLATED], forms[INITIAL], forms[FINAL], forms[MEDIAL]) for letter, forms in _FORMS.items()
}
_LAM_ALEF: dict[str, tuple[str, str, str, str]] = {
    match[1]: forms for name, (match, forms) in LIGATURES if name in LAM_ALEF_LIGATURES
}
_LAM_ALEF_RE = re.compile("\u0644(?=[" + "".join(sorted(_LAM_ALEF)) + "])")
_HARAKAT_RE = re.compile("[" + "".join(sorted(_HARAKAT)) + "]")


def _joins_emoji(text: str, k: int) -> bool:
    """Whether the ZWJ at ``k`` joins two parts of an emoji sequence: a pictograph (or its skin tone,
    presentation selector or tag) before it, a pictograph after it. Anywhere else it is dropped as
    before (between digits, say, it would make the next one measured 0 cells wide)."""
    return 0 < k < len(text) - 1 and emoji_part(text[k - 1]) and pictographic(text[k + 1])


_PICTOGRAPHS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2300, 0x23FF), (0x2B00, 0x2BFF))
"""The blocks of the emoji an emoji sequence is made of (pictographs, symbols and dingbats such as
♂ and ❤, arrows and shapes such as ⬛); other symbols (°, ─, ۞) join nothing."""


def pictographic(char: str) -> bool:
    """An emoji or other pictograph (the symbols an emoji sequence is made of)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _PICTOGRAPHS)


def emoji_modifier(char: str) -> bool:
    """A skin tone or a tag: it changes the emoji before it."""
    code = ord(char)
    return 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def emoji_part(char: str) -> bool:
    """A pictograph, or what follows one within an emoji: a skin tone, VS16, a tag."""
    return pictographic(char) or emoji_modifier(char) or char == "\ufe0f"


def shape(text: str) -> str:
    """Return ``text`` with Arabic letters in their joining forms."""
    return shape_with_map(text)[0]


def shape_with_map(text: str) -> tuple[str, list[int]]:
    """Shape ``text`` and say where each shaped character came from.

    Returns the shaped string and, for each of its characters, the index in
    ``text`` of the logical character it was made from. A lam-alef ligature
    points at the lam; the alef it swallowed, like a ZWJ the shaping drops,
    has no shaped character of its own. Harakat are transparent to joining
    and keep their place after their letter (after the ligature when they
    sat between lam and alef), so the order of the text is kept.
    """
    where: list[int] | None = None
    bases = text
    if _HARAKAT_RE.search(text):
        where = [i for i, char in enumerate(text) if char not in _HARAKAT]
        bases = "".join([text[i] for i in where])
    after = [char in _JOINS_AFTER for char in bases]
    before = [char in _JOINS_BEFORE for char in bases]
    joined = [False, *[a and b for a, b in zip(after, before[1:])]]
    following = [*joined[1:], False]
    get = _GLYPHS.get
    glyphs: list[str] = [
        forms[2 * back + ahead] if (forms := get(char)) else char for char, back, ahead in zip(bases, joined, following)
    ]
    for match in _LAM_ALEF_RE.finditer(bases):
        k = match.start()
        glyphs[k] = _LAM_ALEF[bases[k + 1]][FINAL if joined[k] else ISOLATED]
        glyphs[k + 1] = ""
    if ZWJ in bases:
        # A ZWJ that joins letters has done its work; one in an emoji sequence (🤷🏻‍♂️) is kept.
        glyphs = [
            "" if char == ZWJ and not _joins_emoji(bases, k) else glyph
            for k, (char, glyph) in enumerate(zip(bases, glyphs))
        ]
    if where is not None:
        full = list(text)
        for index, glyph in zip(where, glyphs):
            full[index] = glyph
        glyphs = full
    if "" in glyphs:
        return "".join(glyphs), [i for i, glyph in enumerate(glyphs) if glyph]
    return "".join(glyphs), list(range(len(text)))
