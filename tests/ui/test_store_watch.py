"""The reader notices what happens to its store file and to the open brief while it is open."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import replace

from store_helpers import import_batch
from ui_helpers import notices

from tui import cli
from tui.models import Article, Block
from tui.store.store import Store
from tui.ui.screens.store_watch import REMOVED

BRIEFS = [
    Article(
        id=f"b{i}",
        title=f"خبر رقم {i}",
        # Each brief its own story (words of its own), so that the list shows each of them.
        blocks=tuple(Block("text", f"فقرة {k} من الخبر {i}: حدث{i}ب{k} في مدينة{i}.") for k in range(30)),
    )
    for i in range(3)
]


async def test_a_deleted_store_stops_writes_and_a_new_one_is_read(tmp_path, make_app):
    path = tmp_path / "store.db"
    store = Store.open(path)
    import_batch(store, BRIEFS)
    app = make_app(store=store)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        path.unlink()
        screen._poll_store()
        await pilot.pause()
        assert any("deleted" in n and str(path) in n for n in notices(app))
        await pilot.press("m")  # must not report success: nothing can be saved
        await pilot.pause()
        assert not any(n in ("read", "unread") for n in notices(app))
        new = Store.open(path)
        # A new brief, not a copy of b0 (a copy would be shown in b0's same-story row).
        fresh = replace(BRIEFS[0], id="fresh", title="خبر جديد", blocks=(Block("text", "خبر جديد"),))
        import_batch(new, [*BRIEFS, fresh])
        new.close()
        screen._poll_store()
        await pilot.pause()
        assert screen.article_list.count == len(BRIEFS) + 1
        await pilot.press("m")
        await pilot.pause()
        assert notices(app)[-1] in ("read", "unread")
    check = Store.open(path)
    assert check.exists("fresh") and check.count() == len(BRIEFS) + 1
    check.close()


@asynccontextmanager
async def _reading_b1(tmp_path, make_app, size):
    """The reader open on ``b1`` of a store of :data:`BRIEFS`; yields (app, pilot, the store's path)."""
    path = tmp_path / "store.db"
    store = Store.open(path)
    import_batch(store, BRIEFS)
    app = make_app(store=store, initial_id="b1")
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            yield app, pilot, path
    finally:
        store.close()


def _import_elsewhere(path, articles) -> None:
    """Import ``articles`` through a connection of its own, as another program does."""
    other = Store.open(path)
    import_batch(other, articles)
    other.close()


async def test_a_reimported_open_brief_is_refreshed_in_place(tmp_path, make_app):
    async with _reading_b1(tmp_path, make_app, (80, 20)) as (app, pilot, path):
        reader = app.screen.reader
        await pilot.press("j", "j", "j", "j", "j")
        assert reader.current_scroll == 5
        changed = replace(BRIEFS[1], content_hash="v2", blocks=(Block("text", "نص جديد تماما."), *BRIEFS[1].blocks[1:]))
        _import_elsewhere(path, [changed])
        app.screen._poll_store()
        await pilot.pause()
        assert reader.article is not None and reader.article.blocks[0].text == "نص جديد تماما."
        assert reader.current_scroll == 5


async def test_the_open_brief_removed_by_another_program_is_said_once(tmp_path, make_app):
    async with _reading_b1(tmp_path, make_app, (80, 20)) as (app, pilot, path):
        assert cli.main(["--store", str(path), "rm", "b1"]) == 0  # brief rm in another terminal
        for _ in range(2):  # two polls, one notice
            app.screen._poll_store()
            await pilot.pause()
        assert notices(app).count(REMOVED) == 1
        assert app.screen.reader.article is not None and app.screen.reader.article.id == "b1"  # still shown


async def test_a_new_title_of_the_open_brief_reaches_the_header(tmp_path, make_app):
    async with _reading_b1(tmp_path, make_app, (100, 20)) as (app, pilot, path):
        assert "A new title" not in app.screen.sub_title
        _import_elsewhere(path, [replace(BRIEFS[1], title="A new title", content_hash="v3")])
        app.screen._poll_store()
        await pilot.pause()
        assert app.screen.reader.article is not None and app.screen.reader.article.title == "A new title"
        assert "A new title" in app.screen.sub_title


async def test_the_link_panel_shows_a_named_brief_that_another_program_imports(tmp_path, make_app):
    """The panel kept "not in the store" for a read-also line whose brief had just been imported,
    until it was closed and opened again; the list and the reading pane had followed."""
    path = tmp_path / "store.db"
    store = Store.open(path)
    named = "تقرير عن الأمطار في المدينة"
    linking = Article(
        id="linking",
        title="خبر يحيل إلى غيره",
        blocks=(Block("text", "فقرة أولى عن حدث ما في مكان ما."), Block("link", named)),
    )
    import_batch(store, [linking])
    app = make_app(store=store, initial_id="linking")
    try:
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            screen = app.screen
            panel = screen.query_one("#link-panel")
            assert panel.display and panel.targets == []  # the line leads nowhere yet
            _import_elsewhere(path, [Article(id="rain", title=named, blocks=(Block("text", "نص التقرير."),))])
            screen._poll_store()
            await pilot.pause()
            assert panel.display and panel.targets == ["rain"]
            await pilot.press("enter")
            await pilot.pause()
            assert screen.session.current is not None and screen.session.current.id == "rain"
    finally:
        store.close()
