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


_HARAKAT: frozenset[str] = frozenset(
    chr(code) for code in range(0x0600, 0x0900) if HARAKAT_RE.match(chr(code))
)
_FORMS: dict[str, tuple[str, str, str, str]] = dict(LETTERS_ARABIC)
_JOINS_BEFORE: frozenset[str] = frozenset(
    letter for letter, forms in _FORMS.items() if forms[FINAL] or forms[MEDIAL]
)
_JOINS_AFTER: frozenset[str] = frozenset(
    letter for letter, forms in _FORMS.items() if forms[INITIAL] or forms[MEDIAL]
)
_JOINS_BOTH: frozenset[str] = frozenset(
    letter for letter, forms in _FORMS.items() if forms[MEDIAL]
)
_LAM = "\u0644"
_LAM_ALEF: dict[str, tuple[str, str, str, str]] = {
    match[1]: forms for name, (match, forms) in LIGATURES if name in LAM_ALEF_LIGATURES
}
_NONE = -1


def shape(text: str) -> str:
    """Return ``text`` with Arabic letters in their joining forms."""
    return shape_with_map(text)[0]


def shape_with_map(text: str) -> tuple[str, list[int]]:
    """Shape ``text`` and say where each shaped character came from.

    Returns the shaped string and, for each of its characters, the index in
    ``text`` of the logical character it was made from. A lam-alef ligature
    points at the lam; the alef it swallowed, like a ZWJ the shaping drops,
    has no shaped character of its own. Order is kept: harakat follow their
    letter (after a ligature when they sat between lam and alef).
    """
    # Each entry: [logical char, form or _NONE, logical index, marks]
    items: list[list[Any]] = []
    lead_marks: list[int] = []
    forms_table = _FORMS
    for index, char in enumerate(text):
        if char in _HARAKAT:
            (items[-1][3] if items else lead_marks).append(index)
            continue
        if char not in forms_table:
            items.append([char, _NONE, index, []])
            continue
        form = ISOLATED
        if items:
            prev = items[-1]
            prev_char, prev_form = prev[0], prev[1]
            if (
                prev_form != _NONE
                and char in _JOINS_BEFORE
                and prev_char in _JOINS_AFTER
                and not (prev_form == FINAL and prev_char not in _JOINS_BOTH)
            ):
                prev[1] = INITIAL if prev_form == ISOLATED else MEDIAL
                form = FINAL
        items.append([char, form, index, []])
    chars: list[str] = []
    origin: list[int] = []
    for index in lead_marks:
        chars.append(text[index])
        origin.append(index)
    skip_next = False
    for position, (char, form, index, marks) in enumerate(items):
        if skip_next:
            skip_next = False
        elif char == ZWJ:
            pass
        else:
            glyph = char if form == _NONE else forms_table[char][form]
            if char == _LAM and form != _NONE and position + 1 < len(items):
                ligature = _lam_alef(form, items[position + 1])
                if ligature:
                    glyph, skip_next = ligature, True
            chars.append(glyph)
            origin.append(index)
        for mark in marks:
            chars.append(text[mark])
            origin.append(mark)
    return "".join(chars), origin


def _lam_alef(lam_form: int, following: list[Any]) -> str:
    """Return the ligature for a lam followed by ``following``, or ''."""
    forms = _LAM_ALEF.get(following[0])
    if forms is None or following[1] == _NONE:
        return ""
    alef_form = following[1]
    starts = lam_form in (ISOLATED, INITIAL)
    ends = alef_form in (ISOLATED, FINAL)
    if starts:
        form = ISOLATED if ends else INITIAL
    else:
        form = FINAL if ends else MEDIAL
    return forms[form]
