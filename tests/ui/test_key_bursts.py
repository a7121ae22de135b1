"""Keys read from the terminal together (typed fast, over a slow link, pasted): each goes where it
would have gone typed slowly. The keys are posted to the app one after the other without waiting,
as Textual's driver posts the keys of one read; the expected state is that of typing them slowly."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import import_batch
from textual import events
from ui_helpers import notices

from tui.models import Article, Block
from tui.store.store import Store

NAMES = {"\\": "backslash", "/": "slash", "\t": "tab"}


@pytest.fixture
def app(tmp_path: Path):
    from tui.ui.app import BriefApp

    store = Store.open(tmp_path / "shelf.db")
    import_batch(
        store,
        [
            Article(id=i, title=f"brief {i}", blocks=(Block("text", "the weather there"),), date=d, content_hash=i)
            for i, d in (("a", "2024-03-03"), ("b", "2024-03-02"), ("c", "2024-03-01"))
        ],
    )
    store.set_read("a")
    yield BriefApp(store)
    store.close()


def burst(app, keys: str) -> None:
    """Post ``keys`` to the app in one go, as the keys of one read from the terminal."""
    for ch in keys:
        app.post_message(events.Key(NAMES.get(ch, ch), ch))


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause(0.05)


async def test_a_query_typed_with_s_goes_into_the_search_box(app) -> None:
    from tui.ui.screens.search import SearchScreen

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "sإدلب")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.focused.value == "إدلب"


async def test_words_typed_with_slash_go_into_the_find_bar_not_to_the_brief(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # opens a; the reading pane has the focus
        await pilot.pause()
        burst(app, "/the")  # t, h and e are keys of the brief too (e: edit its file)
        await settle(pilot)
        main = app.screen
        assert main.finder.bar.value == "the"
        assert app.focused is main.finder.bar.input
        assert not any("edit" in n for n in notices(app))


async def test_a_filter_key_typed_with_the_backslash_chooses_it(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "\\u")
        await settle(pilot)
        assert app.screen is app.main_screen  # the menu chose and closed
        assert app.screen.listing.filters.unread
        assert [app.screen.article_list.row(i).id for i in range(app.screen.article_list.count)] == ["b", "c"]


async def test_a_key_typed_with_tab_acts_in_the_pane_tab_moved_to(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "tab")  # a open, the list focused again
        await pilot.pause()
        assert app.focused is app.screen.article_list
        burst(app, "\tj")  # to the reading pane, then a line down there, not in the list
        await settle(pilot)
        assert app.focused is app.screen.reader
        assert app.screen.article_list.cursor == 0


async def test_a_key_typed_while_others_wait_to_be_read_again_comes_after_them(app) -> None:
    from tui.ui.screens.search import SearchScreen

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "sa")
        for _ in range(200):  # until "a" waits to be read again by the search box
            if app._keys_again:
                break
            await pilot.pause(0.001)
        assert app._keys_again
        burst(app, "b")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.focused.value == "ab"
