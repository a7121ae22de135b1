"""The list's filters, orders, counts and mark-read against a hand-built store (expected ids checked by hand)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from store_helpers import import_batch, remove_briefs

from tui.models import Article, Block
from tui.store import list_plan, listing, schema
from tui.store.day_ranges import parse_days, recent_days
from tui.store.list_view import ListView
from tui.store.store import Store

FEED = "http://feed.example/rss"


def art(bid: str, title: str, day: str | None, source: str | None, tags: tuple[str, ...], feed: str | None = None):
    return Article(
        id=bid,
        title=title,
        blocks=(Block("text", f"نص {bid}"),),
        date=day,
        source=source,
        tags=tags,
        content_hash=f"{bid}-{tags}",
        feed=feed,
    )


BRIEFS = [
    art("a", "أحمد يزور المدينة", "2024-03-23", "الجزيرة", ("طقس", "سياسة")),
    art("b", "إبراهيم يكتب رسالة", "2024-03-20", "عنب بلدي", ("سياسة",)),
    art("c", "آمال كبيرة", "2024-01-05", "الجزيرة", ("رياضة",)),
    art("d", "ابتسامة الصباح", "2024-03-23T18:30:00+03:00", "wire", ("طقس",), FEED),
    art("e", "بيت من الطين", "2024-03-17", None, (), FEED),
    art("f", "تفاح الشام", None, "wire", ("زراعة",)),
    art("g", "Weather report", "2023-12-31", "wire", ("طقس",)),
    art("h", "الأخبار العاجلة", "2024-02-29", "عنب بلدي", ("طقس", "طقس")),
]
"""Eight briefs: titles starting with each alef form, an undated one, one without a source, two
from a feed, a full ISO date with a time, a duplicated tag."""
# By hand: "2024-03-23T18:30..." sorts after "2024-03-23" as text, so d comes before a; f is undated.
NEWEST = ["d", "a", "b", "e", "h", "c", "g", "f"]


@pytest.fixture
def shelf(store: Store) -> Store:
    """The eight briefs; a and c read, b and g bookmarked."""
    import_batch(store, BRIEFS)
    store.set_read("a")
    store.set_read("c")
    store.set_bookmarked("b", True)
    store.set_bookmarked("g", True)
    return store


def ids(store: Store, view: ListView) -> list[str]:
    return [r.id for r in listing.rows(store, view)]


def test_newest_first_matches_the_store_list_order(shelf: Store) -> None:
    assert ids(shelf, ListView()) == NEWEST
    assert ids(shelf, ListView()) == [r.id for r in shelf.list_rows()]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ListView(unread=True), ["d", "b", "e", "h", "g", "f"]),
        (ListView(bookmarked=True), ["b", "g"]),
        (ListView(tag="طقس"), ["d", "a", "h", "g"]),
        (ListView(tag="سياسة"), ["a", "b"]),
        (ListView(tag="لا يوجد"), []),
        (ListView(source="wire"), ["d", "g", "f"]),
        (ListView(source="الجزيرة"), ["a", "c"]),
        (ListView(since="2024-03-23", until="2024-03-23"), ["d", "a"]),  # a full ISO time counts on its day
        (ListView(since="2024-03-17", until="2024-03-22"), ["b", "e"]),
        (ListView(since="2024-02-01"), ["d", "a", "b", "e", "h"]),
        (ListView(until="2024-01-05"), ["c", "g"]),
        (ListView(feed=FEED), ["d", "e"]),
        (ListView(unread=True, tag="طقس"), ["d", "h", "g"]),
        (ListView(unread=True, tag="طقس", source="wire"), ["d", "g"]),
        (ListView(feed=FEED, unread=True, since="2024-03-20"), ["d"]),
        (ListView(bookmarked=True, unread=True, since="2024-01-01"), ["b"]),
        # The calendar's first and last days: every dated brief, in any time zone (below).
        (ListView(since="0001-01-01", until="9999-12-31"), ["d", "a", "b", "e", "h", "c", "g"]),
        (ListView(until="9999-12-31"), ["d", "a", "b", "e", "h", "c", "g"]),
        (ListView(since="9999-12-31"), []),
        (ListView(until="0001-01-01"), []),
    ],
)
def test_filters_combine(shelf: Store, view: ListView, expected: list[str]) -> None:
    assert ids(shelf, view) == expected
    assert listing.count(shelf, view) == len(expected)


def test_orders(shelf: Store) -> None:
    # Oldest first: dated ones from the oldest, undated last.
    assert ids(shelf, ListView(sort="oldest")) == ["g", "c", "h", "e", "b", "a", "d", "f"]
    # By title, the folded title: Latin first, then ا (ابتسامة, إبراهيم, أحمد, الأخبار, آمال), then ب, ت:
    # alef with hamza above, below, madda and bare alef sort together by the letters after them.
    assert ids(shelf, ListView(sort="title")) == ["g", "d", "b", "a", "h", "c", "e", "f"]
    # By source: no source first, then by source (wire < Arabic names), newest first within one.
    assert ids(shelf, ListView(sort="source")) == ["e", "d", "g", "f", "a", "c", "b", "h"]
    assert ids(shelf, ListView(unread=True, sort="title")) == ["g", "d", "b", "h", "e", "f"]


def test_title_norm_folds_the_alef_forms() -> None:
    from tui.text.normalize import normalize_title

    assert {normalize_title(t)[0] for t in ("أحمد", "إبراهيم", "آمال", "ابتسامة", "ٱلكتاب")} == {"ا"}


@pytest.mark.parametrize(
    "view",
    [
        ListView(),
        ListView(sort="oldest"),
        ListView(sort="title"),
        ListView(sort="source"),
        ListView(unread=True, sort="source"),
        ListView(tag="طقس", sort="oldest"),
        ListView(since="2024-01-01", sort="title"),
        ListView(feed=FEED),
    ],
)
def test_index_of_is_the_row_position(shelf: Store, view: ListView) -> None:
    shown = ids(shelf, view)
    assert [listing.index_of(shelf, view, bid) for bid in shown] == list(range(len(shown)))
    hidden = set(NEWEST) - set(shown)
    assert all(listing.index_of(shelf, view, bid) is None for bid in hidden)


def test_pages_join_up(shelf: Store) -> None:
    view = ListView(sort="title")
    assert [r.id for o in range(0, 8, 3) for r in listing.rows(shelf, view, o, 3)] == ids(shelf, view)


def test_counts_and_marks(shelf: Store) -> None:
    assert listing.counts(shelf, ListView()) == (6, 8)
    assert listing.counts(shelf, ListView(tag="طقس")) == (3, 4)
    assert listing.counts(shelf, ListView(unread=True)) == (6, 6)
    rows = {r.id: r for r in listing.rows(shelf, ListView())}
    assert (rows["a"].read, rows["b"].bookmarked, rows["b"].read) == (True, True, False)
    view = ListView(tag="طقس")
    marked = listing.unread_ids(shelf, view)
    assert sorted(marked) == ["d", "g", "h"]
    listing.set_read(shelf, marked)
    assert listing.counts(shelf, ListView()) == (3, 8)
    assert shelf.state("d")[0] and shelf.unread_count() == 3
    listing.set_read(shelf, marked, False)  # the undo
    assert listing.counts(shelf, ListView()) == (6, 8)
    assert ids(shelf, ListView(unread=True)) == ["d", "b", "e", "h", "g", "f"]


def test_flags_follow_every_state_write(shelf: Store) -> None:
    shelf.mark_opened("e")  # the reader opening a brief
    assert "e" not in ids(shelf, ListView(unread=True))
    shelf.set_read("e", False)
    shelf.set_bookmarked("b", False)
    assert "e" in ids(shelf, ListView(unread=True)) and ids(shelf, ListView(bookmarked=True)) == ["g"]
    shelf.set_scroll("g", 5)  # a scroll position changes no flag
    assert ids(shelf, ListView(bookmarked=True)) == ["g"]


def test_tags_follow_reimport_and_removal(shelf: Store) -> None:
    import_batch(shelf, [replace(BRIEFS[0], tags=("اقتصاد",), content_hash="a-new")])
    assert ids(shelf, ListView(tag="طقس")) == ["d", "h", "g"]
    assert ids(shelf, ListView(tag="اقتصاد")) == ["a"]
    remove_briefs(shelf, ["h"])
    assert ids(shelf, ListView(tag="طقس")) == ["d", "g"]
    assert dict(listing.tags(shelf, ListView())) == {"طقس": 2, "سياسة": 1, "رياضة": 1, "زراعة": 1, "اقتصاد": 1}
    assert listing.tags(shelf, ListView(feed=FEED)) == [("طقس", 1)]
    assert dict(listing.sources(shelf, ListView())) == {"wire": 3, "الجزيرة": 2, "عنب بلدي": 1}


def test_each_filter_and_order_is_an_index_search(shelf: Store) -> None:
    views = [
        ListView(),
        ListView(unread=True),
        ListView(bookmarked=True),
        ListView(tag="طقس"),
        ListView(source="wire"),
        ListView(since="2024-03-01", until="2024-03-31"),
        ListView(feed=FEED),
        ListView(sort="oldest"),
        ListView(sort="title"),
        ListView(sort="source"),
        ListView(unread=True, sort="title"),
    ]
    for view, plan in list_plan.query_plans(shelf, views).items():
        scans = [step for step in plan if step.startswith("SCAN") and "INDEX" not in step]
        assert scans == [], (view, plan)
        assert not any("TEMP B-TREE" in step for step in plan) or view.tag is not None, (view, plan)


def test_a_version_6_store_gains_tags_and_flags(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 6)
    for bid, day, tags in (("x", "2024-01-02", '["طقس", "سياسة"]'), ("y", None, "[]"), ("z", "2024-05-01", '["طقس"]')):
        conn.execute(
            "INSERT INTO briefs (id, title, title_norm, date, undated, tags, content_hash, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'h', 'now')",
            (bid, bid.upper(), bid, day, int(day is None), tags),
        )
    conn.execute("INSERT INTO state (brief_id, read, bookmarked) VALUES ('x', 1, 0), ('z', 0, 1)")
    conn.close()
    with Store.open(path) as s:
        assert ids(s, ListView(tag="طقس")) == ["z", "x"]
        assert ids(s, ListView(unread=True)) == ["z", "y"]
        assert ids(s, ListView(bookmarked=True)) == ["z"]
        assert listing.counts(s, ListView()) == (2, 3)


def test_an_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        ListView(sort="random")


def test_view_filtered_and_cleared() -> None:
    assert not ListView(feed=FEED, sort="title").filtered
    view = ListView(feed=FEED, unread=True, tag="t", sort="title")
    assert view.filtered and view.cleared() == ListView(feed=FEED, sort="title")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-03-01..2024-03-07", ("2024-03-01", "2024-03-07")),
        ("2024-03-01 … 2024-03-07", ("2024-03-01", "2024-03-07")),
        ("2024-03-01 to 2024-03-07", ("2024-03-01", "2024-03-07")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2023-12", ("2023-12-01", "2023-12-31")),
        ("2024", ("2024-01-01", "2024-12-31")),
        ("2024-3-5", ("2024-03-05", "2024-03-05")),
        ("٢٠٢٤-٠٣-٠١", ("2024-03-01", "2024-03-01")),
        ("2024-03-01..", ("2024-03-01", None)),
        ("..2024-02", (None, "2024-02-29")),
        ("23/03/2024", ("2024-03-23", "2024-03-23")),  # day first, as article files may write it
        ("1.3.2024..7.3.2024", ("2024-03-01", "2024-03-07")),
        ("٢٣/٠٣/٢٠٢٤", ("2024-03-23", "2024-03-23")),
        ("12/25/2024", ("2024-12-25", "2024-12-25")),  # the second cannot be a month: month first
        ("05-03-2024", ("2024-03-05", "2024-03-05")),
        ("2024 - 2025", ("2024-01-01", "2025-12-31")),  # a spaced hyphen between two ends
        ("23/03/2024 - 25/03/2024", ("2024-03-23", "2024-03-25")),
        ("2024-03-01 to", ("2024-03-01", None)),  # "to" at either end leaves that end open
        ("to 2024-03-07", (None, "2024-03-07")),
        ("2024-03-01 -", ("2024-03-01", None)),
        ("9999-12", ("9999-12-01", "9999-12-31")),  # the last month there is
    ],
)
def test_typed_days(typed: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_days(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a day"),
        ("yesterday", "not a date: 'yesterday'"),
        ("2024-13", "not a date: '2024-13'"),
        ("2024-02-30", "not a date: '2024-02-30'"),
        ("31/02/2024", "not a date: '31/02/2024'"),
        ("2024-03-07..2024-03-01", "ends (2024-03-01) before it starts (2024-03-07)"),
        ("..", "at least one end"),
        ("to", "at least one end"),
        ("2024 - yesterday", "not a date: 'yesterday'"),
    ],
)
def test_typed_days_that_are_wrong_say_why(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_days(typed)


def test_a_wrong_day_in_arabic_is_named_after_the_english_words() -> None:
    """The message opens with its English words, so that on screen it is a left-to-right line with
    the typed Arabic quoted inside it (opening with the Arabic made the whole line right to left)."""
    with pytest.raises(ValueError) as caught:
        parse_days("2024 - أمس")
    assert str(caught.value).startswith("not a date: 'أمس'; write YYYY-MM-DD")


def test_recent_days() -> None:
    assert recent_days(1, date(2024, 3, 1)) == ("2024-03-01", "2024-03-01")
    assert recent_days(7, date(2024, 3, 1)) == ("2024-02-24", "2024-03-01")


def test_a_time_without_a_zone_is_on_the_day_it_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A time written without a zone is the reader's (this machine's) time, for the list's order and
    its range of days as for the date shown: at UTC+03:00, 23:30 on 1 December is on 1 December,
    after 22:00 UTC on 1 December (01:00 on the 2nd there)."""
    import time
    from datetime import datetime

    from tui.text.dates import human_date

    monkeypatch.setenv("TZ", "AST-3")  # UTC+03:00
    time.tzset()
    try:
        store = Store.open(tmp_path / "s.db")
        import_batch(
            store,
            [
                art("naive", "بلا منطقة", "2026-12-01T23:30:00", None, ()),
                art("aware", "بتوقيت غرينتش", "2026-12-01T22:00:00+00:00", None, ()),
            ],
        )
        assert [r.id for r in listing.rows(store, ListView())] == ["aware", "naive"]
        assert [r.id for r in listing.rows(store, ListView(since="2026-12-01", until="2026-12-01"))] == ["naive"]
        assert [r.id for r in listing.rows(store, ListView(since="2026-12-02", until="2026-12-02"))] == ["aware"]
        now = datetime(2026, 12, 5, 12, 0).astimezone()
        assert [human_date(r.date, now) for r in listing.rows(store, ListView())] == ["2026-12-02", "2026-12-01"]
        store.close()
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("zone", ["UTC0", "AST-3", "EST5", "LINT-14", "BIT12"])
def test_the_calendars_edges_filter_in_every_time_zone(shelf: Store, zone: str, monkeypatch) -> None:
    """The first and last days of the calendar start, in a zone east or west of UTC, outside it
    (0001-01-01 at UTC+14 began in the year 0): a range to or from them filters, not fails."""
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert ids(shelf, ListView(since="0001-01-01", until="9999-12-31")) == NEWEST[:-1]
        assert ids(shelf, ListView(since="0001-01-01", until="0001-12-31")) == []
        assert ids(shelf, ListView(since="9999-01-01")) == []
    finally:
        monkeypatch.undo()
        time.tzset()
