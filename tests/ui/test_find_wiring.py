"""Find and search wired into the main screen: `/`, typing, n/N, the counter, Escape, `s`."""

from __future__ import annotations

import re

from ui_helpers import screen_text

from tui.text.find import find_matches, match_line


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
        # the prompt a cell off the list pane's border, as the reading pane's text is
        assert any("\u2595 Find: " in line for line in screen_text(app).splitlines())
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
        line = match_line(reader.laid, expected[1])
        assert reader.current_scroll <= line < reader.current_scroll + reader.size.height
        await pilot.press("N", "N")
        assert reader.current_match == len(expected) - 1  # wraps around
        await pilot.press("slash")
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert reader.matches == []


async def _open_from_search(app, pilot, brief_id: str, query: str):
    """Press ``s`` and choose ``brief_id`` as the search screen's result for ``query``."""
    from tui.ui.screens.search import SearchScreen

    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    app.screen.dismiss((brief_id, query))
    await pilot.pause()
    await pilot.pause()
    return app.screen


async def test_search_result_opens_with_find_active(make_app, ui_store):
    brief_id, word = _english_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open_from_search(app, pilot, brief_id, word)
        assert screen.reader.article.id == brief_id
        assert screen.finder.query == word
        # Highlighted as the search matched: the whole word, not "the" inside "there".
        reader = screen.reader
        found = [reader.laid[pos].text[start:end].lower() for pos, start, end in reader.matches]
        expected = sum(len(re.findall(rf"\b{word}\b", b.text, flags=re.I)) for b in reader.laid)
        assert found == [word] * expected and expected >= 2
        assert reader.current_match == 0


async def test_search_result_highlights_what_the_search_matched(make_app, ui_store):
    """A prefix or several loose words from the store search are not a literal string to find."""
    coffee = next(r.id for r in ui_store.list_rows() if r.id.startswith("006"))
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open_from_search(app, pilot, coffee, "مكت*")
        reader = screen.reader
        found = [reader.laid[pos].text[start:end] for pos, start, end in reader.matches]
        assert found == ["المكتوبة"]  # the one word of the brief starting so (checked by hand)
        # Typing in the find bar goes back to finding the text as typed.
        await pilot.press("slash", "backspace", *"مكت")
        await pilot.pause()
        assert screen.finder.query == "مكت"
        assert [reader.laid[p].text[s:e] for p, s, e in reader.matches] == ["مكت"]


async def test_a_search_query_kept_in_the_find_bar_is_found_again_as_the_search_found_it(make_app, ui_store):
    """Escape, then / with the query the search left: the same matches (as typed, "مكت*" is no text
    of the brief: it found nothing)."""
    coffee = next(r.id for r in ui_store.list_rows() if r.id.startswith("006"))
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _open_from_search(app, pilot, coffee, "مكت*")
        reader = screen.reader
        first = list(reader.matches)
        assert [reader.laid[p].text[s:e] for p, s, e in first] == ["المكتوبة"]
        await pilot.press("escape")
        await pilot.pause()
        assert reader.matches == []
        await pilot.press("slash")
        await pilot.pause()
        assert screen.finder.bar.value == "مكت*" and list(reader.matches) == first
        await pilot.press("backspace", *"مكت")  # edited: found as typed from now on
        await pilot.pause()
        assert screen.finder.query == "مكت"
        assert [reader.laid[p].text[s:e] for p, s, e in reader.matches] == ["مكت"]


async def test_search_result_in_a_narrow_terminal_opens_with_its_matches(make_app, ui_store):
    """At 40 columns the list and the brief take turns: the reading pane is laid out only once it is
    shown, after the brief opened with find on; the matches are found then, not lost."""
    brief_id, word = _english_brief(ui_store)
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await _open_from_search(app, pilot, brief_id, word)
        await pilot.pause()
        reader = screen.reader
        assert reader.article.id == brief_id and reader.laid_width > 0
        expected = sum(len(re.findall(rf"\b{word}\b", b.text, flags=re.I)) for b in reader.laid)
        assert expected >= 2
        assert len(reader.matches) == expected
        assert reader.current_match == 0
