"""Encodings, broken documents, XML bombs and the process pool of tui.feeds.parse."""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.feeds.charset import decode_document
from tui.feeds.parse import ParseJob, parse_feed, parse_many
from tui.feeds.xmlfeed import read_xml_feed

FETCHED = "2026-12-01T12:00:00+00:00"
URL = "https://enc.example/feed.xml"
TITLE = "أخبار الأردن"
BODY = "تعرض الأردن نتيجة موقعه الجغرافي لتأثيرات ثقافات متعددة"


def feed_text(declaration: str = '<?xml version="1.0" encoding="{enc}"?>', enc: str = "utf-8") -> str:
    """A small Arabic RSS feed, with the given XML declaration."""
    head = declaration.format(enc=enc)
    return (
        f"{head}<rss version='2.0'><channel><title>{TITLE}</title><language>en-us</language>"
        f"<item><title>خبر</title><description>{BODY}</description>"
        "<pubDate>Wed, 18 Mar 2020 14:42:20 +0200</pubDate></item></channel></rss>"
    )


def check(body: bytes, encoding: str, content_type: str | None = None) -> None:
    """The feed decodes to the expected Arabic text and reports ``encoding``."""
    result = parse_feed(body, URL, fetched_at=FETCHED, content_type=content_type)
    assert result.error is None
    assert result.title == TITLE
    (article,) = result.articles
    assert article.paragraphs == (BODY,)
    assert article.encoding == encoding


@pytest.mark.parametrize(
    ("declared", "codec", "reported"),
    [("windows-1256", "cp1256", "cp1256"), ("ISO-8859-6", "iso8859_6", "iso8859-6"), ("utf-8", "utf-8", "utf-8")],
)
def test_declared_single_byte_encodings(declared: str, codec: str, reported: str) -> None:
    check(feed_text(enc=declared).encode(codec), reported)


def test_utf16_with_bom() -> None:
    check(b"\xff\xfe" + feed_text(enc="UTF-16").encode("utf-16-le"), "utf-16")
    check(b"\xfe\xff" + feed_text(enc="UTF-16").encode("utf-16-be"), "utf-16")


def test_utf16_without_bom() -> None:
    check(feed_text(enc="UTF-16").encode("utf-16-le"), "utf-16")
    check(feed_text(enc="UTF-16").encode("utf-16-be"), "utf-16")


def test_utf8_bom() -> None:
    check(b"\xef\xbb\xbf" + feed_text().encode("utf-8"), "utf-8")


def test_http_charset_when_the_document_declares_none() -> None:
    body = feed_text('<?xml version="1.0"?>').encode("cp1256")
    check(body, "cp1256", content_type="application/rss+xml; charset=windows-1256")


def test_undeclared_windows_1256_is_detected() -> None:
    check(feed_text('<?xml version="1.0"?>').encode("cp1256"), "cp1256")


def test_wrong_http_charset_loses_to_a_document_that_decodes() -> None:
    check(feed_text().encode("utf-8"), "utf-8", content_type="text/xml; charset=iso-8859-6")


def test_utf8_document_with_a_stale_single_byte_declaration() -> None:
    check(feed_text(enc="windows-1256").encode("utf-8"), "utf-8", content_type="text/xml; charset=iso-8859-6")


def test_ascii_document_reports_its_declared_encoding() -> None:
    body = b'<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>T</title><item><title>A</title></item></channel></rss>'
    (article,) = parse_feed(body, URL, fetched_at=FETCHED).articles
    assert (article.title, article.encoding) == ("A", "cp1256")


def test_bogus_declared_encoding_still_reads_utf8_entries() -> None:
    check(feed_text(enc="bogus").encode("utf-8"), "utf-8")


def test_decode_document_remembers_unknown_names() -> None:
    decoded = decode_document("نص".encode(), ["bogus", None, "utf-8"])
    assert (decoded.text, decoded.encoding, decoded.unknown) == ("نص", "utf-8", ("bogus",))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "not a feed: empty document"),
        (b"  \n\t ", "not a feed: empty document"),
        (b"<!-- only a comment -->\n", "not a feed: empty document"),
        (b'<?xml version="1.0" encoding="bogus"?><rss></rss>', "unknown encoding: bogus"),
        (
            b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>x</p></body></html>",
            "not a feed: an HTML page",
        ),
        (b"<head><title>Document Moved</title></head><body>moved</body>", "not a feed: an HTML page"),
        (b"<opml version='1.0'><body/></opml>", "not a feed: the document is a <opml>"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "not a feed: JSON without an items list"),
        (b"plain words, no markup", "not a feed: no markup"),
    ],
)
def test_documents_without_entries_say_why(body: bytes, reason: str) -> None:
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.articles == ()
    assert result.error == reason


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (b'<?xml version="1.0"?><rss version="2.0">\n</rss', "malformed XML: line 2"),
        (b'{"items": [', "malformed JSON: "),
        (b"<rss><channel><title>Reuters</title><!-- Exception rendering module -->", "malformed XML: line 1"),
    ],
)
def test_malformed_documents_name_the_problem(body: bytes, start: str) -> None:
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.articles == ()
    assert result.error is not None and result.error.startswith(start), result.error


def test_truncated_feed_keeps_the_entries_before_the_cut() -> None:
    text = feed_text().replace(
        "</channel></rss>",
        "<item><title>ثان</title><description>نص ثان</description></item><item><title>مقطوع</title><descr",
    )
    result = parse_feed(text.encode(), URL, fetched_at=FETCHED)
    assert result.error is None
    assert [a.title for a in result.articles][:2] == ["خبر", "ثان"]


@pytest.mark.parametrize(
    "junk",
    [b"garbage<<<>>> ", b"<?xml version='1.0'?>\n</junk>", b"<a><b></a></b>"],
)
def test_junk_before_the_root_falls_back_to_feedparser(junk: bytes) -> None:
    body = junk + b"<rss version='2.0'><channel><title>T</title><item><title>A</title><description>x</description>"
    body += b"<pubDate>Mon, 24 Aug 2020 14:30:00 +0200</pubDate></item></channel></rss>"
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.error is None
    assert [(a.title, a.paragraphs, a.date) for a in result.articles] == [("A", ("x",), "2020-08-24T14:30:00+02:00")]


def test_well_formed_feed_without_entries_is_no_error() -> None:
    result = parse_feed(b"<rss><channel><title>Quiet</title></channel></rss>", URL, fetched_at=FETCHED)
    assert (result.title, result.articles, result.error) == ("Quiet", (), None)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]><rss><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description>"
    "</item></channel></rss>"
)


def _max_rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_billion_laughs_is_refused_quickly() -> None:
    before = _max_rss_mb()
    start = time.perf_counter()
    result = parse_feed(LAUGHS.encode(), URL, fetched_at=FETCHED)
    assert time.perf_counter() - start < 2
    assert result.articles == ()
    assert result.error == "refused: the document declares XML entities (a feed never needs them)"
    assert _max_rss_mb() - before < 50


def test_billion_laughs_in_utf16_is_refused_too() -> None:
    result = parse_feed(b"\xff\xfe" + LAUGHS.encode("utf-16-le"), URL, fetched_at=FETCHED)
    assert result.error is not None and result.error.startswith("refused")


def test_xml_reader_alone_does_not_expand_entities() -> None:
    before = _max_rss_mb()
    start = time.perf_counter()
    raw = read_xml_feed(LAUGHS.encode(), URL)
    assert time.perf_counter() - start < 2
    assert _max_rss_mb() - before < 50
    assert all(len(e.title) < 1000 for e in raw.entries)


def test_external_entity_is_refused() -> None:
    body = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>'
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.articles == () and result.error is not None and result.error.startswith("refused")


def test_parse_many_pool_matches_in_process() -> None:
    jobs = [
        ParseJob(feed_text().replace("خبر", f"خبر {n}").encode(), f"https://f{n}.example/rss", FETCHED, tags=("t",))
        for n in range(6)
    ]
    jobs.append(ParseJob(b"", "https://empty.example/rss", FETCHED))
    serial = parse_many(jobs, workers=1)
    pooled = parse_many(jobs, workers=2, min_bytes=0)
    assert pooled == serial
    assert parse_many(jobs[:3], workers=2, min_bytes=0, start_method="spawn") == serial[:3]
    assert [r.articles[0].title for r in serial[:6]] == [f"خبر {n}" for n in range(6)]
    assert serial[6].error == "not a feed: empty document"


_SEED_FEED = feed_text().encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_result_not_an_exception(body: bytes) -> None:
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.articles or result.error is not None or result.title


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(_SEED_FEED)), st.integers(0, 40), st.binary(max_size=12))
def test_damaged_feeds_give_a_result_not_an_exception(at: int, cut: int, insert: bytes) -> None:
    body = _SEED_FEED[:at] + insert + _SEED_FEED[at + cut :]
    result = parse_feed(body, URL, fetched_at=FETCHED)
    for article in result.articles:
        assert article.title and article.blocks
        assert all(b.text and "\x00" not in b.text for b in article.blocks)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/&;#x pbrad=\"'lt\n\x01\u00a0ابت"), max_size=80), st.text(max_size=30))
def test_any_entry_text_gives_clean_paragraphs(description: str, title: str) -> None:
    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;")

    body = f"<rss><channel><title>t</title><item><title>{escape(title)}</title><description>{escape(description)}</description></item></channel></rss>"
    result = parse_feed(body.encode("utf-8", "surrogatepass"), URL, fetched_at=FETCHED)
    for article in result.articles:
        for text in (article.title, *(b.text for b in article.blocks)):
            assert text == text.strip() and "\n" not in text and "\x01" not in text and "  " not in text


def test_an_exception_in_a_reader_becomes_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.feeds.parse as parse_module

    def explode(data: bytes, feed_url: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(parse_module, "read_xml_feed", explode)
    result = parse_feed(feed_text().encode(), URL, fetched_at=FETCHED)
    assert result == ("enc.example", "", (), "could not parse (a bug in brief): RuntimeError: boom", 0, 0, 0)


def test_links_no_url_parser_can_split_are_dropped_and_the_entries_kept() -> None:
    """An IPv6 address left unclosed (``//[x``) in an entry's link, in a link of its text, in an
    ``xml:base`` or in a JSON Feed made ``urljoin`` raise, and the whole feed failed ("a bug in
    brief"): only those links are dropped now."""
    rss = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>one</title><link>//[x/y</link><guid>g1</guid><description>"
        '&lt;p&gt;text here&lt;/p&gt;&lt;p&gt;اقرأ أيضاً: &lt;a href="//[x"&gt;عنوان&lt;/a&gt;&lt;/p&gt;'
        "</description></item>"
        '<item xml:base="http://[::1/"><title>two</title><link>rel/path</link><guid>g2</guid>'
        "<description>more text</description></item>"
        "</channel></rss>"
    )
    result = parse_feed(rss.encode(), URL, fetched_at=FETCHED)
    assert result.error is None
    assert [(a.title, a.url) for a in result.articles] == [("one", None), ("two", None)]
    blocks = result.articles[0].blocks
    assert [(b.kind, b.text, b.href) for b in blocks] == [("text", "text here", None), ("link", "عنوان", None)]
    json_feed = (
        '{"version": "https://jsonfeed.org/version/1.1", "title": "j", "home_page_url": "//[x",'
        ' "items": [{"id": "1", "url": "//[x", "content_html": "<p>hi there</p>"}]}'
    )
    result = parse_feed(json_feed.encode(), URL, fetched_at=FETCHED)
    assert (result.error, [(a.title, a.url) for a in result.articles]) == (None, [("hi there", None)])


def _rss(title: str, description: str) -> bytes:
    """An RSS document of two items: the one given (title and description as written), then a plain one."""
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        f"<item><guid>odd</guid><title>{title}</title><description>{description}</description></item>"
        "<item><guid>plain</guid><title>خبر</title><description>نص</description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("control", ["&#27;", "&#x1B;", "&#0027;", "&#0;", "&#x8;", "\x1b", "\x00"])
def test_a_control_character_in_a_feed_leaves_the_markup_around_it_read_as_markup(control: str) -> None:
    """XML 1.0 forbids these characters, written or referenced; lxml's recovering parser lost the
    markup after one (tags shown as text, a script's code kept). The character is removed, as from
    any feed text, and the entry read as if it were not there."""
    html = f"<p>one{control}two</p><script>alert(1)</script><p>three <b>bold</b></p>"
    escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace("&amp;#", "&#")
    result = parse_feed(_rss(f"a{control}b", escaped), URL, fetched_at=FETCHED)
    assert result.error is None
    assert [(a.title, a.paragraphs) for a in result.articles] == [("ab", ("onetwo", "three bold")), ("خبر", ("نص",))]


@pytest.mark.parametrize(
    "reference", ["&#xD800;", "&#xdfff;", "&#55296;", "&#xFFFE;", "&#x110000;", "&#99999999;", "\ufffe", "\uffff"]
)
def test_a_reference_to_no_character_becomes_a_replacement_character(reference: str) -> None:
    """A surrogate, a non-character (referenced or written) or a code point past U+10FFFF: lxml
    gave bytes that are not UTF-8 (the whole feed failed as "a bug in brief"); now U+FFFD stands
    where it was."""
    result = parse_feed(_rss(f"a {reference} b", f"c {reference} d"), URL, fetched_at=FETCHED)
    assert result.error is None
    assert [(a.title, a.paragraphs) for a in result.articles] == [("a \ufffd b", ("c \ufffd d",)), ("خبر", ("نص",))]


def test_references_to_characters_stay_what_they_are() -> None:
    refs = "&#x41;&#0065;&#1575;&#x0644;&#x1F600;&#39;&#x10FFFF;&#10;&#x9;&#13;"
    result = parse_feed(_rss(f"x{refs}y", "z"), URL, fetched_at=FETCHED)
    assert result.articles[0].title == "xAAال\U0001f600'\U0010ffff y"  # the whitespace collapsed, as in any title


def test_a_lone_surrogate_in_a_json_feed_becomes_a_replacement_character() -> None:
    """JSON can write a lone surrogate (``"\\ud800"``), which no UTF-8 text can hold: the store
    refused it, and with it the whole fetch. A pair (an emoji) is one character and stays."""
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "f\\udc00", "items": ['
        b'{"id": "1", "url": "https://j.example/\\ud800", "title": "lone \\ud800 pair \\ud83d\\ude00",'
        b' "content_html": "<p>a \\udfff b</p>", "tags": ["t\\ud800"]},'
        b' {"id": "2", "title": "plain", "content_text": "text"}]}'
    )
    result = parse_feed(body, URL, fetched_at=FETCHED)
    assert result.error is None and result.title == "f\ufffd"
    first, second = result.articles
    assert (first.title, first.paragraphs, first.tags, first.url) == (
        "lone \ufffd pair \U0001f600",
        ("a \ufffd b",),
        ("t\ufffd",),
        "https://j.example/\ufffd",
    )
    assert (second.title, second.paragraphs) == ("plain", ("text",))


@pytest.mark.parametrize("bad", [b"\xff", b"\xd8", b"\xff\x00", b"\xe2\x80"])
def test_a_utf8_feed_with_a_bad_byte_keeps_its_arabic(bad: bytes) -> None:
    """One stray or truncated byte in a UTF-8 feed: the rest is read as UTF-8 (the bad byte
    becomes U+FFFD), not the whole document as a single-byte encoding (every Arabic letter two
    Latin ones) or as binary data (every entry lost)."""
    items = "".join(
        f"<item><guid>g{i}</guid><title>خبر {i}</title><description>{BODY}</description></item>" for i in range(50)
    )
    text = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{TITLE}</title>{items}</channel></rss>"
    data = text.encode()
    spot = data.index("خبر 43".encode())
    data = data[:spot] + bad + data[spot:]
    result = parse_feed(data, URL, fetched_at=FETCHED)
    assert result.error is None and result.title == TITLE
    titles = sorted(a.title for a in result.articles)
    assert len(titles) == 50
    assert "خبر 42" in titles and all(a.paragraphs == (BODY,) for a in result.articles)
    (odd,) = [t for t in titles if t.endswith(" 43")]
    assert odd.replace("\ufffd", "") == "خبر 43"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةءأإآىپچژگک،؛؟ ") + ["\n"]), min_size=40, max_size=400),
    st.sampled_from(["cp1256", "iso8859_6"]),
)
def test_single_byte_arabic_and_persian_is_never_taken_for_utf8(letters: list[str], codec: str) -> None:
    """Text in Windows-1256 or ISO-8859-6 is not UTF-8 with a few bad bytes: it keeps its own encoding."""
    from tui.importers.decode import mostly_utf8

    text = "".join(letters)
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode(codec, errors="ignore")
    if not data.isascii():
        assert mostly_utf8(data) is None


def test_entities_declared_after_a_long_comment_are_refused_too() -> None:
    """The DOCTYPE was looked for in the first 64 KB only: a 70 KB comment before it got it parsed."""
    padded = LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0"?><!--' + "x" * 70_000 + "-->")
    result = parse_feed(padded.encode(), URL, fetched_at=FETCHED)
    assert result.error == "refused: the document declares XML entities (a feed never needs them)"


def test_a_document_is_read_for_its_first_entries_only() -> None:
    from tui.feeds.parse import MAX_FEED_ENTRIES

    items = "".join(f"<item><guid>g{i}</guid><title>خبر {i}</title></item>" for i in range(MAX_FEED_ENTRIES + 7))
    result = parse_feed(f"<rss><channel><title>t</title>{items}</channel></rss>".encode(), URL, fetched_at=FETCHED)
    assert len(result.articles) == MAX_FEED_ENTRIES and result.beyond == 7
    assert result.articles[-1].title == f"خبر {MAX_FEED_ENTRIES - 1}"


def test_a_large_malformed_document_is_not_given_to_the_loose_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """feedparser takes seconds and 100 MB a megabyte: a malformed document past MAX_LOOSE_BYTES
    fails with the XML parser's reason; a smaller one is still tried."""
    import tui.feeds.parse as parse

    tried: list[int] = []
    real = parse.read_loose_feed

    def counting(data: bytes, url: str):  # type: ignore[no-untyped-def]
        tried.append(len(data))
        return real(data, url)

    monkeypatch.setattr(parse, "read_loose_feed", counting)
    # A feed buried in another document: the XML reader finds no feed, feedparser finds its entry.
    buried = "<junk/><rss><channel><title>t</title><item><title>a</title><description>text</description></item>"
    small = parse_feed(f"<?xml version='1.0'?>{buried}</channel></rss>".encode(), URL, fetched_at=FETCHED)
    assert tried and len(small.articles) == 1  # feedparser's tolerance kept for what it can do quickly
    tried.clear()
    padding = "<!--" + "x" * parse.MAX_LOOSE_BYTES + "-->"
    big = parse_feed(f"<?xml version='1.0'?>{buried}{padding}</channel></rss>".encode(), URL, fetched_at=FETCHED)
    assert tried == [] and big.articles == () and big.error == "not a feed: the document is a <junk>"


def test_an_entry_that_breaks_the_reader_costs_that_entry_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception no rule foresaw, in one entry, ended the whole refresh (every other feed too)."""
    import tui.feeds.parse as parse

    real = parse.entry_article

    def fragile(entry, **kwargs):  # type: ignore[no-untyped-def]
        if entry.title == "2":
            raise ValueError("a bug")
        return real(entry, **kwargs)

    monkeypatch.setattr(parse, "entry_article", fragile)
    items = "".join(f"<item><guid>g{i}</guid><title>{i}</title><description>نص</description></item>" for i in range(4))
    result = parse_feed(f"<rss><channel><title>t</title>{items}</channel></rss>".encode(), URL, fetched_at=FETCHED)
    assert sorted(a.title for a in result.articles) == ["0", "1", "3"] and result.skipped == 1
