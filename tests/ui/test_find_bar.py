"""The find bar on its own (messages, counter, keys) and driven through the reader with `/`."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from ui_helpers import screen_text

from tui.ui.widgets.find_bar import FindBar
from tui.ui.widgets.shaped_input import ShapedInput

HOSTILE = ['"abc', "AND (", "*", "NEAR(", "title:x", "-", "^", "[bold]x"]
BASE_ARABIC = re.compile("[\u0621-\u064a]")


class BarApp(App):
    """A find bar and a log of what it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.log_messages: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield FindBar(id="bar")

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        self.log_messages.append(("changed", message.query))

    def on_find_bar_next(self, message: FindBar.Next) -> None:
        self.log_messages.append(("next", ""))

    def on_find_bar_previous(self, message: FindBar.Previous) -> None:
        self.log_messages.append(("previous", ""))

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        self.log_messages.append(("closed", ""))

    def on_find_bar_done(self, message: FindBar.Done) -> None:
        self.log_messages.append(("done", ""))


async def test_typing_posts_changed_per_edit():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        bar = app.query_one(FindBar)
        bar.focus()
        await pilot.pause()
        assert isinstance(app.focused, ShapedInput)
        await pilot.press("ا", "د", "ل", "ب")
        await pilot.pause()
        assert app.log_messages == [("changed", "ا"), ("changed", "اد"), ("changed", "ادل"), ("changed", "ادلب")]
        assert bar.value == "ادلب"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.log_messages[-1] == ("changed", "ادل")


async def test_keys_post_next_previous_closed():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        app.query_one(FindBar).focus()
        await pilot.press("x", "enter", "down", "shift+enter", "up", "escape")
        await pilot.pause()
        assert app.log_messages == [
            ("changed", "x"),
            ("done", ""),
            ("next", ""),
            ("previous", ""),
            ("previous", ""),
            ("closed", ""),
        ]


async def test_n_is_typed_inside_the_bar():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        app.query_one(FindBar).focus()
        await pilot.press("n", "N")
        await pilot.pause()
        assert app.query_one(FindBar).value == "nN"


async def test_setting_the_value_does_not_post_changed():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        bar = app.query_one(FindBar)
        bar.value = "ادلب"
        await pilot.pause()
        assert app.log_messages == []
        assert bar.input.value == "ادلب"
        assert bar.input.cursor_position == 4


async def test_counter_text():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        bar = app.query_one(FindBar)
        bar.focus()
        await pilot.press("x")
        bar.set_counter(2, 7)
        await pilot.pause()
        assert bar.counter == "2/7"
        assert screen_text(app).splitlines()[0].rstrip().endswith("2/7")
        bar.set_counter(0, 0)
        await pilot.pause()
        assert bar.counter == "no matches"
        assert "no matches" in screen_text(app)
        await pilot.press("backspace")
        bar.set_counter(0, 0)
        await pilot.pause()
        assert bar.counter == ""


async def test_arabic_query_is_shown_shaped():
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        app.query_one(FindBar).focus()
        await pilot.press("ق", "ه", "و", "ة")
        await pilot.pause()
        first = screen_text(app).splitlines()[0]
        assert "\ufe93\ufeee\ufeec\ufed7" in first  # قهوة shaped, right to left
        assert not BASE_ARABIC.search(first)


@pytest.mark.parametrize("query", HOSTILE)
async def test_hostile_queries_pass_through_as_text(query):
    app = BarApp()
    async with app.run_test(size=(60, 4)) as pilot:
        app.query_one(FindBar).focus()
        await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in query])
        await pilot.pause()
        assert app.log_messages[-1] == ("changed", query)
        assert query in screen_text(app)  # "[bold]x" stays literal


# -- through the reader ----------------------------------------------------------------------


def _hamza_brief(store) -> tuple[str, str, int]:
    """A stored brief, a query typed without hamza, and how many times the text has the word."""
    for row in store.list_rows():
        article = store.get(row.id)
        texts = [article.title, *(b.text for b in article.blocks)]
        count = sum(len(re.findall("[اأإآ]ستان[ةه]", t)) for t in texts)
        if count:
            return row.id, "استانة", count
    raise AssertionError("no brief mentions Astana")


async def test_find_in_the_reader_counts_hamza_spellings(make_app, ui_store):
    brief_id, query, count = _hamza_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(110, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(brief_id)
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*query)
        await pilot.pause()
        bar = screen.query_one(FindBar)
        assert bar.counter == f"1/{count}"
        await pilot.press("enter")  # the typing is done: the focus goes back to the brief
        await pilot.pause()
        assert app.focused is screen.reader
        await pilot.press("n")
        await pilot.pause()
        assert bar.value == query and bar.counter == f"2/{count}"
        await pilot.press("N", "N")
        await pilot.pause()
        assert bar.counter == f"{count}/{count}"
        await pilot.press("escape")  # closes the bar and keeps the query for the next /
        await pilot.pause()
        assert not bar.display and not screen.reader.matches
        await pilot.press("slash")
        await pilot.pause()
        assert bar.display and bar.value == query and bar.counter == f"1/{count}"
        await pilot.press("backspace", *"zzz")
        await pilot.pause()
        assert bar.counter == "no matches"


@pytest.mark.parametrize("query", HOSTILE)
async def test_hostile_find_queries_in_the_reader(make_app, ui_store, query):
    brief_id = ui_store.list_rows(0, 1)[0].id
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        app.screen.open_brief(brief_id)
        await pilot.pause()
        await pilot.press("slash", *[{" ": "space"}.get(ch, ch) for ch in query])
        await pilot.pause()
        assert app.screen.query_one(FindBar).value == query
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(FindBar).display


async def test_deleting_the_open_brief_closes_the_find_bar(make_app, ui_store):
    """The bar went on counting "1/3" of a brief that was gone; u brings the brief back, and / finds
    in it again."""
    brief_id, query, count = _hamza_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(110, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(brief_id)
        await pilot.pause()
        await pilot.press("slash", *query, "enter")
        await pilot.pause()
        bar = screen.query_one(FindBar)
        assert bar.display and bar.counter == f"1/{count}"
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(brief_id)
        assert not bar.display and not screen.reader.matches
        assert app.focused is screen.reader
        await pilot.press("u", "slash")
        await pilot.pause()
        assert bar.display and bar.counter == f"1/{count}"
