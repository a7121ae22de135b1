"""Rows of option lists are laid out for the width they are drawn at (after the scrollbar's cells).

The search results and the link panel lay shaped, reordered lines out themselves; an option list
that wraps them again, or lays them out before its scrollbar takes two cells, moves an Arabic
title's first word to the next line. Each title on screen is compared with GNU FriBidi's line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from ui_helpers import ManualDebounce, screen_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines  # noqa: E402

from tui.text.bidi import is_rtl  # noqa: E402
from tui.ui.widgets.fitted import FittedLines, FittedOptionList  # noqa: E402

needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)


class ListApp(App[None]):
    """One fitted option list of rows that say the width they were laid out at."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield FittedOptionList(*[FittedLines(lambda w: [Text(str(w).rjust(w, "x"))]) for _ in range(self.rows)])


@pytest.mark.parametrize("rows", [3, 30])
async def test_rows_are_laid_out_at_the_drawn_width(rows):
    app = ListApp(rows)
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        option_list = app.query_one(FittedOptionList)
        padding = option_list.get_component_styles("option-list--option").padding.width
        width = option_list.scrollable_content_region.width - padding
        assert option_list.show_vertical_scrollbar == (rows > 8)
        lines = [re.sub("[^x0-9]", "", line) for line in screen_text(app).splitlines()]
        drawn = [line for line in lines if line.startswith("x")]
        # Every row is one line, exactly as wide as the cells it got, and knows that width.
        assert drawn and all(line == str(width).rjust(width, "x") for line in drawn)


@needs_fribidi
async def test_search_results_keep_whole_titles_with_a_scrollbar(make_app, ui_store):
    from tui.ui.screens.search import SearchScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        debounce = ManualDebounce()
        app.push_screen(SearchScreen(ui_store, debounce=debounce))
        await pilot.pause()
        await pilot.press("ف", "ي")
        debounce.fire()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen) and len(screen.hits) >= 6
        assert screen.results.show_vertical_scrollbar
        text = screen_text(app)
        shown = [hit for hit in screen.hits if hit.title and is_rtl(hit.title)][:4]
        assert shown
        for expected in fribidi_lines([hit.title for hit in shown], rtl=True):
            assert any(re.sub("[ │▎▁-█]+$", "", line).endswith(expected) for line in text.splitlines()), expected
        for hit in shown:
            meta = " · ".join(p for p in (hit.date or "undated", hit.source or "") if p)
            # The metadata is one line: never cut between its parts (LTR pieces in an RTL row).
            assert any(part in text for part in (meta, " · ".join(reversed(meta.split(" · "))))), meta


async def test_link_panel_rows_stay_one_line_each_when_narrow(make_app, ui_store):
    from tui.ui.widgets.link_panel import LinkPanel

    brief_id = "003_khwarizmi_numbers"
    links = ui_store.outgoing(brief_id) + ui_store.incoming(brief_id) + ui_store.related(brief_id)
    app = make_app(initial_id=brief_id)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        panel = app.screen.query_one(LinkPanel)
        assert panel.has_focus
        seen = 0
        for _ in range(len(links) + 4):  # walk the highlight over every link so each row is drawn
            text = screen_text(app)
            rows = [re.sub("^[▊ ]+|[ ▎▁-█]+$", "", line) for line in text.splitlines()]
            panel_rows = [row for row in rows if row.startswith(("→", "←", "=", "≈", "✗"))]
            seen = max(seen, len(panel_rows))
            # Between the panel's borders every line is a header or starts with a link's mark.
            top = next(
                i for i, row in enumerate(rows) if row.startswith("━")
            )  # the panel's rule, heavy when it has focus
            inner = [row for row in rows[top + 1 :] if row and not row.startswith(("▁", "└", "esc"))]
            for row in inner:
                assert row.startswith(
                    ("→", "←", "=", "≈", "✗", "Links from", "Linked from", "Same story", "Related", "none")
                ), row
            await pilot.press("down")
            await pilot.pause()
        assert seen >= 1


def test_a_missing_link_is_marked_first_whatever_its_length() -> None:
    """A link whose brief is not in the store starts with ✗ (not the arrow), dimmed, so that a long
    title cut to the row still shows it; its note ends the line when there is room."""
    from tui.ui.widgets.link_panel import OUT_MARK, link_row

    long_title = "القهوة من المخا إلى العالم: أسطورة كالدي وتاريخ المشروب " * 3
    (row,) = link_row(OUT_MARK, long_title, 40, missing=True)
    assert row.plain.startswith("✗ ") and row.style == "dim" and len(row.plain) <= 40
    (short,) = link_row(OUT_MARK, "Coffee", 40, missing=True)
    assert short.plain == "✗ Coffee (not in store)"
    (found,) = link_row(OUT_MARK, "Coffee", 40)
    assert found.plain == "→ Coffee" and found.style == ""
