"""sanitize keeps text length and leaves no control character for the terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.sanitize import (
    BIDI_CONTROLS,
    EMOJI_SPACER,
    SEPARATORS,
    safe_line,
    sanitize,
    show_emoji_whole,
    strip_bidi_controls,
)

CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]


def _is_control(char: str) -> bool:
    """True for C0, DEL and C1 (general category Cc)."""
    return unicodedata.category(char) == "Cc"


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(CONTROLS),
        st.sampled_from(sorted(BIDI_CONTROLS)),
        st.sampled_from(["\u2028", "\u2029"]),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_sanitize_is_one_for_one_and_control_free(text: str) -> None:
    clean = sanitize(text)
    assert len(clean) == len(text)
    assert not any(_is_control(ch) or unicodedata.category(ch) in ("Zl", "Zp") for ch in clean)
    for k, (before, after) in enumerate(zip(text, clean)):
        if not _is_control(before) and before not in "\u2028\u2029":
            # an emoji's selector, skin tone or joiner may stand as a zero width space (test_emoji_width.py)
            joins = before in "\ufe0f\u200d" or 0x1F3FB <= ord(before) <= 0x1F3FF
            assert after == before or (after == EMOJI_SPACER and joins and (before != "\u200d" or k > 0))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_where_emoji_sequences_are_drawn_whole_only_controls_change(text: str) -> None:
    show_emoji_whole(True)
    try:
        clean = sanitize(text)
    finally:
        show_emoji_whole(False)
    for before, after in zip(text, clean, strict=True):
        if not _is_control(before) and before not in "\u2028\u2029":
            assert after == before


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_safe_line_has_no_controls_of_any_kind(text: str) -> None:
    line = safe_line(text)
    assert not any(_is_control(ch) or ch in BIDI_CONTROLS for ch in line)
    assert len(line) == len(text) - sum(ch in BIDI_CONTROLS for ch in text)


def test_every_control_has_its_documented_glyph() -> None:
    for code in range(0x20):
        expected = " " if code == 0x09 else chr(0x2400 + code)
        assert sanitize(chr(code)) == expected
        assert unicodedata.name(expected) in ("SPACE", f"SYMBOL FOR {unicodedata.name(chr(0x2400 + code))[11:]}")
    assert unicodedata.name(sanitize("\x7f")) == "SYMBOL FOR DELETE"
    assert {sanitize(chr(c)) for c in range(0x80, 0xA0)} == {"\ufffd"}


def test_line_and_paragraph_separators_become_word_breaks() -> None:
    # Terminals give U+2028 no cell, so "تحتفل" and "بالعيد" ran together on screen.
    assert sanitize("تحتفل\u2028بالعيد\u2029نص") == "تحتفل بالعيد نص"
    assert {unicodedata.category(ch) for ch in SEPARATORS} == {"Zl", "Zp"}


def test_escape_sequences_are_defused() -> None:
    assert sanitize("\x1b[31mred\x1b[0m") == "\u241b[31mred\u241b[0m"
    assert sanitize("a\r\nb") == "a\u240d\u240ab"


def test_bidi_controls_are_kept_by_sanitize_and_removed_by_strip() -> None:
    text = "a\u202eb\u2067c\u2069d\u200f\u061c"
    assert sanitize(text) == text
    assert strip_bidi_controls(text) == "abcd"
    assert {unicodedata.bidirectional(ch) for ch in BIDI_CONTROLS} == {
        "LRE",
        "RLE",
        "PDF",
        "LRO",
        "RLO",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
        "L",
        "R",
        "AL",
    }
    assert len(BIDI_CONTROLS) == 12


def test_ansi_line_drops_trailing_spaces_and_keeps_the_text() -> None:
    """A styled line that ends in padding prints its text without the padding (Text.rstrip works in place)."""
    from rich.text import Text

    from tui.text.document import ansi_line

    out = ansi_line(Text("abc   ", style="bold"))
    assert "abc" in out and not out.endswith(" ") and "None" not in out


def test_safe_json_array_is_safe_json_of_the_list_in_pieces() -> None:
    """The JSON array written piece by piece (``brief list --json``) is the very text of the whole
    list's :func:`safe_json`, at every chunk boundary, with controls and bidi marks escaped."""
    from tui.text.sanitize import safe_json, safe_json_array

    items: list[object] = [
        {"id": f"b{n}", "title": f"عنوان \x1b[2J {n}\u202e", "read": n % 2 == 0, "url": None} for n in range(7)
    ]
    for count in range(len(items) + 1):
        for chunk in (1, 2, 3, 1000):
            pieces = list(safe_json_array(iter(items[:count]), chunk=chunk))
            assert "".join(pieces) == safe_json(items[:count]), (count, chunk)
    assert "\x1b" not in "".join(safe_json_array(items)) and "\u202e" not in "".join(safe_json_array(items))
