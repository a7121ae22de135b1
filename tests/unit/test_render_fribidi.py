"""The rendered lines match GNU FriBidi on the same paragraphs.

Every visual line the pipeline produces is compared with what ``fribidi``
resolves for the whole paragraph (levels and glyphs), broken where brief broke
it (see :func:`fribidi_oracle.fribidi_paragraph_lines`), with the paragraph's
direction forced: wrapping is ours, and shaping, levels, reordering, mirroring
and mark placement are checked against an independent implementation.
"""

from __future__ import annotations

import pytest
from fribidi_oracle import (
    FRIBIDI,
    SKIP_REASON,
    article_paragraphs,
    fribidi_lines,
    fribidi_paragraph_lines,
    fribidi_rtl,
    ligate_across_marks,
    normalise,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.text.bidi import is_rtl
from tui.text.layout import render_line, render_paragraph, truncate_logical
from tui.text.sanitize import sanitize

pytestmark = pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)

WIDTHS = (30, 40, 50, 72, 100, 120)
PARAGRAPHS = list(article_paragraphs())


def _compare(paragraphs: list[str], width: int) -> list[str]:
    """Render ``paragraphs`` and return a description of every line fribidi disagrees with."""
    failures: list[str] = []
    for rtl in (True, False):
        rendered = [render_paragraph(p, width) for p in paragraphs]
        rendered = [r for r in rendered if r.rtl is rtl]
        if not rendered:
            continue
        for paragraph, expected in zip(rendered, fribidi_paragraph_lines(rendered, rtl)):
            for line, want in zip(paragraph.lines, expected, strict=True):
                if normalise(line.text) != want:
                    logical = sanitize(paragraph.source)[line.start : line.end]
                    failures.append(f"{logical!r}\n  ours:    {normalise(line.text)!r}\n  fribidi: {want!r}")
    return failures


def test_articles_exist() -> None:
    assert len(PARAGRAPHS) > 20


@pytest.mark.parametrize("width", WIDTHS)
def test_article_lines_match_fribidi(width: int) -> None:
    failures = _compare([p for _, p in PARAGRAPHS], width)
    assert not failures, f"{len(failures)} lines differ:\n" + "\n".join(failures[:5])


def test_paragraph_direction_matches_fribidi() -> None:
    paragraphs = [p for _, p in PARAGRAPHS] + ["123 abc", "... نص", "\u2067نص\u2069 abc", "", "(نص)"]
    assert [is_rtl(p) for p in paragraphs] == fribidi_rtl(paragraphs)


def test_article_titles_match_fribidi() -> None:
    titles = [p[len("title:") :].strip() for _, p in _front_matter() if p.startswith("title:")]
    assert titles
    for width in (12, 25, 40):
        cut = [truncate_logical(title, width) for title in titles]
        for rtl in (True, False):
            chosen = [(t, c) for t, c in zip(titles, cut) if is_rtl(t) is rtl]
            if not chosen:
                continue
            expected = fribidi_lines([ligate_across_marks(sanitize(c)) for _, c in chosen], rtl)
            for (title, _), want in zip(chosen, expected):
                assert normalise(render_line(title, width).text) == want


def _front_matter() -> list[tuple[str, str]]:
    """Return (file, line) pairs from the front matter blocks of the articles."""
    from fribidi_oracle import ARTICLES

    found = []
    for path in sorted(ARTICLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if lines and lines[0].strip() == "---":
            for line in lines[1:]:
                if line.strip() == "---":
                    break
                found.append((path.name, line))
    return found


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


@st.composite
def arabic_word(draw: st.DrawFn) -> str:
    """An Arabic word, often with a lam-alef and sometimes with harakat."""
    letters = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=7))
    if draw(st.booleans()):
        letters.insert(draw(st.integers(0, len(letters))), "ل" + draw(st.sampled_from("اأإآ")))
    word = ""
    for letter in letters:
        word += letter
        if draw(st.integers(0, 4)) == 0:
            word += draw(st.sampled_from(HARAKAT))
    return ("ال" if draw(st.booleans()) else "") + word


NUMBER = st.from_regex(
    r"[+\-]?[0-9]{1,4}([.,:/][0-9]{1,3})?%?|[٠-٩]{1,3}([٫,][٠-٩]{1,2})?|\$[0-9]{1,3}", fullmatch=True
)
LATIN = st.from_regex(r"[A-Za-z]{1,8}([-'.][A-Za-z]{1,5})?", fullmatch=True)
PUNCT = st.sampled_from(list(".,،؛؟!:-/\"“”«»…'*&#@+=<>") + ["--", "?!", "..."])
OPEN_CLOSE = ("()", "[]", "{}", "«»")


@st.composite
def token(draw: st.DrawFn, depth: int = 0) -> str:
    """One token: a word, number, punctuation, or a bracketed group of tokens."""
    kind = draw(st.integers(0, 9))
    if kind <= 4:
        return draw(arabic_word())
    if kind == 5:
        return draw(NUMBER)
    if kind == 6:
        return draw(LATIN)
    if kind == 7:
        return draw(PUNCT)
    pair = draw(st.sampled_from(OPEN_CLOSE))
    inner = draw(st.lists(token(depth + 1) if depth < 2 else arabic_word(), min_size=0, max_size=3))
    if draw(st.integers(0, 5)) == 0:
        return pair[draw(st.integers(0, 1))] + " ".join(inner)
    return pair[0] + " ".join(inner) + pair[1]


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    """Tokens joined by one or more spaces, sometimes glued to punctuation."""
    tokens = draw(st.lists(token(), min_size=1, max_size=18))
    text = ""
    for item in tokens:
        text += item + draw(st.sampled_from([" ", " ", " ", "  ", ""]))
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph(), st.integers(min_value=6, max_value=60), st.sampled_from([None, True, False]))
def test_generated_lines_match_fribidi(text: str, width: int, rtl: bool | None) -> None:
    rendered = render_paragraph(text, width, rtl=rtl)
    (expected,) = fribidi_paragraph_lines([rendered], rendered.rtl)
    assert [normalise(line.text) for line in rendered.lines] == expected


CONTROL_WRAPS = (
    ("\u2066", "\u2069"),
    ("\u2067", "\u2069"),
    ("\u2068", "\u2069"),
    ("\u202a", "\u202c"),
    ("\u202b", "\u202c"),
    ("\u202d", "\u202c"),
    ("\u202e", "\u202c"),
    ("\u200e", ""),
    ("\u200f", ""),
    ("\u061c", ""),
    ("", "\u200f"),
)


_NO_BRACKETS = str.maketrans("", "", "()[]{}")


@st.composite
def paragraph_with_controls(draw: st.DrawFn) -> str:
    """Tokens where some runs are wrapped in bidi marks, embeddings, overrides or isolates.

    Embeddings and overrides only wrap tokens without Arabic letters or
    brackets: FriBidi leaves Arabic forced into left-to-right order unjoined
    (brief keeps its joining forms), and FriBidi 1.0.8 looks for the N0
    context of a bracket past an embedding: once an embedding has begun,
    open or closed, the brackets of the tokens after it are left out
    (:func:`test_a_bracket_pair_inside_an_embedding_takes_the_embeddings_sos`
    and :func:`test_a_bracket_pair_after_an_embedding_takes_its_own_sos` check
    those cases by hand).
    At most one isolate per paragraph: FriBidi 1.0.8 resolves the neutrals
    of a second isolate against the first one's content (fribidi issues
    #130 and #141, fixed in later releases); several isolates are checked
    against unicode-bidi in test_render_props.
    """
    tokens = draw(st.lists(token(), min_size=1, max_size=12))
    text = ""
    isolates = 0
    embedded = False
    for item in tokens:
        if embedded:
            item = item.translate(_NO_BRACKETS)
        if draw(st.integers(0, 2)) == 0:
            opening, closing = draw(st.sampled_from(CONTROL_WRAPS))
            if opening in ("\u202a", "\u202b", "\u202d", "\u202e") and any(ch in item for ch in LETTERS + "([{«"):
                opening, closing = "\u200e", ""
            if opening in ("\u2066", "\u2067", "\u2068"):
                isolates += 1
                if isolates > 1:
                    opening, closing = "\u200f", ""
            keep_open = opening not in ("\u202d", "\u202e") and draw(st.integers(0, 4)) == 0
            item = opening + item + ("" if keep_open else closing)
            embedded = embedded or opening in ("\u202a", "\u202b", "\u202d", "\u202e")
        text += item + draw(st.sampled_from([" ", " ", "  "]))
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph_with_controls(), st.integers(min_value=8, max_value=60), st.sampled_from([None, True, False]))
@example("abc \u202a \u2066", 20, True)  # L1: the spaces before trailing controls go to the left
def test_lines_with_bidi_controls_match_fribidi(text: str, width: int, rtl: bool | None) -> None:
    rendered = render_paragraph(text, width, rtl=rtl)
    (expected,) = fribidi_paragraph_lines([rendered], rendered.rtl)
    assert [normalise(line.text) for line in rendered.lines] == expected


@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
def test_a_colon_at_a_line_break_stays_with_its_arabic_words():
    """Brief 012 at 80x24: levels come from the whole paragraph, so the colon after العالم (between
    two Arabic words) is R and is drawn at the left end of the Arabic run, beside العالم; alone,
    the line would put it at the right end, beside القهوة. Words are shaped by FriBidi one by one."""
    words = "القهوة من المخا إلى العالم".split()
    text = "Read also: " + " ".join(words) + ": أسطورة"
    rendered = render_paragraph(text, 38)
    shaped = fribidi_lines([*words, "أسطورة"], rtl=True)
    assert [normalise(line.text) for line in rendered.lines] == [
        "Read also: :" + " ".join(reversed(shaped[:-1])),
        shaped[-1],
    ]


def test_a_bracket_pair_across_a_line_break_is_resolved_as_a_pair():
    """Hand-checked (N0 on the paragraph): in 'A اً اً (٠ اً 0)', LTR, the pair holds Arabic and
    follows Arabic, so both brackets are R; the 0 follows Arabic, so it is AN (W2). The last line
    "0)" is then 0 at level 2 and ")" at level 1: reversed to ")0", mirrored to "(0". Alone, that
    line would read "0)"."""
    rendered = render_paragraph("A \u0627\u064b \u0627\u064b (\u0660 \u0627\u064b 0) ", 6)
    assert rendered.lines[-1].text == "(0"


def test_an_isolate_across_a_line_break_keeps_its_place_in_the_arabic_run():
    """Hand-checked: in the LTR paragraph 'اً ⁦«اً اً اً»⁩ اً' the isolate sits between two
    Arabic words, so (N1 on the paragraph) it is part of the right-to-left run: on the first line
    the isolate's start is drawn left of the first word, with «اً اً inside it."""
    rendered = render_paragraph(
        "\u0627\u064b \u2066\u00ab\u0627\u064b \u0627\u064b \u0627\u064b\u00bb\u2069 \u0627\u064b ", 8, rtl=False
    )
    first = rendered.lines[0].text
    assert first.endswith("\ufe8d\u064b") and first.index("\u00ab") < first.rindex("\ufe8d")


@pytest.mark.parametrize("width", [*range(20, 101, 3), 46, 80])
def test_brief_012_lines_match_fribidi_on_the_whole_paragraph(width: int) -> None:
    """Every block of brief 012 as the reader lays it out (title, metadata, text, the read-also
    link "→ Read also: <Arabic title>"), line by line, at the reading pane's width in an 80x24
    terminal (46 cells) and at other widths, against :func:`fribidi_paragraph_lines`.

    The oracle: ``fribidi --levels --ltov`` on the whole paragraph gives every character's level
    and shaped glyph; each of brief's lines takes those levels and is reordered by the line rules
    only (L1-L3, written out in the oracle). Giving ``fribidi`` each line alone, as the other
    comparisons do, would resolve the colon after العالم by the line's own text (L) instead of the
    paragraph's (R, between two Arabic words) and draw it beside القهوة."""
    from fribidi_oracle import ARTICLES

    from tui.importers.load import load_file
    from tui.text.document import article_sources

    article = load_file(ARTICLES / "012_ibn_battuta_travels.txt")
    sources = article_sources(article)
    assert any(s.kind == "link" and "العالم:" in s.text for s in sources)
    for source in sources:
        rendered = render_paragraph(source.text, width, rtl=source.rtl)
        (expected,) = fribidi_paragraph_lines([rendered], rendered.rtl)
        assert [normalise(line.text) for line in rendered.lines] == expected, (source.kind, width)


def test_a_bracket_pair_after_an_embedding_takes_its_own_sos() -> None:
    """Hand-checked (X10, N0): in 'اً LRE.PDF (اً) اً' (LTR) the text after the PDF is an isolating
    run sequence of its own at level 0, whose sos is L (the higher of its level and the embedding's,
    2); the pair holds only R and no strong type precedes it in that sequence, so both brackets take
    the embedding direction L and stay in place: ا (ا) ا, each letter alone at level 1. (python-bidi's
    unicode-bidi agrees; FriBidi 1.0.8 looks past the embedding, finds the first اً and makes the
    brackets R, drawing the last اً first.)"""
    rendered = render_paragraph("\u0627\u064b \u202a.\u202c (\u0627\u064b) \u0627\u064b", 40, rtl=False)
    assert rendered.lines[0].text == "\ufe8d\u064b . (\ufe8d\u064b) \ufe8d\u064b"


def test_a_bracket_pair_inside_an_embedding_takes_the_embeddings_sos() -> None:
    """Hand-checked (BD16, N0): in 'اً LRE. (اً اً) ٠' (LTR) the embedding is its own isolating run
    sequence at level 2, whose sos is L; the pair holds only R and the strong type before it in
    that sequence is sos (L), so both brackets take the embedding direction L (N0 c2) and stay in
    place, with اً اً reversed between them. (python-bidi's unicode-bidi agrees; FriBidi 1.0.8
    looks past the embedding's start, finds the first اً and makes the brackets R.)"""
    rendered = render_paragraph("\u0627\u064b \u202a. (\u0627\u064b \u0627\u064b) \u0660", 40, rtl=False)
    assert rendered.lines[0].text == "\ufe8d\u064b . (\ufe8d\u064b \ufe8d\u064b) \u0660"
