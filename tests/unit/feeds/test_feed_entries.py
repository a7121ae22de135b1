"""Raw entries to articles (tui.feeds.entries): dates, ids, hashes and fallbacks, hand-checked."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.feeds.entries import EntryTooLarge, content_hash, entry_article, entry_id, normalize_date
from tui.feeds.raw import RawEntry
from tui.models import Block


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Fri, 23 Sep 2022 00:00:00 +0300", "2022-09-23T00:00:00+03:00"),
        ("Sat, 21 Mar 2020 06:29:51 GMT", "2020-03-21T06:29:51+00:00"),
        ("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T04:00:00-05:00"),
        ("Sun, 01 Mar 2026 07:20:00 CET", "2026-03-01T07:20:00+01:00"),  # zone names feeds use
        ("Sun, 01 Mar 2026 07:20:00 EEST", "2026-03-01T07:20:00+03:00"),
        ("Sun, 1 Mar 2026 07:20 MSK", "2026-03-01T07:20:00+03:00"),
        ("2012-07-16T08:48:01-07:00", "2012-07-16T08:48:01-07:00"),
        ("2020-02-21T17:08:06Z", "2020-02-21T17:08:06+00:00"),
        ("2020-02-21t17:08:06z", "2020-02-21T17:08:06+00:00"),
        ("2020-02-21T17:08:06", "2020-02-21T17:08:06"),
        ("2019-08-27", "2019-08-27"),
        ("Mon, 01 Jan 0001 00:00:00 +0000", None),
        ("0001-01-01T00:00:00Z", None),
        ("0001-01-01", None),
        ("Mon, 01 Jan 2500 00:00:00 +0000", None),
        ("not a date", None),
        ("", None),
        ("   ", None),
        # impossible fields are no date, not another date (feedparser rolled them over)
        ("2024-02-30T10:00:00Z", None),
        ("2024-13-01", None),
        ("2024-01-01T25:61:61Z", None),
        ("2024-01-01T10:00:00+99:99", None),
        ("-2024-01-01", None),
        ("12345", None),
        ("Fri, 30 Feb 2024 10:00:00 GMT", None),
        # forms only feedparser reads still read
        ("2004-02", "2004-02-01T00:00:00+00:00"),
        ("2004", "2004-01-01T00:00:00+00:00"),  # a year alone is a W3C-DTF date
        ("28 November 2004", "2004-11-28T00:00:00+00:00"),
        ("Sun, 28 Nov 2004 05:55:38 UT", "2004-11-28T05:55:38+00:00"),
    ],
)
def test_normalize_date(written: str, expected: str | None) -> None:
    assert normalize_date(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # year first with "/" or "." (feedparser read only "2024" and took the month from today)
        ("2024/03/05 10:00", "2024-03-05T10:00:00"),  # no zone written: none given, as for ISO 8601
        ("2024.03.05", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("2024.03.05 10:00:30", "2024-03-05T10:00:30"),
        ("2024/3/5 9:05", "2024-03-05T09:05:00"),
        ("2024-3-5", "2024-03-05"),
        ("2024/03/05 10:00 +0300", "2024-03-05T10:00:00+03:00"),
        ("2024/03/05 10:00:00.25Z", "2024-03-05T10:00:00.250000+00:00"),
        # a zone name after an ISO 8601 time (feedparser dropped the time)
        ("2023-12-31 23:30:00 UTC", "2023-12-31T23:30:00+00:00"),
        ("2023-12-31 23:30:00 GMT", "2023-12-31T23:30:00+00:00"),
        ("2023-12-31 23:30 UTC", "2023-12-31T23:30:00+00:00"),
        ("2023-12-31 23:30:00 EST", "2023-12-31T23:30:00-05:00"),
        ("2023-12-31 23:30:00 EET", "2023-12-31T23:30:00+02:00"),
        # names that mean two zones are not guessed: the time as written, without a zone
        ("Sun, 31 Dec 2023 23:30:00 AST", "2023-12-31T23:30:00"),  # Arabia (+03:00) or Atlantic (-04:00)
        ("Sun, 31 Dec 2023 23:30:00 ADT", "2023-12-31T23:30:00"),
        ("Sun, 31 Dec 2023 23:30:00 IST", "2023-12-31T23:30:00"),
        ("2023-12-31T23:30:00 AST", "2023-12-31T23:30:00"),
        ("2023/12/31 23:30 AST", "2023-12-31T23:30:00"),
        # no field is taken from today: what cannot be read whole is no date
        ("2024/02/30 10:00", None),
        ("2024.13.05", None),
        ("2024/03/05 25:00", None),
        ("2024/03/05 10:00 +99:00", None),
        ("0001/01/01 00:00", None),
        ("2024 March 5", None),
        ("2024/03/05 10:00 PM", None),
        ("--03-05", None),
        ("-0365", None),
    ],
)
def test_normalize_date_reads_every_field_as_written(written: str, expected: str | None) -> None:
    assert normalize_date(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # a comment after the date (RFC 5322 allows them) is left out; the zone written is kept
        ("2024-03-05T10:00:00+03:00 (Riyadh)", "2024-03-05T10:00:00+03:00"),
        ("2024-03-05T10:00:00+03:00(Riyadh)", "2024-03-05T10:00:00+03:00"),
        ("2024-03-05T10:00:00Z (UTC)", "2024-03-05T10:00:00+00:00"),
        ("2024-03-05 10:00:00 +0300 (AST)", "2024-03-05T10:00:00+03:00"),
        ("2024/03/05 10:00 +0300 (Riyadh)", "2024-03-05T10:00:00+03:00"),
        ("2024-03-05 (Tuesday)", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 +0300 (AST)", "2024-03-05T10:00:00+03:00"),
        ("Tue, 05 Mar 2024 10:00:00 +0300 (مكة المكرمة)", "2024-03-05T10:00:00+03:00"),
        ("Tue, 05 Mar 2024 10:00:00 EEST (Cairo)", "2024-03-05T10:00:00+03:00"),  # the name read as without one
        ("Tue, 05 Mar 2024 10:00:00 AST (Arabia)", "2024-03-05T10:00:00"),  # not Atlantic's -04:00
        # nothing but that one comment is dropped: no date is guessed out of junk
        ("2024-03-05T10:00:00+03:00 Riyadh", None),
        ("2024-03-05T10:00:00+03:00 junk (Riyadh)", None),
        ("2024-03-05T10:00:00+03:00 (Riyadh) (KSA)", None),
        ("2024-03-05T10:00:00+03:00 (Riyadh", None),
        ("2024-03-05T10:00:00+03:00 Riyadh)", None),
        ("(2024-03-05T10:00:00+03:00)", None),
        ("(Riyadh)", None),
    ],
)
def test_a_comment_after_a_date_is_left_out_and_nothing_else(written: str, expected: str | None) -> None:
    assert normalize_date(written) == expected


_OFFSETS = {"": None, "Z": 0, " UTC": 0, " GMT": 0, "+03:00": 180, " +0300": 180, "-0430": -270}


@given(
    st.datetimes(datetime(1900, 1, 1), datetime(2200, 12, 31, 23, 59, 59)),
    st.sampled_from("-/."),
    st.sampled_from(" T"),
    st.sampled_from(sorted(_OFFSETS)),
)
def test_a_date_written_year_first_reads_as_the_moment_it_writes(
    moment: datetime, separator: str, between: str, zone: str
) -> None:
    moment = moment.replace(microsecond=0)
    written = moment.strftime(f"%Y{separator}%m{separator}%d{between}%H:%M:%S") + zone
    minutes = _OFFSETS[zone]
    if minutes is not None:
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    assert normalize_date(written) == moment.isoformat()


def test_entry_id_is_derived_from_feed_and_guid() -> None:
    feed = "https://a.example/feed"
    key = "guid-1"
    expected = f"feed-{hashlib.sha1(feed.encode()).hexdigest()[:8]}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"
    assert entry_id(feed, RawEntry(guid=key, link="https://a.example/1")) == expected


def test_entry_id_falls_back_to_link_then_title_and_date() -> None:
    feed = "https://a.example/feed"
    by_link = entry_id(feed, RawEntry(link="https://a.example/1", title="t"))
    assert by_link == entry_id(feed, RawEntry(link="https://a.example/1", title="other"))
    by_title = entry_id(feed, RawEntry(title="t", published="2020-01-01"))
    assert by_title != entry_id(feed, RawEntry(title="t", published="2020-01-02"))
    assert by_title == entry_id(feed, RawEntry(title="t", published="2020-01-01", summary="changed"))


def test_content_hash_covers_every_own_field() -> None:
    base = RawEntry(guid="g", link="l", title="t", published="p", updated="u", content="c", summary="s")
    variants = [
        RawEntry(guid="G", link="l", title="t", published="p", updated="u", content="c", summary="s"),
        RawEntry(guid="g", link="L", title="t", published="p", updated="u", content="c", summary="s"),
        RawEntry(guid="g", link="l", title="T", published="p", updated="u", content="c", summary="s"),
        RawEntry(guid="g", link="l", title="t", published="P", updated="u", content="c", summary="s"),
        RawEntry(guid="g", link="l", title="t", published="p", updated="U", content="c", summary="s"),
        RawEntry(guid="g", link="l", title="t", published="p", updated="u", content="C", summary="s"),
        RawEntry(guid="g", link="l", title="t", published="p", updated="u", content="c", summary="S"),
        RawEntry(
            guid="g", link="l", title="t", published="p", updated="u", content="c", summary="s", categories=("x",)
        ),
    ]
    hashes = {content_hash(v) for v in variants}
    assert content_hash(base) not in hashes and len(hashes) == len(variants)
    assert content_hash(base) == content_hash(RawEntry(**base.__dict__))


def article(entry: RawEntry, fetched_at: str = "2026-12-01T00:00:00+00:00"):  # type: ignore[no-untyped-def]
    """``entry`` as an article of a test feed."""
    return entry_article(
        entry, feed_url="https://f.example/rss", source="F", tags=(), fetched_at=fetched_at, encoding="cp1256"
    )


def test_content_preferred_to_summary_and_summary_used_when_content_is_empty() -> None:
    assert article(RawEntry(title="t", content="<p>كامل</p>", summary="ملخص")).paragraphs == ("كامل",)
    assert article(RawEntry(title="t", content="<p> </p><script>x</script>", summary="ملخص")).paragraphs == ("ملخص",)


def test_published_before_updated_before_fetch_time() -> None:
    both = RawEntry(title="t", summary="s", published="2020-01-01", updated="2021-01-01")
    assert article(both).date == "2020-01-01"
    assert article(RawEntry(title="t", summary="s", published="junk", updated="2021-01-01")).date == "2021-01-01"
    assert article(RawEntry(title="t", summary="s", published="junk"), "2026-01-02T03:04:05+00:00").date == (
        "2026-01-02T03:04:05+00:00"
    )


def test_long_first_sentence_title_is_cut_like_files() -> None:
    words = " ".join(["كلمة"] * 30)
    made = article(RawEntry(summary=f"{words}. ثم جملة."))
    assert made is not None
    assert made.title.endswith("…") and len(made.title) == 80


def test_a_title_too_long_is_cut_and_counts_as_cut_as_a_files_does() -> None:
    """A 600,000-character title over a short body: kept, its title cut to 1,000 characters (the
    500,000 a brief may hold are counted on what is kept, as for a file)."""
    made = article(RawEntry(title="x" * 600_000, summary="<p>short body</p>"))
    assert made is not None
    assert len(made.title) == 1000 and made.title.endswith("…")
    assert [b.text for b in made.blocks] == ["short body"]


def test_a_title_that_is_the_whole_text_still_counts_whole() -> None:
    """With no body the title is the brief's paragraph as well: 600,000 characters of it are too many."""
    with pytest.raises(EntryTooLarge):
        article(RawEntry(title="x " * 300_000))


@pytest.mark.parametrize("fast", [True, False])
def test_an_untitled_entry_is_not_titled_by_an_images_alt_text(fast: bool) -> None:
    """An Arabic blog's untitled post opens with an illustration (``alt="writing"``): the title is
    its first sentence of words; the alt text stays a paragraph where the image stood."""
    sentence = "”أهلاً بالعالم !“، هي العبارة الأولى التي يكتبها المبرمج"
    figure = '<p><img src="/w.png" alt="writing" /></p>'
    if not fast:  # markup the fast reader hands to lxml: the same paragraphs, read by lxml's walk
        figure = '<figure><img src="/w.png" alt="writing"></figure>'
    made = article(RawEntry(summary=f"{figure}<p>{sentence}. ثم جملة.</p>"))
    assert made is not None
    assert made.title == sentence
    assert made.paragraphs == ("writing", f"{sentence}. ثم جملة.")


def test_an_images_alt_text_is_no_title_in_html_escaped_twice_either() -> None:
    """Arabic blogs serve their HTML escaped twice: the second reading still knows the image."""
    summary = '<p><img src="/w.png" alt="writing"></p><p>&lt;p&gt;أهلاً بالعالم، هذه أول تدوينة.&lt;/p&gt;</p>'
    made = article(RawEntry(summary=summary))
    assert made is not None and made.title == "أهلاً بالعالم، هذه أول تدوينة"
    assert made.paragraphs == ("writing", "أهلاً بالعالم، هذه أول تدوينة.")


def test_an_entry_of_images_alone_is_titled_by_their_alt_text() -> None:
    made = article(RawEntry(summary='<p><img src="/a.png" alt="خريطة إدلب"></p>'))
    assert made is not None and made.title == "خريطة إدلب"


def test_alt_text_inside_a_sentence_is_part_of_it() -> None:
    made = article(RawEntry(summary='<p><img src="/x.png" alt="صورة"> وصل الوفد إلى المدينة.</p>'))
    assert made is not None and made.title == "صورة وصل الوفد إلى المدينة"


def test_read_also_without_link_has_no_href() -> None:
    made = article(RawEntry(title="t", content="<p>نص</p><p>إقرأ ايضا: خبر آخر</p>"))
    assert made is not None
    assert made.blocks == (Block("text", "نص"), Block("link", "خبر آخر", label="إقرأ ايضا"))


def test_untitled_entry_of_read_also_lines_only_takes_its_link_as_title() -> None:
    made = article(RawEntry(link="https://f.example/7", content="<p>اقرأ أيضاً: خبر آخر</p>"))
    assert made is not None
    assert (made.title, made.links[0].text) == ("https://f.example/7", "خبر آخر")
    no_link = article(RawEntry(guid="g7", content="<p>See also: Other</p>"))
    assert no_link is not None and no_link.title == no_link.id


def test_entry_with_nothing_is_dropped() -> None:
    assert article(RawEntry(guid="g", link="https://f.example/1")) is None
    assert article(RawEntry(title=" <b> </b> ", summary="<p></p>")) is None


def test_encoding_and_feed_are_recorded() -> None:
    made = article(RawEntry(title="t", summary="s"))
    assert made is not None
    assert (made.encoding, made.feed, made.path, made.source) == ("cp1256", "https://f.example/rss", None, "F")


_DAYS = st.sampled_from(["", "Mon, ", "Sun, "])
_MONTH_NAMES = st.sampled_from("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())
_ZONES = st.one_of(
    st.sampled_from(["GMT", "UT", "UTC", "Z", "+0000", "-0000"]),
    st.tuples(st.sampled_from("+-"), st.integers(0, 30), st.integers(0, 99)).map(
        lambda z: f"{z[0]}{z[1]:02d}{z[2]:02d}"
    ),
)


@given(
    _DAYS,
    st.integers(0, 32),
    _MONTH_NAMES,
    st.one_of(st.integers(1900, 2200), st.integers(1, 2999)),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    _ZONES,
)
def test_the_common_rfc822_form_reads_as_the_standard_library_reads_it(
    weekday: str, day: int, month: str, year: int, hour: int, minute: int, second: int, zone: str
) -> None:
    written = f"{weekday}{day:02d} {month} {year:04d} {hour:02d}:{minute:02d}:{second:02d} {zone}"
    if not 1900 <= year <= 2200:
        assert normalize_date(written) is None  # a placeholder year (the library reads 0001 as 2001)
        return
    try:
        expected = parsedate_to_datetime(written).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return  # the standard library refuses it: the other readers decide, as for any other form
    assert normalize_date(written) == expected


def test_a_read_also_heading_over_a_list_of_links_makes_each_a_read_also_link() -> None:
    """News sites put "اقرأ أيضاً:" alone over a list of links: each link is a read-also line with
    that label and its URL; the heading alone is dropped, and stays text with no link under it."""
    content = (
        "<p>نص الخبر.</p><p>اقرأ أيضاً:</p>"
        '<ul><li><a href="/ar/2024/06/fire">حريق في المخزن</a></li><li><a href="https://n.example/x">خبر آخر</a></li></ul>'
        "<p>نص بعد القائمة.</p><p>اقرأ أيضا:</p><p>بلا رابط</p>"
        '<p>Read also:</p><p>Read also: <a href="https://n.example/y">Another</a></p>'
    )
    blocks = article(RawEntry(title="t", content=content)).blocks
    assert [(b.kind, b.label, b.text, b.href) for b in blocks] == [
        ("text", "", "نص الخبر.", None),
        ("link", "اقرأ أيضاً", "حريق في المخزن", "https://f.example/ar/2024/06/fire"),
        ("link", "اقرأ أيضاً", "خبر آخر", "https://n.example/x"),
        ("text", "", "نص بعد القائمة.", None),
        ("text", "", "اقرأ أيضا:", None),
        ("text", "", "بلا رابط", None),
        ("text", "", "Read also:", None),
        ("link", "Read also", "Another", "https://n.example/y"),
    ]


def test_list_items_read_as_a_list_and_a_listed_read_also_line_stays_one() -> None:
    """The marker starts the item's text block; a list item that is a read-also line is a link
    block without it, so its title is the linked brief's, as written."""
    content = (
        "<ol><li>زيادة المساحة المتاحة</li><li>المسح الدوري</li></ol>"
        '<ul><li>نقطة</li><li>اقرأ أيضاً: <a href="https://n.example/z">خبر سابق</a></li></ul>'
    )
    blocks = article(RawEntry(title="t", content=content)).blocks
    assert [(b.kind, b.label, b.text, b.href) for b in blocks] == [
        ("text", "", "1. زيادة المساحة المتاحة", None),
        ("text", "", "2. المسح الدوري", None),
        ("text", "", "• نقطة", None),
        ("link", "اقرأ أيضاً", "خبر سابق", "https://n.example/z"),
    ]


@pytest.mark.parametrize(
    ("link", "url"),
    [
        ("http://x.example/\u202eevil", "http://x.example/%E2%80%AEevil"),  # a bidi override: shown and listed alike
        ("https://x.example/a b?q=1 2", "https://x.example/a%20b?q=1%202"),
        ("https://x.example/\x1b[31m", "https://x.example/%1B[31m"),
        ("https://أخبار.example/مقال", "https://أخبار.example/مقال"),  # letters stay as they are
        ("https://x.example/%E2%80%AE", "https://x.example/%E2%80%AE"),  # encoded already: not twice
    ],
)
def test_an_entry_link_keeps_no_control_or_space_as_it_is(link: str, url: str) -> None:
    """Controls, bidi controls and spaces in an entry's link are percent-encoded, as a redirect's are:
    ``brief list --json`` passed the bidi override on while ``brief show`` left it out."""
    assert article(RawEntry(title="t", summary="s", link=link)).url == url


def test_a_read_also_link_with_a_control_in_its_href_is_kept_encoded() -> None:
    entry = RawEntry(title="t", summary='<p>نص</p><p>اقرأ أيضاً: <a href="/\u202eb c">عنوان آخر</a></p>')
    (link,) = [b for b in article(entry).blocks if b.kind == "link"]
    assert link.href == "https://f.example/%E2%80%AEb%20c"
