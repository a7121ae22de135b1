"""Feeds in the reader, driven with Pilot against a real HTTP server on 127.0.0.1 in a thread of this process.

``r`` fetches in a thread worker (status line, the list growing as feeds arrive, a notice at the
end, one error notice per failed feed); ``f`` filters the list by feed. Titles on screen are compared
with GNU FriBidi's shaping and ordering of the same text, not with brief's own renderer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_fixtures import (
    BRIDGE,
    CITY_TITLE,
    CONFERENCE,
    MARKET,
    RAIN,
    SATELLITE,
    TECH_TITLE,
    serve_standard,
)
from feed_server import RSS, FeedServer, Reply, Request, feed_server, rss
from ui_helpers import notices, screen_text, wait_until

from tui.text.urls import FSI, PDI

FRIBIDI = shutil.which("fribidi")
needs_fribidi = pytest.mark.skipif(FRIBIDI is None, reason="GNU FriBidi CLI `fribidi` not on PATH (libfribidi-bin)")

SLOW_TITLE = "خلاصة بطيئة"
SLOW_ENTRY = "نشرة الطقس المسائية"
BROKEN_TITLE = "خلاصة معطلة"
NOT_FOUND = "HTTP 404 (not found: if the feed moved, brief feeds remove it and add its new address)"
"""How the reader names a feed that answers 404: the reason, and what to do about it."""


def named(name: str) -> str:
    """A feed's name as a notice sets it apart for the bidi algorithm (FSI … PDI)."""
    return FSI + name + PDI


def visual(text: str) -> str:
    """``text`` shaped and in visual order, by GNU FriBidi (lam-alef fillers dropped)."""
    assert FRIBIDI is not None
    done = subprocess.run(
        [FRIBIDI, "--nobreak", "--nopad", "--clean"], input=text + "\n", capture_output=True, text=True, check=True
    )
    return done.stdout.rstrip("\n").replace("\ufeff", "")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


@pytest.fixture
def feed_store(tmp_path: Path, server: FeedServer):
    """A store with one brief from a file and four feeds subscribed, none fetched yet.

    The slow feed answers only once ``store.gate`` is set; the broken one is not served (404).
    """
    from tui.importing import run_import
    from tui.store.store import Store

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "note.md").write_text("---\ntitle: ملاحظة من ملف\ndate: 2020-01-01\n---\nنص.\n", encoding="utf-8")
    store = Store.open(tmp_path / "feeds.db")
    run_import(store, [folder], progress=False, out=None)
    city, tech = serve_standard(server)
    slow_feed = Reply(
        body=rss(
            SLOW_TITLE,
            [
                {
                    "guid": "slow-1",
                    "title": SLOW_ENTRY,
                    "link": f"{server.base}/slow/1",
                    "date": "Tue, 01 Dec 2026 18:00:00 +0300",
                    "html": "<p>طقس معتدل مساء اليوم.</p>",
                }
            ],
        ),
        content_type=RSS,
    )
    gate = threading.Event()

    def slow_answer(request: Request) -> Reply:
        """The slow feed answers once the test opens the gate."""
        gate.wait(10)
        return slow_feed

    slow = server.set("/slow.xml", slow_answer)
    broken = server.url("/broken.xml")  # not served: 404
    for url in (city, tech, slow):
        store.add_feed(url)
    store.add_feed(broken, title=BROKEN_TITLE)
    store.gate = gate  # type: ignore[attr-defined]
    store.urls = {"city": city, "tech": tech, "slow": slow, "broken": broken}  # type: ignore[attr-defined]
    yield store
    gate.set()
    store.close()


def list_titles(app) -> list[str]:
    """The titles of the rows the list holds, in order."""
    lst = app.screen.article_list
    return [lst.row(i).title for i in range(lst.count)]


def status_text(app) -> str | None:
    """The fetch status line's text, None while it is hidden."""
    from textual.widgets import Static

    status = app.screen.query_one("#fetch-status", Static)
    return str(status.render()) if status.display else None


@needs_fribidi
async def test_r_fetches_in_the_background_and_the_list_grows(feed_store, server: FeedServer) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(feed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert list_titles(app) == ["ملاحظة من ملف"]
        assert status_text(app) is None
        await pilot.press("r")
        # Three feeds answer at once, the slow one only when the gate opens: meanwhile the list shows
        # the others' briefs and the status line says how far the fetch is.
        await wait_until(pilot, lambda: len(list_titles(app)) == 6, timeout=5)
        # ... and which feed it waits for (the slow one, never fetched: named by its URL, cut to 30 cells)
        from tui.text.layout import render_line

        waiting = render_line(feed_store.urls["slow"], 30, shaped=True).text
        expected = re.compile(rf"fetching feeds: 3/4 answered, 3 done · waiting for {re.escape(waiting)} \((\d+) s\)")
        await wait_until(pilot, lambda: bool(expected.fullmatch(status_text(app) or "")), timeout=5)
        first = int(expected.fullmatch(status_text(app) or "").group(1))  # type: ignore[union-attr]
        await wait_until(pilot, lambda: int(expected.fullmatch(status_text(app) or "").group(1)) > first, timeout=5)  # type: ignore[union-attr]
        assert app.screen.feeds.running
        assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET, SATELLITE, CONFERENCE, "ملاحظة من ملف"])
        assert server.hits["/slow.xml"] == 1
        # The newer briefs came in above the one the cursor was on: it stays on that brief.
        assert app.screen.article_list.current.title == "ملاحظة من ملف"
        await pilot.press("r")
        assert notices(app) == ["already fetching feeds"]
        feed_store.gate.set()
        await wait_until(pilot, lambda: not app.screen.feeds.running)
        await pilot.pause()
        assert status_text(app) is None
        assert list_titles(app)[0] == SLOW_ENTRY  # the newest
        assert len(list_titles(app)) == 7
        assert app.screen.article_list.current.title == "ملاحظة من ملف"
        assert list_titles(app).index("ملاحظة من ملف") == 6
        said = notices(app)
        assert "fetched 3 feeds: 6 new briefs" in said
        assert f"{named(BROKEN_TITLE)}: {NOT_FOUND}" in said
        text = screen_text(app)
        for title in (SLOW_ENTRY, RAIN, BRIDGE, MARKET, SATELLITE, CONFERENCE):
            assert visual(title) in text, title


async def test_q_during_a_fetch_stops_it_at_once(feed_store, server: FeedServer) -> None:
    """Quitting while a feed is slow to answer: the fetch is interrupted as by Ctrl+C (exit 130),
    and the reader does not wait for the server (the slow feed answers only when its gate opens,
    after 10 s)."""
    from tui.ui.app import BriefApp

    app = BriefApp(feed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        # ... and which feed it waits for (the slow one, never fetched: named by its URL, cut to 30 cells)
        from tui.text.layout import render_line

        waiting = render_line(feed_store.urls["slow"], 30, shaped=True).text
        expected = re.compile(rf"fetching feeds: 3/4 answered, 3 done · waiting for {re.escape(waiting)} \((\d+) s\)")
        await wait_until(pilot, lambda: bool(expected.fullmatch(status_text(app) or "")), timeout=5)
        first = int(expected.fullmatch(status_text(app) or "").group(1))  # type: ignore[union-attr]
        await wait_until(pilot, lambda: int(expected.fullmatch(status_text(app) or "").group(1)) > first, timeout=5)  # type: ignore[union-attr]
        child = app.screen.feeds._child
        assert child is not None and child.process is not None
        process = child.process
        assert process.poll() is None
        quit_at = time.monotonic()
        await pilot.press("q")
    process.wait(timeout=5)
    assert time.monotonic() - quit_at < 5
    assert process.returncode == 130
    assert not feed_store.gate.is_set()
    assert server.hits["/slow.xml"] == 1


@needs_fribidi
async def test_a_second_r_brings_nothing_new_and_the_dead_feed_is_named(feed_store, server: FeedServer) -> None:
    from tui.ui.app import BriefApp

    server.set("/slow.xml", Reply(410, b"gone", "text/plain"))
    feed_store.gate.set()
    app = BriefApp(feed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("r")
            await wait_until(pilot, lambda: not app.screen.feeds.running)
            await pilot.pause()
        said = notices(app)
        # Failures in the order of the feed list: by name, and a feed without a title is named by its URL.
        assert said[:3] == [
            "fetched 2 feeds: 5 new briefs",
            f"{named(feed_store.urls['slow'])}: HTTP 410 Gone",
            f"{named(BROKEN_TITLE)}: {NOT_FOUND}",
        ]
        assert said[3:] == [
            "fetched 2 feeds: 0 new briefs",
            f"{named(feed_store.urls['slow'])}: skipped: HTTP 410 Gone; add it again to fetch it",
            f"{named(BROKEN_TITLE)}: {NOT_FOUND}",
        ]
        # The feed's Arabic name is set apart: the line reads as the English sentence it is, the name
        # (shaped, right to left) first on the left; without the isolates the whole line is right to
        # left and the reason comes first on the left.
        assert visual(said[2]) == f"{visual(BROKEN_TITLE)}: {NOT_FOUND}"
        assert visual(said[2].replace(FSI, "").replace(PDI, "")).startswith("HTTP 404 (not found")
        assert server.hits["/slow.xml"] == 1
        assert (server.not_modified["/city/rss.xml"], server.not_modified["/tech/atom.xml"]) == (1, 1)
        assert len(list_titles(app)) == 6


@pytest.fixture
def fetched_store(feed_store):
    """The same store with every feed fetched once (outside the test's event loop)."""
    from tui.importing.feeds import Refresh

    feed_store.gate.set()
    summary = Refresh(feed_store, feed_store.feeds(), workers=0).run()
    assert summary.line() == "fetched 3 feeds, failed 1, new 6, updated 0"
    return feed_store


@needs_fribidi
async def test_f_filters_the_list_by_feed(fetched_store) -> None:
    from textual.widgets import OptionList

    from tui.ui.app import BriefApp
    from tui.ui.screens.feeds import FeedsScreen

    feed_store = fetched_store
    app = BriefApp(feed_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert len(list_titles(app)) == 7
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        options = app.screen.query_one(OptionList)
        # Feeds by title, by code point: أخبار التقنية, أخبار المدينة, خلاصة بطيئة, خلاصة معطلة.
        labels = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
        assert labels == [
            "All briefs   7 unread of 7",
            f"{visual(TECH_TITLE)}   2 unread of 2",
            f"{visual(CITY_TITLE)}   3 unread of 3",
            f"{visual(SLOW_TITLE)}   1 unread of 1",
            f"{visual(BROKEN_TITLE)}   0 unread of 0",
        ]
        broken = str(options.get_option_at_index(4).prompt).split("\n")
        assert broken[1].strip() == visual("last fetch failed: HTTP 404")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FeedsScreen)
        assert sorted(list_titles(app)) == sorted([SATELLITE, CONFERENCE])
        assert app.screen.title == f"brief · {visual(TECH_TITLE)}"
        assert f"brief · {visual(TECH_TITLE)}" in screen_text(app)

        await pilot.press("f")
        await pilot.pause()
        await pilot.press("j", "enter")  # the city feed, one below the feed shown now: j as in the list
        await pilot.pause()
        assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET])
        assert app.screen.title == f"brief · {visual(CITY_TITLE)}"

        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ن", "ن", "ت", "k", "enter")  # k and j on the Arabic layout too: up to All briefs
        await pilot.pause()
        assert len(list_titles(app)) == 7
        assert app.screen.title == "brief"


async def _show_the_city_feed(app, pilot) -> None:
    """f, then the city feed (the second in the chooser): its three briefs are listed."""
    await pilot.pause()
    await pilot.press("f")
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET])


async def _city_feed_changed_elsewhere(app, pilot, store, change) -> None:
    """Show the city feed, then ``change(other, url)`` the store through another connection (another
    terminal's command) and let the reader see it."""
    from tui.store.store import Store

    await _show_the_city_feed(app, pilot)
    city = app.screen.feeds.feed
    assert city is not None
    with Store.open(store.path) as other:
        change(other, city)
    app.screen._poll_store()
    await pilot.pause()


async def test_the_feed_shown_removed_from_another_terminal_gives_way_to_every_feed(fetched_store) -> None:
    from tui.store.feeds import FetchRecord
    from tui.ui.app import BriefApp

    def remove(other, city: str) -> None:  # brief feeds remove URL --purge
        other.remove_feed(city, purge=True)
        # another feed named alike now is not the city feed moved: it is not shown in its place
        tech = next(f.url for f in other.feeds() if f.title == TECH_TITLE)
        other.record_fetches([FetchRecord(tech, "200", title=CITY_TITLE)])

    app = BriefApp(fetched_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await _city_feed_changed_elsewhere(app, pilot, fetched_store, remove)
        assert app.screen.feeds.feed is None and app.screen.title == "brief"
        assert len(list_titles(app)) == 4  # the other feeds' briefs
        assert (
            notices(app)[-1]
            == f"the feed \u2068{CITY_TITLE}\u2069 is no longer subscribed: every feed's briefs are shown"
        )


async def test_the_feed_shown_moved_by_a_fetch_in_another_terminal_is_followed(fetched_store) -> None:
    """A fetch elsewhere followed a 301: the feed is under its new URL, not unsubscribed."""
    from tui.store.feeds import FetchRecord
    from tui.ui.app import BriefApp

    def move(other, city: str) -> None:
        other.record_fetches([FetchRecord(city, "301", new_url=city.replace("rss.xml", "moved.xml"))])

    app = BriefApp(fetched_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await _city_feed_changed_elsewhere(app, pilot, fetched_store, move)
        assert app.screen.feeds.feed is not None and app.screen.feeds.feed.endswith("/city/moved.xml")
        assert app.screen.title == f"brief · {visual(CITY_TITLE)}"
        assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET])
        assert not [n for n in notices(app) if "no longer subscribed" in n]


async def test_the_feed_shown_merged_by_a_move_elsewhere_is_followed_to_the_feed_it_joined(fetched_store) -> None:
    """A fetch elsewhere found the feed moved onto one subscribed already: the two are one, and the
    reader shows that one (it said the feed shown was no longer subscribed)."""
    from tui.store.feeds import FetchRecord
    from tui.ui.app import BriefApp

    joined: list[str] = []

    def merge(other, city: str) -> None:
        joined.append(next(f.url for f in other.feeds() if f.title == TECH_TITLE))
        other.record_fetches([FetchRecord(city, "301", new_url=joined[0])])

    app = BriefApp(fetched_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await _city_feed_changed_elsewhere(app, pilot, fetched_store, merge)
        assert app.screen.feeds.feed == joined[0]
        assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET, SATELLITE, CONFERENCE])
        assert not [n for n in notices(app) if "no longer subscribed" in n]


@needs_fribidi
async def test_the_filtered_feed_follows_a_permanent_move(fetched_store, server: FeedServer) -> None:
    from feed_fixtures import CITY_PATH, city_feed

    from tui.ui.app import BriefApp

    server.set(CITY_PATH, Reply(301, headers={"Location": "/moved.xml"}))
    moved = server.set("/moved.xml", Reply(body=city_feed(server.base), content_type=RSS))
    app = BriefApp(fetched_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await _show_the_city_feed(app, pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: not app.screen.feeds.running)
        await pilot.pause()
        assert [f.url for f in fetched_store.feeds() if f.title == CITY_TITLE] == [moved]
        assert app.screen.feeds.feed == moved
        assert sorted(list_titles(app)) == sorted([RAIN, BRIDGE, MARKET])
        assert app.screen.title == f"brief · {visual(CITY_TITLE)}"


async def test_r_with_many_feeds_parses_them_in_worker_processes(tmp_path: Path, server: FeedServer) -> None:
    """Eight feeds or more are parsed in worker processes, started from the reader's worker thread."""
    from tui.importing.feed_parsing import POOL_MIN_FEEDS
    from tui.store.store import Store
    from tui.ui.app import BriefApp

    count = POOL_MIN_FEEDS + 1
    with Store.open(tmp_path / "many.db") as store:
        for n in range(count):
            item = {
                "guid": f"n{n}",
                "title": f"الخبر رقم {n}",
                "link": f"{server.base}/n/{n}",
                "date": f"Tue, 01 Dec 2026 0{n}:00:00 +0000",
                "html": f"<p>نص الخبر رقم {n}.</p>",
            }
            store.add_feed(server.set(f"/many/{n}.xml", Reply(body=rss(f"خلاصة {n}", [item]), content_type=RSS)))
        app = BriefApp(store)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await wait_until(pilot, lambda: not app.screen.feeds.running, timeout=30)
            await pilot.pause()
            assert notices(app) == [f"fetched {count} feeds: {count} new briefs"]
            assert list_titles(app) == [f"الخبر رقم {n}" for n in reversed(range(count))]


def test_feeds_of_one_name_show_their_urls() -> None:
    """The same feed subscribed at two addresses: two rows of one name, told apart by their URLs."""
    from tui.models import Feed
    from tui.ui.screens.feeds import FeedsScreen

    first, second = "http://a.example/feed.xml", "http://b.example/gzip/feed.xml"
    feeds = [
        Feed(url=first, id_base=first, title="Dev Mahmoud", items=42, unread=42),
        Feed(url=second, id_base=second, title="Dev Mahmoud", items=42, unread=40),
        Feed(url="http://c.example/rss", id_base="http://c.example/rss", title="Golem.de", items=3, unread=1),
        Feed(url="http://d.example/x", id_base="http://d.example/x", items=1, unread=1),
        Feed(url="http://e.example/x", id_base="http://e.example/x", items=1, unread=1),
    ]
    rows = [str(option.prompt).split("\n") for option in FeedsScreen(feeds, (89, 89), None)._options()]
    assert rows[1] == ["Dev Mahmoud   42 unread of 42", f"  {first}"]
    assert rows[2] == ["Dev Mahmoud   40 unread of 42", f"  {second}"]
    assert rows[3] == ["Golem.de   1 unread of 3"]
    # A feed with no title is named by its URL already: nothing under it.
    assert rows[4] == ["http://d.example/x   1 unread of 1"]
    assert rows[5] == ["http://e.example/x   1 unread of 1"]


def test_with_no_feeds_the_feed_filter_says_how_to_add_one() -> None:
    from tui.ui.screens.feeds import FeedsScreen

    options = FeedsScreen([], (3, 5), None)._options()
    assert [str(option.prompt) for option in options] == [
        "All briefs   3 unread of 5",
        "No feeds yet: subscribe with  brief feeds add URL  (or brief opml import FILE), then r fetches.",
    ]
    assert options[1].disabled and not options[0].disabled


@needs_fribidi
async def test_thousands_of_feeds_open_at_once_and_each_row_is_laid_out_when_drawn(tmp_path: Path) -> None:
    """3,000 subscriptions: ``f`` shows the chooser without laying out every title first (a row is
    shaped when it is drawn), End reaches the last feed, and each row drawn reads as FriBidi orders
    its title, with its counts beside it."""
    from rich.cells import cell_len
    from textual.widgets import OptionList

    from tui.store.store import Store
    from tui.ui.app import BriefApp
    from tui.ui.screens.feeds import FeedRow, FeedsScreen

    store = Store.open(tmp_path / "store.db")
    names = {f"http://127.0.0.1:9/feed{n:04d}.xml": f"موجز الأخبار رقم {n:04d}" for n in range(3000)}
    for url, name in names.items():
        store.add_feed(url, title=name)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedsScreen))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        rows = [options.get_option_at_index(i).prompt for i in range(1, options.option_count)]
        assert len(rows) == 3000 and all(isinstance(row, FeedRow) for row in rows)
        drawn = [row for row in rows if row._drawn]
        assert 10 <= len(drawn) <= 30  # the rows on screen, not the 3,000
        shown = screen_text(app)
        assert f"{visual(names['http://127.0.0.1:9/feed0000.xml'])}   0 unread of 0" in shown
        await pilot.press("end")
        await pilot.pause()
        assert f"{visual(names['http://127.0.0.1:9/feed2999.xml'])}   0 unread of 0" in screen_text(app)
        assert len([row for row in rows if row._drawn]) <= 60
        # The dialog's right border stays in one column on every row.
        lines = [line for line in screen_text(app).splitlines() if "unread of" in line and "│" in line]
        assert len(lines) >= 10 and len({cell_len(line.rstrip()) for line in lines}) == 1


def test_a_feed_row_never_wraps_and_keeps_its_counts_at_any_width() -> None:
    """A long title, its URL and its last failure cut to fit a narrow chooser: one line each, the
    counts whole beside the title, the row as tall as it says it is."""
    from rich.cells import cell_len

    from tui.ui.screens.feeds import FeedRow

    title = "نشرة الأخبار المسائية الطويلة جداً من وكالة الأنباء " * 3
    notes = [("http://127.0.0.1/" + "a" * 120, "dim"), ("last fetch failed: HTTP 404", "red")]
    row = FeedRow(title, "12 unread of 40", notes, shaped=True)
    for width in (24, 40, 60, 100):
        lines = row.text(width).plain.split("\n")
        assert len(lines) == row.get_height({}, width) == 3  # type: ignore[arg-type]
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert lines[0].endswith("   12 unread of 40")
        assert lines[1].startswith("  http://127.0.0.1/") and lines[2].startswith("  last fetch")
    assert str(row).split("\n")[0].endswith("   12 unread of 40")


@pytest.mark.parametrize(
    ("feeds", "keys", "said"),
    [
        (0, {}, "The store is empty. Import briefs with:  brief import FOLDER"),
        (
            1,
            {},
            "The store is empty. Press r to fetch the 1 subscribed feed, or import briefs with:  brief import FOLDER",
        ),
        (
            2,
            {"fetch_feeds": "ctrl+r"},
            "The store is empty. Press ctrl+r to fetch the 2 subscribed feeds, or import briefs with:  brief import FOLDER",
        ),
    ],
)
async def test_an_empty_store_with_feeds_subscribed_says_to_fetch_them(
    tmp_path: Path, feeds: int, keys: dict[str, str], said: str
) -> None:
    """An OPML list imported and nothing fetched yet: the reader names the key that fetches (as the
    user has it), not only the file import."""
    from tui.store.store import Store
    from tui.ui.app import BriefApp
    from tui.ui.config import Config

    store = Store.open(tmp_path / "empty.db")
    for i in range(feeds):
        store.add_feed(f"http://127.0.0.1:9/feed{i}.xml")
    app = BriefApp(store, Config(keys=keys))
    async with app.run_test(size=(150, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert " ".join(said.split()) in " ".join(screen_text(app).replace("▕", " ").split())
    store.close()
