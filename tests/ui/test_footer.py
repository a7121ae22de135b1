"""The footer keeps its keys while they stay the same and shows new ones when they change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey
from ui_helpers import wait_until

from tui.ui.widgets.footer import KeysFooter


def footer_keys(app) -> list[tuple[str, str]]:
    """(key shown, description) of each key in the footer, in order."""
    footer = app.screen.query_one(KeysFooter)
    return [(key.key_display, key.description) for key in footer.query(FooterKey)]


async def shown_footer(app, pilot) -> KeysFooter:
    """The footer, once it shows its keys."""
    await pilot.pause()
    footer = app.screen.query_one(KeysFooter)
    await wait_until(pilot, lambda: footer.query(FooterKey))
    return footer


async def test_moving_between_the_panes_keeps_the_same_keys(make_app, ui_store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        footer = await shown_footer(app, pilot)
        shown = footer_keys(app)
        widgets = list(footer.query(FooterKey))
        assert ("q", "Quit") in shown
        await pilot.press("enter")  # the first brief opens, the reading pane has the focus
        await wait_until(pilot, lambda: app.screen.reader.has_focus)
        await pilot.press("tab")  # back to the list
        await wait_until(pilot, lambda: app.screen.article_list.has_focus)
        await pilot.pause()
        assert footer_keys(app) == shown
        # the same widgets: nothing was removed and mounted again
        assert list(footer.query(FooterKey)) == widgets


async def test_the_find_input_shows_its_own_keys_and_closing_it_brings_them_back(make_app, ui_store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await shown_footer(app, pilot)
        everywhere = footer_keys(app)
        await pilot.press("enter", "slash")  # open the first brief, then find in it
        await wait_until(pilot, lambda: ("q", "Quit") not in footer_keys(app))
        assert footer_keys(app) != everywhere
        assert any(description == "Find" for _, description in footer_keys(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: ("q", "Quit") in footer_keys(app))
        assert footer_keys(app) == everywhere


async def test_a_narrow_footer_shows_whole_keys_only(make_app, ui_store):
    """Textual's footer cut the key at its right end (``/ Fi``); the keys that do not fit whole are
    left out, in order from the end. Widths are those Textual lays each key out at in a wide
    terminal, where every key shows."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        footer = await shown_footer(app, pilot)
        await pilot.pause()
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        assert all(k.display for k in keys)
        widths = [k.outer_size.width for k in keys]
        (palette,) = [k for k in footer.query(FooterKey) if k.has_class("-command-palette")]
        palette_width = palette.outer_size.width
        for width in (36, 50, 64, 120):
            await pilot.resize_terminal(width, 36)
            await pilot.pause()
            await pilot.pause()
            room = width - palette_width
            fitting = sum(1 for n in range(len(widths)) if sum(widths[: n + 1]) <= room)
            shown = [k.display for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
            assert shown == [n < fitting for n in range(len(widths))], width
            for key in footer.query(FooterKey):
                if key.display and not key.has_class("-command-palette"):
                    assert key.region.right <= footer.region.right - palette_width, width
        assert fitting == len(widths)  # at 120 columns, every key again
