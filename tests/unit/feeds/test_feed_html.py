"""Entry HTML to paragraphs (tui.feeds.html): hand-checked expectations and round-trip properties."""

from __future__ import annotations

import html as stdlib_html
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.feeds.html import Paragraph, clean_text, html_to_paragraphs, lxml_paragraphs, strip_html, text_as_html


def texts(markup: str, base: str | None = None) -> list[str]:
    """Only the paragraph texts."""
    return [p.text for p in html_to_paragraphs(markup, base)]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>مرحبا <b>بالعالم</b></p><p>ثانية</p>", ["مرحبا بالعالم", "ثانية"]),
        ("<div>أ<div>ب</div>ج</div>", ["أ", "ب", "ج"]),
        ("سطر<br>متصل", ["سطر متصل"]),
        ("فقرة<br><br>أخرى", ["فقرة", "أخرى"]),
        ("فقرة<br/> \n <br/>أخرى", ["فقرة", "أخرى"]),
        ("<ul><li>واحد</li><li>اثنان</li></ul>", ["واحد", "اثنان"]),
        ("<h2>عنوان</h2>نص", ["عنوان", "نص"]),
        ("<blockquote>قول</blockquote>", ["قول"]),
        ("<table><tr><td>أ</td><td>ب</td></tr><tr><th>ج</th></tr></table>", ["أ ب", "ج"]),
        (
            "<figure><img src='x.jpg' alt='صورة المعبد'><figcaption>المعبد</figcaption></figure>",
            ["صورة المعبد", "المعبد"],
        ),
        ("<pre>line 1\nline 2\n\nline 3</pre>", ["line 1", "line 2", "line 3"]),
        ("نص <a href='https://x.example/'>رابط</a> بعده", ["نص رابط بعده"]),
    ],
)
def test_blocks_split_paragraphs(markup: str, expected: list[str]) -> None:
    assert texts(markup) == expected


def marked(markup: str) -> list[tuple[str, str]]:
    """Each paragraph's list marker and text."""
    return [(p.marker, p.text) for p in html_to_paragraphs(markup)]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>مقدمة</p><ul><li>واحد</li><li>اثنان</li></ul>", [("", "مقدمة"), ("•", "واحد"), ("•", "اثنان")]),
        ("<ol><li>أول</li><li>ثان</li></ol>", [("1.", "أول"), ("2.", "ثان")]),
        ('<ol start="7"><li>سابع</li><li>ثامن</li></ol>', [("7.", "سابع"), ("8.", "ثامن")]),
        ('<ol start="x"><li>a</li></ol><ol start="-2"><li>b</li></ol>', [("1.", "a"), ("1.", "b")]),
        # the item's first paragraph only; an item with no text still counts
        (
            "<ol><li><p>سؤال</p><p>جواب</p></li><li></li><li>ثالث</li></ol>",
            [("1.", "سؤال"), ("", "جواب"), ("3.", "ثالث")],
        ),
        # nested: a bullet of the second kind, numbers go on where the inner list ends
        (
            "<ol><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ol>",
            [("1.", "a"), ("•", "b"), ("◦", "c"), ("2.", "d")],
        ),
        ("<ul><li>a<ul><li>b</li></ul>c</li></ul>", [("•", "a"), ("◦", "b"), ("", "c")]),
        ("<li>بلا قائمة</li>", [("•", "بلا قائمة")]),
        ("<ul><li>a<li>b</ul><p>c</p>", [("•", "a"), ("•", "b"), ("", "c")]),  # items left open
        ("<dl><dt>t</dt><dd>d</dd></dl>", [("", "t"), ("", "d")]),
        ('<ol start="\u00b2"><li>a</li></ol><ol start="\u0663"><li>b</li></ol>', [("1.", "a"), ("1.", "b")]),
    ],
)
def test_list_items_carry_their_bullet_or_number(markup: str, expected: list[tuple[str, str]]) -> None:
    assert marked(markup) == expected


def test_a_double_escaped_list_keeps_its_numbers() -> None:
    escaped = stdlib_html.escape("<ol start='4'><li>رابع</li><li>خامس</li></ol>")
    assert marked(escaped) == [("4.", "رابع"), ("5.", "خامس")]


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "form", "noscript", "svg", "object"])
def test_dropped_elements_take_their_content(tag: str) -> None:
    assert texts(f"<div>قبل<{tag}>سر <b>مخفي</b></{tag}> بعد</div>") == ["قبل بعد"]


def test_script_with_markup_inside_is_dropped() -> None:
    markup = "<p>أ</p><script>document.write('<p>لا</p>')</script><style>p{color:red}</style><p>ب</p>"
    assert texts(markup) == ["أ", "ب"]


def test_comments_and_processing_instructions_are_dropped() -> None:
    assert texts("<!-- تعليق --><p>نص</p><?php echo 1; ?>") == ["نص"]


def test_entities_are_decoded() -> None:
    assert texts("<p>أ &amp; ب &lt;ج&gt; &quot;د&quot; &#1607;&#x0647; &nbsp;و</p>") == ['أ & ب <ج> "د" هه و']


def test_double_escaped_html_is_parsed_again() -> None:
    markup = "&lt;p&gt;قصيدة &amp;amp; شعر&lt;/p&gt;&lt;p&gt;بيت &lt;b&gt;ثان&lt;/b&gt;&lt;/p&gt;"
    assert texts(markup) == ["قصيدة & شعر", "بيت ثان"]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # HTML that quotes a tag: the escaped tags are text (a feed about HTML, a code sample)
        ("<p>Write <code>&lt;b&gt;</code> for bold.</p>", ["Write <b> for bold."]),
        ("<p>آخر <code>&lt;iframe&gt;</code> في الصفحة</p><p>بقية النص</p>", ["آخر <iframe> في الصفحة", "بقية النص"]),
        ("نص <b>عريض</b> و&lt;p&gt;", ["نص عريض و<p>"]),
        # plain text as HTML (text_as_html) reads back as itself, tags and all
        (text_as_html("Die Rückkehr von <i> und <b> & <p>"), ["Die Rückkehr von <i> und <b> & <p>"]),
        # HTML escaped twice, with no tag of its own, is read again; with numeric references too
        ("&lt;p&gt;أ&lt;/p&gt;&lt;p&gt;ب &lt;b&gt;ج&lt;/b&gt;&lt;/p&gt;", ["أ", "ب ج"]),
        ("&#60;p&#62;رقمي&#60;/p&#62;&#x3C;p&#x3E;ثان&#x3C;/p&#x3E;", ["رقمي", "ثان"]),
        # ... and inside a real tag when a paragraph is one escaped block, start to end
        ("<p>&lt;p&gt;داخل&lt;/p&gt;</p><p>نص</p>", ["داخل", "نص"]),
        ("<pre>&lt;img src='x.png' /&gt;</pre>", ["<img src='x.png' />"]),  # a code sample stays
    ],
)
def test_escaped_tags_beside_real_markup_are_text(markup: str, expected: list[str]) -> None:
    assert texts(markup) == expected


@pytest.mark.parametrize("text", ["<p>" + "&lt;p x" * 30000 + "</p>", "&lt;p x" * 30000, "&lt;/b&gt;" * 16000])
def test_text_full_of_escaped_tags_is_read_in_linear_time(text: str) -> None:
    """A tag's inside was read to the end of the text from each escaped ``<``: 46 s for 330 KB."""
    import time

    start = time.process_time()
    html_to_paragraphs(text)
    strip_html(text)
    assert time.process_time() - start < 2


def test_a_title_given_as_text_keeps_its_angle_brackets() -> None:
    assert strip_html(text_as_html("Use <b> for bold")) == "Use <b> for bold"
    assert strip_html("Use &lt;b&gt; for bold") == "Use <b> for bold"  # an escaped tag is text
    assert strip_html("Use <b>bold</b> &amp; more") == "Use bold & more"  # RSS titles are HTML
    assert strip_html("&lt;i&gt;Die&lt;/i&gt; Rückkehr von &lt;b&gt;") == "Die Rückkehr von"  # escaped twice


def test_escaped_text_that_is_not_markup_stays_text() -> None:
    assert texts("<p>س &lt; ص و&lt;ليس وسماً&gt;</p>") == ["س < ص و<ليس وسماً>"]


def test_whitespace_collapses_and_controls_go() -> None:
    assert texts("<p>  أ\t\tب\r\n ج\u00a0\u00a0د\x07\x1b[31m\ufeff  </p>") == ["أ ب ج د[31m"]


def test_empty_and_blank_input() -> None:
    assert html_to_paragraphs("") == []
    assert html_to_paragraphs("  \n ") == []
    assert html_to_paragraphs("<p> </p><div><br></div>") == []


def test_plain_text_is_one_paragraph() -> None:
    assert html_to_paragraphs("نص عادي\nبلا وسوم") == [Paragraph("نص عادي بلا وسوم")]


def test_read_also_link_keeps_href_made_absolute() -> None:
    markup = '<p>اقرأ أيضاً: <a href="/2020/nile.html">النيل يرتفع</a></p>'
    assert html_to_paragraphs(markup, "https://news.example/feed/") == [
        Paragraph("اقرأ أيضاً: النيل يرتفع", "https://news.example/2020/nile.html")
    ]


def test_paragraph_that_is_one_link_keeps_href() -> None:
    assert html_to_paragraphs('<p><a href="https://a.example/x">عنوان كامل</a></p>') == [
        Paragraph("عنوان كامل", "https://a.example/x")
    ]


@pytest.mark.parametrize(
    "markup",
    [
        '<p>نص طويل قبل الرابط ثم <a href="https://a.example/">رابط</a></p>',
        '<p><a href="https://a.example/1">أ</a> و <a href="https://a.example/2">ب</a></p>',
        '<p>اقرأ أيضاً: <a href="javascript:alert(1)">عنوان</a></p>',
        '<p>اقرأ أيضاً: <a href="mailto:a@b.example">عنوان</a></p>',
    ],
)
def test_no_href_unless_one_http_link_is_the_paragraph(markup: str) -> None:
    assert [p.href for p in html_to_paragraphs(markup, "https://news.example/")] == [None]


def test_strip_html_for_titles() -> None:
    assert strip_html("  <b>عنوان</b> &amp;\n <i>آخر</i> ") == "عنوان & آخر"
    assert strip_html("&lt;b&gt;مزدوج&lt;/b&gt;") == "مزدوج"
    assert strip_html("") == ""


def test_broken_markup_still_gives_text() -> None:
    assert texts("<p>أ <b>ب <i>ج</p><p>د</div></span>ه") == ["أ ب ج", "ده"]


_WORD = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإئؤة0123456789.,،؟!:()-'\"", min_size=1, max_size=12)
_PARA = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PARA, min_size=1, max_size=6))
def test_round_trip_escaped_paragraphs(paragraphs: list[str]) -> None:
    markup = "".join(f"<p>{stdlib_html.escape(p)}</p>" for p in paragraphs)
    assert texts(markup) == [clean_text(p) for p in paragraphs if clean_text(p)]


_TAGS = st.sampled_from(["p", "div", "b", "i", "span", "a", "li", "h3", "blockquote", "em", "td"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TAGS, _PARA), min_size=1, max_size=10))
def test_no_markup_survives(parts: list[tuple[str, str]]) -> None:
    markup = "".join(f"<{tag} class='x' href='https://a.example/'>{stdlib_html.escape(text)}" for tag, text in parts)
    result = " ".join(texts(markup))
    assert "<" not in result and ">" not in result and "class" not in result
    # inline tags join the text on both sides, so compare the characters without spaces
    assert "".join(result.split()) == "".join("".join(text for _, text in parts).split())


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("اب a\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2000\u2028\u3000\x00\x07\x7f\x9f\ufeff\u200f")
        ),
        max_size=30,
    )
)
def test_clean_text_is_whitespace_collapsed_and_controls_removed(text: str) -> None:
    # Written out the long way: drop the C0 and C1 controls other than tab, line feed, form feed,
    # carriage return and NEL, and U+FEFF; then split at any Unicode whitespace, join with one space.
    def dropped(c: str) -> bool:
        return (ord(c) < 0x20 and c not in "\t\n\x0c\r") or (0x7F <= ord(c) <= 0x9F and c != "\x85") or c == "\ufeff"

    assert clean_text(text) == " ".join("".join(c for c in text if not dropped(c)).split())


@pytest.mark.parametrize("depth", [300, 2_000, 5_000])
def test_text_nested_deeper_than_the_parser_reads_is_kept(depth: int) -> None:
    """A hostile entry can hide its text under hundreds of nested elements, past where libxml2
    stops by default (256) and past where it stops at all (2,048): the text and the paragraphs
    around it stay, and a script in there is still dropped."""
    inline = "<p>before</p><div>" + "<b>" * depth + "deep" + "</b>" * depth + "</div><p>after</p>"
    assert [p.text for p in html_to_paragraphs(inline)] == ["before", "deep", "after"]
    blocks = (
        "<p>before</p>" + "<div>" * depth + "deep <script>x()</script><i>text</i>" + "</div>" * depth + "<p>after</p>"
    )
    assert [p.text for p in html_to_paragraphs(blocks)] == ["before", "deep text", "after"]
    unclosed = "<div>" + "<span>" * depth + "deep</div><p>after</p>"
    assert [p.text for p in html_to_paragraphs(unclosed)] == ["deep", "after"]


class _TooManySteps(Exception):
    """Raised from the profiler when a conversion takes more steps than its bound."""


def _within_steps(convert: Callable[[str], object], markup: str, bound: int) -> bool:
    """True when ``convert(markup)`` takes at most ``bound`` steps: calls and returns of functions,
    Python's and C's (and each resumption of a generator), as ``sys.setprofile`` sees them. A count,
    not a time, so a loaded machine cannot fail it; stopped at the bound, so a quadratic conversion
    fails at once instead of running for minutes."""
    convert(markup[: len(markup) // 100])  # compiled patterns and caches are not the conversion's own cost
    steps = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal steps
        steps += 1
        if steps > bound:
            raise _TooManySteps

    sys.setprofile(count)
    try:
        convert(markup)
    except _TooManySteps:
        return False
    finally:
        sys.setprofile(None)
    return True


def test_deeply_nested_lists_are_read_in_linear_time() -> None:
    """Each item counted the unordered lists open around it: 20,000 nested lists cost 200 million
    steps (39 s for an entry of 720 KB, 13 s for a title). A linear reader takes about 100 steps
    a level; 300 a level is room for change, and a thousandth of what the quadratic one took."""
    depth = 20_000
    markup = "<ul><li>" * depth + "x" + "</li></ul>" * depth
    assert _within_steps(html_to_paragraphs, markup, 300 * depth)
    assert _within_steps(strip_html, markup, 300 * depth)
    assert html_to_paragraphs(markup) == [Paragraph("x", marker="◦")]
    shallow = 1_000  # 2,000 elements: the HTML parser reads them all (it stops at 2,048)
    markup = "<ul><li>" * shallow + "<ol><li>x</li></ol>" + "</li></ul>" * shallow
    assert _within_steps(lxml_paragraphs, markup, 300 * shallow)
    assert lxml_paragraphs(markup) == [Paragraph("x", marker="1.")]


@pytest.mark.parametrize("paragraphs", [html_to_paragraphs, lxml_paragraphs])
def test_soft_hyphens_go_so_a_word_stays_one_word(paragraphs: Callable[[str], list[Paragraph]]) -> None:
    # &shy; marks where a word may break; a terminal draws it as a hyphen, and search split the word at it.
    markup = "<p>Glasfaser&shy;netz und المس&#173;تشفى</p><p>Bahn\u00adhof</p>"
    assert [p.text for p in paragraphs(markup)] == ["Glasfasernetz und المستشفى", "Bahnhof"]
    assert strip_html("Bahn will Glasfaser&#173;netz") == "Bahn will Glasfasernetz"
