"""Config problems reach the user whole: remapped keys keep their Arabic twin (and show it in the
help), clashing and bad keys are named with the file, and notices are never read as markup."""

from __future__ import annotations

import pytest
from ui_helpers import notices, screen_text

from tui.ui.config import Config, load_config


async def test_remapped_keys_keep_arabic_twins_and_bad_keys_keep_defaults(make_app, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ncursor_up = "k,up,ctrl+p"\nquit = "notakey+++"\n', encoding="utf-8")
    config, problems = load_config(path)
    app = make_app(config=config, notices=problems)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        lst = app.screen.article_list
        await pilot.press("j", "j", "ن")  # ن is k on the Arabic layout
        assert lst.cursor == 1
        shown = notices(app)
        assert any(str(path) in n and "ctrl+p" in n for n in shown)
        assert any(str(path) in n and "notakey+++" in n for n in shown)
        await pilot.press("question_mark")
        await pilot.pause()
        help_row = next(line for line in screen_text(app).splitlines() if "cursor_up" in line)
        assert "\ufee5" in help_row  # ن, shaped (isolated form), in the Arabic column
        await pilot.press("escape", "q")  # q still quits
        await pilot.pause()
    assert app.return_code == 0


async def test_notices_keep_brackets_and_name_the_file(make_app, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('colour = "red"\n', encoding="utf-8")
    config, problems = load_config(path)
    app = make_app(config=Config(theme="no-such-theme", path=path), notices=problems)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "[keys]" in text
        assert any(str(path) in n and "no-such-theme" in n for n in notices(app))


async def test_every_config_problem_is_on_screen_when_there_are_many(make_app, tmp_path):
    """Nine problems as nine toasts: the screen showed five, the rest were never seen."""
    problems = [f"{tmp_path / 'config.toml'}: setting_{i}: not a valid value" for i in range(9)]
    app = make_app(notices=problems)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)
        assert [f"setting_{i}" in text for i in range(9)] == [True] * 9


async def test_a_list_width_wider_than_the_terminal_leaves_the_reading_pane_its_room(make_app):
    """``list_width = 200`` on a 120-column terminal hid the reading pane (and the list's titles)."""
    from tui.ui.config import Config
    from tui.ui.screens.main import MIN_READING_WIDTH

    app = make_app(config=Config(list_width="200"))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#reader-pane").region.width >= MIN_READING_WIDTH
        assert app.screen.query_one("#list-pane").region.width == 120 - MIN_READING_WIDTH


@pytest.mark.parametrize("size", [(120, 36), (80, 24), (60, 12)])
async def test_a_config_with_many_problems_names_the_first_and_counts_the_rest(make_app, tmp_path, size):
    """Thirty problems made a notice taller than the screen: the first ones are shown, as many as
    fit, then how many more there are (the reader prints them all when it ends)."""
    problems = [f"{tmp_path / 'config.toml'}: setting_{i}: not a valid value" for i in range(30)]
    app = make_app(notices=problems)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause(0.3)
        shown = notices(app)[-1].split("\n")
        kept = len(shown) - 1
        assert kept >= 1 and shown[:kept] == problems[:kept]
        assert shown[-1] == f"and {30 - kept} more: all of them are printed when brief ends"
        assert app.notices_cut
        toast = app.screen.query("Toast").last()
        assert toast.region.height <= size[1]  # the whole notice on the screen
        text = screen_text(app)
        assert "setting_0:" in text and f"and {30 - kept} more" in text
