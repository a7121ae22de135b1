"""Find in a laid-out brief: matches across hamza/harakat spellings and the cells they light up.

Oracles: match counts come from regular expressions over the raw file written by hand for each
spelling; the glyphs in a match's cells are read off the printed lines (``article_plain_lines``,
one character at a time with Rich cell widths) and compared with GNU FriBidi's rendering of the
matched word on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines, normalise
from rich.cells import get_character_cell_size

from tui.models import Article, Block
from tui.text.document import article_plain_lines, article_sources, layout_article
from tui.text.find import (
    FindState,
    counter_text,
    find_matches,
    match_cells,
    match_line,
    search_in_worker,
    step_index,
)
from tui.text.lazydoc import HUGE_CHARS, LazyLayout

SAMPLE = Path(__file__).resolve().parents[2] / "articles" / "000_6b818919d795fa73.txt"
WIDTH = 44
needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)


def sample_article() -> Article:
    """The sample brief parsed simply: a short title, one paragraph per non-blank line."""
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(id="sample", title="مباحثات أستانة", blocks=tuple(Block("text", line) for line in lines))


def cells_text(line: str, c0: int, c1: int) -> str:
    """The characters of a printed line drawn in cells [c0, c1), zero-width marks with their base."""
    out = []
    cell = 0
    taking = False
    for ch in line:
        width = get_character_cell_size(ch)
        if width:
            taking = c0 <= cell < c1
            cell += width
        if taking:
            out.append(ch)
    return "".join(out)


@pytest.fixture(scope="module")
def laid():
    return layout_article(sample_article(), WIDTH)


@pytest.fixture(scope="module")
def printed():
    return article_plain_lines(sample_article(), WIDTH)


RAW = sample_article()


def raw_count(pattern: str) -> int:
    """Occurrences of a hand-written spelling pattern in the title and paragraphs."""
    return sum(len(re.findall(pattern, text)) for text in (RAW.title, *RAW.paragraphs))


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        ("استانة", "[اأإآ]ستان[ةه]"),  # written أستانة: a query without hamza finds it
        ("أستانه", "[اأإآ]ستان[ةه]"),  # taa marbuta and heh are one letter for search
        ("ايران", "[اأإآ]يران"),  # إيران and ايران both occur, and inside الإيرانية
        ("بيان", "بيان"),  # بيانٍ with tanween is found by the bare word
        ("بيانٍ", "بيان"),  # and harakat in the query are ignored
        ("الاردن", "ال[اأإآ]ردن"),
        ("خفض التصعيد", "خفض\\s+التصعيد"),
    ],
)
def test_find_matches_counts_every_spelling(laid, query, pattern):
    matches = find_matches(laid, query)
    assert len(matches) == raw_count(pattern) > 0
    assert matches == sorted(matches)  # reading order
    for pos, start, end in matches:
        found = laid[pos].text[start:end]
        assert re.fullmatch(pattern + "[\u064b-\u0652]*", found), found


def test_match_keeps_the_harakat_of_its_last_letter(laid):
    texts = [laid[pos].text[s:e] for pos, s, e in find_matches(laid, "بيان")]
    assert "بيانٍ" in texts  # the tanween belongs to the matched word
    texts = [laid[pos].text[s:e] for pos, s, e in find_matches(laid, "وقت")]
    assert texts == ["وقتٍ"]


def test_harakat_in_the_text_do_not_split_the_word():
    article = Article(id="h", title="t", blocks=(Block("text", "قال: كَتَبَ الوَلَدُ الدَّرسَ ثم كتب"),))
    laid = layout_article(article, 40)
    found = [laid[pos].text[s:e] for pos, s, e in find_matches(laid, "كتب")]
    assert found == ["كَتَبَ", "كتب"]
    assert [laid[pos].text[s:e] for pos, s, e in find_matches(laid, "الدرس")] == ["الدَّرسَ"]


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_blank_query_finds_nothing(laid, query):
    assert find_matches(laid, query) == []


@pytest.mark.parametrize("query", ['"abc', "AND (", "*", "NEAR(", "title:x", "-", "^", "[bold]x", "\\", "(?i)"])
def test_hostile_queries_are_plain_text(query):
    article = Article(id="x", title="t", blocks=(Block("text", f"before {query} after"),))
    laid = layout_article(article, 60)
    matches = find_matches(laid, query)
    assert [laid[pos].text[s:e] for pos, s, e in matches] == [query]


def whole_word(text: str, start: int, end: int) -> bool:
    """True when [start, end) is a whole word: no letter just before or after it."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalpha() and not after.isalpha()


@needs_fribidi
@pytest.mark.parametrize("query", ["استانة", "الدول الضامنة", "ايران", "الجمعة", "اعلنت", "بيان"])
def test_match_cells_show_exactly_the_matched_word(laid, printed, query):
    matches = [m for m in find_matches(laid, query) if whole_word(laid[m[0]].text, m[1], m[2])]
    assert matches
    checked = 0
    for match in matches:
        pos, start, end = match
        word = laid[pos].text[start:end]
        runs = match_cells(laid, match)
        assert runs and all(c1 > c0 for _, c0, c1 in runs)
        assert runs[0][0] == match_line(laid, match)
        # One run per line; lines follow each other.
        lines = [line for line, _, _ in runs]
        assert lines == list(range(lines[0], lines[0] + len(lines)))
        words = word.split()
        if len(runs) == 1:
            ((line, c0, c1),) = runs
            shown = cells_text(printed[line], c0, c1)
            assert normalise(shown) == fribidi_lines([word], rtl=True)[0]
        else:
            # A phrase wrapped over lines: each line shows some of its words, in order.
            shown = [cells_text(printed[line], c0, c1) for line, c0, c1 in runs]
            expected = fribidi_lines(words, rtl=True)
            assert [normalise(s) for s in shown] == [
                " ".join(reversed(expected[i:j])) for i, j in _splits(shown, expected)
            ]
        checked += 1
    assert checked == len(matches)


def _splits(shown: list[str], expected: list[str]) -> list[tuple[int, int]]:
    """Group the expected words by how many each shown line holds (counted by its spaces)."""
    out = []
    i = 0
    for s in shown:
        n = len(s.split())
        out.append((i, i + n))
        i += n
    return out


@needs_fribidi
def test_a_phrase_wrapped_over_two_lines_lights_both_parts():
    text = "قال البيان إن الدول الضامنة اتفقت على خفض التصعيد في المنطقة"
    article = Article(id="w", title="t", blocks=(Block("text", text),))
    for width in range(12, 40):
        laid = layout_article(article, width)
        match = find_matches(laid, "خفض التصعيد")[0]
        runs = match_cells(laid, match)
        if len(runs) == 2:
            break
    else:
        pytest.fail("no width wraps the phrase")
    printed = article_plain_lines(article, width)
    first, second = (normalise(cells_text(printed[line], c0, c1)) for line, c0, c1 in runs)
    assert [first, second] == fribidi_lines(["خفض", "التصعيد"], rtl=True)
    assert runs[1][0] == runs[0][0] + 1


def test_latin_word_in_arabic_line_lights_its_own_cells():
    article = Article(id="m", title="t", blocks=(Block("text", "تعلمت لغة Python في الجامعة"),))
    laid = layout_article(article, 40)
    printed = article_plain_lines(article, 40)
    matches = find_matches(laid, "python")
    assert len(matches) == 1
    ((line, c0, c1),) = match_cells(laid, matches[0])
    assert cells_text(printed[line], c0, c1) == "Python"
    assert c1 - c0 == 6


def test_arabic_word_in_english_line():
    article = Article(id="e", title="t", blocks=(Block("text", "The word قهوة means coffee"),))
    laid = layout_article(article, 40)
    printed = article_plain_lines(article, 40)
    ((line, c0, c1),) = match_cells(laid, find_matches(laid, "قهوه")[0])
    # Shaped and reversed by hand: qaf initial, heh medial, waw final, teh marbuta isolated.
    assert cells_text(printed[line], c0, c1) == "\ufe93\ufeee\ufeec\ufed7"
    assert printed[line].startswith("The word \ufe93")


@pytest.mark.parametrize(
    ("current", "total", "after", "before"),
    [(None, 3, 0, 2), (0, 3, 1, 2), (2, 3, 0, 1), (0, 1, 0, 0), (None, 0, None, None), (5, 0, None, None)],
)
def test_next_and_previous_wrap(current, total, after, before):
    assert step_index(current, 1, total) == after
    assert step_index(current, -1, total) == before


def test_find_state_steps_through_its_matches_and_wraps(laid):
    state = FindState()
    state.query = "ايران"
    expected = raw_count("[اأإآ]يران")
    assert expected >= 3
    assert state.show(state.find(laid)) == 0
    assert len(state.matches) == expected
    assert [state.step(1) for _ in range(expected)] == [*range(1, expected), 0]  # wraps to the first
    assert state.step(-1) == expected - 1  # and back to the last
    state.clear()
    assert (state.query, state.matches, state.current, state.active) == ("", [], None, False)


def test_find_state_with_no_matches_has_no_current(laid):
    state = FindState()
    state.query = "zzzz"
    assert state.show(state.find(laid)) is None
    assert state.step(1) is None and state.step(-1) is None


def test_find_state_as_search_matches_what_the_search_matched():
    article = Article(id="s", title="t", blocks=(Block("text", "there is the word the, and then theme"),))
    laid = layout_article(article, 60)
    state = FindState()
    state.query = "the"
    found = [laid[p].text[s:e] for p, s, e in state.find(laid)]
    assert found == ["the"] * 5  # as typed: inside there, then and theme too
    state.as_search = True
    found = [(laid[p].text[s:e], s) for p, s, e in state.find(laid)]
    text = laid[1].text
    assert found == [("the", text.index(" the ") + 1), ("the", text.index("the,"))]  # whole words only


def test_a_huge_brief_is_searched_in_a_worker():
    para = "كلمة " * 1000
    small = LazyLayout(article_sources(Article(id="s", title="t", blocks=(Block("text", para),))), 40)
    n = HUGE_CHARS // len(para) + 1
    huge = LazyLayout(article_sources(Article(id="h", title="t", blocks=(Block("text", para),) * n)), 40)
    assert small.chars <= HUGE_CHARS < huge.chars
    assert not search_in_worker(small, "كلمة")
    assert search_in_worker(huge, "كلمة")
    assert not search_in_worker(huge, "  ")  # a blank query finds nothing anywhere
    # Searched without counting or rendering a block, and a stop asked for gives up.
    assert len(find_matches(huge, "كلمه")) == 1000 * n and len(huge) == 0
    asked = []
    assert find_matches(huge, "كلمه", stop=lambda: bool(asked.append(1)) or len(asked) > 3) == []
    assert len(asked) == 4


def test_counter_text():
    assert counter_text(0, 4, "x") == "1/4"
    assert counter_text(3, 4, "x") == "4/4"
    assert counter_text(None, 0, "x") == "no matches"
    assert counter_text(None, 0, "") == ""
    assert counter_text(None, 0, "  ") == ""
