"""The reader driven with Pilot: moving, opening, reading state, history, links, help, sizes."""

from __future__ import annotations

import re

import pytest
from textual import events
from ui_helpers import notices, screen_text, wait_until

BASE_ARABIC = re.compile("[\u0621-\u064a]")
PRESENTATION = re.compile("[\ufe70-\ufefc]")


async def test_start_lists_every_brief_and_moves(make_app, ui_store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        lst = app.screen.article_list
        assert lst.count == ui_store.count()
        assert lst.cursor == 0
        await pilot.press("j", "j")
        assert lst.cursor == 2
        await pilot.press("k")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == ui_store.count() - 1
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("end")
        assert lst.cursor == ui_store.count() - 1
        await pilot.press("home", "down")
        assert lst.cursor == 1


async def test_arabic_layout_letters_move_too(make_app, ui_store):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        lst = app.screen.article_list
        await pilot.press("ت", "ت")  # the j key in the Arabic layout
        assert lst.cursor == 2
        await pilot.press("ن")  # k
        assert lst.cursor == 1
        await pilot.press("ﻷ")  # shift+g (X11)
        assert lst.cursor == ui_store.count() - 1


async def test_open_marks_read_in_the_store_and_shows_the_brief(make_app, ui_store):
    first = ui_store.list_rows(1, 1)[0]
    assert ui_store.state(first.id)[0] is False
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        reader = app.screen.reader
        assert reader.article is not None and reader.article.id == first.id
        assert reader.line_count > 3
        assert app.focused is reader
    assert ui_store.state(first.id)[0] is True
    assert ui_store.last_opened() == first.id


async def test_every_arabic_letter_on_screen_is_shaped(make_app, ui_store):
    app = make_app()
    arabic = next(r for r in ui_store.list_rows() if BASE_ARABIC.search(r.title))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief(arabic.id)
        await pilot.pause()
        text = screen_text(app)
        assert PRESENTATION.search(text)
        assert not BASE_ARABIC.search(text), BASE_ARABIC.findall(text)[:10]


async def test_terminal_bidi_mode_sends_logical_unshaped_text(make_app, ui_store):
    app = make_app(shaped=False)
    arabic = next(r for r in ui_store.list_rows() if BASE_ARABIC.search(r.title))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief(arabic.id)
        await pilot.pause()
        text = screen_text(app)
        assert BASE_ARABIC.search(text)
        assert not PRESENTATION.search(text)


async def test_toggle_read_and_bookmark_persist(make_app, ui_store):
    row = ui_store.list_rows(0, 1)[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert ui_store.state(row.id)[0] is True
        await pilot.press("asterisk")
        assert ui_store.state(row.id)[1] is True
        assert app.screen.article_list.current.bookmarked is True
        await pilot.press("m", "asterisk")
        assert ui_store.state(row.id)[:2] == (False, False)


async def test_paging_and_scroll_saved_on_quit(make_app, ui_store):
    longest = max(ui_store.list_rows(), key=lambda r: len(ui_store.get(r.id).paragraphs))
    app = make_app()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        app.screen.open_brief(longest.id)
        reader = app.screen.reader
        await wait_until(pilot, lambda: reader.line_count)  # laid out once the pane has its width
        assert reader.line_count > reader.size.height
        await pilot.press("space")
        scrolled = reader.current_scroll
        assert scrolled > 0
        await pilot.press("b")
        assert reader.current_scroll < scrolled
        await pilot.press("pagedown")
        scrolled = reader.current_scroll
        await pilot.press("q")
    assert app.return_code == 0
    assert ui_store.state(longest.id)[2] == scrolled


async def test_keys_that_come_with_q_are_dropped(make_app):
    """Keys that reach the reader in the same read of the terminal as ``q`` (typed fast, pasted)
    come after it has begun to leave: ``s`` then opened the search screen on an app being taken
    down, and the reader ended with a traceback and exit status 1."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for key in ("q", "s", "question_mark", "l"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
    assert app.return_code == 0


async def test_reopens_last_brief_at_its_scroll(make_app, ui_store):
    row = ui_store.list_rows(3, 1)[0]
    ui_store.mark_opened(row.id)
    ui_store.set_scroll(row.id, 4)
    app = make_app()
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        assert app.screen.reader.article.id == row.id
        assert app.screen.reader.current_scroll == 4
        assert app.screen.article_list.cursor == 3
    # Narrow: the list shows first; the reader lays out (and scrolls) when it is shown.
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#reader-pane").region.width == 0
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.reader.article.id == row.id
        assert app.screen.reader.current_scroll == 4


async def test_initial_id_and_unknown_id(make_app, ui_store):
    row = ui_store.list_rows(5, 1)[0]
    app = make_app(initial_id=row.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.screen.reader.article.id == row.id
    app = make_app(initial_id="no-such-brief")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("no-such-brief" in n for n in notices(app))


def _linked_pair(store):
    """A brief with a resolved outgoing link, and the link's target."""
    for row in store.list_rows():
        for link in store.outgoing(row.id):
            if link.target:
                return row.id, link.target
    raise AssertionError("the sample briefs have no resolved link")


async def test_link_panel_follow_back_forward_restore_scroll(make_app, ui_store):
    source, target = _linked_pair(ui_store)
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(source)
        await pilot.pause()
        reader = screen.reader
        reader.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        assert reader.current_scroll == 3
        await pilot.press("l")
        await pilot.pause()
        panel = screen.query_one("#link-panel")
        assert panel.display and app.focused is panel
        assert panel.targets[0] == target
        await pilot.press("enter")
        await pilot.pause()
        assert reader.article.id == target
        assert not panel.display
        await pilot.press("backspace")
        await pilot.pause()
        assert reader.article.id == source
        assert reader.current_scroll == 3
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.article.id == target
        await pilot.press("alt+left")
        await pilot.pause()
        assert reader.article.id == source


async def test_history_is_kept_for_the_next_run(make_app, ui_store):
    """Quit after following a link and going back: the next run reopens the source brief and can
    still go forward to the target, at the line it was left at."""
    source, target = _linked_pair(ui_store)
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        app.screen.open_brief(source)
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.reader.scroll_to(y=2, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.reader.article.id == source
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        reader = again.screen.reader
        assert reader.article.id == source
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.article.id == target and reader.current_scroll == 2
        await pilot.press("backspace")
        await pilot.pause()
        assert reader.article.id == source


async def test_link_panel_lists_backlinks_and_escape_closes(make_app, ui_store):
    source, target = _linked_pair(ui_store)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief(target)
        await pilot.press("l")
        await pilot.pause()
        panel = app.screen.query_one("#link-panel")
        incoming = [link.target for link in ui_store.incoming(target)]
        assert source in incoming
        assert set(incoming) <= set(panel.targets)
        await pilot.press("escape")
        assert not panel.display
        assert app.focused is app.screen.reader


async def test_clicking_a_link_line_follows_it(make_app, ui_store):
    source, target = _linked_pair(ui_store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(source)
        await pilot.pause()
        reader = screen.reader
        link = next(b for b in reader.laid if b.is_link and b.target == target)
        reader.scroll_to(y=link.first_line, animate=False, immediate=True)
        await pilot.pause()
        offset = link.first_line - reader.current_scroll
        x = reader.size.width // 2
        await pilot.click(reader, offset=(x, offset))
        await pilot.pause()
        assert reader.article.id == target
        await pilot.press("backspace")
        await pilot.pause()
        assert reader.article.id == source


async def test_clicking_a_list_row_opens_it(make_app, ui_store):
    row = ui_store.list_rows(2, 1)[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.click("#article-list", offset=(5, 2))
        await pilot.pause()
        assert app.screen.reader.article.id == row.id
        assert app.screen.article_list.cursor == 2


async def test_help_screen_lists_every_action(make_app):
    from tui.ui.keys import ACTIONS
    from tui.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 90)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for spec in ACTIONS:
            assert spec.id in text
        assert not BASE_ARABIC.search(text)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_narrow_terminal_shows_one_pane_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        assert screen.article_list.region.width > 0
        assert screen.query_one("#reader-pane").region.width == 0
        await pilot.press("j", "enter")
        await pilot.pause()
        assert screen.article_list.region.width == 0
        assert screen.reader.region.width > 30
        assert screen.reader.line_count > 0
        await pilot.press("tab")
        await pilot.pause()
        assert screen.article_list.region.width > 0
        assert app.focused is screen.article_list


async def test_narrowing_keeps_the_pane_in_front(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert screen.article_list.region.width > 0 and screen.reader.region.width > 0
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert screen.article_list.region.width == 0
        assert screen.reader.region.width > 30
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert screen.article_list.region.width > 0 and screen.reader.region.width > 0


async def test_resize_rewraps(make_app, ui_store):
    row = ui_store.list_rows(0, 1)[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief(row.id)
        await pilot.pause()
        wide = app.screen.reader.line_count
        await pilot.resize_terminal(90, 36)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.reader.line_count > wide


async def test_bad_config_gives_a_notice_and_defaults(make_app, tmp_path):
    from tui.ui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('theme = 3\nlist_width = "wide"\n[keys]\nfly = "f"\ncursor_down = "z"\n', encoding="utf-8")
    config, problems = load_config(path)
    app = make_app(config=config, notices=problems)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = notices(app)
        assert any(str(path) in n and "list_width" in n for n in shown)
        assert any("fly" in n for n in shown)
        before = app.screen.article_list.cursor
        await pilot.press("z")
        assert app.screen.article_list.cursor == before + 1


async def test_unknown_theme_is_a_notice(make_app):
    from tui.ui.config import Config

    app = make_app(config=Config(theme="no-such-theme"))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("no-such-theme" in n for n in notices(app))


async def test_read_only_store_reads_and_never_writes(tmp_path, ui_store):
    from tui.store.store import Store
    from tui.ui.app import BriefApp

    path = ui_store.path
    ui_store.close()
    store = Store.open(path, readonly=True)
    row = store.list_rows(0, 1)[0]
    app = BriefApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert any("read-only" in n for n in notices(app))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.reader.article.id == row.id
        await pilot.press("m", "asterisk", "q")
    store.close()
    check = Store.open(path)
    assert check.state(row.id) == (False, False, 0)
    check.close()


async def test_empty_store_and_vanished_brief(tmp_path, make_app):
    from tui.store.store import Store

    empty = Store.open(tmp_path / "empty.db")
    app = make_app(store=empty)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "j", "l", "slash", "m")
        assert "empty" in screen_text(app)
        assert app.screen.open_brief("ghost") is False
        await pilot.pause()
        assert any("ghost" in n for n in notices(app))
    empty.close()


async def test_import_while_open_refreshes_the_list(tmp_path, make_app):
    from ui_helpers import ARTICLES

    from tui.importing import run_import
    from tui.store.store import Store

    path = tmp_path / "growing.db"
    store = Store.open(path)
    app = make_app(store=store)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert app.screen.article_list.count == 0
        other = Store.open(path)
        run_import(other, [ARTICLES], progress=False, out=None)
        expected = other.count()
        other.close()
        app.screen._poll_store()
        await pilot.pause()
        assert app.screen.article_list.count == expected
    store.close()


async def test_command_palette_has_the_actions(make_app):
    from tui.ui.keys import ACTIONS

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for spec in ACTIONS:
            if spec.id != "quit":
                assert spec.description in titles


@pytest.mark.parametrize(
    ("keys", "screen"),
    [
        ([], "MainScreen"),
        (["question_mark"], "HelpScreen"),
        (["s"], "SearchScreen"),
        (["s", "ق", "ه"], "SearchScreen"),
        (["backslash"], "FilterMenuDialog"),
        (["S"], "PickDialog"),
        (["f"], "FeedsScreen"),
        (["ctrl+p"], "BriefCommandPalette"),
        (["enter", "slash", "ا"], "MainScreen"),  # the find bar
        (["enter", "l"], "MainScreen"),  # the link panel
    ],
)
async def test_ctrl_c_quits_from_every_screen(make_app, keys: list[str], screen: str) -> None:
    """Ctrl+C quits with 130 wherever the reader is: a dialog, the help screen, the search box and the
    palette took it for their copy of selected text (none selected) and nothing happened."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert type(app.screen).__name__ == screen
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130


async def test_ctrl_c_with_text_selected_in_an_input_copies_it(make_app) -> None:
    from textual.widgets import Input

    copied: list[str] = []
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("s")
        await pilot.pause()
        for key in ("ق", "ه", "و", "ة"):
            await pilot.press(key)
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        field.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert copied == ["قهوة"]
        assert app.return_code is None
        await pilot.press("ctrl+c")  # the selection stays: copied again, no quitting
        await pilot.pause()
        assert app.return_code is None
        field.selection = type(field.selection).cursor(0)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
