"""``d`` deletes the brief the pane in focus acts on and ``u`` brings it back within the undo window;
the notice says which brief went and how to undo; the keys are in the help screen with their
Arabic-layout twins."""

from __future__ import annotations

from ui_helpers import help_screen_text, notices

from tui.ui.screens import deleting

OPEN = "002_erdogan_idlib_emergency"
LINKING = "001_turkey_idlib_first_military_step"
"""A brief, and one that links to it."""


async def test_d_in_the_reader_deletes_the_open_brief_and_u_brings_it_back(make_app, ui_store):
    ui_store.set_bookmarked(OPEN, True)
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert app.focused is screen.reader
        count = screen.article_list.count
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(OPEN)
        assert screen.article_list.count == count - 1
        assert screen.session.current is None
        assert notices(app)[-1].startswith("deleted the open brief: ")
        assert notices(app)[-1].endswith("(u to undo, 8 s)")
        assert [link.target for link in ui_store.outgoing(LINKING)] == [None]
        assert OPEN not in [e.brief_id for e in screen.session.history.entries()]
        await pilot.press("u")
        await pilot.pause()
        assert ui_store.exists(OPEN) and screen.article_list.count == count
        assert ui_store.state(OPEN)[:2] == (True, True)  # read (it was open) and bookmarked, as before
        assert [link.target for link in ui_store.outgoing(LINKING)] == [OPEN]
        assert screen.session.current is not None and screen.session.current.id == OPEN
        assert OPEN in [e.brief_id for e in screen.session.history.entries()]
        assert notices(app)[-1].startswith("brought back: ")


CHAIN = ["010_arabic_numerals_europe", "012_ibn_battuta_travels", "009_harakat_proverbs"]
"""Three briefs read in turn: A, B, C."""


async def read_in_turn(app, pilot, chain: list[str]):
    """Open each brief of ``chain`` after the first (open at start) in turn; the main screen."""
    await pilot.pause()
    screen = app.screen
    for brief_id in chain[1:]:
        screen.open_brief(brief_id)
        await pilot.pause()
    return screen


async def test_back_after_deleting_the_open_brief_opens_the_brief_read_before_it(make_app, ui_store):
    """Read A, then B, then C; delete C: Backspace opens B (it skipped to A once the undo window
    had closed), and Alt+Right has nothing after it."""
    app = make_app(initial_id=CHAIN[0])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await read_in_turn(app, pilot, CHAIN)
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(CHAIN[2]) and screen.session.current is None
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.session.current is not None and screen.session.current.id == CHAIN[1]
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.session.current is not None and screen.session.current.id == CHAIN[0]
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.session.current.id == CHAIN[1]
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.session.current.id == CHAIN[1] and notices(app)[-1] == "no later brief in the history"


async def test_d_in_the_list_deletes_the_highlighted_brief_with_the_arabic_layout_key(make_app, ui_store):
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("tab", "g")
        highlighted = screen.article_list.current
        assert highlighted is not None and highlighted.id != OPEN
        await pilot.press("ي")  # d on the Arabic layout
        await pilot.pause()
        assert not ui_store.exists(highlighted.id)
        assert screen.session.current is not None and screen.session.current.id == OPEN  # still open
        assert notices(app)[-1].startswith("deleted the highlighted brief: ")
        await pilot.press("ع")  # u on the Arabic layout
        await pilot.pause()
        assert ui_store.exists(highlighted.id)
        assert screen.article_list.current is not None and screen.article_list.current.id == highlighted.id


async def test_undo_after_the_window_says_so_and_keeps_the_deletion(make_app, ui_store, monkeypatch):
    monkeypatch.setattr(deleting, "UNDO_SECONDS", -1.0)  # already over when the notice shows
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert not ui_store.exists(OPEN)
        assert notices(app)[-1].startswith("nothing to undo")


async def test_the_reading_pane_stops_offering_the_undo_when_its_window_ends(make_app, ui_store, monkeypatch):
    monkeypatch.setattr(deleting, "UNDO_SECONDS", 1.0)
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        reader = app.screen.reader
        await pilot.press("d")
        await pilot.pause()
        assert reader._placeholder == "Deleted. Press u to bring it back."
        ended = "Deleted. Choose a brief in the list and press Enter."
        for _ in range(100):  # the window's end, waited for (a loaded machine is late for it)
            await pilot.pause(0.1)
            if reader._placeholder == ended:
                break
        assert reader._placeholder == ended
        await pilot.press("u")
        await pilot.pause()
        assert not ui_store.exists(OPEN) and notices(app)[-1].startswith("nothing to undo")


async def test_delete_on_a_read_only_store_says_so(make_app, ui_store, tmp_path):
    from tui.store.store import Store

    ui_store.close()
    readonly = Store.open(tmp_path / "ui-store.db", readonly=True)
    app = make_app(store=readonly, initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert readonly.exists(OPEN)
        assert notices(app)[-1] == "the store is read-only: nothing can be deleted"
        for key in ("asterisk", "A"):  # a bookmark, mark all read: said for what they are
            await pilot.press(key)
            await pilot.pause()
            assert notices(app)[-1] == "the store is read-only: read marks and bookmarks cannot be changed"
    readonly.close()


async def test_the_help_screen_lists_delete_and_undo(make_app):
    text = await help_screen_text(make_app, (140, 60))
    assert "delete_brief" in text and "undo" in text
    assert "Delete: open brief" in text


async def test_delete_while_an_import_holds_the_store_says_so_without_freezing(make_app, ui_store):
    import sqlite3
    import time

    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        other = sqlite3.connect(ui_store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program writing, as an import does
        try:
            started = time.monotonic()
            await pilot.press("d")
            await pilot.pause()
            assert time.monotonic() - started < 5  # not the 10 s busy timeout
            assert "the store is busy" in notices(app)[-1]
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert ui_store.exists(OPEN)


async def test_u_undoes_what_came_last_then_what_came_before(make_app, ui_store):
    """One undo key for two actions: after ``d`` then ``A`` (mark all read), ``u`` first marks the
    briefs unread again, then brings the deleted brief back; a third ``u`` has nothing left."""
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        unread_before = {row.id for row in ui_store.list_rows() if not row.read} - {OPEN}
        assert unread_before  # the sample store has unread briefs besides the open one
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(OPEN)
        await pilot.press("A")
        await pilot.pause()
        assert not any(not row.read for row in ui_store.list_rows())
        await pilot.press("u")
        await pilot.pause()
        assert {row.id for row in ui_store.list_rows() if not row.read} == unread_before
        assert not ui_store.exists(OPEN)  # the deletion is still in place
        await pilot.press("u")
        await pilot.pause()
        assert ui_store.exists(OPEN) and notices(app)[-1].startswith("brought back: ")
        assert screen.session.current is not None and screen.session.current.id == OPEN
        await pilot.press("u")
        await pilot.pause()
        assert notices(app)[-1].startswith("nothing to undo")


async def test_d_with_the_link_panel_open_deletes_the_brief_and_closes_its_links(make_app, ui_store):
    app = make_app(initial_id=LINKING)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("l")
        await pilot.pause()
        panel = screen.query_one("#link-panel")
        assert panel.display and app.focused is panel
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(LINKING) and screen.session.current is None
        assert not panel.display  # it listed the deleted brief's links
        assert app.focused is screen.reader


async def test_d_on_a_brief_another_brief_removed_says_so_and_the_reader_goes_on(make_app, ui_store, tmp_path):
    """``brief rm`` in another terminal took the open brief: ``d`` says it is gone already, instead
    of ending the reader with the command line's error."""
    from tui.store.removal import delete
    from tui.store.store import Store

    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        with Store.open(ui_store.path) as other:
            delete(other, [OPEN])
        await pilot.press("d")
        await pilot.pause()
        assert app.is_running
        assert notices(app)[-1] == "the open brief was removed from the store already"


async def test_undo_after_going_back_keeps_the_way_forward(make_app, ui_store):
    """Read A, B, C; delete B from the list; Backspace (to A); u: the history is A, B, C again at
    A, so Alt+Right goes to B, then C (it said "no later brief": C had gone from the history)."""
    app = make_app(initial_id=CHAIN[0])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await read_in_turn(app, pilot, CHAIN)
        await pilot.press("tab")
        lst = screen.article_list
        lst.cursor = next(i for i in range(lst.count) if lst.row(i).id == CHAIN[1])
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(CHAIN[1]) and screen.session.current.id == CHAIN[2]
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.session.current.id == CHAIN[0]
        await pilot.press("u")
        await pilot.pause()
        assert ui_store.exists(CHAIN[1])
        assert [e.brief_id for e in screen.session.history.entries()] == CHAIN
        for expected in CHAIN[1:]:
            await pilot.press("alt+right")
            await pilot.pause()
            assert screen.session.current.id == expected


async def test_u_brings_the_open_brief_back_unread_as_it_was_and_the_list_keeps_the_keys(make_app, ui_store):
    """Marked unread while open, then deleted from the list: the undo opened it again as a brief is
    opened, marking it read, and took the focus to the reading pane, where j no longer moved the list."""
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("m")  # unread again
        await pilot.pause()
        assert ui_store.state(OPEN)[0] is False
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is screen.article_list and screen.article_list.current.id == OPEN
        await pilot.press("d")
        await pilot.pause()
        assert not ui_store.exists(OPEN)
        await pilot.press("u")
        await pilot.pause()
        assert ui_store.exists(OPEN) and ui_store.state(OPEN)[0] is False
        assert screen.session.current is not None and screen.session.current.id == OPEN
        assert app.focused is screen.article_list
        at = screen.article_list.cursor
        await pilot.press("j")
        await pilot.pause()
        assert screen.article_list.cursor == at + 1


async def test_the_notice_of_a_deletion_goes_when_it_is_undone(make_app, ui_store):
    """ "deleted the open brief: … (u to undo, 8 s)" stayed up for seconds after u brought it back."""
    app = make_app(initial_id=OPEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()

        def up() -> list[str]:
            return [notice.message for notice, _ in app._shown_notices.showing()]

        assert any(m.startswith("deleted the open brief: ") for m in up())
        await pilot.press("u")
        await pilot.pause()
        assert not any(m.startswith("deleted the open brief: ") for m in up())
        assert any(m.startswith("brought back: ") for m in up())
        assert len(app._notifications) == len(up())  # the toasts on screen are those notices
