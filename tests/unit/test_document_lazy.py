"""The lazy layout: line counts from the wrapping step alone equal the full render's, block by block.

Oracle: :func:`tui.text.layout.render_paragraph` and :func:`tui.text.document.layout_article`, the
eager layout ``brief show`` prints, on every bundled sample brief at several widths, and on
hypothesis texts built from the characters that change widths when shaped (lam-alef, harakat, ZWJ,
wide characters, controls, bidi marks).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from load_helpers import iter_articles

from tui.importers.load import LoadFailure
from tui.models import Article, Block
from tui.text.document import article_sources, layout_article
from tui.text.layout import render_paragraph
from tui.text.lazydoc import LazyLayout, count_lines, paragraph_line_count

ARTICLES = Path(__file__).resolve().parents[2] / "articles"
WIDTHS = (1, 2, 7, 20, 44, 80, 131)


def sample_articles() -> list[Article]:
    """Every bundled sample brief."""
    articles = [a for a in iter_articles([ARTICLES]) if not isinstance(a, LoadFailure)]
    assert len(articles) >= 5
    return articles


SAMPLES = sample_articles()


@pytest.mark.parametrize("shaped", [True, False])
@pytest.mark.parametrize("width", WIDTHS)
def test_counts_equal_rendered_lines_for_every_sample(width, shaped):
    for article in SAMPLES:
        for source in article_sources(article):
            rendered = render_paragraph(source.text, width, shaped=shaped, rtl=source.rtl)
            assert paragraph_line_count(source.text, width, shaped=shaped) == len(rendered.lines), source.text[:40]


@pytest.mark.parametrize("width", (3, 44, 80))
def test_lazy_layout_equals_the_eager_one(width):
    for article in SAMPLES:
        eager = layout_article(article, width)
        lazy = LazyLayout(article_sources(article), width).count_all()
        assert lazy.complete and len(lazy) == len(eager)
        assert lazy.line_count == eager[-1].first_line + len(eager[-1].rendered.lines)
        for pos, block in enumerate(eager):
            got = lazy[pos]
            assert (got.kind, got.index, got.first_line, got.target) == (
                block.kind,
                block.index,
                block.first_line,
                block.target,
            )
            assert got.rendered.lines == block.rendered.lines
            assert got.text == block.text
            assert lazy.block_at(block.first_line) == pos
            assert lazy.block_at(block.first_line + len(block.rendered.lines)) == pos  # the blank line after


_ALPHABET = st.sampled_from(
    list("لاأإآبتثمنهوي ةى") + ["\u064e", "\u0651", "\u200d", "\u200f", "\t", "\x1b", "中", "é", "a", " ", "  ", "لا"]
)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_ALPHABET, max_size=80).map("".join), width=st.integers(1, 30), shaped=st.booleans())
def test_counts_equal_rendered_lines_for_any_text(text, width, shaped):
    assert paragraph_line_count(text, width, shaped=shaped) == len(render_paragraph(text, width, shaped=shaped).lines)


def test_a_long_word_is_cut_into_as_many_lines_as_rendered():
    word = "ب" * 10_000
    for width in (1, 9, 78):
        assert paragraph_line_count("قبل " + word, width) == len(render_paragraph("قبل " + word, width).lines)


def test_counts_arrive_in_chunks():
    article = Article(id="a", title="T", blocks=tuple(Block("text", f"paragraph {i} " * 9) for i in range(50)))
    sources = article_sources(article)
    counts = list(count_lines(sources, 20))
    lazy = LazyLayout(sources, 20)
    assert len(lazy) == 0 and lazy.line_count == 0 and lazy.block_at(0) is None
    lazy.add_counts(counts[:10])
    assert len(lazy) == 10 and not lazy.complete
    assert lazy.line_count == sum(counts[:10]) + 9
    lazy.add_counts(counts[10:])
    assert lazy.complete
    eager = layout_article(article, 20)
    assert [lazy[i].first_line for i in range(len(lazy))] == [b.first_line for b in eager]
    with pytest.raises(ValueError):
        lazy.add_counts([1])
    with pytest.raises(IndexError):
        lazy[len(eager)]


def test_count_lines_stops_when_asked():
    sources = article_sources(Article(id="a", title="T", blocks=tuple(Block("text", "x") for _ in range(10))))
    seen: list[int] = []
    assert list(count_lines(sources, 10, stop=lambda: len(seen) >= 3 or seen.append(1))) == [1, 1, 1]


def test_only_recently_used_blocks_are_kept():
    article = Article(id="a", title="T", blocks=tuple(Block("text", f"p{i}") for i in range(100)))
    lazy = LazyLayout(article_sources(article), 10, cache_size=8).count_all()
    for pos in range(len(lazy)):
        lazy[pos]
    assert len(lazy._cache) == 8
    assert lazy[3] is lazy[3]
