"""The command palette: typed Arabic is drawn joined and right to left, and Arabic names find commands."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from ui_helpers import screen_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines, normalise  # noqa: E402

from tui.ui.keys import ACTIONS  # noqa: E402
from tui.ui.palette import ARABIC_NAMES, PaletteInput  # noqa: E402

BASE_ARABIC = re.compile("[\u0621-\u064a]")
needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)


async def open_palette(pilot, query: str) -> CommandList:
    """Ctrl+P, type ``query`` key by key, and wait until the palette has listed its hits."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*[("space" if ch == " " else ch) for ch in query])
    commands = pilot.app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.05)
        if commands.option_count and not pilot.app.screen.has_class("--searching"):
            break
    await pilot.pause(0.2)
    return commands


def titles(commands: CommandList) -> list[str]:
    """The English titles of the listed commands, best first."""
    return [commands.get_option_at_index(i).hit.text or "" for i in range(commands.option_count)]  # type: ignore[attr-defined]


def test_every_filter_and_order_of_the_palette_has_an_arabic_name() -> None:
    from unittest.mock import Mock

    from tui.ui.palette import arabic_name
    from tui.ui.screens.list_commands import palette_commands

    titles_ = [title for title, _, _ in palette_commands(Mock())]
    assert len(titles_) == 8 and all(BASE_ARABIC.search(arabic_name(title)) for title in titles_)


def test_every_action_has_an_arabic_name() -> None:
    assert set(ARABIC_NAMES) == {spec.id for spec in ACTIONS}
    assert all(BASE_ARABIC.search(name) for name in ARABIC_NAMES.values())


@needs_fribidi
async def test_typed_arabic_is_shown_shaped_and_right_to_left(make_app):
    """The query row shows what FriBidi makes of the typed text, not the stored letters."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_palette(pilot, "بحث")
        box = app.screen.query_one(CommandInput)
        assert isinstance(box, PaletteInput)
        assert box.value == "بحث"  # logical, as typed
        row = box.content_region.y
        shown = screen_text(app).splitlines()[row]
        expected = fribidi_lines(["بحث"], rtl=True)[0]
        assert expected in normalise(shown)
        assert not BASE_ARABIC.search(shown)
        # Right to left: the text ends at the box's right edge (before the cursor slot's side).
        line = box.render_line(0).text
        assert line.rstrip() == line and normalise(line.strip()) == expected


@needs_fribidi
async def test_an_arabic_query_finds_the_command_and_enter_runs_it(make_app):
    from tui.ui.screens.search import SearchScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        commands = await open_palette(pilot, "بحث")
        assert titles(commands)[0] == "Search"
        # The hit shows its Arabic name shaped, in visual order.
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "Search" in line and "keys" not in line)
        assert fribidi_lines([ARABIC_NAMES["search_store"]], rtl=True)[0] in normalise(row)
        assert not BASE_ARABIC.search(row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("تحديث", "Fetch feeds"),
        ("مساعدة", "Help"),
        ("المفضلة", "Bookmark: highlighted"),
        ("اول", "First brief"),  # typed without the hamza of أول
        ("الروابط", "Links"),
        ("خروج", "Quit"),
        ("theme", "Theme"),
        ("العنوان", "Sort: by title"),  # the list's orders and filters without a key of their own
        ("الوسم", "Filter: by tag…"),
    ],
)
async def test_arabic_names_find_their_commands(make_app, query, title):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        commands = await open_palette(pilot, query)
        assert title in titles(commands)[:2]


async def test_terminal_bidi_mode_leaves_the_query_and_names_logical(make_app):
    """With ``--bidi terminal`` the terminal shapes and reorders: the palette prints text as stored."""
    app = make_app(shaped=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        commands = await open_palette(pilot, "بحث")
        assert titles(commands)[0] == "Search"
        lines = screen_text(app).splitlines()
        box = app.screen.query_one(CommandInput)
        assert "بحث" in lines[box.content_region.y]
        assert any("Search" in line and ARABIC_NAMES["search_store"] in line for line in lines)


@needs_fribidi
async def test_a_name_that_does_not_fit_beside_its_title_reads_in_order_on_a_line_of_its_own(make_app):
    """At 60 columns "Expand/collapse a story's sources" and its Arabic name do not fit one line:
    the name goes whole onto the next line. Textual wrapped the line itself, after the name's
    visual order was made, and put its first word (إظهار) on the line below the rest."""
    app = make_app()
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        commands = await open_palette(pilot, "ظهار")
        assert titles(commands)[0] == "Expand/collapse a story's sources"
        lines = [normalise(line).strip() for line in screen_text(app).splitlines()]
        title = next(i for i, line in enumerate(lines) if line.startswith("Expand/collapse"))
        assert lines[title] == "Expand/collapse a story's sources"
        assert lines[title + 1] == fribidi_lines([ARABIC_NAMES["toggle_story"]], rtl=True)[0]
