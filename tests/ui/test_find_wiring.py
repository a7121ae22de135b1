"""Find and search wired into the main screen: `/`, typing, n/N, the counter, Escape, `s`."""

from __future__ import annotations

from tui.ui.find import find_matches


def _english_brief(store):
    """An English brief and a word it uses at least twice."""
    from tui.text.bidi import is_rtl

    for row in store.list_rows():
        if not is_rtl(row.title):
            article = store.get(row.id)
            body = " ".join(article.paragraphs).lower()
            for word in ("the", "and", "of"):
                if body.count(f" {word} ") >= 2:
                    return row.id, word
    raise AssertionError("no English sample brief")


async def test_slash_finds_steps_and_closes(make_app, ui_store):
    from tui.ui.widgets.find_bar import FindBar

    brief_id, word = _english_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief(brief_id)
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        bar = screen.query_one(FindBar)
        assert bar.display
        assert app.focused is not None and (app.focused is bar or bar in app.focused.ancestors)
        await pilot.press(*word)
        await pilot.pause()
        reader = screen.reader
        expected = find_matches(reader.laid, word)
        assert len(expected) >= 2
        assert reader.matches == expected
        assert reader.current_match == 0
        await pilot.press("tab")  # to the reader, find stays on
        assert app.focused is reader
        await pilot.press("n")
        assert reader.current_match == 1
        pos, start, _ = expected[1]
        line = reader.line_of(pos, start)
        assert reader.current_scroll <= line < reader.current_scroll + reader.size.height
        await pilot.press("N", "N")
        assert reader.current_match == len(expected) - 1  # wraps around
        await pilot.press("slash")
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert reader.matches == []


async def test_search_result_opens_with_find_active(make_app, ui_store):
    from tui.ui.screens.search import SearchScreen

    brief_id, word = _english_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.dismiss((brief_id, word))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert screen.reader.article.id == brief_id
        assert screen.find_query == word
        assert screen.reader.matches == find_matches(screen.reader.laid, word)
        assert screen.reader.current_match == 0
