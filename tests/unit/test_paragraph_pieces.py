"""A wall of text (one paragraph of hundreds of thousands of characters) is laid out in pieces.

Oracles: the pieces put back together are the paragraph (round trip); no piece is longer than
the bound or starts with a mark that belongs to the character before it (checked with
:mod:`unicodedata`, independently of the cutting code); each piece is laid out in the direction of
the whole paragraph; and the eager layout (``brief show``), the lazy one (the reader) and find
agree on the pieces.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.models import Article, Block
from tui.text.copying import selected_text
from tui.text.document import PIECE_CHARS, article_sources, layout_article, paragraph_pieces
from tui.text.find import find_matches, match_cells, spilled
from tui.text.lazydoc import LazyLayout
from tui.text.matching import find_all, match_spans

HARAKAT = "\u064e\u064f\u0650\u0651\u0652"


def offsets(pieces: list[str], text: str) -> list[int] | None:
    """Where each piece starts in ``text``, when the pieces are ``text`` cut at dropped spaces or
    between characters (else None)."""

    def place(n: int, at: int) -> list[int] | None:
        if n == len(pieces):
            return [] if at == len(text) or (at == len(text) - 1 and text.endswith(" ")) else None
        if not text.startswith(pieces[n], at):
            return None
        end = at + len(pieces[n])
        # the next piece after the space cut at, or right after this one (a run of spaces makes
        # both possible: '111   11' in pieces of 3 is '111', ' ', '11', a space dropped at each cut)
        for after in (end + 1, end) if n + 1 < len(pieces) and text.startswith(" ", end) else (end,):
            rest = place(n + 1, after)
            if rest is not None:
                return [at, *rest]
        return None

    return place(0, 0)


def starts_clinging(piece: str) -> bool:
    return (
        unicodedata.combining(piece[0]) > 0
        or unicodedata.category(piece[0]).startswith("M")
        or piece[0] in "\u200c\u200d"
    )


def test_a_short_paragraph_is_one_piece() -> None:
    text = "كلمة " * (PIECE_CHARS // 5)
    assert paragraph_pieces(text) == [text]
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    assert [s.rtl for s in article_sources(article) if s.kind == "text"] == [None]  # its own direction


def test_words_are_cut_at_a_space_and_nothing_is_lost() -> None:
    words = " ".join(f"كلمة{i}" for i in range(60_000))
    pieces = paragraph_pieces(words)
    assert len(pieces) > 40 and " ".join(pieces) == words
    assert all(PIECE_CHARS // 2 <= len(p) <= PIECE_CHARS for p in pieces[:-1])
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces)


def test_one_endless_word_with_harakat_keeps_each_mark_on_its_letter() -> None:
    word = ("بَّ" + "ت" * 7 + "ُ") * 30_000  # no space anywhere
    pieces = paragraph_pieces(word, 1_000)
    assert "".join(pieces) == word
    assert all(0 < len(p) <= 1_000 for p in pieces)
    assert not any(starts_clinging(p) for p in pieces)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(["ب", "a", " ", "\u200d", "\ufe0f", "1", *HARAKAT]), max_size=400),
    st.integers(min_value=2, max_value=40),
)
def test_pieces_rejoin_and_never_start_with_a_mark(text: str, size: int) -> None:
    pieces = paragraph_pieces(text, size)
    starts = offsets(pieces, text)
    assert starts is not None
    assert all(len(p) <= size for p in pieces)
    for n, start in enumerate(starts[1:], 1):
        if pieces[n] and starts_clinging(pieces[n]) and text[start - 1] != " ":
            # cut inside a run of marks only when the piece before is one character and its marks
            assert all(starts_clinging(c) for c in pieces[n - 1][1:])


def test_every_piece_takes_the_direction_of_the_whole_paragraph() -> None:
    """A piece that happens to start with a Latin word (CNN) is still laid out right to left,
    right-aligned, as the Arabic paragraph it belongs to."""
    sentence = "قالت الوكالة في بيان نشرته اليوم إن الاجتماع سيعقد غدا. "
    filler = sentence * (2 * PIECE_CHARS // len(sentence))
    text = (
        filler[: PIECE_CHARS - 1] + " CNN ذكرت شبكة الأخبار " + filler
    )  # the last space of the first piece: before CNN
    article = Article(id="a", title="عنوان", blocks=(Block(kind="text", text=text),))
    pieces = [s for s in article_sources(article) if s.kind == "text"]
    assert len(pieces) >= 2 and pieces[1].text.startswith("CNN")
    assert all(s.rtl is True and s.index == 0 for s in pieces)
    laid = layout_article(article, 60)
    second = [b for b in laid if b.kind == "text"][1]
    assert second.rendered.rtl and second.rendered.lines[0].text.rstrip().endswith("CNN")


def test_the_reader_lays_out_only_the_pieces_it_shows_and_find_sees_every_one() -> None:
    text = " ".join(["خبر"] * 150_000) + " النهاية"
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 80).count_all()
    eager = layout_article(article, 80)
    assert len(lazy) == len(eager) > 50
    assert lazy.line_count == eager[-1].first_line + len(eager[-1].rendered.lines)
    lazy[1]  # the first piece, as a reader opening the brief draws it
    assert len(lazy._cache) == 1
    (match,) = find_matches(lazy, "النهاية")
    assert match[0] == len(lazy) - 1


@pytest.mark.parametrize("spaced", [True, False])
def test_a_selection_across_a_cut_copies_the_paragraph_as_written(spaced: bool) -> None:
    """The lines on both sides of a cut, selected with the mouse, are copied as the paragraph had
    them: with the space the cut dropped, or with nothing where it cut a word; never a line break."""
    rng = random.Random(7)
    letters = [chr(c) for c in range(0x628, 0x63B)]  # ب to غ: no mark, so any two may follow each other
    text = " ".join(f"كلمة{i}" for i in range(6_000)) if spaced else "".join(rng.choices(letters, k=20_000))
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 50).count_all()
    first = next(pos for pos in range(len(lazy)) if lazy[pos].kind == "text")
    before, after = lazy[first], lazy[first + 1]
    assert after.joined == (" " if spaced else "") and before.joined is None
    last_line = before.first_line + len(before.rendered.lines) - 1
    got = selected_text(lazy, (last_line, 0), (after.first_line, 1 << 30))
    assert "\n" not in got and len(got) > 40
    assert got in text
    assert text.index(got) < len(before.text) < text.index(got) + len(got)  # it spans the cut


def piece_starts(blocks: list, text: str) -> list[int]:
    """Where each piece of ``text`` starts in it (every block here is a piece of that one paragraph),
    found by searching the paragraph, not from the pieces' ``joined``."""
    starts, at = [], 0
    for block in blocks:
        at = text.index(block.text, at)
        starts.append(at)
        at += len(block.text)
    return starts


@pytest.mark.parametrize("spaced", [True, False])
def test_find_sees_a_phrase_across_a_cut_as_in_the_whole_paragraph(spaced: bool) -> None:
    """Find in the pieces gives the matches that :func:`find_all` gives in the paragraph whole (the
    oracle), phrases across each cut among them; each match's parts (:func:`spilled`) cover its
    range piece by piece."""
    rng = random.Random(11)
    letters = [chr(c) for c in range(0x628, 0x63B)]
    text = " ".join(f"كلمة{i}" for i in range(7_000)) if spaced else "".join(rng.choices(letters, k=30_000))
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 50).count_all()
    first = next(pos for pos in range(len(lazy.sources)) if lazy.sources[pos].kind == "text")
    blocks = list(lazy.sources[first:])
    assert len(blocks) >= 3
    starts = piece_starts(blocks, text)
    queries = [text[at - 6 : at + 5] for at in starts[1:]]  # across each cut
    queries += [text[at + 100 : at + 108] for at in starts]  # inside a piece
    for query in queries:
        expected = find_all(text, query)
        matches = find_matches(lazy, query)
        assert [(starts[pos - first] + s, starts[pos - first] + e) for pos, s, e in matches] == expected
        parts = spilled(lazy, matches)
        for i, (pos, s, e) in enumerate(matches):
            covered = [(starts[pos - first] + s, starts[pos - first] + min(e, len(blocks[pos - first].text)))]
            covered += [
                (starts[p - first] + a, starts[p - first] + b) for p, run in parts.items() for a, b, j in run if j == i
            ]
            chars = {c for a, b in covered for c in range(a, b) if not text[c].isspace()}
            assert chars == {c for c in range(*expected[i]) if not text[c].isspace()}, query


def test_a_match_across_a_cut_is_drawn_on_both_sides() -> None:
    """:func:`match_cells` of a phrase across a cut gives cells on the last line of the piece before
    and on the first line of the piece after."""
    text = " ".join(f"كلمة{i}" for i in range(7_000))
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 50).count_all()
    cut = next(pos for pos in range(len(lazy.sources)) if lazy.sources[pos].joined is not None)
    before, after = lazy[cut - 1], lazy[cut]
    query = before.text.rsplit(" ", 1)[1] + " " + after.text.split(" ", 1)[0]
    (match,) = find_matches(lazy, query)
    lines = {line for line, _, _ in match_cells(lazy, match)}
    assert lines == {before.first_line + len(before.rendered.lines) - 1, after.first_line}


def test_a_search_phrase_across_a_cut_is_found_as_in_the_whole_paragraph() -> None:
    """A store search's phrase (:func:`match_spans`, words and stems) across each cut is found where
    it is found in the paragraph whole, and a word alone at each side of it too."""
    text = " ".join(f"الكلمة{i} والخبر" for i in range(4_000))
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 50).count_all()
    first = next(pos for pos in range(len(lazy.sources)) if lazy.sources[pos].kind == "text")
    blocks = list(lazy.sources[first:])
    starts = piece_starts(blocks, text)
    for at in starts[1:]:
        before, after = text[:at].split()[-1], text[at:].split()[0]
        for query in (f'"{before} {after}"', before, f"{after[:4]}*"):
            matches = find_matches(lazy, query, spans=match_spans)
            expected = match_spans(text, query)
            assert [(starts[pos - first] + s, starts[pos - first] + e) for pos, s, e in matches] == expected, query


def test_find_in_pieces_gives_up_between_pieces() -> None:
    """A worker's out-of-date search stops between two pieces of a wall of text, not at its end."""
    text = " ".join(["خبر"] * 20_000)
    article = Article(id="a", title="t", blocks=(Block(kind="text", text=text),))
    lazy = LazyLayout(article_sources(article), 50)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    assert find_matches(lazy, "خبر", stop=stop) == []
    assert len(asked) == 4 < len(lazy.sources)
