"""Notices (Textual's toasts) holding long Arabic text read in order on every line.

A notice is wrapped in logical order at the toast's width and then each line is shaped and
reordered. The oracle for a shown line is what GNU FriBidi makes of a run of consecutive words of the
notice as it was given (in logical order): the run's glyphs with the levels FriBidi resolves on the
whole notice, reordered as one line (:func:`fribidi_oracle.fribidi_paragraph_lines`); the runs must
follow one another and cover the whole notice. A notice reordered as one line and then wrapped by Textual
shows the end of an Arabic run on its first line and its beginning on the next, which no run of
consecutive words gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget
from ui_helpers import notices

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines, fribidi_paragraph_lines, fribidi_rtl, normalise  # noqa: E402

from tui.text.layout import RenderedParagraph, VisualLine  # noqa: E402
from tui.text.sanitize import strip_bidi_controls  # noqa: E402
from tui.text.urls import FSI, PDI  # noqa: E402
from tui.ui.notices import lay_out_notice, toast_text_width  # noqa: E402

needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)

ARABIC = "004_arabic_script_letters"
"""A sample brief with a long Arabic title."""
TITLE = "الحروف العربية: ثمانية وعشرون حرفاً من اليمين إلى اليسار"
"""Its title, as in articles/004_arabic_script_letters.txt."""
LINK_TEXT = "اقرا ايضا: انواع الخط العربي: النسخ والثلث والكوفي والرقعة"
"""A read-also line of that brief, as the text of a link to a brief not in the store."""
SENTENCE = (
    "تتكون الأبجدية العربية من ثمانية وعشرين حرفاً، تبدأ بالألف وتنتهي بالياء في الترتيب المتداول"
    " اليوم، وتُكتب من اليمين إلى اليسار."
)
"""The opening of that brief's first paragraph: a notice that is right to left throughout."""


async def shown_toast(pilot) -> tuple[list[str], int]:
    """The text lines of the newest toast on the screen as drawn, and the cells its text has."""
    for _ in range(50):
        await pilot.pause(0.02)
        toasts = list(pilot.app.screen.query("Toast"))
        if toasts and toasts[-1].size.width:
            break
    toast: Widget = toasts[-1]
    inner = toast.content_region
    crop = Region(inner.x - toast.region.x, inner.y - toast.region.y, inner.width, inner.height)
    return [strip.text for strip in toast.render_lines(crop)], inner.width


def logical_runs(message: str, shown: list[str], *, shaped: bool) -> list[str]:
    """The runs of consecutive words of ``message`` that the ``shown`` lines are, top to bottom.

    Shaped, a line must be FriBidi's visual order of its run, with the levels of the whole notice;
    unshaped, the run itself. Fails when a line is no run following the previous one or
    when the runs do not reach the end of the notice.
    """
    words = message.split(" ")
    offsets = [0]
    for word in words:
        offsets.append(offsets[-1] + len(word) + 1)
    runs = {(i, j): " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    if shaped:
        (rtl,) = fribidi_rtl([message])
        candidates = [VisualLine("", 0, 0, offsets[i], min(offsets[j], len(message))) for i, j in runs]
        whole = RenderedParagraph(lines=tuple(candidates), rtl=rtl, width=0, source=message)
        looks = dict(zip(runs, fribidi_paragraph_lines([whole], rtl)[0]))
    else:  # logical order, without the isolates the layout drops
        looks = {run: strip_bidi_controls(text) for run, text in runs.items()}
    found, start = [], 0
    for number, line in enumerate(shown):
        wanted = normalise(line.strip(" ")) if shaped else line.strip(" ")
        end = next((j for j in range(start + 1, len(words) + 1) if looks[start, j] == wanted), None)
        assert end is not None, f"line {number} is not the words that follow line {number - 1}: {line!r}"
        found.append(runs[start, end])
        start = end
    assert start == len(words), f"the notice stops short at {' '.join(words[start:])!r}"
    return found


@pytest.mark.parametrize("size", [(120, 36), (100, 20), (80, 24)])
async def test_toast_text_width_is_the_width_textual_gives_a_toasts_text(make_app, size):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.notify("word " * 80)
        _, width = await shown_toast(pilot)
        assert toast_text_width(size[0]) == width


@needs_fribidi
@pytest.mark.parametrize("shaped", [True, False])
@pytest.mark.parametrize("size", [(120, 36), (100, 20)])
async def test_deleting_a_brief_with_a_long_arabic_title_says_so_in_reading_order(make_app, size, shaped):
    app = make_app(initial_id=ARABIC, shaped=shaped)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("d")
        message = notices(app)[-1]
        # The notice as given: logical order, the title cut at its logical end.
        prefix, suffix = "deleted the open brief: ", " (u to undo, 8 s)"
        assert message.startswith(prefix) and message.endswith(suffix)
        kept = message[len(prefix) : -len(suffix)]
        # set apart for the bidi algorithm (FSI … PDI): an Arabic title inside an English sentence
        assert kept.startswith(FSI) and kept.endswith("…" + PDI) and TITLE.startswith(kept[1:-2])
        shown, width = await shown_toast(pilot)
        assert len(shown) > 1 and all(cell_len(line) <= width for line in shown)
        runs = logical_runs(message, shown, shaped=shaped)
        assert runs[0].startswith(prefix + FSI + "الحروف العربية")


@needs_fribidi
@pytest.mark.parametrize("size", [(120, 36), (100, 20)])
async def test_a_link_to_a_brief_not_in_the_store_is_named_in_reading_order(make_app, size):
    app = make_app(initial_id=ARABIC)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.screen.follow_link(None, LINK_TEXT)
        message = notices(app)[-1]
        assert message == f"not in the store: {FSI}{LINK_TEXT}{PDI}. Import that brief and the link opens it."
        shown, _ = await shown_toast(pilot)
        assert len(shown) > 1
        logical_runs(message, shown, shaped=True)


@needs_fribidi
async def test_a_right_to_left_notice_is_right_aligned_and_reads_in_order(make_app):
    app = make_app()
    async with app.run_test(size=(100, 20), notifications=True) as pilot:
        await pilot.pause()
        app.notify(SENTENCE)
        shown, width = await shown_toast(pilot)
        assert len(shown) > 2
        logical_runs(SENTENCE, shown, shaped=True)
        assert all(cell_len(line.rstrip(" ")) == width for line in shown)


@needs_fribidi
@pytest.mark.parametrize("width", [16, 23, 30, 41, 56, 200])
def test_lay_out_notice_wraps_first_and_orders_each_line(width):
    message = f"deleted the open brief: {TITLE} (u to undo, 8 s)"
    lines = lay_out_notice(message, width).split("\n")
    assert all(cell_len(line) <= width for line in lines)
    logical_runs(message, lines, shaped=True)


def test_each_line_of_a_notice_starts_a_line_of_its_own():
    assert lay_out_notice("one two\nthree", 40) == "one two\nthree"
    assert lay_out_notice("one two\n\nthree", 5) == "one\ntwo\n\nthree"


@needs_fribidi
async def test_a_notice_showing_when_the_terminal_narrows_is_laid_out_again(make_app):
    """The toast narrows with the terminal; the notice is laid out at its new width, not wrapped
    by Textual after it was ordered for the old one. Widening again lays it out again, once more."""
    app = make_app()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        app.notify(SENTENCE, timeout=30)
        shown, width = await shown_toast(pilot)
        assert width == toast_text_width(120)
        logical_runs(SENTENCE, shown, shaped=True)
        for columns in (70, 50, 120):
            await pilot.resize_terminal(columns, 30)
            await pilot.pause(0.1)
            shown, width = await shown_toast(pilot)
            assert width == toast_text_width(columns)
            assert all(cell_len(line.rstrip(" ")) <= width for line in shown)
            logical_runs(SENTENCE, shown, shaped=True)
        assert len(app.screen.query("Toast")) == 1


@needs_fribidi
async def test_an_arabic_title_holding_latin_words_reads_right_to_left_inside_a_notice(make_app, ui_store, tmp_path):
    """The title is set apart from the English sentence around it: it reads as the header shows it
    (GNU FriBidi's right-to-left line of the title alone), not as runs of an English line."""
    from tui.importing import run_import

    title = "أسرار Flexbox في CSS"
    (tmp_path / "flex.txt").write_text(f"{title}\n\nدليل عملي لتوزيع العناصر.\n", encoding="utf-8")
    run_import(ui_store, [tmp_path / "flex.txt"], progress=False, out=None)
    app = make_app(initial_id="flex")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")
        shown, _ = await shown_toast(pilot)
        (as_header,) = fribidi_lines([title], rtl=True)
        assert [normalise(line.rstrip(" ")) for line in shown] == [f"brought back: {as_header}"]
