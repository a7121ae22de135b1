"""ShapedInput: the value stays logical while the input shows it shaped and right to left.

Oracles: GNU FriBidi's rendering of the typed value, hand-worked cell positions for short words,
and the logical string that was typed.
"""

from __future__ import annotations

import re

import pytest
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines, normalise
from textual.app import App, ComposeResult

from tui.text.input_line import layout_value, window_start
from tui.ui.widgets.shaped_input import ShapedInput

BASE_ARABIC = re.compile("[\u0621-\u064a]")
PRESENTATION = re.compile("[\ufe70-\ufefc]")
needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)

KITAB = "\u0643\u062a\u0628"  # كتب: three letters, three cells, no ligature


# -- pure layout ---------------------------------------------------------------------------


def test_rtl_word_cells_by_hand():
    line = layout_value(KITAB)
    assert line.rtl
    # End slot on the left, then beh final, teh medial, kaf initial (visual order).
    assert line.visual == " \ufe90\ufe98\ufedb"
    assert line.width == 4
    assert [line.cursor_cell(p) for p in range(4)] == [3, 2, 1, 0]
    assert [line.position_at(c) for c in range(4)] == [3, 2, 1, 0]
    assert line.position_at(-5) == 3 and line.position_at(10) == 0


def test_ltr_word_cells_by_hand():
    line = layout_value("abc")
    assert not line.rtl
    assert line.visual == "abc "
    assert [line.cursor_cell(p) for p in range(4)] == [0, 1, 2, 3]
    assert [line.position_at(c) for c in range(4)] == [0, 1, 2, 3]


def test_lam_alef_takes_one_cell_and_both_letters_map_to_it():
    line = layout_value("\u0644\u0627")  # لا
    assert line.visual == " \ufefb"
    assert line.cursor_cell(0) == line.cursor_cell(1) == 1
    assert line.cursor_cell(2) == 0


def test_selection_ranges_cover_the_selected_glyphs():
    line = layout_value(KITAB)
    # Logical "تب" (offsets 1-3) is drawn in the two left cells of the text.
    assert [line.visual[a:b] for a, b in line.selection_ranges(1, 3)] == ["\ufe90\ufe98"]


@needs_fribidi
@pytest.mark.parametrize("value", ["السلام عليكم", "مرحبا بالعالم", "قهوة (Mocha) يمنية", "لا إله"])
def test_value_visual_matches_fribidi(value):
    assert normalise(layout_value(value).visual.strip()) == fribidi_lines([value], rtl=True)[0]


@pytest.mark.parametrize(
    ("rtl", "cursor", "previous", "expected"),
    [
        (True, 0, None, 0),  # cursor at the left slot: window at the left
        (True, 29, None, 20),  # RTL starts showing its logical start (the right end)
        (False, 3, None, 0),
        (False, 29, None, 20),
        (False, 15, 12, 12),  # inside the window: no move
        (False, 5, 12, 5),  # left of it: move just enough
        (False, 25, 12, 16),  # right of it
    ],
)
def test_window_moves_only_as_far_as_it_must(rtl, cursor, previous, expected):
    value = ("\u0643" if rtl else "a") * 29  # 29 cells + the end slot = 30
    line = layout_value(value)
    assert line.width == 30
    assert window_start(line, cursor, 10, previous) == expected


def test_short_value_window_is_zero():
    assert window_start(layout_value("abc"), 3, 10, 7) == 0


# -- in an app -----------------------------------------------------------------------------


class InputApp(App):
    def __init__(self, **kwargs) -> None:
        super().__init__()
        self.kwargs = kwargs

    def compose(self) -> ComposeResult:
        yield ShapedInput(id="box", **self.kwargs)


def cursor_cells(inp: ShapedInput) -> list[int]:
    """The cells of the rendered strip drawn in the cursor style."""
    strip = inp.render_line(0)
    cursor_bg = inp.get_component_rich_style("input--cursor").bgcolor
    cells = []
    x = 0
    for seg in strip:
        width = seg.cell_length
        if seg.style is not None and seg.style.bgcolor == cursor_bg and seg.text:
            cells.extend(range(x, x + width))
        x += width
    return cells


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


@needs_fribidi
async def test_typed_arabic_shows_shaped_rtl_and_right_aligned():
    app = InputApp()
    async with app.run_test(size=(40, 5)) as pilot:
        inp = app.query_one(ShapedInput)
        inp.cursor_blink = False
        inp.focus()
        await type_text(pilot, "السلام عليكم")
        assert inp.value == "السلام عليكم"  # logical, as typed
        strip = inp.render_line(0)
        text = strip.text
        assert PRESENTATION.search(text)
        assert not BASE_ARABIC.search(text)
        width = inp.scrollable_content_region.width
        assert strip.cell_length == width
        assert text.rstrip() == text  # right-aligned: ends at the right edge
        assert normalise(text.strip()) == fribidi_lines([inp.value], rtl=True)[0]
        # The cursor is at the logical end: the slot just left of the text.
        assert cursor_cells(inp) == [width - len(text.strip()) - 1]


async def test_editing_keys_edit_the_logical_value():
    app = InputApp()
    async with app.run_test(size=(40, 5)) as pilot:
        inp = app.query_one(ShapedInput)
        inp.focus()
        await type_text(pilot, "كتاب")
        await pilot.press("backspace")
        assert inp.value == "كتا"
        await pilot.press("home", "delete")
        assert inp.value == "تا"
        assert inp.cursor_position == 0
        await pilot.press("left")  # points left: forward in right-to-left text
        assert inp.cursor_position == 1
        await pilot.press("right")
        assert inp.cursor_position == 0
        await pilot.press("end")
        assert inp.cursor_position == 2
        await type_text(pilot, "ب")
        assert inp.value == "تاب"


async def test_english_arrows_unchanged():
    app = InputApp()
    async with app.run_test(size=(40, 5)) as pilot:
        inp = app.query_one(ShapedInput)
        inp.focus()
        await type_text(pilot, "abc")
        await pilot.press("left")
        assert inp.cursor_position == 2
        await pilot.press("backspace")
        assert inp.value == "ac"
        assert inp.render_line(0).text.startswith("ac")


async def test_cursor_drawn_on_the_glyph_of_the_logical_position():
    app = InputApp(value=KITAB)
    async with app.run_test(size=(30, 5)) as pilot:
        inp = app.query_one(ShapedInput)
        inp.cursor_blink = False
        inp.focus()
        await pilot.pause()
        width = inp.scrollable_content_region.width
        inp.cursor_position = 0  # before kaf: drawn on kaf, the rightmost cell
        await pilot.pause()
        assert cursor_cells(inp) == [width - 1]
        inp.cursor_position = 2  # before beh: the leftmost glyph
        await pilot.pause()
        assert cursor_cells(inp) == [width - 3]
        assert inp.cursor_screen_offset.x == inp.content_region.x + width - 3


async def test_click_puts_the_cursor_on_the_clicked_letter():
    app = InputApp(value=KITAB)
    async with app.run_test(size=(30, 5)):
        inp = app.query_one(ShapedInput)
        width = inp.scrollable_content_region.width
        assert inp._cell_offset_to_index(width - 1) == 0  # kaf
        assert inp._cell_offset_to_index(width - 3) == 2  # beh
        assert inp._cell_offset_to_index(0) == 3  # left of the text: the end


async def test_long_value_scrolls_to_keep_the_cursor_visible():
    value = "مرحبا بكم " * 8
    app = InputApp(value=value)
    async with app.run_test(size=(30, 5)) as pilot:
        inp = app.query_one(ShapedInput)
        inp.cursor_blink = False
        inp.focus()
        inp.cursor_position = len(value)
        await pilot.pause()
        width = inp.scrollable_content_region.width
        assert cursor_cells(inp) == [0]  # the end slot at the left edge
        await pilot.press("home")
        assert cursor_cells(inp) == [width - 1]  # logical start at the right edge
        assert inp.scroll_offset.x == 0  # the window does the scrolling, not Input
        text = inp.render_line(0).text
        assert not BASE_ARABIC.search(text)


async def test_arabic_placeholder_is_shaped_and_right_aligned():
    app = InputApp(placeholder="ابحث هنا")
    async with app.run_test(size=(30, 5)):
        inp = app.query_one(ShapedInput)
        text = inp.render_line(0).text
        assert text.strip() == "\ufe8e\ufee8\ufeeb \ufe9a\ufea4\ufe91\ufe8d"  # هنا ابحث, by hand
        assert text.rstrip() == text


async def test_unshaped_mode_is_a_plain_input():
    app = InputApp(value="كتب", shaped=False)
    async with app.run_test(size=(30, 5)):
        inp = app.query_one(ShapedInput)
        assert inp.render_line(0).text.startswith("كتب")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u263a\ufe0fb", [0, 1, 2, 3]),  # ☺️ is 2 cells for Rich and Textual: U+FE0F adds the second
        ("x\U0001f44c\U0001f3fcy z", [0, 1, 1, 3, 4, 5]),  # 👌🏼 is 2 cells, one grapheme
    ],
)
def test_char_at_cell_counts_cells_as_textual_draws_them(text, expected):
    from rich.cells import cell_len

    from tui.ui.widgets.shaped_input import _char_at_cell

    assert cell_len(text) == len(expected)
    assert [_char_at_cell(text, cell) for cell in range(len(expected))] == expected
