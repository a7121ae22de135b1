"""What goes to the clipboard is the logical text: whole briefs, blocks, and selections on screen
mapped back through the position map (hand-checked expectations, the fixture file as the oracle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.importers.load import load_file
from tui.text.copying import block_text, brief_text, clipboard_safe, line_highlight, selected_text
from tui.text.document import BlockSource
from tui.text.lazydoc import LazyLayout

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "copy_mixed.txt"
"""A brief with an Arabic paragraph holding numbers, Latin words and brackets."""


def _body_lines() -> list[str]:
    """The fixture's body lines, read as bytes and decoded here (not through brief)."""
    lines = FIXTURE.read_bytes().decode("utf-8").split("\n")
    close = lines.index("---", 1)
    return [line for line in lines[close + 1 :] if line]


def test_each_block_copies_as_its_line_of_the_file_byte_for_byte():
    article = load_file(FIXTURE)
    lines = _body_lines()
    assert len(article.blocks) == len(lines)
    for block, line in zip(article.blocks, lines):
        assert block_text(block).encode("utf-8") == line.encode("utf-8")
    assert "Brent" in lines[0] and "(" in lines[0] and "[" in lines[0] and "2023" in lines[0]


def test_the_whole_brief_is_title_then_blocks():
    article = load_file(FIXTURE)
    expected = "ارتفاع أسعار النفط (برنت) إلى 85 دولاراً\n\n" + "\n\n".join(_body_lines())
    assert brief_text(article) == expected


def _one_line(text: str, width: int = 60, *, shaped: bool = True) -> LazyLayout:
    laid = LazyLayout([BlockSource("text", 0, text)], width, shaped=shaped).count_all()
    assert laid.line_count == 1
    return laid


def _select(laid: LazyLayout, first: int, last: int) -> str:
    """Select characters [first, last) of document line 0, as Textual gives them."""
    return selected_text(laid, (0, first), (0, last))


def test_part_of_a_shaped_rtl_line_maps_back_to_its_logical_substring():
    # "العدد 123 كبير" shows, left to right, as ريبك 123 ددعلا (shaped): cells 2..7 are ب ك, the
    # space, 1 2 3, which are logically "123 كب".
    laid = _one_line("العدد 123 كبير", 14)
    assert laid[0].rendered.lines[0].indent == 0
    assert _select(laid, 2, 8) == "123 كب"
    assert _select(laid, 0, 4) == "كبير"
    assert _select(laid, 9, 14) == "العدد"


def test_a_selection_over_mirrored_brackets_and_a_number():
    # The title reads, left to right: اًرلاود 85 ىلإ (تنرب) طفنلا ...; from the 8 to the bracket
    # drawn after برنت on screen is, logically, "(برنت) إلى 85".
    title = "ارتفاع أسعار النفط (برنت) إلى 85 دولاراً"
    laid = _one_line(title)
    line = laid[0].rendered.lines[0]
    shown = " " * line.indent + line.text
    first, last = shown.index("8"), shown.index(")") + 1
    assert _select(laid, first, last) == "(برنت) إلى 85"
    # the same glyphs in --bidi terminal mode (logical order on screen)
    plain = _one_line(title, shaped=False)
    text = plain[0].rendered.lines[0].text
    assert _select(plain, text.index("("), text.index("85") + 2) == "(برنت) إلى 85"


def test_a_letter_comes_with_its_harakat_and_a_lam_alef_with_its_alef():
    laid = _one_line("كَتَبَ لا", 20)
    line = laid[0].rendered.lines[0]
    # visual: ﻻ space ﺐَ ﺘَ ﻛَ, marks after their letter; the ت is the 4th glyph from the left
    shown = " " * line.indent + line.text
    ta = shown.index("\ufe98")
    assert _select(laid, ta, ta + 1) == "تَ"
    lam_alef = shown.index("\ufefb")
    assert _select(laid, lam_alef, lam_alef + 1) == "لا"
    # a boundary on a mark (Textual points at the mark after the letter before the mouse)
    assert _select(laid, ta - 1, ta + 1) == "تَ"
    assert line_highlight(laid[0].rendered, 0, ta, ta + 1) == (ta, ta + 2)


def test_a_selection_over_wrapped_lines_keeps_the_break_space():
    text = "one two three four five six"
    laid = LazyLayout([BlockSource("text", 0, text)], 10).count_all()
    lines = [line.text for line in laid[0].rendered.lines]
    assert lines == ["one two", "three four", "five six"]
    assert selected_text(laid, (0, 4), (1, 5)) == "two three"
    assert selected_text(laid, None, None) == text


def test_blocks_are_joined_by_a_line_break_and_blank_lines_add_nothing():
    laid = LazyLayout([BlockSource("text", 0, "alpha"), BlockSource("text", 1, "beta")], 20).count_all()
    assert laid.line_count == 3  # alpha, blank, beta
    assert selected_text(laid, (0, 2), (2, 3)) == "pha\nbet"
    assert selected_text(laid, (1, 0), (1, 5)) == ""


def test_pieces_apart_in_the_text_are_joined_with_a_space():
    # ريبك 123 ددعلا: characters 3..5 on screen are ك, the space and 1; in the text they are "1"
    # (offset 6) and " ك" (offsets 9-10), two pieces with "23" between them left out.
    laid = _one_line("العدد 123 كبير", 14)
    assert _select(laid, 3, 6) == "1 ك"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a\x1b[31mb", "a\u241b[31mb"),
        ("tab\there\nline", "tab\there\nline"),
        ("c1\x9bx\x7f", "c1\ufffdx\u2421"),
        ("بَيت \u200f(نص)", "بَيت \u200f(نص)"),
    ],
)
def test_clipboard_safe_keeps_text_and_shows_controls(raw, safe):
    assert clipboard_safe(raw) == safe
    assert len(clipboard_safe(raw)) == len(raw)
