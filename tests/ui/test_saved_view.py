"""The list's view kept between runs: order, feed and filters come back after quitting; the days of a
date filter, a feed no longer subscribed and a damaged saved value do not. Expected ids are worked
out by hand from the briefs below (the same rules as ``test_list_filters.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import import_batch
from ui_helpers import screen_text

from tui.models import Article, Block
from tui.store.store import Store
from tui.ui import saved_view

FEED = "http://127.0.0.1:9/ar.xml"
BRIEFS = [
    ("a", "أحمد يزور المدينة", "2024-03-23", None),
    ("b", "إبراهيم يكتب رسالة", "2024-03-20", FEED),
    ("c", "آمال كبيرة", "2024-01-05", FEED),
    ("d", "ابتسامة الصباح", "2024-03-22", FEED),
]
# By title, alef forms folded: ابت (d), ابر (b), احم (a), امال (c).


@pytest.fixture
def shelf(tmp_path: Path):
    store = Store.open(tmp_path / "shelf.db")
    store.add_feed(FEED, title="نشرة الصباح")
    articles = [
        Article(id=i, title=t, blocks=(Block("text", f"نص {t}"),), date=d, feed=f, content_hash=i)
        for i, t, d, f in BRIEFS
    ]
    import_batch(store, articles)
    store.set_read("b")
    yield store
    store.close()


def ids(app) -> list[str]:
    lst = app.screen.article_list
    return [lst.row(i).id for i in range(lst.count)]


def title_line(app) -> str:
    return str(app.screen.query_one("#list-title").render())


async def test_order_feed_and_unread_come_back_after_quitting(shelf) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert ids(app) == ["a", "d", "b", "c"]
        app.screen.feeds.filter(FEED)
        app.screen.listing.sort("title")
        await pilot.press("U")
        await pilot.pause()
        assert ids(app) == ["d", "c"]
        header = app.screen.title
        assert header != "brief"  # names the feed
        await pilot.press("q")
    again = BriefApp(shelf)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert ids(again) == ["d", "c"]  # the feed's unread briefs, by title
        assert again.screen.feeds.feed == FEED
        assert again.screen.title == header
        assert title_line(again) == "2 unread of 2 · by title\nfilter: unread  (c clears)"
        await pilot.press("c")  # clearing the filters keeps the feed and the order, as in one run
        await pilot.pause()
        assert ids(again) == ["d", "b", "c"]


async def test_days_are_not_kept(shelf) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        listing = app.screen.listing
        listing.apply(listing.filters.__class__(since="2024-03-21", until="2024-03-23", sort="oldest"))
        await pilot.pause()
        assert ids(app) == ["d", "a"]
        await pilot.press("q")
    again = BriefApp(shelf)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert ids(again) == ["c", "b", "d", "a"]  # oldest first, every day


@pytest.mark.parametrize(
    "saved",
    [
        "not json {",
        "[1, 2]",
        '{"sort": "sideways", "unread": "yes", "feed": "http://127.0.0.1:9/gone.xml", "tag": 7}',
        '{"sort": ["title"], "bookmarked": 1, "source": ""}',
        "[" * 100_000,
    ],
)
async def test_a_damaged_or_stale_view_opens_the_default_list(shelf, saved: str) -> None:
    from tui.ui.app import BriefApp

    shelf.set_meta(saved_view.VIEW_KEY, saved)
    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert ids(app) == ["a", "d", "b", "c"]
        assert app.screen.feeds.feed is None
        assert title_line(app) == "3 unread of 4"


def test_dump_and_load_round_trip() -> None:
    from tui.store.list_view import ListView

    view = ListView(
        feed=FEED, unread=True, bookmarked=True, tag="طقس", source="wire", since="2024-01-01", sort="source"
    )
    back = saved_view.load(saved_view.dump(view), lambda url: url == FEED)
    assert back == ListView(feed=FEED, unread=True, bookmarked=True, tag="طقس", source="wire", sort="source")
    assert saved_view.load(saved_view.dump(view), lambda url: False).feed is None
    assert saved_view.load(None, lambda url: True) == ListView()


async def test_a_restored_view_that_shows_nothing_still_opens_the_brief_read_last(shelf) -> None:
    """The store is not empty because the list's view is: the brief read last opens as always (the
    reading pane said "The store is empty")."""
    from dataclasses import replace

    from tui.ui.app import BriefApp
    from tui.ui.screens.main import EMPTY_STORE

    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # opens a (newest first)
        await pilot.pause()
        assert app.screen.session.current.id == "a"
        app.screen.feeds.filter(FEED)
        listing = app.screen.listing
        listing.apply(replace(listing.filters, bookmarked=True))  # none is
        await pilot.pause()
        assert ids(app) == []
        await pilot.press("q")
    again = BriefApp(shelf)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert ids(again) == [] and again.screen.feeds.feed == FEED
        assert again.screen.session.current is not None and again.screen.session.current.id == "a"
        assert EMPTY_STORE not in screen_text(again)


async def test_brief_read_id_of_a_brief_the_restored_view_hides_says_so(shelf) -> None:
    from ui_helpers import notices

    from tui.ui.app import BriefApp

    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.screen.feeds.filter(FEED)  # b, c, d: not a
        await pilot.pause()
        await pilot.press("q")
    again = BriefApp(shelf, initial_id="a")
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert again.screen.session.current.id == "a" and "a" not in ids(again)
        assert "the list's feed or filters hide this brief (c clears the filters, f chooses the feed)" in notices(again)


async def test_a_feed_removed_since_the_last_run_is_said(shelf) -> None:
    from ui_helpers import notices

    from tui.ui.app import BriefApp

    app = BriefApp(shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.screen.feeds.filter(FEED)
        await pilot.pause()
        await pilot.press("q")
    shelf.remove_feed(FEED)
    again = BriefApp(shelf)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert again.screen.feeds.feed is None and ids(again) == ["a", "d", "b", "c"]
        assert notices(again) == [
            f"the feed shown last is no longer subscribed (\u2068{FEED}\u2069): every feed's briefs are shown"
        ]
