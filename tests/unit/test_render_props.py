"""Properties of the layout: widths, nothing lost, position map round trips.

The position map round trip is defined like this: a logical offset is
*shown* when some cell displays it (it appears in a line's origins). For a
shown offset, ``to_logical(*to_visual(o)) == o``. For any cell of a line's
text, ``to_visual(to_logical(line, cell))`` is the first cell of the same
glyph. Offsets that are not shown (harakat, the alef of a lam-alef, bidi
controls, ZWJ, hidden break spaces) map into their own line, onto a cell
whose offset is the nearest shown one before them.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from test_render_fribidi import paragraph, paragraph_with_controls

from tui.text.bidi import mirror, reorder_with_levels
from tui.text.layout import ELLIPSIS, render_line, render_paragraph, truncate_logical
from tui.text.richtext import paragraph_to_text
from tui.text.sanitize import BIDI_CONTROLS, sanitize
from tui.text.shape import reshaper, shape_with_map
from tui.text.wrap import BREAK_SPACES, wrap_spans

SETTINGS = settings(max_examples=200, deadline=None)
EXTRA = st.sampled_from(["漢字", "\u200c", "\u200d", "e\u0301", "\x1b[1m", "[bold]", "\t", "😀", "ـ"])


@st.composite
def any_paragraph(draw: st.DrawFn) -> str:
    """Generated paragraphs with bidi controls, wide characters, controls and markup-like text."""
    text = draw(st.one_of(paragraph(), paragraph_with_controls()))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(EXTRA) + text[at:]
    return text


WIDTH = st.integers(min_value=2, max_value=70)
MODE = st.sampled_from([(True, None), (True, True), (True, False), (False, None)])


def _unshaped(char: str) -> str:
    """Undo presentation forms (NFKC) so a shown glyph can be compared with logical text."""
    return unicodedata.normalize("NFKC", char) if "\ufb50" <= char <= "\ufeff" else char


@SETTINGS
@given(any_paragraph(), WIDTH, MODE)
def test_lines_fit_and_are_aligned(text: str, width: int, mode: tuple[bool, bool | None]) -> None:
    shaped, rtl = mode
    rendered = render_paragraph(text, width, shaped=shaped, rtl=rtl)
    for line, padded in zip(rendered.lines, rendered.padded()):
        assert line.cells == cell_len(line.text) <= width
        assert not BIDI_CONTROLS & set(line.text)
        assert not any(unicodedata.category(ch) == "Cc" for ch in line.text)
        assert padded == (" " * line.indent + line.text).rstrip(" ")
        assert not padded.endswith(" ")
        expected_indent = width - line.cells if rendered.rtl and shaped else 0
        assert line.indent == expected_indent


@SETTINGS
@given(any_paragraph(), WIDTH, MODE)
def test_nothing_lost_nothing_added(text: str, width: int, mode: tuple[bool, bool | None]) -> None:
    shaped, rtl = mode
    rendered = render_paragraph(text, width, shaped=shaped, rtl=rtl)
    clean = sanitize(text)
    lines = rendered.lines
    assert lines[0].start == 0 and lines[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(lines, lines[1:]))
    seen: list[int] = []
    for line in lines:
        assert line.start <= line.content_end <= line.end
        assert set(clean[line.content_end : line.end]) <= BREAK_SPACES | {"\u200d"}
        assert len(line.origins) == len(line.text)
        for glyph, origin in zip(line.text, line.origins):
            assert line.start <= origin < line.content_end
            logical = clean[origin]
            shown = _unshaped(glyph)
            assert shown in (logical, mirror(logical)) or (shown[0] == logical and len(shown) == 2)
        seen.extend(line.origins)
    assert len(seen) == len(set(seen))
    missing = set(range(len(text))) - set(seen)
    hidden = {i for line in lines for i in range(line.content_end, line.end)}
    for offset in missing - hidden:
        char = clean[offset]
        absorbed_alef = char in "اأإآ" and clean[:offset].rstrip(
            "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
        ).endswith("ل")
        assert char in BIDI_CONTROLS or char == "\u200d" or absorbed_alef, (offset, char)
    if not shaped:
        words = [w for line in lines for w in line.text.split(" ") if w]
        assert words == [w for w in strip(clean).split(" ") if w] or any(
            line.content_end == line.end for line in lines[:-1]
        )


def strip(text: str) -> str:
    """Remove bidi controls and turn break spaces into plain spaces."""
    return "".join(" " if ch in BREAK_SPACES else ch for ch in text if ch not in BIDI_CONTROLS)


@SETTINGS
@given(any_paragraph(), WIDTH, MODE)
def test_position_map_round_trips(text: str, width: int, mode: tuple[bool, bool | None]) -> None:
    shaped, rtl = mode
    rendered = render_paragraph(text, width, shaped=shaped, rtl=rtl)
    shown = {
        rendered.to_logical(n, c)
        for n, line in enumerate(rendered.lines)
        for c in range(line.indent, line.indent + line.cells)
    }
    for offset in range(len(text)):
        number, cell = rendered.to_visual(offset)
        line = rendered.lines[number]
        assert line.start <= offset < line.end
        back = rendered.to_logical(number, cell)
        if offset in shown:
            assert back == offset
        elif back is not None:
            before = [o for o in shown if line.start <= o <= offset]
            assert back == (max(before) if before else min(o for o in shown if line.start <= o < line.end))
    for number, line in enumerate(rendered.lines):
        assert rendered.to_logical(number, line.indent - 1) is None
        assert rendered.to_logical(number, line.indent + line.cells) is None
        for cell in range(line.indent, line.indent + line.cells):
            offset = rendered.to_logical(number, cell)
            assert offset is not None
            first = rendered.to_visual(offset)
            assert first[0] == number and first[1] <= cell
            assert rendered.to_logical(*first) == offset


@SETTINGS
@given(any_paragraph(), WIDTH, st.data())
def test_spans_cover_the_cells_of_a_range(text: str, width: int, data: st.DataObject) -> None:
    rendered = render_paragraph(text, width)
    all_cells = {(n, c) for n, line in enumerate(rendered.lines) for c in range(line.indent, line.indent + line.cells)}
    whole = {(n, c) for n, a, b in rendered.spans(0, len(text)) for c in range(a, b)}
    assert whole == all_cells
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    covered = {(n, c) for n, a, b in rendered.spans(start, end) for c in range(a, b)}
    for n, c in all_cells:
        offset = rendered.to_logical(n, c)
        if start <= offset < end:
            assert (n, c) in covered
    owners = {rendered.to_visual(x) for x in range(start, end)}
    for n, c in covered:
        offset = rendered.to_logical(n, c)
        assert offset is not None
        assert rendered.to_visual(offset) in owners


@SETTINGS
@given(any_paragraph(), WIDTH, st.data())
def test_rich_text_is_literal_and_highlights_land_on_their_glyphs(text: str, width: int, data: st.DataObject) -> None:
    rendered = render_paragraph(text, width)
    pad = data.draw(st.booleans())
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    texts = paragraph_to_text(rendered, style="italic", highlights=[(start, end, "reverse")], pad=pad)
    assert len(texts) == len(rendered.lines)
    for rich_text, line, padded in zip(texts, rendered.lines, rendered.padded()):
        assert rich_text.plain == (" " * line.indent if pad else "") + line.text
        assert rich_text.plain.rstrip(" ") == (padded if pad else line.text.rstrip(" "))
    for number, a, b in rendered.spans(start, end):
        first, last = rendered.char_range(number, a, b)
        offset = rendered.lines[number].indent if pad else 0
        styled = [(s.start, s.end) for s in texts[number].spans if str(s.style) == "reverse"]
        assert any(s <= first + offset and last + offset <= e for s, e in styled), (styled, first, last)


@SETTINGS
@given(any_paragraph(), WIDTH, st.data())
def test_runs_of_many_ranges_draw_what_their_spans_draw(text: str, width: int, data: st.DataObject) -> None:
    """Ranges in order that do not overlap (they may touch or be empty), as find gives them: each
    cell goes to the range whose :meth:`spans` would be drawn last over it, and to no other."""
    rendered = render_paragraph(text, width)
    points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=12)))
    kept = data.draw(st.lists(st.booleans(), min_size=len(points), max_size=len(points)))
    ranges = [(a, b) for a, b, keep in zip(points, points[1:], kept) if keep]  # many touch
    drawn: dict[tuple[int, int], int] = {}
    for k, (start, end) in enumerate(ranges):
        for number, a, b in rendered.spans(start, end):
            drawn.update({(number, c): k for c in range(a, b)})
    given_to: dict[tuple[int, int], int] = {}
    for k, number, a, b in rendered.runs_of(ranges):
        for c in range(a, b):
            assert (number, c) not in given_to
            given_to[(number, c)] = k
    assert given_to == drawn


def test_a_cell_two_touching_ranges_meet_goes_to_the_later() -> None:
    """ت and its fatha share one cell: a range of the letter and a range of the mark both meet it."""
    rendered = render_paragraph("كتَب علم", 20)
    [(line, a, b)] = rendered.spans(1, 2)
    assert rendered.spans(2, 3) == [(line, a, b)]
    assert rendered.runs_of([(1, 2), (2, 3)]) == [(1, line, a, b)]


@SETTINGS
@given(any_paragraph(), WIDTH, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6))
def test_runs_of_overlapping_ranges_are_their_spans(text: str, width: int, ranges: list[tuple[int, int]]) -> None:
    rendered = render_paragraph(text, width)
    ranges = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in ranges]
    expected = [(k, *run) for k, (start, end) in enumerate(ranges) for run in rendered.spans(start, end)]
    if any(ranges[k][0] < ranges[k - 1][1] for k in range(1, len(ranges))):
        assert rendered.runs_of(ranges) == expected
    else:
        assert {(k, n, c) for k, n, a, b in rendered.runs_of(ranges) for c in range(a, b)} <= {
            (k, n, c) for k, n, a, b in expected for c in range(a, b)
        }


def test_markup_stays_literal() -> None:
    rendered = render_paragraph("[bold]نص[/bold] و [red]x", 40)
    (line,) = paragraph_to_text(rendered)
    assert line.plain.count("bold") == 2 and "red" in line.plain
    assert sum(line.plain.count(ch) for ch in "[]") == 6
    assert not line.spans


@SETTINGS
@given(any_paragraph(), st.integers(min_value=1, max_value=50), st.sampled_from([True, False]))
@example("اً\u200d اً اً اً ", 3, False)  # Rich counts the space after a ZWJ as 0 cells: so must wrap
def test_render_line_keeps_the_beginning(text: str, width: int, shaped: bool) -> None:
    cut = truncate_logical(text, width, shaped=shaped)
    line = render_line(text, width, shaped=shaped)
    assert line.cells <= max(width, 2)
    if cut == text:
        assert len(render_paragraph(text, width, shaped=shaped).lines) == 1 or cell_len(text) > width
    else:
        assert cut.endswith(ELLIPSIS)
        assert text.startswith(cut[: -len(ELLIPSIS)])
        assert ELLIPSIS in line.text
        assert line.end == len(cut) - len(ELLIPSIS)


def test_render_line_cuts_at_a_word() -> None:
    assert truncate_logical("أعلنت الدول الضامنة لمحادثات أستانة", 20) == "أعلنت الدول الضامنة…"
    assert truncate_logical("abcdefghij", 5) == "abcd…"
    assert truncate_logical("short", 10) == "short"


@SETTINGS
@given(st.text(alphabet="ab ", max_size=40), st.integers(min_value=1, max_value=12))
def test_wrap_keeps_words_in_order(text: str, width: int) -> None:
    lines = [text[start:stop] for start, stop, _ in wrap_spans(text, width)]  # the shown part of each line
    assert all(cell_len(line) <= width for line in lines)
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())


ISOLATE_TOKENS = st.sampled_from(
    [
        "ابت",
        "جحخ",
        "abc",
        "de",
        "12",
        "3.5",
        "٤٥",
        "!",
        "-",
        "“",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u200f",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ISOLATE_TOKENS, min_size=1, max_size=14).map(" ".join), st.booleans())
def test_explicit_embeddings_and_isolates_match_unicode_bidi(text: str, rtl: bool) -> None:
    """Compare visual order with python-bidi's Rust unicode-bidi (no mirroring or shaping involved).

    Whitespace at the ends is not compared: unicode-bidi does not apply rule L1 to spaces before
    trailing bidi controls (``"abc \u202a \u2066"`` in a right-to-left line), where FriBidi puts them
    at the left as brief does (``test_render_fribidi`` checks that case).
    """
    from bidi import get_display

    expected = "".join(ch for ch in get_display(text, base_dir="R" if rtl else "L") if ch not in BIDI_CONTROLS)
    ours = "".join(text[i] for i in reorder_with_levels(text, rtl)[0])
    assert ours.strip() == expected.strip()


@settings(max_examples=200, deadline=None)
@given(any_paragraph().map(lambda text: text.replace("\u200d", "")))
def test_shape_matches_configured_arabic_reshaper(text: str) -> None:
    """shape() reproduces arabic-reshaper with RESHAPER_CONFIGURATION.

    ZWJ aside: the reshaper misplaces harakat after it.
    """
    shaped, origin = shape_with_map(text)
    assert shaped == reshaper().reshape(text)
    assert len(origin) == len(shaped) and origin == sorted(origin)
    assert "\ufdf2" not in shaped


_JOINERS = st.sampled_from(
    [
        "\u200d",
        "\ufe0f",
        "ه",
        "ـ",
        "ب",
        " ",
        "a",
        "\u263a",
        "\u2764",
        "\U0001f468",
        "\U0001f469",
        "漢",
        "\u064e",
        "\u200c",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_JOINERS, max_size=30).map("".join))
def test_cell_widths_are_each_prefix_s_growth_of_rich_s_cell_len(text: str) -> None:
    """The widths of a text holding ZWJs and VS16s, against their definition: what each character
    adds to Rich's ``cell_len`` of the text up to it (and they sum to ``cell_len`` of the whole)."""
    from rich.cells import cell_len

    from tui.text.wrap import cell_widths

    widths = cell_widths(text)
    prefix = [cell_len(text[:end]) for end in range(len(text) + 1)]
    assert widths == [max(0, prefix[i + 1] - max(prefix[: i + 1])) for i in range(len(text))]
    assert sum(widths) == cell_len(text)


def test_a_long_paragraph_holding_a_zwj_is_measured_character_by_character(monkeypatch) -> None:
    """20,000 characters with one ZWJ took 37 s to lay out when every prefix was measured (20,000
    calls of ``cell_len`` over ever longer text): each character is measured once now, and
    ``cell_len`` is asked only about the character before a VS16."""
    import tui.text.wrap as wrap

    measured: list[str] = []

    def counting(text: str) -> int:
        measured.append(text)
        return cell_len(text)

    monkeypatch.setattr(wrap, "cell_len", counting)
    text = "كلمة " * 4000 + "ه\u200dـ \u263a\ufe0f نهاية"
    widths = wrap.cell_widths(text)
    assert len(widths) == len(text) and sum(widths) == cell_len(text)
    assert measured == ["\u263a\ufe0f", "\u263a"]
