"""Snapshots of the reader: the main screen, the help screen and a narrow terminal.

Update after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations


def _arabic_brief(store) -> int:
    """The list position of the first brief with an Arabic title and a read-also link."""
    from tui.text.bidi import is_rtl

    for index, row in enumerate(store.list_rows()):
        if is_rtl(row.title) and any(link.target for link in store.outgoing(row.id)):
            return index
    raise AssertionError("no Arabic brief with a link among the samples")


def test_main_screen(snap_compare, make_app, ui_store):
    index = _arabic_brief(ui_store)

    async def open_it(pilot):
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(110, 30), run_before=open_it)


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(110, 40), press=["question_mark"])


def test_narrow_terminal_reader(snap_compare, make_app, ui_store):
    index = _arabic_brief(ui_store)

    async def open_it(pilot):
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(40, 10), run_before=open_it)


def test_narrow_terminal_list(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 10))


def test_reader_80x24_after_end(snap_compare, make_app):
    async def read_to_the_end(pilot):
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(
        make_app(initial_id="003_khwarizmi_numbers"), terminal_size=(80, 24), run_before=read_to_the_end
    )


def test_search_results_with_a_scrollbar(snap_compare, make_app):
    """Arabic results in a list that scrolls: every row laid out for the cells left by the scrollbar."""

    async def search(pilot):
        from tui.ui.widgets.shaped_input import ShapedInput

        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        pilot.app.screen.query_one(ShapedInput).cursor_blink = False
        await pilot.press("ف", "ي")
        for _ in range(100):  # until the debounced query is answered
            await pilot.pause(0.05)
            if pilot.app.screen.hits and not pilot.app.screen.pending:
                break
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=search)


def test_long_list_with_a_scrollbar(snap_compare, make_app, ui_store):
    from store_helpers import import_batch

    from tui.models import Article, Block

    body = (Block("text", "نص قصير."),)
    import_batch(
        ui_store, [Article(id=f"x{i:03}", title=f"خبر إضافي رقم {i} عن المدينة", blocks=body) for i in range(60)]
    )

    async def page(pilot):
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=page)


def test_help_at_40x10(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 10), press=["question_mark"])
