"""The fast reader of simple HTML (tui.feeds.html_fast) against the lxml reader as oracle."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.feeds.html import lxml_paragraphs
from tui.feeds.html_fast import SIMPLE_BLOCKS, SIMPLE_INLINE, simple_paragraphs

_WORDS = st.sampled_from(
    ["خبر", "عاجل", "اليوم", "في", "المدينة", "news", "A", "1,5", "؟", ":", "اقرأ أيضاً:", "«قال»", "—", "(ب)"]
)
_SPACE = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", ""])
_ENTITY = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&#1607;", "&#x627;", "&nbsp;", "&apos;"])
_TEXT = st.lists(st.one_of(_WORDS, _SPACE, _ENTITY), min_size=0, max_size=6).map("".join)
_HREF = st.sampled_from(["https://a.example/x", "/rel/path", "http://b.example/?q=1&amp;r=2", "mailto:x@y", ""])
_OPEN = st.sampled_from(sorted(SIMPLE_BLOCKS | SIMPLE_INLINE))


@st.composite
def _markup(draw: st.DrawFn) -> str:
    """Simple markup: text, balanced and unbalanced simple tags, links, images, runs of <br>."""
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.integers(0, 7))
        if kind <= 1:
            parts.append(draw(_TEXT))
        elif kind == 2:
            tag = draw(_OPEN)
            start = f" start='{draw(st.sampled_from(['3', '0', ' 7 ', 'x', '&#51;', '99999999999']))}'"
            parts.append(f"<{tag} class='c'{start if tag == 'ol' and draw(st.booleans()) else ''}>")
            open_tags.append(tag)
        elif kind == 3:
            # mostly the innermost open tag, sometimes any tag (misnested or stray end tags)
            stray = not open_tags or draw(st.booleans())
            parts.append(f"</{draw(_OPEN) if stray else open_tags.pop()}>")
        elif kind == 4:
            parts.append(draw(st.sampled_from(["<br>", "<br/>", "<br />", "<BR>"])) * draw(st.integers(1, 3)))
        elif kind == 5:
            parts.append(f'<a href="{draw(_HREF)}">{draw(_TEXT)}</a>')
        elif kind == 6:
            parts.append(f'<img src="x.png" alt="{draw(_TEXT)}">')
        else:
            parts.append(draw(_SPACE))
    return "".join(parts)


@settings(max_examples=600, deadline=None)
@given(_markup(), st.sampled_from([None, "https://news.example/feed/"]))
def test_fast_reader_agrees_with_lxml(markup: str, base: str | None) -> None:
    fast = simple_paragraphs(markup, base)
    if fast is not None:
        assert fast == lxml_paragraphs(markup, base)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>فقرة <b>أولى</b></p><p>ثانية<br>متصلة<br><br>ثالثة</p>",
        '<p>اقرأ أيضاً: <a href="/x">عنوان</a></p>',
        '<div><img src="a.jpg" alt="صورة"> نص &amp; رمز &#1607;</div>',
    ],
)
def test_typical_entries_take_the_fast_path(markup: str) -> None:
    assert simple_paragraphs(markup, "https://n.example/") == lxml_paragraphs(markup, "https://n.example/")


@pytest.mark.parametrize(
    "markup",
    [
        "<p>a</p><script>x</script>",
        "<table><tr><td>a</td></tr></table>",
        "<pre>a\nb</pre>",
        "<!-- c --><p>a</p>",
        "<p>a &copy; b</p>",
        "<p>a &#150; b</p>",
        "<p>a & b</p>",
        "<p>a < b</p>",
        '<a href="x"><p>block in link</p></a>',
        '<a href="x">one<a href="y">two</a></a>',
        "<p>a</p></div>",
        "a</br>b",
        "<p>a<![CDATA[x]]></p>",
    ],
)
def test_anything_else_goes_to_lxml(markup: str) -> None:
    assert simple_paragraphs(markup) is None
