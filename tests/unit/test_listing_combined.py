"""Every filter combined with every order, against the same list filtered and sorted in Python.

The store's SQL (whichever plan it picks: the matches sorted, or the order's index read with the
filter tested on each entry) must give exactly the list that Python computes from the articles
themselves: the same briefs, in the same order, the same counts, each brief's row found where it is.
"""

from __future__ import annotations

import itertools
import random
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from store_helpers import import_batch

from tui.models import Article, Block
from tui.store import list_plan, listing
from tui.store.list_view import ListView
from tui.store.store import Store
from tui.text.normalize import normalize_title

FEED = "http://feed.example/rss"
SOURCES = ["الجزيرة", "عنب بلدي", "wire", None]
TAGS = ["طقس", "سياسة", "رياضة"]
# Titles that fold to the same key (hamza forms of alef, taa marbuta/heh) so the id breaks ties.
ZONES = ["+03:00", "Z", "-05:00"]
TITLES = ["أحمد يزور المدينة", "احمد يزور المدينة", "إبراهيم", "آمال كبيرة", "مدرسة", "مدرسه", "Weather", "بيت"]


def _articles() -> list[Article]:
    rng = random.Random(20241201)
    out = []
    for n in range(60):
        day: str | None = (date(2023, 11, 1) + timedelta(days=rng.randrange(200))).isoformat()
        if n % 11 == 0:
            day = None
        elif n % 7 == 0:
            # A time, in one of three zones: sorted by the moment, not as written.
            day = f"{day}T{rng.randrange(24):02d}:30:00{ZONES[n % 3]}"
        out.append(
            Article(
                id=f"b{rng.randrange(10_000):04d}-{n}",
                title=f"{rng.choice(TITLES)} {rng.randrange(3)}",
                blocks=(Block("text", f"نص {n}"),),
                date=day,
                source=SOURCES[n % 4],
                tags=tuple(t for i, t in enumerate(TAGS) if (n >> i) & 1),
                content_hash=f"h{n}",
                feed=FEED if n % 5 == 0 else None,
            )
        )
    return out


ARTICLES = _articles()
READ = {a.id for i, a in enumerate(ARTICLES) if i % 3 == 0}
BOOKMARKED = {a.id for i, a in enumerate(ARTICLES) if i % 4 == 1}


def _day(article: Article) -> str | None:
    """The brief's day in the reader's time zone (a date without a time: itself)."""
    if not article.date or len(article.date) == 10:
        return article.date
    return datetime.fromisoformat(article.date).astimezone().date().isoformat()


def _when(article: Article) -> tuple[str, str]:
    """The brief's moment as the list orders it: its UTC day, then its UTC time (a day alone comes
    before every time of that day)."""
    assert article.date
    if len(article.date) == 10:
        return article.date, ""
    moment = datetime.fromisoformat(article.date).astimezone(UTC)
    return moment.date().isoformat(), moment.time().isoformat()


def expected(view: ListView) -> list[str]:
    """The view's ids computed from the articles in Python (no SQL)."""

    def shown(a: Article) -> bool:
        day = _day(a)
        return (
            (view.feed is None or a.feed == view.feed)
            and (not view.unread or a.id not in READ)
            and (not view.bookmarked or a.id in BOOKMARKED)
            and (view.tag is None or view.tag in a.tags)
            and (view.source is None or a.source == view.source)
            and (view.since is None or (day is not None and day >= view.since))
            and (view.until is None or (day is not None and day <= view.until))
        )

    found = [a for a in ARTICLES if shown(a)]
    dated = sorted((a for a in found if a.date), key=lambda a: a.id)
    undated = sorted((a for a in found if not a.date), key=lambda a: a.id)
    if view.sort in ("newest", "source"):
        dated.sort(key=_when, reverse=True)  # stable: ids ascending within a date
    elif view.sort == "oldest":
        dated.sort(key=_when)
    ordered = dated + undated
    if view.sort == "title":
        ordered = sorted(found, key=lambda a: (normalize_title(a.title), a.id))
    elif view.sort == "source":
        # No source first, then by source; within a source in the newest-first order above.
        ordered.sort(key=lambda a: (a.source is not None, a.source or ""))
    return [a.id for a in ordered]


FILTERS = {
    "none": {},
    "unread": {"unread": True},
    "bookmarked": {"bookmarked": True},
    "tag": {"tag": "طقس"},
    "source": {"source": "wire"},
    "days": {"since": "2023-12-15", "until": "2024-03-31"},
    "since": {"since": "2024-02-01"},
    "feed": {"feed": FEED},
    "unread+source": {"unread": True, "source": "الجزيرة"},
    "unread+tag": {"unread": True, "tag": "سياسة"},
    "tag+source": {"tag": "طقس", "source": "عنب بلدي"},
    "bookmarked+days": {"bookmarked": True, "since": "2023-12-01", "until": "2024-04-30"},
    "unread+source+days": {"unread": True, "source": "wire", "since": "2023-12-01", "until": "2024-03-31"},
    "feed+unread": {"feed": FEED, "unread": True},
    "tag+days+bookmarked": {"tag": "رياضة", "since": "2023-11-20", "bookmarked": True},
}
VIEWS = [ListView(**f, sort=s) for f, s in itertools.product(FILTERS.values(), ("newest", "oldest", "title", "source"))]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory):
    s = Store.open(tmp_path_factory.mktemp("combined") / "store.db")
    import_batch(s, ARTICLES)
    listing.set_read(s, sorted(READ))
    for bid in BOOKMARKED:
        s.set_bookmarked(bid, True)
    yield s
    s.close()


def test_the_python_list_is_not_trivial() -> None:
    """The fixture has what the comparison needs: ties on a title key, undated briefs, empty views rare."""
    keys = [normalize_title(a.title) for a in ARTICLES]
    assert len(set(keys)) < len(keys)
    assert any(a.date is None for a in ARTICLES) and any(a.source is None for a in ARTICLES)
    assert sum(1 for v in VIEWS if expected(v)) == len(VIEWS)


@pytest.mark.parametrize("limit", [list_plan.SORT_LIMIT, 0, 5])
@pytest.mark.parametrize("view", VIEWS, ids=[f"{n}-{v.sort}" for n in FILTERS for v in VIEWS[:4]])
def test_rows_counts_and_positions_match_python(
    shelf: Store, view: ListView, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the real limit (the matches sorted here), 0 and 5 (the order's index read instead)."""
    monkeypatch.setattr(list_plan, "SORT_LIMIT", limit)
    want = expected(view)
    assert [r.id for r in listing.rows(shelf, view)] == want
    assert listing.count(shelf, view) == len(want)
    assert listing.counts(shelf, view)[0] == sum(1 for bid in want if bid not in READ)
    assert [r.id for o in range(0, len(want), 7) for r in listing.rows(shelf, view, o, 7)] == want
    assert [listing.index_of(shelf, view, bid) for bid in want] == list(range(len(want)))
    hidden = [a.id for a in ARTICLES if a.id not in set(want)][:10]
    assert all(listing.index_of(shelf, view, bid) is None for bid in hidden)


DAY_VIEWS = [v for v in VIEWS if v.since or v.until]


@pytest.mark.parametrize("zone", ["UTC0", "AST-3", "EST5"])  # the reader at UTC, UTC+03:00, UTC-05:00
def test_days_are_the_readers_days(shelf: Store, zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A range of days takes the briefs of those days in the reader's time zone: a time by where it
    falls there, a date without a time by itself."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for view in DAY_VIEWS:
            assert [r.id for r in listing.rows(shelf, view)] == expected(view), view
        # Each edge of a day: a brief at 23:30 in one zone is the next day or the day before in another.
        days = {(_day(a), a.date) for a in ARTICLES if a.date and len(a.date) > 10}
        for day, _ in days:
            assert day is not None
            one = ListView(since=day, until=day)
            assert [r.id for r in listing.rows(shelf, one)] == expected(one), (zone, day)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_above_the_limit_no_page_is_sorted(shelf: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more matches than the limit, a filter in an order not its own reads the order's index."""
    monkeypatch.setattr(list_plan, "SORT_LIMIT", 5)
    plans = list_plan.query_plans(shelf, VIEWS)
    sorted_views = {view: plan for view, plan in plans.items() if any("TEMP B-TREE" in step for step in plan)}
    assert sorted_views  # a few views have 5 matches or fewer: those are still sorted
    assert all(listing.count(shelf, view) <= 5 for view in sorted_views), sorted_views
    # Filters whose own index is not in the view's order: read along the order's index, the filter
    # tested in the index itself (covering: no brief's row is read to test it).
    for view, index in (
        (ListView(source="wire", sort="title"), "briefs_title_order"),
        (ListView(since="2023-12-15", until="2024-03-31", sort="title"), "briefs_title_order"),
        (ListView(source="wire", sort="oldest"), "briefs_oldest"),
        (ListView(unread=True, source="الجزيرة", sort="oldest"), "briefs_oldest"),
        (ListView(since="2024-02-01", sort="source"), "briefs_source_order"),
        (ListView(tag="طقس", sort="newest"), "briefs_list_order"),
        (ListView(feed=FEED, sort="title"), "briefs_title_order"),
    ):
        assert plans[view][0] == f"SCAN b USING COVERING INDEX {index}", (view, plans[view])


def test_below_the_limit_a_few_matches_are_sorted(shelf: Store) -> None:
    """At the real limit the few matches of a source are sorted (cheaper than reading all titles)."""
    view = ListView(source="wire", sort="title")
    assert any("TEMP B-TREE FOR ORDER BY" in step for step in list_plan.query_plans(shelf, [view])[view])


def test_in_a_larger_store_more_matches_are_sorted(shelf: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit grows with the store past SORT_BASE briefs: here 5 matches a 20 briefs, so the
    60-brief shelf sorts up to 15 matches (and still lists them as Python does)."""
    view = ListView(source="wire", sort="title")  # 15 matches, in an order not its own
    assert len(expected(view)) == 15
    monkeypatch.setattr(list_plan, "SORT_LIMIT", 5)
    assert list_plan.sort_limit(60) == 5 and not _sorted(shelf, view)
    monkeypatch.setattr(list_plan, "SORT_BASE", 20)
    assert list_plan.sort_limit(60) == 15 and list_plan.sort_limit(79) == 15 and list_plan.sort_limit(19) == 5
    assert _sorted(shelf, view)
    assert [r.id for r in listing.rows(shelf, view)] == expected(view)
    assert [listing.index_of(shelf, view, bid) for bid in expected(view)] == list(range(15))


def _sorted(shelf: Store, view: ListView) -> bool:
    return any("TEMP B-TREE FOR ORDER BY" in step for step in list_plan.query_plans(shelf, [view])[view])


def test_a_tag_with_few_briefs_is_sorted_without_counting(shelf: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tag's kept count bounds its matches: at or under the limit they are sorted, uncounted."""
    view = ListView(tag="طقس", unread=True, sort="title")
    tagged = sum(1 for a in ARTICLES if "طقس" in a.tags)
    statements: list[str] = []
    monkeypatch.setattr(list_plan, "SORT_LIMIT", tagged)
    shelf._conn.set_trace_callback(statements.append)
    try:
        assert _sorted(shelf, view)
        assert [r.id for r in listing.rows(shelf, view)] == expected(view)
    finally:
        shelf._conn.set_trace_callback(None)
    assert not [s for s in statements if "SELECT count(*) FROM (SELECT 1" in s]
    monkeypatch.setattr(list_plan, "SORT_LIMIT", tagged - 1)  # now it is counted: fewer unread than that
    assert len(expected(view)) < tagged - 1 and _sorted(shelf, view)


@pytest.mark.parametrize("limit", [list_plan.SORT_LIMIT, 0])
def test_pages_past_the_middle_read_backwards_are_the_same(
    shelf: Store, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of every view, read from the end backwards once past the middle, is the page
    read forwards: the same briefs in the same order (ties, undated briefs and NULL sources included);
    every brief's row, counted from the nearer end, is its place in the list. A view of few matches
    walks no further than its first brief here before it counts those before a brief."""
    monkeypatch.setattr(list_plan, "SORT_LIMIT", limit)
    monkeypatch.setattr(listing, "BACKWARDS_FROM", 0)
    monkeypatch.setattr(listing, "NEAR_TOP", 1)
    statements: list[str] = []
    shelf._conn.set_trace_callback(statements.append)
    try:
        for view in VIEWS:
            want = expected(view)
            for size in (1, 7, 200):
                pages = [r.id for o in range(0, len(want), size) for r in listing.rows(shelf, view, o, size)]
                assert pages == want, (view, size)
            assert listing.rows(shelf, view, len(want), 7) == [] and listing.rows(shelf, view, len(want) + 5, 7) == []
            assert [listing.index_of(shelf, view, bid) for bid in want] == list(range(len(want)))
    finally:
        shelf._conn.set_trace_callback(None)
    flipped = ListView(sort="newest").order_by(backwards=True)
    assert flipped == "b.undated DESC, b.date, b.id DESC"
    assert any(flipped in s for s in statements)  # the backward reading was used
