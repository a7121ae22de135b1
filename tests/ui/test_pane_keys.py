"""What each key does in each pane: the list moves its highlight, the reader scrolls like a pager,
Enter opens the highlighted brief from either pane, and m/* act on the brief the pane shows."""

from __future__ import annotations

from store_helpers import import_batch
from ui_helpers import help_screen_text

from tui.models import Article, Block


def _many(store, n: int = 60) -> None:
    """``n`` extra briefs so that the list scrolls (each its own story, so the list shows each)."""

    def body(i: int) -> tuple[Block, ...]:
        return (Block("text", f"نص قصير رقم {i} عن حدث {i} في مدينة {i}. " * 3),)

    import_batch(store, [Article(id=f"x{i:03}", title=f"خبر إضافي رقم {i}", blocks=body(i)) for i in range(n)])


async def test_reader_keys_scroll_the_brief_and_leave_the_list_alone(make_app):
    app = make_app(initial_id="003_khwarizmi_numbers")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert app.focused is screen.reader
        cursor = screen.article_list.cursor
        await pilot.press("j", "j")
        assert screen.reader.scroll_offset.y == 2
        await pilot.press("k")
        assert screen.reader.scroll_offset.y == 1
        await pilot.press("G")
        assert screen.reader.scroll_offset.y == screen.reader.max_scroll_y > 0
        await pilot.press("g")
        assert screen.reader.scroll_offset.y == 0
        assert screen.article_list.cursor == cursor


async def test_enter_in_the_reader_opens_the_highlighted_brief(make_app, ui_store):
    app = make_app(initial_id="003_khwarizmi_numbers")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("tab", "j", "tab")
        assert app.focused is screen.reader
        highlighted = screen.article_list.current
        assert highlighted is not None and highlighted.id != "003_khwarizmi_numbers"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.article.id == highlighted.id
        await pilot.press("enter")  # the open brief is the highlighted one: nothing changes
        assert screen.reader.article.id == highlighted.id


async def test_page_keys_page_the_list_and_keep_the_highlight_in_view(make_app, ui_store):
    _many(ui_store)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("tab")  # open nothing; come back to the list
        await pilot.press("tab")
        assert app.focused is screen.article_list
        reader_scroll = screen.reader.scroll_offset.y
        height = screen.article_list.size.height
        await pilot.press("pagedown")
        await pilot.pause()
        lst = screen.article_list
        assert lst.cursor == height - 1
        assert lst.scroll_offset.y <= lst.cursor < lst.scroll_offset.y + height
        await pilot.press("pagedown", "pagedown", "pageup")
        await pilot.pause()
        assert lst.scroll_offset.y <= lst.cursor < lst.scroll_offset.y + height
        assert screen.reader.scroll_offset.y == reader_scroll
        await pilot.press("down")  # the list's own arrow keys move the highlight, not the view
        step = height - 1
        assert lst.cursor == min(3 * step, lst.count - 1) - step + 1


async def test_read_and_bookmark_act_on_the_brief_the_pane_shows(make_app, ui_store):
    app = make_app(initial_id="003_khwarizmi_numbers")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("tab", "g", "tab")  # highlight row 1, back in the reader
        first = screen.article_list.current
        assert first is not None and first.id != "003_khwarizmi_numbers"
        before = ui_store.state("003_khwarizmi_numbers")[1]
        await pilot.press("asterisk")
        assert ui_store.state("003_khwarizmi_numbers")[1] is not before
        assert ui_store.state(first.id)[1] is False


async def test_help_says_what_each_key_does_in_each_pane(make_app):
    text = await help_screen_text(make_app, (160, 50))
    assert "List: Next brief. Reader: Scroll down a line" in text
    assert "Reader: Open the highlighted brief" in text
    assert "Reader: Bookmark: open" in text
