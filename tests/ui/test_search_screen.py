"""The search screen: debounced queries in a worker, results laid out and highlighted, Enter/Escape.

The screen's debounce is a :class:`~ui_helpers.ManualDebounce` the tests fire themselves: no test
depends on how fast the machine types or how long a timer takes.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import import_batch
from textual.app import App
from ui_helpers import ManualDebounce, screen_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fribidi_oracle import fribidi_lines  # noqa: E402

from tui.models import Article, Block, SearchHit  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.ui.screens.search import DEBOUNCE_SECONDS, SearchScreen, fold_copies, hit_prompt, split_snippet  # noqa: E402

HOSTILE = ['"abc', "AND (", "*", "NEAR(", "title:x", "-", "^", "[bold]x", '"', '" *']
NOTHING_IN_IT = {"*", "-", "^", '"', '" *'}
"""The hostile queries with no word in them."""
BASE_ARABIC = re.compile("[\u0621-\u064a]")
UNSET = object()
NOTHING_TO_SEARCH = 'nothing to search for: type a word, a "phrase" or a prefix*'
"""What ``brief search`` says of such a query, too."""

BRIEFS = [
    Article(id="coffee", title="القهوة في اليمن", blocks=(Block("text", "شرب الناسُ القهوةَ في المخا منذ قرون."),)),
    Article(id="tea", title="الشاي الأخضر", blocks=(Block("text", "الشاي مشروب شعبي، وليس مثل القهوة."),)),
    Article(id="markup", title="[bold]x and [red]y[/red]", blocks=(Block("text", "A [link] that is not markup."),)),
    Article(id="astana", title="محادثات أستانة", blocks=(Block("text", "اجتمعت الوفود في أستانة اليوم."),)),
]


@pytest.fixture
def small_store(tmp_path):
    store = Store.open(tmp_path / "search.db")
    import_batch(store, BRIEFS)
    yield store
    store.close()


class SearchApp(App):
    """Pushes the search screen and records what it is dismissed with."""

    def __init__(self, store: Store, **kwargs) -> None:
        super().__init__()
        self.store = store
        self.debounce = ManualDebounce()
        self.kwargs = {"debounce": self.debounce, **kwargs}
        self.result = UNSET

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.store, **self.kwargs), self._done)

    def _done(self, result) -> None:
        self.result = result


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def answered(pilot, screen: SearchScreen) -> None:
    """Wait (for the worker thread, at most 10 s) until the query's answer is shown."""
    for _ in range(500):
        await pilot.pause(0.02)
        if not screen.pending:
            await pilot.pause()
            return
    raise AssertionError("search never answered")


async def settle(pilot, screen: SearchScreen) -> None:
    """The typing paused: fire the debounce if it waits, then wait for the answer."""
    await pilot.pause()
    debounce = screen.debounce
    assert isinstance(debounce, ManualDebounce)
    if debounce.waiting is not None:
        debounce.fire()
    await answered(pilot, screen)


async def test_results_follow_typing_after_the_debounce(small_store, monkeypatch):
    calls: list[str] = []
    real = small_store.search

    def counting(query, limit=20):
        calls.append(query)
        return real(query, limit)

    monkeypatch.setattr(small_store, "search", counting)
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await type_text(pilot, "القهوة")
        await pilot.pause()
        # Nothing yet: each keystroke restarted the debounce, which has not fired.
        assert screen.pending and screen.hits == [] and calls == []
        assert app.debounce.delays == [DEBOUNCE_SECONDS] * 6
        await settle(pilot, screen)
        assert calls == ["القهوة"]  # one query for six keystrokes
        assert {h.id for h in screen.hits} == {"coffee", "tea"}
        assert screen.results.option_count == 2
        assert screen.status.startswith("2 results")
        await type_text(pilot, " اليمن")
        await settle(pilot, screen)
        assert [h.id for h in screen.hits] == ["coffee"]


async def test_enter_opens_the_first_result_with_the_query(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        await type_text(pilot, "استانه")  # no hamza, heh for teh marbuta
        await settle(pilot, app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == ("astana", "استانه")


async def test_down_then_enter_opens_the_second(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await type_text(pilot, "القهوة")
        await settle(pilot, screen)
        second = screen.hits[1].id
        await pilot.press("down", "down", "up", "down", "enter")
        await pilot.pause()
        assert app.result == (second, "القهوة")


async def test_enter_before_the_answer_opens_when_it_arrives(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        await type_text(pilot, "الشاي")
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is UNSET  # the debounce has not fired: no answer to open yet
        app.debounce.fire()
        for _ in range(500):  # the worker thread answers; Enter then opens the first hit
            await pilot.pause(0.02)
            if app.result is not UNSET:
                break
        assert app.result == ("tea", "الشاي")


async def test_escape_dismisses_with_none(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        await type_text(pilot, "القهوة")
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


async def test_no_matches_and_enter_does_nothing(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await type_text(pilot, "zebra")
        await settle(pilot, screen)
        assert screen.hits == []
        assert screen.status == "no matches"
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is UNSET and app.screen is screen


async def test_clearing_the_query_clears_the_results(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await type_text(pilot, "tea")
        await settle(pilot, screen)
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot, screen)
        assert screen.hits == [] and screen.results.option_count == 0
        assert "type to search" in screen.status


@pytest.mark.parametrize("query", HOSTILE)
async def test_hostile_queries_do_not_crash(small_store, query):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await type_text(pilot, query)
        await settle(pilot, screen)
        assert app.screen is screen
        if query in NOTHING_IN_IT:  # says so, as brief search does
            assert screen.hits == [] and screen.status == NOTHING_TO_SEARCH
        else:
            assert screen.status == "no matches" or screen.hits


async def test_brackets_in_a_brief_stay_literal(small_store):
    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await type_text(pilot, "bold")
        await settle(pilot, screen)
        assert [h.id for h in screen.hits] == ["markup"]
        text = screen_text(app)
        assert "[bold]x and [red]y[/red]" in text


async def test_sample_briefs_render_shaped(ui_store):
    app = SearchApp(ui_store)
    async with app.run_test(size=(90, 36)) as pilot:
        screen = app.screen
        await type_text(pilot, "اللغة")
        await settle(pilot, screen)
        assert screen.hits
        body = screen_text(app)
        assert "\ufe94\ufed0\ufee0\ufedf\ufe8d" in body  # اللغة shaped, reversed (by hand)
        assert not BASE_ARABIC.search(body)


async def test_query_given_up_front_runs_at_once(small_store):
    app = SearchApp(small_store, query="الشاي")
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await answered(pilot, screen)  # without the debounce
        assert app.debounce.delays == [] and [h.id for h in screen.hits] == ["tea"]


# -- the pieces ------------------------------------------------------------------------------


def test_split_snippet_removes_markers_and_keeps_spans():
    assert split_snippet("a [tea] b", "tea") == ("a tea b", [(2, 5)])
    assert split_snippet("[شاي] و[شاي]", "شاي") == ("شاي وشاي", [(0, 3), (5, 8)])
    # A literal bracket pair around a matched word: the inner pair are the markers.
    assert split_snippet("x [[bold]] y", "bold") == ("x [bold] y", [(3, 7)])
    # Brackets of the brief that are not around a match stay.
    assert split_snippet("A [link] and [tea]", "tea") == ("A [link] and tea", [(13, 16)])
    assert split_snippet("no markers", "tea") == ("no markers", [])
    assert split_snippet("[unclosed tea", "tea") == ("[unclosed tea", [])


def highlighted(text) -> list[str]:
    """The runs of characters of a Rich text drawn in the match style (reverse)."""
    runs = []
    for span in text.spans:
        if "reverse" in str(span.style):
            runs.append(text.plain[span.start : span.end])
    return runs


def test_hit_prompt_highlights_the_shaped_match_in_title_and_snippet():
    hit = SearchHit(
        id="c", title="القهوة في اليمن", score=1.0, snippet="شرب الناس [القهوة] في المخا", date="2024-01-02"
    )
    prompt = hit_prompt(hit, "القهوه", 40)
    lines = prompt.plain.split("\n")
    assert len(lines) == 3
    # القهوة shaped and reversed by hand: teh marbuta isolated (waw does not join forward),
    # waw final, heh medial, qaf medial, lam initial, alef isolated.
    word = "\ufe93\ufeee\ufeec\ufed8\ufedf\ufe8d"
    assert highlighted(prompt) == [word, word]
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].rstrip() == lines[0] and lines[0].startswith(" ")  # right-aligned title
    assert "[" not in prompt.plain and "]" not in prompt.plain
    assert "2024-01-02" in lines[1]


def test_hit_prompt_keeps_markup_literal():
    hit = SearchHit(id="m", title="[bold]x", score=1.0, snippet="[bold]", date=None)
    prompt = hit_prompt(hit, "bold", 30)
    assert prompt.plain.split("\n")[0] == "[bold]x"
    assert highlighted(prompt) == ["bold", "bold"]


def test_a_hit_shows_its_date_as_the_list_does():
    """In the reader's own time zone, short (the stored ISO text, offset and all, was shown)."""
    moment = "2024-04-01T23:30:00+00:00"
    hit = SearchHit(id="d", title="خبر", score=1.0, snippet="", date=moment, source="src")
    meta = hit_prompt(hit, "خبر", 60).plain.split("\n")[1]
    local = datetime.fromisoformat(moment).astimezone().date().isoformat()  # the day where the reader is
    assert local in meta and "T23:30" not in meta and "+00:00" not in meta


@pytest.mark.parametrize(
    ("width", "meta"),
    [
        (60, "2019-04-29 · outlet-two of a long name · sources: 3"),
        (40, "2019-04-29 · outlet-two of… · sources: 3"),  # the source cut, the count kept
        (28, "2019-04-29 · sources: 3"),  # no room for four cells of source: left out
        (20, "2019-04-29 · ×3"),  # the count written short
    ],
)
def test_the_date_line_of_a_hit_fits_its_width_and_keeps_the_count(width: int, meta: str) -> None:
    """A narrow search box kept the first wrapped line of the date line: the count was lost and
    a separator left hanging (``outlet-two · ·``), a long source cut with no ``…``. (A Latin title:
    the line takes the title's direction, and this one reads left to right.)"""
    hit = SearchHit(
        id="d",
        title="Floods",
        score=1.0,
        snippet="",
        date="2019-04-29",
        source="outlet-two of a long name",
        extra={"copies": 3},
    )
    assert hit_prompt(hit, "floods", width).plain.split("\n")[1].strip() == meta


def test_copies_of_one_story_fold_into_its_best_hit() -> None:
    hits = [SearchHit(i, f"t{i}", 1.0 - n / 10, "") for n, i in enumerate(["a1", "x", "a2", "b1", "a3", "b2", "y"])]
    labels = {"a1": "a", "a2": "a", "a3": "a", "b1": "b", "b2": "b"}
    folded = fold_copies(hits, labels)
    assert [(h.id, h.extra.get("copies")) for h in folded] == [("a1", 3), ("x", None), ("b1", 2), ("y", None)]
    assert fold_copies(hits, {}) == hits


async def test_a_story_republished_by_many_outlets_is_one_result(tmp_path):
    """The labelled set's coffee story in nine copies and a related brief: the search screen shows
    the story once, with how many sources it stands for, as the list does; Enter opens its best hit."""
    from pathlib import Path

    from tui.importing import run_import

    briefs = Path(__file__).resolve().parents[1] / "data" / "same_story" / "briefs"
    store = Store.open(tmp_path / "s.db")
    run_import(store, sorted(briefs.glob("006_*")) + sorted(briefs.glob("001_*original*")), progress=False, out=None)
    try:
        app = SearchApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await type_text(pilot, "المخا")
            await settle(pilot, screen)
            copies = [h for h in screen.hits if h.id.startswith("006_")]
            assert len(copies) == 1 and copies[0].extra["copies"] == len(list(briefs.glob("006_*")))
            assert screen.status.startswith(f"{len(screen.hits)} result")
            assert f"sources: {copies[0].extra['copies']}" in screen_text(app)
    finally:
        store.close()


def test_the_count_of_sources_reads_in_order_after_an_arabic_source() -> None:
    """After an Arabic source a number then a Latin word would be drawn "sources 3" by the bidi
    algorithm: the count is written so that it reads the same either way."""
    hit = SearchHit("a", "خبر عن القهوة", 1.0, "", date="2022-10-01", source="نبض شرقي", extra={"copies": 3})
    meta = hit_prompt(hit, "القهوة", 80).plain.splitlines()[1]
    assert "sources: 3" in meta and "sources 3" not in meta


@pytest.mark.skipif(shutil.which("fribidi") is None, reason="GNU FriBidi CLI `fribidi` not on PATH (libfribidi-bin)")
async def test_arabic_pasted_from_the_screen_goes_in_as_typed_and_shows_as_it_was(small_store):
    """A title copied from brief's screen (presentation forms, last letter first: what GNU FriBidi
    draws for it) and pasted into the search box: the query is the letters in logical order, as if
    typed, and the box draws them as they were on screen, numbers among them too."""
    from textual import events

    from tui.ui.widgets.shaped_input import ShapedInput

    app = SearchApp(small_store)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        box = screen.query_one(ShapedInput)
        for typed in ("محادثات أستانة", "اجتماع أستانة (2017) في 4 أيار"):
            (on_screen,) = fribidi_lines([typed], rtl=True)
            box.value = ""
            box.post_message(events.Paste(on_screen + "\nthe next line"))
            await pilot.pause()
            assert box.value == typed
            assert box.input_line.visual.strip() == on_screen
        await settle(pilot, screen)
        assert [h.id for h in screen.hits] == []  # the last query: no brief holds it
        box.value = ""
        box.post_message(events.Paste(fribidi_lines(["محادثات أستانة"], rtl=True)[0]))
        await settle(pilot, screen)
        assert [h.id for h in screen.hits] == ["astana"]


@pytest.mark.parametrize(
    ("size", "keys"), [((80, 30), "(\u2191\u2193 choose, Enter open, Esc close)"), ((40, 20), "(Enter opens)")]
)
async def test_the_result_count_line_fits_the_screen(small_store, size, keys):
    """The keys after the count are the short form when the whole line would not fit."""
    app = SearchApp(small_store)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await type_text(pilot, "القهوة")
        await settle(pilot, screen)
        assert screen.status == f"2 results  {keys}"
        assert f"2 results  {keys}" in screen_text(app)
