"""The list's filters, orders and counts in the reader, driven with Pilot: keys (Latin and Arabic
layout), the filter menu and its choosers, the line above the list, mark all read and its undo, the
mouse wheel. Expected ids are worked out by hand from the briefs below."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import import_batch
from ui_helpers import notices, screen_text

from tui.models import Article, Block
from tui.store.store import Store
from tui.ui.screens.filtering import UNDO_SECONDS

FRIBIDI = shutil.which("fribidi")

BRIEFS = [
    ("a", "أحمد يزور المدينة", "2024-03-23", "الجزيرة", ("طقس", "سياسة")),
    ("b", "إبراهيم يكتب رسالة", "2024-03-20", "عنب بلدي", ("سياسة",)),
    ("c", "آمال كبيرة", "2024-01-05", "الجزيرة", ("رياضة",)),
    ("d", "ابتسامة الصباح", "2024-03-22", "wire", ("طقس",)),
    ("e", "بيت من الطين", "2024-03-17", None, ()),
    ("f", "تفاح الشام", None, "wire", ("زراعة",)),
]
NEWEST = ["a", "d", "b", "e", "c", "f"]
BY_TITLE = ["d", "b", "a", "c", "e", "f"]  # ابت, ابر, احم, امال (alef forms folded), ب, ت


@pytest.fixture
def shelf(tmp_path: Path):
    store = Store.open(tmp_path / "shelf.db")
    articles = [
        Article(id=i, title=t, blocks=(Block("text", f"نص {t}"),), date=d, source=s, tags=g, content_hash=i)
        for i, t, d, s, g in BRIEFS
    ]
    import_batch(store, articles)
    store.set_read("c")  # c read: five unread
    store.set_bookmarked("e", True)
    yield store
    store.close()


@pytest.fixture
def app(shelf):
    from tui.ui.app import BriefApp

    return BriefApp(shelf)


def ids(app) -> list[str]:
    lst = app.screen.article_list
    return [lst.row(i).id for i in range(lst.count)]


def title_line(app) -> str:
    return str(app.screen.query_one("#list-title").render())


async def test_the_line_above_the_list_counts(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert ids(app) == NEWEST
        assert title_line(app) == "5 unread of 6"
        assert "5 unread of 6" in screen_text(app).splitlines()[1]
        await pilot.press("enter")  # opens a: read now
        await pilot.pause()
        assert title_line(app) == "4 unread of 6"


async def test_unread_then_tag_then_clear(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("U")
        assert ids(app) == ["a", "d", "b", "e", "f"]
        assert title_line(app) == "5 unread of 5\nfilter: unread  (c clears)"
        await pilot.press("backslash", "t")
        await pilot.pause()
        # The chooser lists the tags by use (طقس 2 and سياسة 2, then by name); narrowing by typing.
        await pilot.press(*"سيا")
        await pilot.press("enter")
        await pilot.pause()
        assert ids(app) == ["a", "b"]
        assert app.screen.listing.filters.tag == "سياسة"
        lines = title_line(app).splitlines()
        assert lines[0] == "2 unread of 2"
        assert lines[1].startswith("filter: unread · tag ")
        if FRIBIDI:
            shaped = subprocess.run(
                [FRIBIDI, "--nobreak", "--nopad", "--clean"], input="سياسة\n", capture_output=True, text=True
            ).stdout.strip()
            assert lines[1] == f"filter: unread · tag {shaped}  (c clears)"
        await pilot.press("c")
        assert ids(app) == NEWEST and title_line(app) == "5 unread of 6"
        await pilot.press("c")
        assert notices(app)[-1] == "no filter to clear"


async def test_the_filter_menu_keys(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("backslash", "b")
        await pilot.pause()
        assert ids(app) == ["e"]
        await pilot.press("backslash", "b", "backslash", "s")  # bookmarked off, then a source
        await pilot.pause()
        await pilot.press("enter")  # the most used first, then by name: wire (2) before الجزيرة (2)
        await pilot.pause()
        assert app.screen.listing.filters.source == "wire"
        assert ids(app) == ["d", "f"]
        await pilot.press("backslash", "c", "backslash", "d")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # a range of days…
        await pilot.pause()
        await pilot.press(*"2024-03-17..2024-03-21", "enter")
        await pilot.pause()
        assert ids(app) == ["b", "e"]
        assert title_line(app).splitlines()[1] == "filter: 2024-03-17…2024-03-21  (c clears)"


async def type_range(pilot, typed: str) -> None:
    """The filter menu's "a range of days…", ``typed`` into it, and Enter."""
    await pilot.press("backslash", "d")
    await pilot.pause()
    await pilot.press("down", "down", "down", "enter")
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await pilot.pause()


async def test_a_range_from_the_calendars_first_day_to_its_last_filters(app) -> None:
    """The widest range there is: every dated brief (it ended the reader with a traceback)."""
    dated = [i for i in NEWEST if i != "f"]  # f is undated
    async with app.run_test(size=(120, 30)) as pilot:
        for typed, shown in (("0001-01-01..9999-12-31", dated), ("0001", []), ("9999", []), ("..9999-12-31", dated)):
            await type_range(pilot, typed)
            assert ids(app) == shown, typed


async def test_a_wrong_range_of_days_says_why_and_keeps_the_list(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await type_range(pilot, "2024-13")
        assert "not a date: '2024-13'" in str(app.screen.query_one("#days-hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert ids(app) == NEWEST


async def test_arabic_typed_as_a_range_of_days_is_drawn_joined_as_in_the_other_inputs(app) -> None:
    """The range box was a plain input: Arabic in it came out unjoined and left to right."""
    from tui.text.layout import render_line

    async with app.run_test(size=(120, 30)) as pilot:
        await type_range(pilot, "..ابن")
        shown = render_line("..ابن", 40, shaped=True).text
        assert "ابن" not in shown  # the letters joined (presentation forms), in the screen's order
        assert shown.strip() in screen_text(app)
        assert f"not a date: '{render_line('ابن', 10, shaped=True).text}'" in screen_text(app)


async def test_sort_by_title_keeps_the_highlighted_brief(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("j")  # on d
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # newest, oldest, by title
        await pilot.pause()
        assert ids(app) == BY_TITLE
        assert app.screen.article_list.current.id == "d"
        assert title_line(app) == "5 unread of 6 · by title"


async def test_mark_all_read_and_undo(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("backslash", "t")
        await pilot.pause()
        await pilot.press(*"طقس", "enter")
        await pilot.pause()
        assert ids(app) == ["a", "d"]
        await pilot.press("A")
        assert notices(app)[-1] == "2 marked read — u to undo"
        assert title_line(app).splitlines()[0] == "0 unread of 2"
        await pilot.press("c")
        assert title_line(app) == "3 unread of 6"  # b, e, f
        await pilot.press("u")
        assert notices(app)[-1] == "2 marked unread again"
        assert title_line(app) == "5 unread of 6"
        await pilot.press("u")
        assert notices(app)[-1].startswith("nothing to undo")
        # After the undo time, u undoes nothing.
        await pilot.press("A")
        assert notices(app)[-1] == "5 marked read — u to undo"
        entry = app.screen.listing.undo_entry
        assert entry.until - time.monotonic() == pytest.approx(UNDO_SECONDS, abs=2)
        app.screen.listing.undo_entry = replace(entry, until=time.monotonic() - 0.1)  # as when the time ran out
        await pilot.press("u")
        assert notices(app)[-1].startswith("nothing to undo")
        assert title_line(app) == "0 unread of 6"
        await pilot.press("A")
        assert notices(app)[-1] == "nothing unread in the list"


async def test_arabic_layout_keys(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("grave_accent")  # shift+u
        assert ids(app) == ["a", "d", "b", "e", "f"]
        await pilot.press("ؤ")  # c
        assert ids(app) == NEWEST
        await pilot.press("arabic_kasra")  # shift+a
        assert notices(app)[-1] == "5 marked read — u to undo"
        await pilot.press("ع")  # u
        assert notices(app)[-1] == "5 marked unread again"
        await pilot.press("arabic_kasratan")  # shift+s
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PickDialog"


async def test_m_in_unread_only_lets_the_brief_go(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("U", "m")
        await pilot.pause()
        assert ids(app) == ["d", "b", "e", "f"]
        assert app.screen.article_list.current.id == "d"
        assert title_line(app).splitlines()[0] == "4 unread of 4"


async def test_the_palette_has_the_filters_and_orders(app) -> None:
    async with app.run_test(size=(120, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Filter the list: unread, bookmarked, tag, source, date",
            "Unread only, on or off",
            "Filter: bookmarked only, on or off",
            "Filter: by tag…",
            "Filter: by source…",
            "Filter: by date…",
            "Clear the filters",
            "Sort: by title",
            "Sort: oldest first",
            "Mark all read (the list as filtered)",
        ):
            assert wanted in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Sort: oldest first")
        command.callback()
        assert ids(app) == ["c", "e", "b", "d", "a", "f"]


async def test_the_mouse_wheel_scrolls_the_list(tmp_path: Path) -> None:
    from textual import events

    from tui.ui.app import BriefApp

    store = Store.open(tmp_path / "many.db")
    body = (Block("text", "نص"),)
    import_batch(store, [Article(id=f"x{i:03}", title=f"خبر {i}", blocks=body, content_hash=str(i)) for i in range(80)])
    app = BriefApp(store)
    async with app.run_test(size=(80, 20)) as pilot:
        lst = app.screen.article_list
        assert lst.scroll_offset.y == 0
        for _ in range(3):
            lst.post_message(events.MouseScrollDown(lst, 2, 2, 0, 1, 0, False, False, False))
            await pilot.pause()
        assert lst.scroll_offset.y > 0
    store.close()


async def test_counts_follow_briefs_imported_by_another_process(app, shelf) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("U")
        assert title_line(app).splitlines()[0] == "5 unread of 5"
        with Store.open(shelf.path) as other:  # another connection, as `brief import` in another terminal
            body = (Block("text", "نص"),)
            import_batch(other, [Article(id="z", title="خبر جديد", blocks=body, date="2024-04-01", content_hash="z")])
        app.screen._poll_store()
        await pilot.pause()
        assert title_line(app).splitlines()[0] == "6 unread of 6"
        assert ids(app) == ["z", "a", "d", "b", "e", "f"]


async def test_a_bookmark_removed_in_bookmarked_only_leaves_and_comes_back(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("backslash", "b")
        await pilot.pause()
        assert ids(app) == ["e"]
        await pilot.press("enter")  # open e; the reading pane has the focus
        await pilot.pause()
        await pilot.press("asterisk")  # the open brief's bookmark off: it leaves the list
        await pilot.pause()
        assert ids(app) == [] and title_line(app).splitlines()[0] == "0 unread of 0"
        await pilot.press("asterisk")  # on again: back in the list
        await pilot.pause()
        assert ids(app) == ["e"] and title_line(app).splitlines()[0] == "0 unread of 1"


async def test_a_list_that_a_filter_empties_says_why(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("U", "A")  # unread only, then all of them read: none left
        await pilot.pause()
        assert ids(app) == []
        assert "No brief matches (c clears the filters)." in screen_text(app).splitlines()[3]
        await pilot.press("c")
        await pilot.pause()
        assert ids(app) == NEWEST
        assert "No brief matches" not in screen_text(app)
        await pilot.press("U")  # with a filter on too, the feed's emptiness is what to say
        app.screen.feeds.filter("http://127.0.0.1:9/none.xml")  # a feed with no brief yet
        await pilot.pause()
        assert ids(app) == []
        assert "No briefs from this feed yet (r fetches)." in screen_text(app)


async def test_the_filter_line_fits_the_pane_and_always_says_c_clears(app) -> None:
    """At 120 columns the list pane has 48 cells: four filters, the date range among them, were cut
    off at the pane's edge, "(c clears)" with them."""
    from tui.store.list_view import ListView

    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        view = ListView(unread=True, tag="سياسة", source="الجزيرة", since="2024-03-01", until="2024-03-31")
        app.screen.listing.apply(view)
        await pilot.pause()
        line = title_line(app).splitlines()[1]
        width = app.screen.query_one("#list-title").size.width  # inside its padding
        assert len(line) <= width, line
        assert line == "unread · 2024-03-01…2024-03-31 · … (c clears)"
        assert line == "".join(app.screen.listing.filter_line(width))
        await pilot.resize_terminal(240, 30)  # wider: every name whole
        await pilot.pause()
        await pilot.pause()
        wide = title_line(app).splitlines()[1]
        assert wide.startswith("filter: unread · 2024-03-01…2024-03-31 · tag ") and "source " in wide
        assert wide.endswith("  (c clears)") and "· …" not in wide


async def test_j_and_k_move_in_the_order_menu_and_are_letters_in_a_narrowing_box(app) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("j", "j", "k", "enter")  # newest → oldest → by title → oldest
        await pilot.pause()
        assert app.screen.listing.filters.sort == "oldest"
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("ت", "ت", "enter")  # the same keys on an Arabic layout: by title, by source
        await pilot.pause()
        assert app.screen.listing.filters.sort == "source"
        await pilot.press("backslash", "t")  # the tag chooser narrows by what is typed, ت and j included
        await pilot.pause()
        await pilot.press("ت", "j")
        await pilot.pause()
        from tui.ui.widgets.shaped_input import ShapedInput

        assert app.screen.query_one(ShapedInput).value == "تj"


async def test_the_empty_list_message_wraps_in_a_narrow_pane(app) -> None:
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        app.screen.feeds.filter("http://127.0.0.1:9/none.xml")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()[2:5]]
        assert " ".join(line for line in lines if line) == "No briefs from this feed yet (r fetches)."
