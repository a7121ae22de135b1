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
