"""Feed links found in HTML pages, and the sniff that tells a feed from a page."""

from __future__ import annotations

import codecs
import json

import pytest

from tui.feeds.discover import FeedLink, find_feed_links, looks_like_feed, looks_like_html

SITE = "https://news.example/section/page.html"


def test_types_rel_tokens_case_and_relative_hrefs() -> None:
    html = """<html><head>
    <link rel="stylesheet" type="text/css" href="/s.css">
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
    <LINK REL="ALTERNATE feed" TYPE="Application/Atom+XML; charset=utf-8" href="atom.xml" TITLE=" Atom  feed ">
    <link rel="alternate" type="application/feed+json" href="//cdn.example/feed.json"/>
    <link rel="alternate" hreflang="ar" href="/ar/">
    <link rel="alternate" type="application/rss+xml" href="">
    <link rel="next" type="application/rss+xml" href="/not-alternate.xml">
    </head></html>"""
    assert find_feed_links(html, SITE) == [
        FeedLink("https://news.example/rss.xml", "RSS", "application/rss+xml"),
        FeedLink("https://news.example/section/atom.xml", "Atom feed", "application/atom+xml"),
        FeedLink("https://cdn.example/feed.json", None, "application/feed+json"),
    ]


def test_base_href_is_honoured_and_resolved_against_the_page() -> None:
    html = '<head><base href="../feeds/"><link rel=alternate type=application/rss+xml href=main.xml>'
    assert find_feed_links(html, SITE) == [FeedLink("https://news.example/feeds/main.xml", None, "application/rss+xml")]


def test_plain_json_comes_last_and_repeats_are_dropped() -> None:
    html = (
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">'
        '<link rel="alternate" type="text/xml" href="/old.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="https://news.example/feed/" title="again">'
    )
    links = find_feed_links(html, SITE)
    assert [link.url for link in links] == [
        "https://news.example/feed/",
        "https://news.example/old.xml",
        "https://news.example/wp-json/wp/v2/pages/2",
    ]
    assert links[0].title is None


def test_broken_html_and_non_http_links() -> None:
    html = (
        b"<html><head><title>x</head><body><div><p>unclosed <b>tags\xff\xfe"
        b"<link rel=alternate type=application/atom+xml href='javascript:alert(1)'>"
        b"<link rel=alternate type=application/atom+xml href='mailto:a@b'>"
        b'<link rel="alternate" type="application/atom+xml" title="\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a" href=/atom>'
    )
    # Not UTF-8 (\xff\xfe), no charset named: read as Windows-1252, so the Arabic title is mojibake
    # but the link is still found.
    links = find_feed_links(html, SITE)
    assert [(link.url, link.type) for link in links] == [("https://news.example/atom", "application/atom+xml")]


def test_utf8_title_and_bidi_controls_removed() -> None:
    html = '<link rel="alternate" type="application/rss+xml" title="\u202bأخبار\u202c اليوم" href="/r">'
    assert find_feed_links(html.encode("utf-8"), SITE)[0].title == "أخبار اليوم"


def test_meta_charset_is_used_when_not_utf8() -> None:
    title = "أخبار"
    html = f'<meta charset="windows-1256"><link rel="alternate" type="application/rss+xml" title="{title}" href="/r">'
    assert find_feed_links(html.encode("cp1256"), SITE)[0].title == title


def test_a_page_without_feeds() -> None:
    assert find_feed_links("<html><body>nothing</body></html>", SITE) == []
    assert find_feed_links(b"", SITE) == []


RSS = b'<?xml version="1.0" encoding="utf-8"?>\n<!-- generator -->\n<rss version="2.0"><channel/></rss>'
ATOM = b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom"/>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>'
DOCTYPE_RSS = b'<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd" [<!ENTITY a "b">]>\n<rss version="0.91"/>'
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}).encode()
HTML = b"<!DOCTYPE html>\n<html><head><title>x</title></head></html>"


@pytest.mark.parametrize("body", [RSS, ATOM, RDF, DOCTYPE_RSS, JSON_FEED, b"\xef\xbb\xbf  " + RSS])
def test_feeds_look_like_feeds(body: bytes) -> None:
    assert looks_like_feed(body, "text/html")  # the body decides, whatever the server says
    assert not looks_like_html(body, "text/html")


def test_utf16_feed_is_sniffed() -> None:
    body = codecs.BOM_UTF16_LE + '<?xml version="1.0" encoding="utf-16"?><rss/>'.encode("utf-16-le")
    assert looks_like_feed(body)


@pytest.mark.parametrize(
    ("body", "content_type", "html"),
    [
        (HTML, None, True),
        (b"<html><body>hi", "application/xml", True),
        (b"<p>just a fragment</p>", "text/html; charset=utf-8", True),
        (b"<p>just a fragment</p>", None, False),
        (b'<?xml version="1.0"?><opml version="2.0"/>', "text/xml", False),
        (b'{"version": "1.0", "data": []}', "application/json", False),
        (b"", None, False),
    ],
)
def test_not_feeds(body: bytes, content_type: str | None, html: bool) -> None:
    assert not looks_like_feed(body, content_type)
    assert looks_like_html(body, content_type) is html


def test_json_feed_content_type_without_version() -> None:
    assert looks_like_feed(b'{"title": "t", "items": []}', "application/feed+json")
    assert not looks_like_feed(b'{"title": "t", "items": []}', "application/json")


def test_links_no_url_parser_can_split_are_dropped() -> None:
    """An IPv6 address left unclosed made ``urljoin`` raise, and ``brief feeds add`` of the page end
    with a traceback: such a link (or ``<base href>``) is dropped, the page's other links kept."""
    html = (
        '<link rel="alternate" type="application/rss+xml" href="//[::1/feed">'
        '<link rel="alternate" type="application/rss+xml" href="/rss">'
    )
    assert [link.url for link in find_feed_links(html, SITE)] == ["https://news.example/rss"]
    based = '<base href="http://[::1/"><link rel="alternate" type="application/rss+xml" href="rss">'
    assert [link.url for link in find_feed_links(based, SITE)] == ["https://news.example/section/rss"]


@pytest.mark.parametrize("piece", [b"<a", b"<link", b"<!--", b"<link rel=alternate", b"<base href='"])
def test_a_page_built_to_be_slow_to_read_is_read_in_linear_time(piece: bytes) -> None:
    """Python's html.parser took 68 s over 250 KB of ``<a`` (and the fetch's timeout no longer
    applied): the scan reads each stretch of the page once."""
    import time

    page = b"<html><head><title>x</title>" + piece * (1_000_000 // len(piece))
    start = time.process_time()
    assert find_feed_links(page, SITE) == []
    assert time.process_time() - start < 2


def test_links_in_comments_are_not_feeds_and_entities_are_decoded() -> None:
    html = (
        '<!-- <link rel="alternate" type="application/rss+xml" href="/old"> -->'
        '<LINK REL="Alternate" TYPE="application/rss+xml" HREF="/feed?a=1&amp;b=2" title="A &amp; B">'
    )
    (link,) = find_feed_links(html.encode(), SITE)
    assert (link.url, link.title) == ("https://news.example/feed?a=1&b=2", "A & B")


@pytest.mark.parametrize(
    ("html", "url"),
    [
        ('<link rel="alternate" type="application/rss+xml" title="News > World" href="/a.xml">', "/a.xml"),
        ("<link rel='alternate' type='application/rss+xml' title='<عاجل>' href='/b.xml'>", "/b.xml"),
        ('<!--> <link rel=alternate type=application/rss+xml href="/c.xml">', "/c.xml"),  # an empty comment
        ('<!---> <link rel=alternate type=application/rss+xml href="/d.xml">', "/d.xml"),
    ],
)
def test_angle_brackets_in_quotes_and_empty_comments(html: str, url: str) -> None:
    assert [link.url for link in find_feed_links(html.encode(), SITE)] == ["https://news.example" + url]
