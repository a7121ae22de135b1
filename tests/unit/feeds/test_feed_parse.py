"""Feed documents to articles (tui.feeds.parse): formats, fields, links and dates, against hand-checked values."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from tui.feeds.parse import ParsedFeed, parse_feed
from tui.models import Article, Block

DATA = Path(__file__).parent / "data"
FETCHED = "2026-12-01T12:00:00+00:00"


def parse(name: str, url: str, **options: object) -> ParsedFeed:
    """Parse a fixture file."""
    return parse_feed((DATA / name).read_bytes(), url, fetched_at=FETCHED, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def rss() -> ParsedFeed:
    """The RSS 2.0 fixture with user tags."""
    return parse("rss2.xml", "https://news.example/feed.xml", tags=("عربي", "مصر"))


def test_rss_feed_title_and_link(rss: ParsedFeed) -> None:
    assert rss.error is None
    assert rss.title == "أخبار اليوم"  # HTML-escaped <b> removed
    assert rss.link == "https://news.example/"
    assert len(rss.articles) == 3


def test_rss_full_entry(rss: ParsedFeed) -> None:
    first = rss.articles[0]
    assert first.title == "وزير الري يوقع عقد الدراسة"
    assert first.blocks == (
        Block("text", "شهد الوزير مراسم توقيع العقد."),
        Block("text", "وتهدف الدراسة إلى تحديد المناطق."),
        Block("link", "النيل يرتفع", label="اقرأ أيضاً", href="https://news.example/2020/08/20/nile"),
    )
    assert first.date == "2020-08-24T14:30:00+02:00"
    assert first.url == "https://news.example/2020/08/24/irrigation"
    assert first.tags == ("عربي", "مصر", "مياه")  # user tags first, duplicates once
    assert first.source == "أخبار اليوم"
    assert first.feed == "https://news.example/feed.xml"
    assert first.path is None
    assert first.encoding == "utf-8"
    assert first.links[0].target is None


def test_rss_empty_title_takes_first_sentence_and_year_one_date_falls_back(rss: ParsedFeed) -> None:
    second = rss.articles[1]
    assert second.title == "الخبر الثاني بلا عنوان"
    assert second.paragraphs == ("الخبر الثاني بلا عنوان. وفيه جملة أخرى.",)
    assert (
        second.date == "2026-12-01T11:59:59+00:00"
    )  # 0001-01-01 is no date: the fetch time, less a second (its place)
    assert second.date_is_fetch_time and not rss.articles[0].date_is_fetch_time
    assert second.url == "https://news.example/2020/08/25/second"  # relative link made absolute


def test_rss_entry_without_body_takes_its_title(rss: ParsedFeed) -> None:
    third = rss.articles[2]
    assert third.blocks == (Block("text", "عنوان فقط"),)
    assert third.date == "2020-08-26T09:00:00+03:00"  # dc:date
    assert third.url == "https://news.example/only-title"  # permalink guid


def test_ids_are_stable_and_command_line_safe(rss: ParsedFeed) -> None:
    again = parse("rss2.xml", "https://news.example/feed.xml", tags=("عربي", "مصر"))
    assert [a.id for a in again.articles] == [a.id for a in rss.articles]
    assert len({a.id for a in rss.articles}) == 3
    for article in rss.articles:
        assert article.id.startswith("feed-")
        assert set(article.id) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    other_feed = parse("rss2.xml", "https://mirror.example/feed.xml")
    assert not {a.id for a in other_feed.articles} & {a.id for a in rss.articles}


def test_content_hash_ignores_fetch_time_but_not_content(rss: ParsedFeed) -> None:
    body = (DATA / "rss2.xml").read_bytes()
    later = parse_feed(body, "https://news.example/feed.xml", fetched_at="2030-01-01T00:00:00+00:00")
    assert [a.content_hash for a in later.articles] == [a.content_hash for a in rss.articles]
    assert later.articles[1].date == "2029-12-31T23:59:59+00:00"  # the fetch time, less a second: the second entry
    edited = parse_feed(
        body.replace("شهد الوزير".encode(), "حضر الوزير".encode()), "https://news.example/feed.xml", fetched_at=FETCHED
    )
    assert edited.articles[0].content_hash != rss.articles[0].content_hash
    assert edited.articles[0].id == rss.articles[0].id
    assert edited.articles[1].content_hash == rss.articles[1].content_hash


def test_title_override_names_the_source() -> None:
    result = parse("rss2.xml", "https://news.example/feed.xml", title="جريدتي")
    assert {a.source for a in result.articles} == {"جريدتي"}
    assert result.title == "أخبار اليوم"


def test_atom_xml_base_and_relative_links() -> None:
    result = parse("atom.xml", "https://blog.example/ar/atom.xml")
    assert result.error is None
    assert result.title == "مدونة & ملاحظات"
    assert result.link == "https://blog.example/ar/"
    first, second = result.articles
    assert first.title == "آثَارٌ رُومَانِيَّةٌ"  # harakat kept
    assert first.url == "https://blog.example/ar/posts/2020/roman-ruins/"  # feed base + entry base + href
    assert first.blocks == (
        Block("text", "أطلال معبد هرقل في عمان."),
        Block("link", "The Citadel", label="See also", href="https://blog.example/ar/posts/2019/citadel/"),
    )
    assert first.date == "2020-03-19T10:00:00+02:00"  # updated when no published
    assert first.tags == ("أردن",)
    assert second.title == "Plain <text> title"  # type="text": entities decoded once, kept as text
    assert second.url == "https://blog.example/absolute-path"
    assert second.date == "2020-02-10T11:09:34+00:00"
    # A text construct is text, even when it spells tags: never read as HTML escaped twice.
    assert second.paragraphs == ("A summary with <b>literal</b> angle brackets.",)


def test_rss1_rdf() -> None:
    result = parse("rss1.rdf", "https://rdf.example/rss")
    assert (result.title, result.link, result.error) == ("نشرة RDF", "https://rdf.example/", None)
    (article,) = result.articles
    assert (article.title, article.date, article.url, article.tags) == (
        "خبر من RDF",
        "2019-08-27",
        "https://rdf.example/a",
        ("علوم",),
    )
    assert article.paragraphs == ("نص الخبر من RDF.",)


def test_json_feed() -> None:
    result = parse("feed.json", "https://json.example/feed.json")
    assert (result.title, result.link, result.error) == ("موجز JSON", "https://json.example/", None)
    first, second = result.articles
    assert first.title == "أول خبر"
    assert first.paragraphs == ("فقرة أولى", "فقرة ثانية")
    assert first.url == "https://json.example/posts/1"
    assert first.date == "2021-05-01T08:00:00+04:00"
    assert first.tags == ("سياسة", "اقتصاد")
    assert second.title == "نص بلا عنوان <ليس وسماً>"  # content_text stays text
    assert second.date == "2021-05-02T09:00:00+00:00"  # date_modified
    assert second.url is None


def test_json_feed_version_1_0_with_external_url_and_summary() -> None:
    body = (
        '{"version": "https://jsonfeed.org/version/1", "title": "قديم", "items": ['
        '{"id": "a", "external_url": "https://elsewhere.example/a", "summary": "ملخص فقط", '
        '"date_published": "2017-05-17T08:02:12-07:00"}]}'
    ).encode()
    (article,) = parse_feed(body, "https://old.example/feed.json", fetched_at=FETCHED).articles
    assert (article.title, article.paragraphs, article.url, article.date) == (
        "ملخص فقط",
        ("ملخص فقط",),
        "https://elsewhere.example/a",
        "2017-05-17T08:02:12-07:00",
    )


def test_rss091_without_dates_uses_fetch_time() -> None:
    body = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="0.91"><channel><title>Tribunal</title>'
        b"<link>http://tj.example</link><item><title>Not\xedcia</title><link>http://tj.example/1</link>"
        b"<description><![CDATA[Comit\xea completa 150 dias.]]></description></item></channel></rss>"
    )
    (article,) = parse_feed(body, "http://tj.example/rss", fetched_at=FETCHED).articles
    assert (article.title, article.paragraphs, article.date) == ("Notícia", ("Comitê completa 150 dias.",), FETCHED)
    assert article.encoding == "iso8859-1"


def test_feed_without_title_is_named_by_host() -> None:
    body = b"<rss><channel><title></title><item><title>x</title><description>y</description></item></channel></rss>"
    result = parse_feed(body, "https://www.blog.example/ar/feed.xml", fetched_at=FETCHED)
    assert result.title == "blog.example"
    assert result.articles[0].source == "blog.example"


def _items(*items: tuple[str, str, str, str]) -> bytes:
    """An RSS document of items given as (guid, link, title, date)."""
    xml = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{title}</title><pubDate>{date}</pubDate>"
        f"<description>نص {title}</description></item>"
        for guid, link, title, date in items
    )
    return f"<rss><channel><title>t</title>{xml}</channel></rss>".encode()


def _id(feed_url: str, key: str) -> str:
    """An entry's id computed by hand: 8 hex of the feed URL's SHA-1, 12 of the key's."""
    return f"feed-{hashlib.sha1(feed_url.encode()).hexdigest()[:8]}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def test_an_entry_repeated_whole_is_one_brief() -> None:
    item = ("same", "https://d.example/1", "أول", "Mon, 01 Jan 2024 10:00:00 +0000")
    result = parse_feed(_items(item, item), "https://d.example/f", fetched_at=FETCHED)
    assert [a.title for a in result.articles] == ["أول"]
    assert result.articles[0].id == _id("https://d.example/f", "same")  # its guid, as any entry's


def test_entries_sharing_a_guid_are_briefs_of_their_own_and_keep_their_ids() -> None:
    """A site that gives every item its home page as guid: each story is a brief of its own, told
    apart by its link (or, with the same link too, by its title and date), and keeps its id when a
    new story comes on top; a feed whose guids differ keeps the ids made from its guids alone."""
    url = "https://d.example/f"
    home = "http://example.org/"
    stories = [
        (home, f"http://example.org/s/{n}", f"Story {n}", f"Mon, 0{n + 1} Jan 2024 10:00:00 +0000") for n in range(5)
    ]
    first = parse_feed(_items(*stories), url, fetched_at=FETCHED)
    assert [a.title for a in first.articles] == [f"Story {n}" for n in range(5)]
    assert [a.id for a in first.articles] == [_id(url, f"{home}\nhttp://example.org/s/{n}") for n in range(5)]
    newer = (home, "http://example.org/s/5", "Story 5", "Sat, 06 Jan 2024 10:00:00 +0000")
    second = parse_feed(_items(newer, *reversed(stories)), url, fetched_at=FETCHED)
    by_title = {a.title: a.id for a in second.articles}
    assert len(by_title) == 6 and all(by_title[a.title] == a.id for a in first.articles)
    # The same guid and link: told apart by title and date.
    alike = [(home, home, f"Story {n}", f"Mon, 0{n + 1} Jan 2024 10:00:00 +0000") for n in range(2)]
    third = parse_feed(_items(*alike), url, fetched_at=FETCHED)
    assert [a.id for a in third.articles] == [_id(url, f"{home}\n{home}\n{t}\n{d}") for _, _, t, d in alike]
    # Guids of their own: the id is the guid's, whatever the links.
    own = parse_feed(_items(("g1", home, "A", ""), ("g2", home, "B", "")), url, fetched_at=FETCHED)
    assert [a.id for a in own.articles] == [_id(url, "g1"), _id(url, "g2")]


def test_control_characters_do_not_reach_the_text() -> None:
    body = "<rss><channel><title>t</title><item><title>عنوان&#x9;\u0085مع</title><description>&lt;p&gt;أ&amp;#x1b;[2J ب&lt;/p&gt;</description></item></channel></rss>"
    (article,) = parse_feed(body.encode(), "https://c.example/f", fetched_at=FETCHED).articles
    assert article.title == "عنوان مع"
    assert article.paragraphs == ("أ[2J ب",)


def test_parsed_feed_pickles(rss: ParsedFeed) -> None:
    assert pickle.loads(pickle.dumps(rss)) == rss
    assert isinstance(rss.articles[0], Article)


_DATES = [
    ("2024/03/05 10:00", "2024-03-05T10:00:00"),
    ("2024.03.05", "2024-03-05"),
    ("2023-12-31 23:30:00 UTC", "2023-12-31T23:30:00+00:00"),
    ("Sun, 31 Dec 2023 23:30:00 AST", "2023-12-31T23:30:00"),
    ("2024-03-05T10:00:00+03:00 (Riyadh)", "2024-03-05T10:00:00+03:00"),  # a comment left out
    ("Tue, 05 Mar 2024 10:00:00 EEST (Cairo)", "2024-03-05T10:00:00+03:00"),
    ("2024 March 5", FETCHED),  # unreadable: the fetch time
    ("0001-01-01T00:00:00Z", FETCHED),
]


_DATED = {
    "rss": (
        "https://d.example/rss",
        "<rss><channel><title>t</title><item><title>x</title><pubDate>{}</pubDate></item></channel></rss>",
    ),
    "atom": (
        "https://d.example/atom",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<entry><id>e</id><title>x</title><updated>{}</updated></entry></feed>",
    ),
    "json": (
        "https://d.example/feed.json",
        '{{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": '
        '[{{"id": "1", "title": "x", "date_published": "{}"}}]}}',
    ),
}
"""A document of one entry dated by the value put in, by format: RSS ``pubDate``, Atom ``updated``,
JSON Feed ``date_published``."""


@pytest.mark.parametrize("kind", sorted(_DATED))
@pytest.mark.parametrize(("written", "expected"), _DATES)
def test_an_entry_date_is_read_alike_in_every_format(kind: str, written: str, expected: str) -> None:
    url, document = _DATED[kind]
    (article,) = parse_feed(document.format(written).encode(), url, fetched_at=FETCHED).articles
    assert article.date == expected


def test_an_atom_title_without_a_type_is_text_as_atom_says() -> None:
    """Atom's text constructs are text unless their ``type`` says HTML: ``&lt;test&gt;`` there is
    the text ``<test>``, in the feed's title and in an entry's; RSS titles are read as HTML."""
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>LT &lt;test&gt;</title>'
        b"<entry><id>1</id><title>A &lt;b&gt; c</title><content>x</content></entry>"
        b'<entry><id>2</id><title type="html">B &lt;b&gt;bold&lt;/b&gt;</title><content>y</content></entry></feed>'
    )
    result = parse_feed(body, "https://a.example/atom", fetched_at=FETCHED)
    assert result.title == "LT <test>"
    assert [(a.title, a.source) for a in result.articles] == [("A <b> c", "LT <test>"), ("B bold", "LT <test>")]
    rss = b"<rss><channel><title>R &lt;b&gt;x&lt;/b&gt;</title><item><title>T &lt;i&gt;y&lt;/i&gt;</title><description>z</description></item></channel></rss>"
    result = parse_feed(rss, "https://r.example/rss", fetched_at=FETCHED)
    assert (result.title, result.articles[0].title) == ("R x", "T y")


def test_an_entry_without_a_page_takes_its_enclosure_as_its_url() -> None:
    """A podcast episode with no link: its brief's URL is its audio (RSS ``enclosure``, Atom
    ``link rel="enclosure"``, JSON Feed ``attachments``), made absolute; a page, when there is one,
    comes first; the id is the guid's as before."""
    rss = (
        b'<rss version="2.0"><channel><title>P</title>'
        b'<item><guid isPermaLink="false">e1</guid><title>Ep 1</title><enclosure url="/audio/1.mp3" type="audio/mpeg"/>'
        b"<description>x</description></item>"
        b'<item><guid isPermaLink="false">e2</guid><title>Ep 2</title><link>http://p.example/2</link>'
        b'<enclosure url="http://p.example/2.mp3"/><description>y</description></item></channel></rss>'
    )
    result = parse_feed(rss, "http://p.example/feed", fetched_at=FETCHED)
    assert [(a.url, a.id) for a in result.articles] == [
        ("http://p.example/audio/1.mp3", _id("http://p.example/feed", "e1")),
        ("http://p.example/2", _id("http://p.example/feed", "e2")),
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>1</id><title>E</title>'
        b'<link rel="enclosure" href="e.ogg"/><content>x</content></entry></feed>'
    )
    assert [a.url for a in parse_feed(atom, "http://p.example/atom", fetched_at=FETCHED).articles] == [
        "http://p.example/e.ogg"
    ]
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "t",'
        b' "attachments": [{"url": "a.mp3", "mime_type": "audio/mpeg"}]}]}'
    )
    parsed = parse_feed(
        json_feed, "http://p.example/feed.json", fetched_at=FETCHED, content_type="application/feed+json"
    )
    assert [a.url for a in parsed.articles] == ["http://p.example/a.mp3"]
