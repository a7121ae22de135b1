"""A brief's URL and metadata line as the reading pane shows them: the URL's percent-encoded
letters decoded, nothing else; the tags separated in the brief's direction.

Oracles: :func:`urllib.parse.quote` and :func:`urllib.parse.unquote_to_bytes` (the display must
name the same bytes as the stored URL: a round trip), GNU FriBidi for the line as drawn, and
hand-written expectations for what stays encoded.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote_to_bytes

import pytest
from fribidi_oracle import FRIBIDI, fribidi_paragraph_lines, normalise
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.models import Article, Block
from tui.text.document import article_sources, layout_article
from tui.text.layout import render_line
from tui.text.sanitize import BIDI_CONTROLS
from tui.text.urls import display_url

SLUG = "الحرب-على-غزة"
SITE = "https://www.aljazeera.net/news/2024/1/1/"


def test_an_arabic_slug_reads_as_its_words() -> None:
    url = SITE + quote(SLUG)
    assert "%D8%A7%D9%84" in url
    assert display_url(url) == SITE + SLUG


def test_lower_case_escapes_and_a_query_are_decoded_alike() -> None:
    url = SITE + quote(SLUG).lower() + "?q=" + quote("إدلب")
    assert display_url(url) == SITE + SLUG + "?q=إدلب"


@pytest.mark.parametrize(
    "url",
    [
        "https://x.test/a%2Fb%3Fc%23d%20e%25f",  # ASCII: each has a meaning in an address
        "https://x.test/%1B%5B31m%07",  # an escape sequence and a bell
        "https://x.test/%C2%9B31m",  # CSI as a C1 control
        "https://x.test/%E2%80%AEexe.gnp",  # RIGHT-TO-LEFT OVERRIDE
        "https://x.test/%E2%80%8Bx%E2%80%8D",  # zero-width space and joiner
        "https://x.test/a%C2%A0b%E3%80%80c",  # no-break and ideographic spaces
        "https://x.test/evil.com%E2%88%95path%EF%BC%8F",  # division slash, fullwidth solidus
        "https://x.test/%EF%BC%9Fq%EF%BC%83h",  # fullwidth ? and #
        "https://x.test/%D9%8E",  # a fatha after the slash: drawn on it
        "https://x.test/%FF%FE%D8",  # not UTF-8, and a cut sequence
        "https://x.test/%EE%80%80",  # private use
        "https://x.test/%ED%A0%80",  # an encoded surrogate
        "https://x.test/a%E3%85%A4b%E2%A0%80c%CD%8F",  # a Hangul filler, the braille blank, CGJ: blanks
        "https://x.test/x%E2%88%B6y%E3%80%82z%C2%B7w",  # ratio (a colon), ideographic full stop, middle dot
    ],
)
def test_what_would_not_read_as_itself_stays_encoded(url: str) -> None:
    assert display_url(url) == url


def test_a_valid_letter_beside_an_invalid_byte() -> None:
    assert display_url("https://x.test/%D8%A7%FF%D8%A8") == "https://x.test/ا%FFب"


def test_harakat_stay_on_their_letter() -> None:
    word = "كَتَبَ"
    assert display_url("https://x.test/" + quote(word)) == "https://x.test/" + word


def test_an_address_without_escapes_is_the_same_string() -> None:
    url = "https://x.test/plain?a=1"
    assert display_url(url) is url


@given(st.binary(max_size=40), st.text(alphabet="ab/%?", max_size=8))
def test_the_display_names_the_same_bytes(data: bytes, plain: str) -> None:
    url = "https://x.test/" + plain + "".join(f"%{b:02X}" for b in data)
    shown = display_url(url)
    assert unquote_to_bytes(shown) == unquote_to_bytes(url)
    decoded = [ch for ch in shown if ch > "\x7f"]
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Zs", "Co", "Cs", "Cn"} for ch in decoded)
    assert not BIDI_CONTROLS.intersection(shown)


def _article(url: str) -> Article:
    return Article(id="a", title="عنوان", blocks=(Block("text", "نص"),), url=url)


def test_the_reading_pane_shows_the_decoded_address() -> None:
    url = SITE + quote(SLUG)
    (source,) = [s for s in article_sources(_article(url)) if s.kind == "url"]
    assert source.text.replace("\u2068", "").replace("\u2069", "") == SITE + SLUG
    assert source.rtl is False


ORDERED = [
    ("https://x.test/news/", "الحرب", "/2024/01?id=5"),
    ("https://x.test/", "أخبار", "/12345/"),
    ("https://x.test/?q=", "إدلب", "&page=2"),
]
"""Addresses whose Arabic part is followed by numbers or by another part: left, part, right."""


@pytest.mark.parametrize(("left", "part", "right"), ORDERED)
def test_the_parts_of_a_decoded_address_stay_in_their_order(left: str, part: str, right: str) -> None:
    """Drawn left to right, the address reads as written: only the Arabic part is right to left
    within itself (``/أخبار/12345/`` did read ``/12345/أخبار/``, and ``…/الحرب/2024/01`` read
    ``…/2024/01/الحرب``). The part's own glyphs are those it has drawn alone."""
    url = left + quote(part) + right
    (block,) = [b for b in layout_article(_article(url), 100) if b.kind == "url"]
    alone = render_line(part, 40).text
    assert [line.text for line in block.rendered.lines] == [left + alone + right]


def test_two_arabic_parts_around_a_number_stay_in_their_order() -> None:
    url = "https://x.test/" + quote("أخبار") + "/12345/" + quote("سوريا")
    (block,) = [b for b in layout_article(_article(url), 100) if b.kind == "url"]
    first, second = render_line("أخبار", 20).text, render_line("سوريا", 20).text
    assert [line.text for line in block.rendered.lines] == [f"https://x.test/{first}/12345/{second}"]


@pytest.mark.skipif(FRIBIDI is None, reason="GNU FriBidi (fribidi) is not installed")
@pytest.mark.parametrize("url", [SITE + quote(SLUG), *(a + quote(b) + c for a, b, c in ORDERED)])
def test_the_decoded_address_is_drawn_as_fribidi_draws_it(url: str) -> None:
    (block,) = [b for b in layout_article(_article(url), 100) if b.kind == "url"]
    (expected,) = fribidi_paragraph_lines([block.rendered], rtl=False)
    assert [normalise(line.text) for line in block.rendered.lines] == expected


def test_a_selection_of_the_address_copies_its_letters_without_the_isolates() -> None:
    from tui.text.copying import selected_text, source_text

    url = "https://x.test/" + quote("أخبار") + "/12345/" + quote("سوريا")
    article = _article(url)
    laid = layout_article(article, 100)
    (pos,) = [i for i, b in enumerate(laid) if b.kind == "url"]
    line = laid[pos].first_line

    class Laid:
        line_count = laid[-1].first_line + len(laid[-1].rendered.lines)

        def block_at(self, y: int) -> int | None:
            return next(
                (i for i, b in enumerate(laid) if b.first_line <= y < b.first_line + len(b.rendered.lines)), None
            )

        def __getitem__(self, i: int):  # type: ignore[no-untyped-def]
            return laid[i]

    assert selected_text(Laid(), (line, 0), (line, 1 << 30)) == "https://x.test/أخبار/12345/سوريا"
    (source,) = [s for s in article_sources(article) if s.kind == "url"]
    assert source_text(article, source) == "https://x.test/أخبار/12345/سوريا"


@pytest.mark.parametrize(
    ("title", "tags", "shown"),
    [
        ("عنوان", ("سوريا", "إدلب"), "2024-01-14 · المصدر · سوريا، إدلب"),
        ("A title", ("Syria", "Idlib"), "2024-01-14 · المصدر · Syria, Idlib"),
        ("عنوان", ("Syria, Idlib", "أخبار"), '2024-01-14 · المصدر · "Syria, Idlib"، أخبار'),
        ("A title", ("سوريا، إدلب",), '2024-01-14 · المصدر · "سوريا، إدلب"'),
        ("A title", ('Syria, "Idlib"', '"quoted"'), '2024-01-14 · المصدر · "Syria, \\"Idlib\\"", "\\"quoted\\""'),
    ],
)
def test_the_metadata_line_separates_tags_in_the_briefs_direction(
    title: str, tags: tuple[str, ...], shown: str
) -> None:
    from tui.importers.parse import split_tags
    from tui.text.document import meta_line

    article = Article(id="a", title=title, blocks=(Block("text", "نص"),), date="2024-01-14", source="المصدر", tags=tags)
    assert meta_line(article) == shown
    assert split_tags(shown.split(" · ")[-1]) == tags  # read back as the file's tags line would be


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "failed: http://alice:s3cret@127.0.0.1:8765/ok.xml: HTTP 500",
            "failed: http://alice:***@127.0.0.1:8765/ok.xml: HTTP 500",
        ),
        ("HTTPS://u:p:q@host/feed and http://v:w@other/", "HTTPS://u:***@host/feed and http://v:***@other/"),
        ("http://u:@host/", "http://u:***@host/"),
        ("http://alice@host/feed", "http://alice@host/feed"),  # no password
        ("http://host:8080/a@b", "http://host:8080/a@b"),  # a port, and an @ in the path
        ("mail alice:secret@host", "mail alice:secret@host"),  # no URL
    ],
)
def test_hide_passwords(text: str, shown: str) -> None:
    from tui.text.urls import hide_passwords

    assert hide_passwords(text) == shown


def _url_lines(url: str, width: int) -> list[str]:
    """The lines of ``url`` under a brief's title in the reading pane (and ``brief show``)."""
    (block,) = [b for b in layout_article(_article(url), width) if b.kind == "url"]
    return [line.text for line in block.rendered.lines]


def test_a_wrapped_address_is_cut_after_its_slashes_and_leaves_none_alone() -> None:
    """At 50 cells the 51 of this address left its closing ``/`` on a line of its own; it is cut
    after the slash of ``05/`` instead, and where a part is wider than the line, its last letter
    goes down with the slash (``oil-price`` / ``s/``)."""
    url = "https://www.example.com/news/2024/03/05/oil-prices/"
    assert _url_lines(url, 51) == [url]
    assert _url_lines(url, 50) == ["https://www.example.com/news/2024/03/05/", "oil-prices/"]
    assert _url_lines(url, 25) == ["https://www.example.com/", "news/2024/03/05/", "oil-prices/"]
    assert _url_lines(url, 10) == ["https://", "www.exampl", "e.com/", "news/2024/", "03/05/", "oil-price", "s/"]
    query = "https://x.test/search?q=abc&page=2#top"
    assert _url_lines(query, 10) == ["https://", "x.test/", "search", "?q=abc", "&page=2", "#top"]


def test_a_wrapped_arabic_address_keeps_its_closing_slash_with_its_last_part() -> None:
    """The decoded address is 54 cells; at 53 its ``/`` was alone on the second line."""
    url = SITE + quote(SLUG) + "/"
    assert _url_lines(url, 53) == [SITE, render_line(SLUG, 40).text + "/"]


_URL_PARTS = st.one_of(
    st.sampled_from(["news", "2024", "03", "oil-prices", "article.html", "index.php", "id=5", "v1.2", "~user"]),
    st.text(alphabet="abcxyz0129-._~", min_size=1, max_size=14).filter(lambda part: any(c.isalnum() for c in part)),
)


@settings(deadline=None)  # a layout at every width of the address: a few hundred each time
@given(
    st.sampled_from(["https://x.test", "https://www.aljazeera.net", "http://a.b.example.com:8080"]),
    st.lists(st.one_of(_URL_PARTS, st.sampled_from(["الحرب-على-غزة", "إدلب"]).map(quote)), max_size=6),
    st.sampled_from(["", "/", "?q=1", "?q=abc&page=2", "#top", "/?q=" + quote("سوريا")]),
)
def test_no_line_of_a_wrapped_address_is_one_punctuation_mark(host: str, parts: list[str], end: str) -> None:
    """At every width from 4 cells to the whole address: no line is one ``/`` (or any one mark
    without a letter or digit), every line fits, the lines hold the address in order (without its
    isolates: what :func:`render_line` draws of the address on one line, cut into lines), and the
    lazy layout counts as many lines as are drawn."""
    from rich.cells import cell_len

    from tui.text.document import lay_out_block
    from tui.text.lazydoc import paragraph_line_count

    url = "/".join([host, *parts]) + end
    (source,) = [s for s in article_sources(_article(url)) if s.kind == "url"]
    for width in range(4, cell_len(display_url(url)) + 2):
        lines = [line.text for line in lay_out_block(source, width, 0).rendered.lines]
        assert not [line for line in lines if len(line) == 1 and not line.isalnum()], (width, lines)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        if display_url(url).isascii():
            assert "".join(lines) == url
        assert paragraph_line_count(source.text, width, url=True) == len(lines)
