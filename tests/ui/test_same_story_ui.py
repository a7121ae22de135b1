"""Same story in the reader: the link panel's "Same story" and "Related" sections, followed with Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import ROOT, notices, screen_text

SET = ROOT / "tests" / "data" / "same_story" / "briefs"
STORY = "001_turkey_idlib_first_military_step"
FILES = {
    "idlib": f"{STORY}__original",
    "idlib_agency": f"{STORY}__retitled",
    "idlib_outlet_b": f"{STORY}__dropped",
    "syria_clashes": "cnn_syria_clashes__original",
}
"""A story, two republished copies and a brief on the same topic (Syria) that no link names."""


@pytest.fixture
def story_store(tmp_path: Path):
    from tui.importing import run_import
    from tui.store.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, source in FILES.items():
        (folder / f"{name}.txt").write_bytes((SET / f"{source}.txt").read_bytes())
    store = Store.open(tmp_path / "story.db")
    run_import(store, [folder], progress=False, out=None)
    yield store
    store.close()


async def test_link_panel_shows_the_same_story_and_related_and_follows_them(story_store) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(story_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief("idlib")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        panel = screen.query_one("#link-panel")
        assert panel.display and app.focused is panel
        # The read-also link of 001 names a brief that is not here: the copies come first.
        assert panel.targets == ["idlib_agency", "idlib_outlet_b", "syria_clashes"]
        text = screen_text(app)
        assert "Same story" in text and "Related" in text
        assert "agency" in text and "outlet-b" in text  # each copy with its source
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.article.id == "idlib_agency" and not panel.display
        await pilot.press("l")
        await pilot.pause()
        assert panel.targets == ["idlib", "idlib_outlet_b", "syria_clashes"]
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert screen.reader.article.id == "syria_clashes"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.reader.article.id == "idlib_agency"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.reader.article.id == "idlib"


def _rows(app) -> list[tuple[str, int, bool]]:
    article_list = app.screen.article_list
    return [(r.id, r.sources, r.member) for r in (article_list.row(i) for i in range(article_list.count)) if r]


async def test_the_list_shows_one_row_per_story_and_e_expands_it(story_store) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(story_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        # Same date: the copies come in id order, "idlib" first; the Syria brief is older.
        assert _rows(app) == [("idlib", 3, False), ("syria_clashes", 1, False)]
        assert "3 sources" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert _rows(app) == [
            ("idlib", 3, False),
            ("idlib_agency", 3, True),
            ("idlib_outlet_b", 3, True),
            ("syria_clashes", 1, False),
        ]
        # The copies may be far down the list, out of view: a notice says where (their dates).
        day = story_store.summary("idlib_agency").date[:10]
        assert notices(app)[-1] == (
            f"2 other sources of this story shown at their dates in the list, marked = ({day}); x hides them"
        )
        await pilot.press("j", "x")  # collapse from a copy's row: the cursor goes to the story's row
        await pilot.pause()
        assert _rows(app) == [("idlib", 3, False), ("syria_clashes", 1, False)]
        assert notices(app)[-1] == "2 other sources of this story hidden again"
        assert app.screen.article_list.cursor == 0
        await pilot.press("j", "x")
        await pilot.pause()
        assert _rows(app)[1] == ("syria_clashes", 1, False)  # a brief alone: nothing to expand


async def test_x_names_the_copies_dates_as_the_list_shows_them(tmp_path: Path, monkeypatch) -> None:
    """A copy dated ``2019-04-26T00:30:00+03:00`` is on 2019-04-25 in UTC: the list's row and the
    notice that points to it say the same day."""
    import time

    from tui.importing import run_import
    from tui.store.store import Store
    from tui.ui.app import BriefApp

    monkeypatch.setenv("TZ", "UTC0")
    time.tzset()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "idlib.txt").write_bytes((SET / f"{FILES['idlib']}.txt").read_bytes())
    copy = (SET / f"{FILES['idlib_agency']}.txt").read_text(encoding="utf-8")
    (folder / "idlib_agency.txt").write_text(copy.replace("date: 2019-04-26", "date: 2019-04-26T00:30:00+03:00"))
    store = Store.open(tmp_path / "story.db")
    try:
        run_import(store, [folder], progress=False, out=None)
        app = BriefApp(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert _rows(app) == [("idlib", 2, False)]
            await pilot.press("x")
            await pilot.pause()
            assert _rows(app) == [("idlib", 2, False), ("idlib_agency", 2, True)]
            (copy_row,) = [line for line in screen_text(app).splitlines() if "2019-04-2" in line][1:]
            assert "2019-04-25" in copy_row
            assert notices(app)[-1] == (
                "1 other source of this story shown at its date in the list, marked = (2019-04-25); x hides it"
            )
    finally:
        store.close()
        monkeypatch.undo()
        time.tzset()


async def test_reading_one_brief_marks_its_story_read(story_store) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(story_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief("idlib_outlet_b")  # a copy: the cursor goes to its story's row
        await pilot.pause()
        assert app.screen.article_list.cursor == 0
    read = {r.id: r.read for r in story_store.iter_rows()}
    assert read == {"idlib": True, "idlib_agency": True, "idlib_outlet_b": True, "syria_clashes": False}


async def test_mark_story_read_false_marks_only_the_brief(story_store, tmp_path: Path) -> None:
    from tui.ui.app import BriefApp
    from tui.ui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text("mark_story_read = false\n", encoding="utf-8")
    config, problems = load_config(path)
    assert problems == [] and config.mark_story_read is False
    app = BriefApp(story_store, config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.open_brief("idlib_agency")
        await pilot.pause()
    read = {r.id: r.read for r in story_store.iter_rows()}
    assert read == {"idlib": False, "idlib_agency": True, "idlib_outlet_b": False, "syria_clashes": False}
    path.write_text('mark_story_read = "yes"\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config.mark_story_read is True and any("mark_story_read" in p and str(path) in p for p in problems)


def test_a_story_row_is_unread_while_any_of_its_briefs_is(story_store) -> None:
    """Its front brief read, a copy not: the row shows unread (it showed read, hiding the copy),
    and read once every brief is; expanded, each brief shows its own mark."""
    rows = {row.id: row for row in story_store.story_rows()}
    head = next(row for row in rows.values() if row.sources == 3)
    members = story_store.story_members(head.story)
    assert len(members) == 3 and head.id == members[0]
    story_store.set_read(head.id)
    assert not next(r for r in story_store.story_rows() if r.id == head.id).read
    for other in members[1:]:
        story_store.set_read(other)
    assert next(r for r in story_store.story_rows() if r.id == head.id).read
    story_store.set_read(members[1], False)
    expanded = {r.id: r for r in story_store.story_rows(expanded={head.story})}
    assert (expanded[head.id].read, expanded[members[1]].read, expanded[members[2]].read) == (False, False, True)
    assert expanded[members[1]].member and not expanded[head.id].member


async def test_a_story_row_shows_the_bookmark_of_any_of_its_briefs(story_store) -> None:
    """A copy bookmarked, the front brief not: the row shows the bookmark (it vanished behind the
    row); expanded, the story's row keeps it (as it keeps its unread mark) and each copy shows its
    own. The reader's row marks say the same."""
    from tui.ui.app import BriefApp

    head = next(row for row in story_store.story_rows() if row.sources == 3)
    members = story_store.story_members(head.story)
    story_store.set_bookmarked(members[2], True)
    assert next(r for r in story_store.story_rows() if r.id == head.id).bookmarked
    expanded = {r.id: r for r in story_store.story_rows(expanded={head.story})}
    assert [expanded[m].bookmarked for m in members] == [True, False, True]
    app = BriefApp(story_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        row = next(
            r for r in (app.screen.article_list.row(i) for i in range(app.screen.article_list.count)) if r.id == head.id
        )
        assert app.screen._row_marks(row).bookmarked
        story_store.set_bookmarked(members[2], False)
        assert not app.screen._row_marks(row).bookmarked


async def test_m_on_a_story_row_marks_every_brief_of_the_story(story_store) -> None:
    """The row is unread while any brief of the story is: m on it marks them all (it marked the
    front brief only, and the row stayed unread), and m again marks them all unread."""
    from tui.ui.app import BriefApp

    head = next(row for row in story_store.story_rows() if row.sources == 3)
    members = story_store.story_members(head.story)
    story_store.set_read(members[1])  # one copy read: the row is unread
    app = BriefApp(story_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        lst = screen.article_list
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == head.id)
        await pilot.pause()
        assert not screen._row_marks(lst.current).read
        await pilot.press("m")
        await pilot.pause()
        assert [story_store.state(m)[0] for m in members] == [True, True, True]
        assert screen._row_marks(lst.current).read
        await pilot.press("m")
        await pilot.pause()
        assert [story_store.state(m)[0] for m in members] == [False, False, False]


async def test_m_on_an_expanded_story_shows_the_new_state_on_every_row_of_it(story_store) -> None:
    """Expanded, m on the story's row marked all its briefs while the copies' rows kept showing them
    unread, after moving and after collapsing and expanding again (and m on one of them then acted
    on a state it did not show)."""
    from tui.ui.app import BriefApp

    head = next(row for row in story_store.story_rows() if row.sources == 3)
    members = story_store.story_members(head.story)
    app = BriefApp(story_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        lst = screen.article_list
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == head.id)
        await pilot.pause()

        def shown() -> dict[str, bool]:
            rows = [lst.row(i) for i in range(lst.count)]
            return {row.id: screen._row_marks(row).read for row in rows if row.id in members}

        def copies_drawn_unread() -> int:
            """The copies' rows (marked =) drawn with the unread dot."""
            return sum(1 for line in screen_text(app).splitlines() if line.startswith("● ="))

        await pilot.press("x")
        await pilot.pause()
        assert copies_drawn_unread() == 2
        await pilot.press("m")
        await pilot.pause()
        assert [story_store.state(m)[0] for m in members] == [True, True, True]
        assert shown() == dict.fromkeys(members, True)
        assert copies_drawn_unread() == 0
        await pilot.press("x", "x")
        await pilot.pause()
        assert copies_drawn_unread() == 0


async def test_d_on_a_story_row_deletes_every_brief_of_the_story_and_u_brings_them_back(story_store) -> None:
    """The row stands for the whole story: d on it deletes every brief of the story (it deleted the
    front brief only, and the row stayed with one source fewer); u puts them all back, grouped.
    Expanded, the story's row is its front brief alone: d deletes that one."""
    from tui.ui.app import BriefApp

    head = next(row for row in story_store.story_rows() if row.sources == 3)
    members = story_store.story_members(head.story)
    app = BriefApp(story_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        lst = screen.article_list
        await pilot.press("tab")
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == head.id)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert [story_store.exists(m) for m in members] == [False, False, False]
        assert notices(app)[-1].startswith("deleted the highlighted story (3 briefs): ")
        assert [r.id for r in story_store.story_rows()] == ["syria_clashes"]
        await pilot.press("u")
        await pilot.pause()
        assert [story_store.exists(m) for m in members] == [True, True, True]
        assert notices(app)[-1].endswith(" and 2 other sources of its story")
        again = next(row for row in story_store.story_rows() if row.id == head.id)
        assert (again.sources, story_store.story_members(again.story)) == (3, members)
        assert lst.current is not None and lst.current.id == head.id
        await pilot.press("x", "d")  # expanded: the front brief alone
        await pilot.pause()
        assert [story_store.exists(m) for m in members] == [False, True, True]
        assert notices(app)[-1].startswith("deleted the highlighted brief: ")


@pytest.mark.parametrize("front", [False, True])
async def test_d_on_a_story_row_deletes_the_story_when_one_of_it_is_open(story_store, front: bool) -> None:
    """With one brief of the story open (the row's front brief, or a copy the row hides), d in the
    list still stands for the row: every brief of the story goes, the reading pane says the open one
    was deleted, and u brings them all back with the open one opened again. (Before, the front brief
    open made d delete it alone; a hidden copy open stayed on screen after its deletion.)"""
    from tui.ui.app import BriefApp

    head = next(row for row in story_store.story_rows() if row.sources == 3)
    members = story_store.story_members(head.story)
    opened = head.id if front else next(m for m in members if m != head.id)
    app = BriefApp(story_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(opened)
        await pilot.pause()
        lst = screen.article_list
        await pilot.press("tab")
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == head.id)
        await pilot.pause()
        assert app.focused is lst
        await pilot.press("d")
        await pilot.pause()
        assert [story_store.exists(m) for m in members] == [False, False, False]
        assert notices(app)[-1].startswith("deleted the highlighted story (3 briefs): ")
        assert screen.session.current is None
        assert "Deleted. Press u to bring it back." in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert [story_store.exists(m) for m in members] == [True, True, True]
        assert screen.session.current is not None and screen.session.current.id == opened


@pytest.mark.parametrize(("size", "count"), [((120, 30), "3 sources"), ((80, 20), "×3")])
async def test_a_story_row_says_how_many_sources_at_any_width(story_store, size, count) -> None:
    """At 80 columns (a list pane of 29 cells) the row showed no count and looked like one brief,
    though d on it deletes all three."""
    from tui.ui.app import BriefApp

    app = BriefApp(story_store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = [line.split("▕")[0] for line in screen_text(app).splitlines() if "▕" in line]
        assert any(count in row for row in rows), rows


async def test_u_after_deleting_a_copy_of_an_expanded_story_puts_the_cursor_on_it(tmp_path: Path) -> None:
    """Another story collapsed above hides its copies: the undo put the cursor where the brief would
    be in the list ungrouped, rows lower, on another story."""
    from tui.importing import run_import
    from tui.store.store import Store
    from tui.ui.app import BriefApp

    folder = tmp_path / "in"
    folder.mkdir()
    for story in (STORY, "002_erdogan_idlib_emergency"):
        for path in SET.glob(f"{story}__*.txt"):
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "syria.txt").write_bytes((SET / "cnn_syria_clashes__original.txt").read_bytes())  # older: below
    store = Store.open(tmp_path / "two.db")
    run_import(store, [folder], progress=False, out=None)
    second = [row for row in store.story_rows() if row.sources > 1][1]
    copy = store.story_members(second.story)[-1]
    app = BriefApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lst = app.screen.article_list
        await pilot.press("tab")
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == second.id)
        await pilot.press("x")
        await pilot.pause()
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == copy)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not store.exists(copy)
        await pilot.press("u")
        await pilot.pause()
        assert store.exists(copy)
        assert lst.current is not None and lst.current.id == copy
    store.close()
