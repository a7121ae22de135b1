"""`brief feeds`, `brief fetch` and `brief opml` as a user runs them: the CLI in a subprocess, the feeds
on a real HTTP server on 127.0.0.1 in a thread of this process.

Each expectation is written by hand from the fixtures (``feed_fixtures``) or is a round trip; the
server counts requests, so "not asked again" and "answered 304" are the server's word.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feed_fixtures import (
    BRIDGE,
    CITY_PATH,
    CITY_TITLE,
    CONFERENCE,
    MARKET,
    RAIN,
    SATELLITE,
    TECH_PATH,
    TECH_TITLE,
    Brief,
    city_feed,
    serve_standard,
)
from feed_server import HTML, RSS, FeedServer, Reply, Request, feed_server

from tui.importing.feeds import ceil_minute
from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def brief(tmp_path: Path) -> Brief:
    return Brief(tmp_path / "store.db", tmp_path / "config.toml")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stdout.splitlines()


def test_add_subscribes_fetches_and_imports(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    done = brief("feeds", "add", city, "--tag", "محلي", "--tag", "local")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"subscribed to {city}", "fetched 1 feeds, failed 0, new 3, updated 0"]
    assert server.hits[CITY_PATH] == 1

    listed = brief("feeds", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (feed,) = json.loads(listed.stdout)
    assert set(feed) == {"url", "title", "tags", "items", "unread", "last_fetch", "last_status", "error"}
    assert feed["url"] == city
    assert feed["title"] == CITY_TITLE
    assert feed["tags"] == ["محلي", "local"]
    assert (feed["items"], feed["unread"], feed["last_status"], feed["error"]) == (3, 3, "200", None)
    assert isinstance(feed["last_fetch"], str) and feed["last_fetch"].startswith("20")

    listed = brief("list", "--json")
    assert listed.returncode == 0, listed.stderr
    briefs = {b["title"]: b for b in json.loads(listed.stdout)}
    assert set(briefs) == {RAIN, BRIDGE, MARKET}
    assert briefs[RAIN]["url"] == f"{server.base}/city/rain"
    assert all(b["feed"] == city for b in briefs.values())
    assert all(b["source"] == CITY_TITLE for b in briefs.values())


def test_list_json_feed_is_null_for_files_and_show_prints_the_url(brief: Brief, server: FeedServer, tmp_path) -> None:
    city, _ = serve_standard(server)
    note = tmp_path / "note.txt"
    note.write_text("---\ntitle: ملاحظة محلية\n---\nنص الملاحظة.\n", encoding="utf-8")
    assert brief.here("import", str(note))[0] == 0
    assert brief.here("feeds", "add", city)[0] == 0
    briefs = brief.briefs()
    assert (briefs["ملاحظة محلية"]["feed"], briefs["ملاحظة محلية"]["url"]) == (None, None)
    assert briefs[BRIDGE]["feed"] == city

    code, shown_text = brief.here("show", str(briefs[BRIDGE]["id"]), "--logical")
    assert code == 0
    assert shown_text.splitlines()[:3] == [
        BRIDGE,
        f"2026-11-30T10:00:00+03:00 · {CITY_TITLE}",
        f"{server.base}/city/bridge",
    ]
    shown = brief("show", str(briefs[BRIDGE]["id"]), "--width", "100")
    assert shown.returncode == 0, shown.stderr
    assert f"{server.base}/city/bridge" in [line.strip() for line in shown.stdout.splitlines()[:6]]


def test_a_file_and_a_feed_entry_of_one_id_never_replace_each_other(
    brief: Brief, server: FeedServer, tmp_path: Path
) -> None:
    """A brief file named as a feed's brief is refused (a failed line, exit 1, the other files
    imported); a feed entry whose id a brief file took first is not written, and the fetch says so."""
    city, _ = serve_standard(server)
    assert brief("feeds", "add", city).returncode == 0
    bridge = brief.briefs()[BRIDGE]["id"]
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / f"{bridge}.txt").write_text("---\ntitle: ملف\n---\nنص الملف.\n", encoding="utf-8")
    (folder / "other.txt").write_text("---\ntitle: ملف آخر\n---\nنص آخر.\n", encoding="utf-8")
    done = brief("import", str(folder))
    assert done.returncode == 1, done.stderr
    assert lines(done) == [
        f"failed: {folder / f'{bridge}.txt'}: its id '{bridge}' is a brief of the feed {city};"
        " rename the file to import it",
        "imported 1, updated 0, unchanged 0, failed 1",
    ]
    briefs = brief.briefs()
    assert briefs[BRIDGE]["feed"] == city and "ملف" not in briefs and "ملف آخر" in briefs

    other = Brief(tmp_path / "other.db", tmp_path / "config.toml")  # the file first, then the feed
    assert other("import", str(folder / f"{bridge}.txt")).returncode == 0
    done = other("feeds", "add", city)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"subscribed to {city}",
        f"{city}: entry '{bridge}' not written: a brief file ({folder / f'{bridge}.txt'}) has that id",
        "fetched 1 feeds, failed 0, new 2, updated 0",
    ]
    kept = other.briefs()
    assert kept["ملف"]["feed"] is None and BRIDGE not in kept and len(kept) == 3


def test_read_also_links_resolve_by_url_first_then_by_title(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    ids = {title: b["id"] for title, b in brief.briefs().items()}
    rain = brief.json("links", str(ids[RAIN]))
    # Its text is the market's title, its URL the bridge's page: the URL wins.
    assert rain["outgoing"] == [{"text": MARKET, "target": ids[BRIDGE]}]  # type: ignore[index]
    market = brief.json("links", str(ids[MARKET]))
    # Its URL is no brief's: the title finds the rain entry.
    assert market["outgoing"] == [{"text": RAIN, "target": ids[RAIN]}]  # type: ignore[index]
    assert market["incoming"] == []  # type: ignore[index]


def test_a_page_naming_a_feed_subscribes_to_that_feed(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    page = server.url("/site/")
    done = brief("feeds", "add", page)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"{page} is a web page; subscribing to the feed it names: {city}",
        f"subscribed to {city}",
        "fetched 1 feeds, failed 0, new 3, updated 0",
    ]
    assert [f["url"] for f in brief.feeds()] == [city]


def test_a_page_subscribed_from_an_opml_list_fails_naming_the_feed_it_names(
    brief: Brief, server: FeedServer, tmp_path: Path
) -> None:
    """An OPML list may hold a site's address: the fetch fails it, as before, and says which feed the
    page names and how to subscribe to it (it said "an HTML page" alone)."""
    city, _ = serve_standard(server)
    page, plain = server.url("/site/"), server.url("/plain/")
    opml = tmp_path / "sites.opml"
    outlines = "".join(f'<outline type="rss" xmlUrl="{u}"/>' for u in (page, plain))
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")
    assert brief.here("opml", "import", str(opml)) == (0, "subscribed 2, already 0, failed 0\n")
    done = brief("fetch")
    assert done.returncode == 1
    *failed, summary = lines(done)
    assert summary == "fetched 0 feeds, failed 2, new 0, updated 0"
    assert sorted(failed) == sorted(
        [
            f"failed: {page}: not a feed: an HTML page naming the feed {city}; subscribe to that: brief feeds add {city}",
            f"failed: {plain}: not a feed: an HTML page with no feed link",
        ]
    )
    assert brief("feeds", "add", city).returncode == 0
    assert {f["url"]: f["items"] for f in brief.feeds()} == {page: 0, plain: 0, city: 3}


@pytest.mark.parametrize(
    ("path", "reply", "reason"),
    [
        ("/plain/", None, "not a feed: an HTML page with no feed link"),
        ("/nothing-here", None, "HTTP 404"),
        ("/broken", Reply(500, b"oops", "text/plain"), "HTTP 500"),
    ],
)
def test_no_feed_exits_2_naming_the_url_and_subscribes_nothing(
    brief: Brief, server: FeedServer, path: str, reply: Reply | None, reason: str
) -> None:
    serve_standard(server)
    if reply is not None:
        server.set(path, reply)
    url = server.url(path)
    done = brief("feeds", "add", url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == f"brief: {url}: {reason}"
    assert brief.feeds() == []


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://127.0.0.1/feed.xml", "not an http or https URL"),
        ("file:///etc/hostname", "not an http or https URL"),
        ("127.0.0.1/feed", "not an http or https URL (write http:// or https:// in front of it)"),
        ("localhost:8080/feed", "not an http or https URL (write http:// or https:// in front of it)"),
        ("http://[::1/feed", "not a valid URL (its host cannot be read)"),
        ("http://:80/feed", "not a valid URL (no host after the //)"),
        ("http://", "not a valid URL (no host after the //)"),
        ("http//127.0.0.1/feed", "not a valid URL (write http:// or https://, with a colon and two slashes)"),
        ("./feed.xml", "a file on this computer, not a URL: feeds are fetched from http:// or https:// addresses"),
    ],
)
def test_only_http_and_https(brief: Brief, url: str, why: str) -> None:
    done = brief("feeds", "add", url)
    assert done.returncode == 2
    assert done.stderr.strip() == f"brief: {url}: {why}"
    assert brief.feeds() == []


@pytest.mark.parametrize("url", ["", "   "])
def test_an_empty_url_is_named_as_such(brief: Brief, url: str) -> None:
    done = brief("feeds", "add", url)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == "brief: an empty URL (give the feed's address: http://... or https://...)"
    assert brief.feeds() == []


def test_a_url_that_cannot_be_requested_is_named(brief: Brief) -> None:
    """A port out of range or a control character: exit 2 with the reason, the control shown as a
    visible glyph, nothing subscribed."""
    done = brief("feeds", "add", "http://127.0.0.1:99999/feed")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "brief: http://127.0.0.1:99999/feed: not a valid URL (its port is not a number from 0 to 65535)"
    )
    done = brief("feeds", "add", "http://127.0.0.1:1/feed\x1b[31m")
    assert done.returncode == 2 and "\x1b" not in done.stderr
    assert (
        done.stderr.strip() == "brief: http://127.0.0.1:1/feed\u241b[31m: not a valid URL (a control character in it)"
    )
    assert brief.feeds() == []


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("a" * 70 + ".example", "a part of its host name is empty or longer than 63 characters"),
        ("a..b", "a part of its host name is empty or longer than 63 characters"),
        ("xn--zz.example", "its host name is not valid IDNA"),
    ],
)
def test_a_host_no_request_can_go_to_is_named_before_any_is_tried(
    brief: Brief, server: FeedServer, tmp_path: Path, host: str, why: str
) -> None:
    """It was an unexpected error (a bare UnicodeError from the idna codec or httpx), for the URL
    given and for a redirect to it; an OPML outline naming it is skipped."""
    url = f"http://{host}/feed"
    done = brief("feeds", "add", url)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"brief: {url}: not a valid URL ({why})"
    moved = server.set("/moved", Reply(301, headers={"Location": url}))
    done = brief("feeds", "add", moved)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"brief: {moved}: redirect to {url}: not a valid URL ({why})"
    opml = tmp_path / "hosts.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="x" xmlUrl="{url}"/></body></opml>', encoding="utf-8")
    done = brief("opml", "import", str(opml))
    assert "skipped" in done.stderr and lines(done) == ["subscribed 0, already 0, failed 1"]
    assert brief.feeds() == []


def test_adding_twice_says_so_and_changes_nothing(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city, "--title", "مدينتي")[0] == 0
    before_feeds, before_rows = brief.feeds(), brief.imported_at()
    done = brief("feeds", "add", city, "--title", "اسم آخر", "--tag", "x")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"already subscribed to {city}; nothing changed"]
    assert server.hits[CITY_PATH] == 1  # not even fetched again
    # The same URL written another way is the same feed.
    respelled = city.replace("http://", "HTTP://") + "#latest"
    done = brief("feeds", "add", respelled)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"already subscribed to {city}; nothing changed"]
    assert server.hits[CITY_PATH] == 1
    assert brief.feeds() == before_feeds
    assert before_feeds[0]["title"] == "مدينتي"
    assert brief.imported_at() == before_rows
    # Named by that spelling, it is fetched; the title the user gave stays.
    assert brief.here("fetch", respelled) == (0, "fetched 1 feeds, failed 0, new 0, updated 0\n")
    assert server.not_modified[CITY_PATH] == 1
    assert [f["title"] for f in brief.feeds()] == ["مدينتي"]


def test_fetch_304_writes_no_brief_and_a_changed_entry_updates_in_place(brief: Brief, server: FeedServer) -> None:
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    rows = brief.imported_at()
    assert len(rows) == 5
    ids = {title: b["id"] for title, b in brief.briefs().items()}
    with sqlite3.connect(brief.store) as conn:  # read it, as the reader would
        conn.execute("INSERT OR REPLACE INTO state (brief_id, read) VALUES (?, 1)", (ids[RAIN],))

    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    assert lines(done) == ["fetched 2 feeds, failed 0, new 0, updated 0"]
    assert (server.not_modified[CITY_PATH], server.not_modified[TECH_PATH]) == (1, 1)
    assert brief.imported_at() == rows  # a 304 wrote no brief

    # The city feed changes one entry and drops another; its ETag changes with it.
    changed_feed = _without_market(city_feed(server.base, rain_body="توقفت الأمطار بعد الظهر."))
    server.set(CITY_PATH, Reply(body=changed_feed, content_type=RSS, etag='"city-2"'))
    done = brief("fetch", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["fetched"], out["failed"], out["new"], out["updated"]) == (2, 0, 0, 1)
    by_url = {f["url"]: f for f in out["feeds"]}
    assert by_url[city] == {
        "url": city,
        "title": CITY_TITLE,
        "error": None,
        "new": 0,
        "updated": 1,
        "not_modified": False,
        "skipped": None,
        "moved_to": None,
        "notes": [],
    }
    assert by_url[tech]["not_modified"] is True

    after = brief.imported_at()
    assert set(after) == set(rows)  # the dropped entry stays
    changed = [i for i in rows if after[i] != rows[i]]
    assert changed == [ids[RAIN]]
    shown = brief.here("show", str(ids[RAIN]), "--logical")[1]
    assert "توقفت الأمطار بعد الظهر." in shown and "هطلت" not in shown
    assert brief.briefs()[RAIN]["read"] is True  # read state kept
    assert {f["url"]: f["items"] for f in brief.feeds()} == {city: 3, tech: 2}


def _without_market(document: bytes) -> bytes:
    """The feed with its market entry left out."""
    start = document.index(b'<item><guid isPermaLink="false">city-market')
    end = document.index(b"</item>", start) + len(b"</item>")
    return document[:start] + document[end:]


def test_fetch_names_one_feed_and_an_unknown_name_is_a_usage_error(brief: Brief, server: FeedServer) -> None:
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    done = brief("fetch", TECH_TITLE, tech)  # one feed, named twice
    assert done.returncode == 0, done.stderr
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 0"]
    assert (server.hits[CITY_PATH], server.hits[TECH_PATH]) == (1, 2)

    done = brief("fetch", "لا يوجد")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no feed 'لا يوجد' is subscribed" in done.stderr
    assert (server.hits[CITY_PATH], server.hits[TECH_PATH]) == (1, 2)


def test_permanent_redirect_moves_the_subscription(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    ids = {b["id"] for b in brief.briefs().values()}
    server.set(CITY_PATH, Reply(301, headers={"Location": "/moved/step"}))
    server.set("/moved/step", Reply(308, headers={"Location": "/moved/rss.xml"}))
    new = server.set("/moved/rss.xml", Reply(body=city_feed(server.base), content_type=RSS))
    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"moved: {city} -> {new} (permanent redirect; subscription updated)",
        "fetched 1 feeds, failed 0, new 0, updated 0",
    ]
    (feed,) = brief.feeds()
    assert (feed["url"], feed["items"]) == (new, 3)
    briefs = brief.briefs()
    assert {b["id"] for b in briefs.values()} == ids  # same ids, now under the new URL
    assert all(b["feed"] == new for b in briefs.values())

    assert brief.here("fetch")[0] == 0
    assert (server.hits[CITY_PATH], server.hits["/moved/rss.xml"]) == (2, 2)  # the old URL is not asked again


def test_a_move_to_a_url_with_controls_and_a_fragment_is_stored_encoded_and_canonical(
    brief: Brief, server: FeedServer
) -> None:
    """A hostile server's Location holds a C1 control (CSI) and a bidi override: followed and stored
    percent-encoded, as a browser does, so they never reach a terminal; its fragment is dropped, so
    adding the new URL again is the same subscription."""
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    # The header's bytes are the UTF-8 of U+009B and U+202E (the test server sends each character as one byte).
    server.set(CITY_PATH, Reply(301, headers={"Location": "/ctl.xml?\u00c2\u009b2J\u00e2\u0080\u00ae#top"}))
    new = server.set("/ctl.xml?%C2%9B2J%E2%80%AE", Reply(body=city_feed(server.base), content_type=RSS))
    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    assert lines(done)[0] == f"moved: {city} -> {new} (permanent redirect; subscription updated)"
    (feed,) = brief.feeds()
    assert feed["url"] == new  # no "#top", no raw control
    again = brief("feeds", "add", new + "#top")
    assert lines(again) == [f"already subscribed to {new}; nothing changed"]
    exported = brief("opml", "export")
    assert "\u009b" not in exported.stdout and "%C2%9B2J%E2%80%AE" in exported.stdout


def test_a_move_onto_a_subscribed_feed_merges_the_two(brief: Brief, server: FeedServer, tmp_path: Path) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    before = brief.briefs()
    old = server.set("/old/rss.xml", Reply(301, headers={"Location": CITY_PATH}))
    opml = tmp_path / "old.opml"
    opml.write_text(f'<opml version="2.0"><body><outline type="rss" xmlUrl="{old}"/></body></opml>', encoding="utf-8")
    assert brief.here("opml", "import", str(opml)) == (0, "subscribed 1, already 0, failed 0\n")
    done = brief("fetch", old)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"moved: {old} -> {city} (permanent redirect; subscribed there already: the two subscriptions are now one)",
        "fetched 1 feeds, failed 0, new 0, updated 0",
    ]
    assert [(f["url"], f["items"]) for f in brief.feeds()] == [(city, 3)]
    assert brief.briefs() == before  # the feed's entries once, not again under the old URL's ids


def test_a_feed_unsubscribed_then_subscribed_at_a_url_that_moved_keeps_its_briefs_once(
    brief: Brief, server: FeedServer, tmp_path: Path
) -> None:
    """Removed without --purge (its briefs stay), then subscribed again by an OPML file at an old URL
    that redirects to it: the first fetch takes the ids from where the feed is, as feeds add does
    (every entry was stored a second time, its reading state lost), and later fetches keep them."""
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    before = brief.briefs()
    assert brief.here("feeds", "remove", city)[0] == 0
    old = server.set("/old/rss.xml", Reply(301, headers={"Location": CITY_PATH}))
    opml = tmp_path / "old.opml"
    opml.write_text(f'<opml version="2.0"><body><outline type="rss" xmlUrl="{old}"/></body></opml>', encoding="utf-8")
    assert brief.here("opml", "import", str(opml)) == (0, "subscribed 1, already 0, failed 0\n")
    for _ in range(2):
        done = brief("fetch")
        assert done.returncode == 0, done.stderr
        assert lines(done)[-1] == "fetched 1 feeds, failed 0, new 0, updated 0"
        assert brief.briefs() == before
    assert [(f["url"], f["items"]) for f in brief.feeds()] == [(city, 3)]


def _subscribed_then_moved(brief: Brief, server: FeedServer) -> str:
    """The standard city feed subscribed and fetched, then moved (301) and fetched again: its new URL."""
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    new = server.set("/moved/rss.xml", Reply(body=city_feed(server.base), content_type=RSS))
    server.set(CITY_PATH, Reply(301, headers={"Location": "/moved/rss.xml"}))
    assert brief.here("fetch")[0] == 0
    return new


def _subscribe_again(brief: Brief, url: str, how: str, tmp_path: Path) -> None:
    """Subscribe to ``url`` by ``feeds add`` (which fetches it) or by an OPML file (which does not)."""
    if how == "feeds add":
        assert brief.here("feeds", "add", url)[0] == 0
    else:
        opml = tmp_path / "again.opml"
        opml.write_text(f'<opml version="2.0"><body><outline type="rss" xmlUrl="{url}"/></body></opml>', "utf-8")
        assert brief.here("opml", "import", str(opml)) == (0, "subscribed 1, already 0, failed 0\n")


@pytest.mark.parametrize("how", ["feeds add", "opml import"])
def test_a_feed_that_moved_then_was_unsubscribed_finds_its_briefs_again_at_its_new_url(
    brief: Brief, server: FeedServer, tmp_path: Path, how: str
) -> None:
    """Subscribed, fetched, moved (301: the ids stay those of the first URL), unsubscribed without
    --purge (its briefs stay), then subscribed at the new URL: the briefs it brings are those it
    left, once, with their reading state; every entry was stored a second time."""
    new = _subscribed_then_moved(brief, server)
    before = brief.briefs()
    assert len(before) == 3 and all(b["feed"] == new for b in before.values())
    assert brief.here("feeds", "remove", new)[0] == 0
    _subscribe_again(brief, new, how, tmp_path)
    for _ in range(2):
        assert brief.here("fetch")[0] == 0
        assert brief.briefs() == before
        assert sorted(b["id"] for b in brief.json("list")) == sorted(b["id"] for b in before.values())
    assert [(f["url"], f["items"]) for f in brief.feeds()] == [(new, 3)]


@pytest.mark.parametrize("moved_while_subscribed", [False, True])
@pytest.mark.parametrize("how", ["feeds add", "opml import"])
def test_a_feed_unsubscribed_then_added_again_at_its_old_url_that_now_moves_keeps_its_briefs_once(
    brief: Brief, server: FeedServer, tmp_path: Path, how: str, moved_while_subscribed: bool
) -> None:
    """Subscribed at a URL (its briefs' ids come from it), unsubscribed without --purge (its briefs
    stay), then added again at that same URL, which now redirects (301) elsewhere: the briefs kept
    bear the first URL's ids, so the feed keeps them rather than taking the new URL's (every entry
    was stored a second time, its reading state lost). Also when the move was followed while it was
    subscribed, and it was unsubscribed at its new URL."""
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    new = server.set("/moved/rss.xml", Reply(body=city_feed(server.base), content_type=RSS))
    server.set(CITY_PATH, Reply(301, headers={"Location": "/moved/rss.xml"}))
    if moved_while_subscribed:
        assert brief.here("fetch")[0] == 0
    first = next(iter(brief.briefs().values()))
    with Store.open(brief.store) as store:
        store.set_read(str(first["id"]))  # its reading state must survive
    before = brief.briefs()
    assert len(before) == 3 and before[str(first["title"])]["read"] is True
    assert brief.here("feeds", "remove", new if moved_while_subscribed else city)[0] == 0
    _subscribe_again(brief, city, how, tmp_path)
    for _ in range(2):
        done = brief("fetch")
        assert done.returncode == 0, done.stderr
        assert lines(done)[-1] == "fetched 1 feeds, failed 0, new 0, updated 0"
        assert {k: {**v, "feed": None} for k, v in brief.briefs().items()} == {
            k: {**v, "feed": None} for k, v in before.items()
        }
    assert [(f["url"], f["items"]) for f in brief.feeds()] == [(new, 3)]


def test_a_feed_that_moved_and_was_purged_starts_afresh_at_its_new_url(brief: Brief, server: FeedServer) -> None:
    """With --purge nothing of the feed stays: added again, its briefs take the new URL's ids."""
    new = _subscribed_then_moved(brief, server)
    old_ids = {b["id"] for b in brief.briefs().values()}
    assert brief.here("feeds", "remove", "--purge", new)[0] == 0
    assert brief.briefs() == {}
    assert brief.here("feeds", "add", new)[0] == 0
    now = [b["id"] for b in brief.json("list")]
    assert len(now) == 3 and not set(now) & old_ids


def test_a_feed_that_answers_404_says_what_to_do(brief: Brief, server: FeedServer) -> None:
    """A subscribed feed that moved without a redirect: each fetch fails with 404, and the line says
    how to follow it; JSON and ``feeds list --json`` keep the bare reason."""
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    server.set(CITY_PATH, Reply(404, b"not here", "text/plain"))
    done = brief("fetch")
    assert done.returncode == 1
    assert lines(done) == [
        f"failed: {city}: HTTP 404 (not found: if the feed moved, brief feeds remove it and add its new address)",
        "fetched 1 feeds, failed 1, new 0, updated 0",
    ]
    as_json = json.loads(brief("fetch", "--json").stdout)
    assert [f["error"] for f in as_json["feeds"] if f["url"] == city] == ["HTTP 404"]
    assert {f["url"]: f["error"] for f in brief.feeds()}[city] == "HTTP 404"


def test_410_marks_the_feed_dead_until_added_again(brief: Brief, server: FeedServer) -> None:
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    server.set(CITY_PATH, Reply(410, b"gone", "text/plain"))
    done = brief("fetch")
    assert done.returncode == 1
    assert lines(done) == [f"failed: {city}: HTTP 410 Gone", "fetched 1 feeds, failed 1, new 0, updated 0"]
    feeds = {f["url"]: f for f in brief.feeds()}
    assert (feeds[city]["error"], feeds[city]["last_status"], feeds[city]["items"]) == ("HTTP 410 Gone", "410", 3)
    listed = brief.here("feeds", "list")[1].splitlines()
    tried = feeds[city]["last_fetch"]
    assert isinstance(tried, str) and tried.startswith("20")  # the time of the failed fetch
    assert listed[listed.index(f"    {city}") - 1].endswith(f"error: HTTP 410 Gone (tried {tried})")

    done = brief("fetch")
    assert done.returncode == 0  # a dead feed is skipped, not failed again
    assert lines(done) == [
        f"skipped: {city}: HTTP 410 Gone; add it again to fetch it",
        "fetched 1 feeds, failed 0, new 0, updated 0",
    ]
    assert server.hits[CITY_PATH] == 2  # skipped: not asked

    server.set(CITY_PATH, Reply(body=city_feed(server.base), content_type=RSS))
    done = brief("feeds", "add", city)
    assert done.returncode == 0, done.stderr
    assert lines(done)[-1] == "fetched 1 feeds, failed 0, new 0, updated 0"
    assert {f["url"]: f["error"] for f in brief.feeds()} == {city: None, tech: None}
    assert brief.here("fetch")[0] == 0
    assert server.hits[CITY_PATH] == 4


@pytest.mark.parametrize(("status", "retry_after"), [(429, "120")])
def test_retry_after_is_honoured(brief: Brief, server: FeedServer, status: int, retry_after: str) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    server.set(CITY_PATH, Reply(status, b"busy", "text/plain", {"Retry-After": retry_after}))
    started, clock = datetime.now(UTC), time.time()
    done = brief("fetch")
    assert done.returncode == 1
    assert lines(done) == [
        f"failed: {city}: HTTP {status}, retry after 120 s",
        "fetched 0 feeds, failed 1, new 0, updated 0",
    ]
    done = brief("fetch")
    assert done.returncode == 0  # waiting as asked is no failure
    (skipped, summary) = lines(done)
    moments = [ceil_minute(started + timedelta(seconds=s)) for s in (118, 120, 122 + (time.time() - clock))]
    # The time alone on the same day, with the date past midnight; the minute rounded up.
    waits = {f"{m:%H:%M} UTC" if m.date() == started.date() else f"{m:%Y-%m-%d %H:%M} UTC" for m in moments}
    assert skipped in {f"skipped: {city}: the server asked to wait; not fetched before {w}" for w in waits}
    assert summary == "fetched 0 feeds, failed 0, new 0, updated 0"
    assert server.hits[CITY_PATH] == 2  # the second fetch did not ask
    (feed,) = brief.feeds()
    assert feed["items"] == 3


def test_remove_keeps_briefs_unless_purge(brief: Brief, server: FeedServer) -> None:
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    done = brief("feeds", "remove", CITY_TITLE)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"unsubscribed from {city}; its 3 briefs stay (--purge deletes them)"]
    assert [f["url"] for f in brief.feeds()] == [tech]
    assert set(brief.briefs()) == {RAIN, BRIDGE, MARKET, SATELLITE, CONFERENCE}

    done = brief("feeds", "remove", tech, "--purge")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"unsubscribed from {tech}; 2 briefs deleted"]
    assert brief.feeds() == []
    assert set(brief.briefs()) == {RAIN, BRIDGE, MARKET}
    assert brief.json("search", "قمر") == []

    done = brief("feeds", "remove", tech)
    assert done.returncode == 2
    assert "is subscribed" in done.stderr


OPML = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>اشتراكاتي</title></head><body>
  <outline text="محلي">
    <outline type="rss" text="{city_title}" title="{city_title}" xmlUrl="{city}"/>
    <outline text="عاجل">
      <outline type="rss" text="{tech_title}" xmlUrl="{tech}"/>
    </outline>
  </outline>
  <outline type="rss" text="نسخة" xmlUrl="{city}"/>
  <outline type="rss" text="نسخة بحروف أخرى" xmlUrl="{city_respelled}"/>
  <outline type="rss" text="ليست خلاصة" xmlUrl="ftp://127.0.0.1/feed.xml"/>
</body></opml>
"""


def test_opml_import_subscribes_without_fetching_and_export_round_trips(
    brief: Brief, server: FeedServer, tmp_path: Path
) -> None:
    city, tech = serve_standard(server)
    opml = tmp_path / "subs.opml"
    respelled = city.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#top"
    opml.write_text(
        OPML.format(city=city, city_respelled=respelled, tech=tech, city_title=CITY_TITLE, tech_title=TECH_TITLE),
        encoding="utf-8",
    )
    done = brief("opml", "import", str(opml))
    assert done.returncode == 1, done.stderr  # one outline (ftp:) failed, the rest are in
    assert lines(done) == ["subscribed 2, already 2, failed 1"]
    assert (
        done.stderr
        == f"failed: {opml}: 1 outline is not an http or https feed URL that can be fetched ('ftp://127.0.0.1/feed.xml'); skipped\n"
    )
    assert server.hits == {}  # nothing fetched
    feeds = {f["url"]: (f["title"], f["tags"], f["items"], f["last_fetch"]) for f in brief.feeds()}
    assert feeds == {
        city: (CITY_TITLE, ["محلي"], 0, None),
        tech: (TECH_TITLE, ["محلي", "عاجل"], 0, None),
    }
    assert brief.here("opml", "import", str(opml)) == (1, "subscribed 0, already 4, failed 1\n")

    exported = tmp_path / "out.opml"
    assert brief("opml", "export", str(exported)).returncode == 0
    assert brief.here("opml", "export") == (0, exported.read_text(encoding="utf-8"))
    other = Brief(tmp_path / "other.db", brief.config)
    assert other.here("opml", "import", str(exported)) == (0, "subscribed 2, already 0, failed 0\n")
    assert other.feeds() == brief.feeds()

    assert brief.here("fetch") == (0, "fetched 2 feeds, failed 0, new 5, updated 0\n")


def test_opml_import_of_something_else_exits_2_naming_it(brief: Brief, tmp_path: Path) -> None:
    bogus = tmp_path / "feeds.txt"
    bogus.write_text("http://127.0.0.1/feed\n", encoding="utf-8")
    done = brief("opml", "import", str(bogus))
    assert done.returncode == 2
    assert done.stdout == ""
    assert str(bogus) in done.stderr
    assert brief.feeds() == []


ARTICLE_PARAGRAPHS = [
    "افتتحت البلدية صباح اليوم جسراً جديداً فوق النهر يربط الحي القديم بالسوق المركزية، بطول ثلاثمئة متر "
    "وبممرين للمشاة على جانبيه.",
    "وقال رئيس البلدية إن الجسر سيخفف الازدحام في الشوارع المجاورة، وإن العمل فيه استمر عامين كاملين "
    "بمشاركة مهندسين من المدينة نفسها.",
    "ويأتي الافتتاح ضمن خطة أوسع لتجديد الأحياء القديمة تشمل ترميم الساحات وزراعة الأشجار على جانبي الطرق.",
]


def test_fulltext_keeps_the_article_and_says_when_extraction_fails(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    server.set(
        "/city/bridge",
        Reply(
            body=(
                "<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>الجسر</title></head><body>"
                f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{BRIDGE}</h1>{body}</article>"
                "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
            ).encode(),
            content_type=HTML,
        ),
    )
    server.set("/city/rain", Reply(body=b"<html><body><nav><a href='/'>x</a></nav></body></html>", content_type=HTML))
    # /city/market is not served: a 404 keeps the summary too.
    done = brief("feeds", "add", city, "--fulltext")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"subscribed to {city}",
        f"full text: {city}: 1 of 3 pages could not be fetched (HTTP 404); 1 of 3 pages gave no article text;"
        " their summaries are kept",
        "fetched 1 feeds, failed 0, new 3, updated 0",
    ]
    assert (server.hits["/city/bridge"], server.hits["/city/rain"], server.hits["/city/market"]) == (1, 1, 1)
    ids = {title: b["id"] for title, b in brief.briefs().items()}
    bridge = brief.here("show", str(ids[BRIDGE]), "--logical")[1]
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in bridge
    assert "افتُتح الجسر الجديد فوق النهر" not in bridge
    rain = brief.here("show", str(ids[RAIN]), "--logical")[1]
    assert "هطلت أمطار غزيرة على المدينة صباح اليوم." in rain
    # The read-also link is kept beside the fetched text.
    assert brief.json("links", str(ids[RAIN]))["outgoing"] == [{"text": MARKET, "target": ids[BRIDGE]}]  # type: ignore[index]

    assert brief.here("fetch") == (0, "fetched 1 feeds, failed 0, new 0, updated 0\n")
    assert server.hits["/city/bridge"] == 1  # pages of entries already kept are not fetched again

    # The feed corrects the bridge entry's summary: its page is fetched again, its article text kept.
    server.set(
        CITY_PATH, Reply(body=city_feed(server.base, bridge_body="افتُتح الجسر الجديد فوق النهر."), content_type=RSS)
    )
    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 1"]
    assert (server.hits["/city/bridge"], server.hits["/city/rain"], server.hits["/city/market"]) == (2, 1, 1)
    bridge = brief.here("show", str(ids[BRIDGE]), "--logical")[1]
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in bridge


def test_add_follows_a_permanent_move_and_subscribes_the_new_url(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    old = server.set("/old/feed", Reply(301, headers={"Location": CITY_PATH}))
    done = brief("feeds", "add", old)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"subscribed to {city}", "fetched 1 feeds, failed 0, new 3, updated 0"]
    assert [f["url"] for f in brief.feeds()] == [city]
    assert brief.here("feeds", "add", old) == (
        0,
        f"{old} has moved to {city}, which is subscribed already; nothing changed\n",
    )
    assert len(brief.feeds()) == 1


def test_a_temporary_redirect_keeps_the_url(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    server.set(CITY_PATH, Reply(302, headers={"Location": "/mirror.xml"}))
    server.set("/mirror.xml", Reply(body=city_feed(server.base), content_type=RSS))
    done = brief("fetch")
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 0"]
    assert [f["url"] for f in brief.feeds()] == [city]


def test_a_page_naming_a_missing_feed_exits_2(brief: Brief, server: FeedServer) -> None:
    from feed_fixtures import page_naming

    page = server.set("/site2/", Reply(body=page_naming("/nowhere.xml"), content_type=HTML))
    done = brief("feeds", "add", page)
    assert done.returncode == 2
    assert done.stderr.strip() == f"brief: {server.url('/nowhere.xml')}: HTTP 404 (the feed that {page} names)"
    assert brief.feeds() == []


def test_refetching_an_unchanged_feed_without_validators_writes_nothing(brief: Brief, server: FeedServer) -> None:
    city = server.set(CITY_PATH, Reply(body=city_feed(server.base), content_type=RSS))  # no ETag: always 200
    assert brief.here("feeds", "add", city)[0] == 0
    rows = brief.imported_at()
    with sqlite3.connect(brief.store) as conn:
        links_before = conn.execute("SELECT * FROM links ORDER BY brief_id, pos").fetchall()
    done = brief("fetch")
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 0"]
    assert server.hits[CITY_PATH] == 2 and server.not_modified[CITY_PATH] == 0
    assert brief.imported_at() == rows
    with sqlite3.connect(brief.store) as conn:
        assert conn.execute("SELECT * FROM links ORDER BY brief_id, pos").fetchall() == links_before


def test_a_feed_that_stops_being_one_fails_and_keeps_its_briefs(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    server.set(CITY_PATH, Reply(body=b"<html><body>maintenance</body></html>", content_type=HTML))
    done = brief("fetch", "--json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert (out["fetched"], out["failed"], out["new"], out["updated"]) == (0, 1, 0, 0)
    (feed,) = out["feeds"]
    assert feed["url"] == city and isinstance(feed["error"], str) and feed["error"]
    (listed,) = brief.feeds()
    assert (listed["error"], listed["items"]) == (feed["error"], 3)


def test_retry_after_ends(brief: Brief, server: FeedServer) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    server.set(CITY_PATH, Reply(429, b"busy", "text/plain", {"Retry-After": "1"}))
    assert brief.here("fetch")[0] == 1
    assert server.hits[CITY_PATH] == 2
    server.set(CITY_PATH, Reply(body=city_feed(server.base), content_type=RSS))
    time.sleep(1.2)
    done = brief("fetch")
    assert done.returncode == 0, done.stdout
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 0"]
    assert server.hits[CITY_PATH] == 3
    assert brief.feeds()[0]["error"] is None


def test_many_feeds_are_parsed_in_worker_processes(brief: Brief, server: FeedServer, tmp_path: Path) -> None:
    from feed_server import rss

    outlines = []
    for n in range(10):
        item = {
            "guid": f"n{n}",
            "title": f"الخبر رقم {n}",
            "link": f"{server.base}/n/{n}",
            "date": "Tue, 01 Dec 2026 08:00:00 +0000",
            "html": f"<p>نص الخبر رقم {n}.</p>",
        }
        url = server.set(f"/many/{n}.xml", Reply(body=rss(f"خلاصة {n}", [item]), content_type=RSS, etag=f'"{n}"'))
        outlines.append(f'<outline type="rss" text="خلاصة {n}" xmlUrl="{url}"/>')
    opml = tmp_path / "many.opml"
    opml.write_text(f'<opml version="2.0"><head/><body>{"".join(outlines)}</body></opml>', encoding="utf-8")
    assert brief.here("opml", "import", str(opml)) == (0, "subscribed 10, already 0, failed 0\n")
    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    assert lines(done) == ["fetched 10 feeds, failed 0, new 10, updated 0"]
    assert set(brief.briefs()) == {f"الخبر رقم {n}" for n in range(10)}
    assert brief.here("fetch") == (0, "fetched 10 feeds, failed 0, new 0, updated 0\n")
    assert sum(server.not_modified.values()) == 10


def test_purged_briefs_are_no_link_targets_any_more(brief: Brief, server: FeedServer, tmp_path: Path) -> None:
    city, _ = serve_standard(server)
    note = tmp_path / "note.txt"
    note.write_text(f"---\ntitle: ملاحظة\n---\nنص.\nاقرأ أيضاً: {BRIDGE}\n", encoding="utf-8")
    assert brief.here("import", str(note))[0] == 0
    assert brief.here("feeds", "add", city)[0] == 0
    bridge = brief.briefs()[BRIDGE]["id"]
    assert brief.json("links", "note")["outgoing"] == [{"text": BRIDGE, "target": bridge}]  # type: ignore[index]

    done = brief("feeds", "remove", city, "--purge")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"unsubscribed from {city}; 3 briefs deleted"]
    assert set(brief.briefs()) == {"ملاحظة"}
    assert brief.json("links", "note")["outgoing"] == [{"text": BRIDGE, "target": None}]  # type: ignore[index]

    assert brief.here("feeds", "add", city)[0] == 0  # back again: the link finds it again
    assert brief.json("links", "note")["outgoing"] == [{"text": BRIDGE, "target": bridge}]  # type: ignore[index]


@pytest.mark.parametrize("retry_after", ["172800", "999999999999"])
def test_a_long_retry_after_names_the_day(brief: Brief, server: FeedServer, retry_after: str) -> None:
    city, _ = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    server.set(CITY_PATH, Reply(503, b"down", "text/plain", {"Retry-After": retry_after}))
    code, out = brief.here("fetch")  # no traceback: here() would raise
    assert (code, out.splitlines()[-1]) == (1, "fetched 0 feeds, failed 1, new 0, updated 0")
    done = brief("fetch")
    assert done.returncode == 0, done.stderr
    (skipped, _) = lines(done)
    # Two days is said with its date; a wait beyond reason is cut to a week.
    days = 2 if retry_after == "172800" else 7
    when = datetime.now(UTC) + timedelta(days=days)
    assert skipped.startswith(f"skipped: {city}: the server asked to wait; not fetched before {when:%Y-%m-%d} ")
    assert server.hits[CITY_PATH] == 2


@pytest.mark.parametrize(
    "etag",
    [
        '"café"',  # sent as the Latin-1 byte E9
        '"caf\u00c3\u00a9"',  # sent as the bytes C3 A9: "café" in UTF-8
    ],
)
def test_a_non_ascii_etag_goes_back_byte_for_byte(brief: Brief, server: FeedServer, etag: str) -> None:
    city = server.set(CITY_PATH, Reply(body=city_feed(server.base), content_type=RSS, etag=etag))
    assert brief.here("feeds", "add", city)[0] == 0
    done = brief("fetch")
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines(done) == ["fetched 1 feeds, failed 0, new 0, updated 0"]
    assert server.not_modified[CITY_PATH] == 1


def test_a_304_is_not_parsed(server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process: the refresh pipeline parses only the feeds that sent a document."""
    from tui.importing import feeds as pipeline
    from tui.importing.subscribe import subscribe
    from tui.store.store import Store

    city, tech = serve_standard(server)
    with Store.open(tmp_path / "s.db") as store:
        subscribe(store, city)
        subscribe(store, tech)
        parsed: list[str] = []
        real = pipeline.prepare

        threads: set[str] = set()

        def counting(result, feed, *args):  # type: ignore[no-untyped-def]
            import threading

            parsed.append(feed.url)
            threads.add(threading.current_thread().name)
            return real(result, feed, *args)

        monkeypatch.setattr(pipeline, "prepare", counting)
        summary = pipeline.Refresh(store, store.feeds(), workers=0).run()
        assert [o.not_modified for o in summary.outcomes] == [True, True]
        assert parsed == []
        server.set(CITY_PATH, Reply(body=city_feed(server.base, rain_body="نص آخر."), content_type=RSS, etag='"c2"'))
        summary = pipeline.Refresh(store, store.feeds(), workers=0).run()
        assert summary.line() == "fetched 2 feeds, failed 0, new 0, updated 1"
        assert parsed == [city]
        # Without workers, parsed in a thread: the event loop goes on fetching (and timing) the rest.
        assert [name.split("_")[0] for name in threads] == ["brief-parse"]


def test_a_slow_server_times_out_with_the_timeout_given(tmp_path: Path) -> None:
    """``--timeout`` bounds the whole fetch of a feed; the refusal names the URL and the time."""
    import http.server
    import socketserver
    import threading

    release = threading.Event()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            release.wait(10)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), BRIEF_CONFIG=str(tmp_path / "c.toml"))
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "tui", "feeds", "add", url, "--timeout", "1"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        elapsed = time.monotonic() - started
        bad = subprocess.run(
            [sys.executable, "-m", "tui", "fetch", "--timeout", "0"], capture_output=True, text=True, env=env
        )
    finally:
        release.set()
        server.shutdown()
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"brief: {url}: timed out after 1 s"
    assert elapsed < 10
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "brief: --timeout must be a number of seconds from 0.1 to 86,400",
    )


def test_a_lone_surrogate_in_a_feed_is_replaced_and_the_feed_imported(brief: Brief, server: FeedServer) -> None:
    """JSON can write a lone surrogate that no UTF-8 text holds: the store refused it and the fetch
    ended in a traceback, leaving the feed subscribed and unfetched."""
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": ['
        b'{"id": "1", "title": "bad \\ud800 title", "content_text": "ok"},'
        b' {"id": "2", "title": "good", "content_text": "fine"}]}'
    )
    url = server.set("/lone.json", Reply(body=body, content_type="application/feed+json"))
    done = brief("feeds", "add", url)
    assert (done.returncode, done.stderr) == (0, "")
    assert lines(done) == [f"subscribed to {url}", "fetched 1 feeds, failed 0, new 2, updated 0"]
    assert sorted(b["title"] for b in brief.briefs().values()) == ["bad \ufffd title", "good"]


def test_entries_with_no_title_and_no_text_are_counted_when_skipped(brief: Brief, server: FeedServer) -> None:
    body = (
        "<rss version='2.0'><channel><title>t</title>"
        "<item><guid>1</guid><title>خبر</title><description>نص الخبر</description></item>"
        "<item><guid>2</guid><description>&lt;img src='x.png'&gt;</description></item>"
        "<item><guid>3</guid><title>  </title><description> </description></item>"
        "</channel></rss>"
    ).encode()
    url = server.set("/sparse.xml", Reply(body=body, content_type=RSS))
    done = brief("feeds", "add", url)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"subscribed to {url}",
        f"{url}: 2 entries with no title and no text; skipped",
        "fetched 1 feeds, failed 0, new 1, updated 0",
    ]


def test_an_entry_larger_than_a_brief_may_be_is_counted_when_skipped(brief: Brief, server: FeedServer) -> None:
    """One entry of 600,000 characters (under the 10 MB a feed may have), or of 6,000 paragraphs, is
    left out with a line saying so; the other entries are imported."""
    huge = "كلمة " * 120_000
    body = (
        "<rss version='2.0'><channel><title>t</title>"
        "<item><guid>1</guid><title>خبر</title><description>نص الخبر</description></item>"
        f"<item><guid>2</guid><title>طويل جدا</title><description>{huge}</description></item>"
        "</channel></rss>"
    ).encode()
    url = server.set("/long.xml", Reply(body=body, content_type=RSS))
    done = brief("feeds", "add", url)
    assert done.returncode == 0, done.stderr
    assert lines(done) == [
        f"subscribed to {url}",
        f"{url}: 1 entry too large for a brief (more than 500,000 characters or 5,000 paragraphs); skipped",
        "fetched 1 feeds, failed 0, new 1, updated 0",
    ]
    assert set(brief.briefs()) == {"خبر"}
    alone = body.replace(
        "<item><guid>1</guid><title>خبر</title><description>نص الخبر</description></item>".encode(), b""
    )
    only = server.set("/only-long.xml", Reply(body=alone, content_type=RSS))
    done = brief("feeds", "add", only)
    assert done.returncode == 2 and "every entry is too large for a brief (more than 500,000" in done.stderr, (
        done.stderr
    )
    many = "<p>x</p>" * 6_000  # short paragraphs, but more than a brief may have
    paragraphs = server.set("/many.xml", Reply(body=body.replace(huge.encode(), many.encode()), content_type=RSS))
    done = brief("feeds", "add", paragraphs)
    assert done.returncode == 0 and "1 entry too large for a brief" in done.stdout, done.stdout + done.stderr


def test_an_opml_outline_with_an_absurdly_long_url_is_skipped_and_named_short(brief: Brief, tmp_path: Path) -> None:
    long_url = "http://127.0.0.1:9/" + "a" * 100_000
    opml = tmp_path / "long.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="x" xmlUrl="{long_url}"/>'
        '<outline text="ok" xmlUrl="http://127.0.0.1:9/ok.xml"/></body></opml>',
        encoding="utf-8",
    )
    done = brief("opml", "import", str(opml))
    assert done.returncode == 1, done.stderr  # its one outline failed
    assert lines(done) == ["subscribed 1, already 0, failed 1"]
    assert len(done.stderr) < 300 and "skipped" in done.stderr
    assert [f["url"] for f in brief.feeds()] == ["http://127.0.0.1:9/ok.xml"]
    added = brief("feeds", "add", long_url)
    assert added.returncode == 2 and len(added.stderr) < 200, added.stderr
    assert added.stderr.endswith("…: not a valid URL (longer than 2,048 characters)\n"), added.stderr


def test_search_folders_in_an_opml_file_are_no_failure(brief: Brief, tmp_path: Path) -> None:
    """Liferea writes its saved searches as outlines (``type="vfolder" xmlUrl="vfolder"``): they are
    counted apart, and the import of the feeds beside them succeeds."""
    opml = tmp_path / "liferea.opml"
    opml.write_text(
        '<opml version="1.0"><body><outline title="أخبار" text="أخبار" type="rss" xmlUrl="http://127.0.0.1:9/a.xml"/>'
        '<outline text="غير مقروء" type="vfolder" htmlUrl="" xmlUrl="vfolder"><outline type="rule" text="r"/></outline>'
        '<outline text="مهم" type="vfolder" xmlUrl="vfolder"/></body></opml>',
        encoding="utf-8",
    )
    done = brief("opml", "import", str(opml))
    assert done.returncode == 0, done.stderr
    assert lines(done) == ["subscribed 1, already 0, failed 0"]
    assert done.stderr == f"note: {opml}: 2 search folders, not feeds; left out\n"
    assert [f["url"] for f in brief.feeds()] == ["http://127.0.0.1:9/a.xml"]


def test_a_fetch_of_304s_loads_no_feed_parser(brief: Brief, server: FeedServer) -> None:
    """What every feed answering 304 needs is the client and the store: the parser (lxml, the
    entries' HTML reader) and the exporters stay unimported, which is most of
    what makes such a fetch cheap (the import time of a command is most of its time)."""
    city, tech = serve_standard(server)
    assert brief.here("feeds", "add", city)[0] == 0
    assert brief.here("feeds", "add", tech)[0] == 0
    unwanted = ("lxml", "feedparser", "tui.feeds.entries", "tui.feeds.parse", "tui.exporting")
    code = (
        "import sys; from tui.cli import main; rc = main(['fetch'])\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {unwanted!r} or m in {unwanted!r}))\n"
        "sys.exit(rc)"
    )
    env = dict(os.environ, BRIEF_STORE=str(brief.store), BRIEF_CONFIG=str(brief.config), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["fetched 2 feeds, failed 0, new 0, updated 0", "[]"]
    assert server.not_modified[CITY_PATH] == 1


def test_a_bidi_control_in_a_refused_url_is_shown_as_its_code(brief: Brief) -> None:
    """Dropped, the URL would look valid beside "a bidi control character in it"."""
    done = brief("feeds", "add", "http://127.0.0.1:1/j.json\u202e")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "brief: http://127.0.0.1:1/j.json\\u202e: not a valid URL (a bidi control character, U+202E, in it)"
    )


def test_a_title_and_tags_typed_on_the_command_line_are_cleaned_as_an_opml_files_are(
    brief: Brief, server: FeedServer, tmp_path: Path
) -> None:
    """Spaces collapsed, controls and line breaks gone, empty tags dropped, a tag given twice kept
    once: what ``feeds list`` shows and what an OPML export reads back into another store."""
    city, _ = serve_standard(server)
    done = brief(
        "feeds", "add", city, "--title", " اسم\tآخر\n", "--tag", "", "--tag", "a\nb", "--tag", " x ", "--tag", "x"
    )
    assert done.returncode == 0, done.stderr
    (feed,) = brief.feeds()
    assert (feed["title"], feed["tags"]) == ("اسم آخر", ["a b", "x"])
    exported = tmp_path / "out.opml"
    assert brief("opml", "export", str(exported)).returncode == 0
    other = Brief(tmp_path / "other.db", brief.config)
    assert other.here("opml", "import", str(exported)) == (0, "subscribed 1, already 0, failed 0\n")
    (again,) = other.feeds()
    assert (again["title"], again["tags"]) == (feed["title"], feed["tags"])


def test_a_feeds_password_is_hidden_in_what_a_person_reads_and_kept_in_the_store(
    brief: Brief, server: FeedServer
) -> None:
    """``http://user:secret@host/feed``: the lines of ``feeds add``, ``feeds list``, ``fetch`` (which
    cron mails on) and the error of a failed add show ``***``; JSON and the OPML export keep the URL
    that fetches the feed."""
    city, _ = serve_standard(server)
    secret = city.replace("http://", "http://alice:s3cret@")
    shown = city.replace("http://", "http://alice:***@")
    done = brief("feeds", "add", secret)
    assert done.returncode == 0, done.stderr
    assert lines(done)[0] == f"subscribed to {shown}" and "s3cret" not in done.stdout + done.stderr
    listed = brief("feeds", "list")
    assert shown in listed.stdout and "s3cret" not in listed.stdout
    assert [f["url"] for f in brief.feeds()] == [secret]
    assert f'xmlUrl="{secret}"' in brief("opml", "export").stdout
    server.set(CITY_PATH, Reply(500, b"down", "text/plain"))
    fetched = brief("fetch")
    assert fetched.returncode == 1
    assert lines(fetched)[0] == f"failed: {shown}: HTTP 500"
    missing = brief("feeds", "add", secret.replace("/city/", "/nowhere/"))
    assert missing.returncode == 2 and "s3cret" not in missing.stderr and "alice:***@" in missing.stderr


def test_entries_without_dates_keep_the_feeds_order_and_their_date_when_updated(
    brief: Brief, server: FeedServer
) -> None:
    """Each undated entry takes the fetch time less a second for its place in the feed, so the list
    shows them in the feed's order, not by their ids; an undated entry whose text changes is
    updated in place and keeps its date, so it does not come back to the top."""

    def feed(edited: bool) -> bytes:
        items = "".join(
            f"<item><guid>n{n}</guid><title>Item {n}</title>"
            f"<description>Text {n}{' edited' if edited and n == 3 else ''}.</description></item>"
            for n in range(6)
        )
        return f"<rss version='2.0'><channel><title>Undated</title>{items}</channel></rss>".encode()

    url = server.set("/undated.xml", Reply(body=feed(False), content_type=RSS))
    assert brief("feeds", "add", url).returncode == 0
    listed = json.loads(brief("list", "--json").stdout)
    assert [b["title"] for b in listed] == [f"Item {n}" for n in range(6)]
    dates = {b["title"]: b["date"] for b in listed}
    time.sleep(1.1)  # the next fetch's time is another second
    server.set("/undated.xml", Reply(body=feed(True), content_type=RSS))
    assert brief.here("fetch") == (0, "fetched 1 feeds, failed 0, new 0, updated 1\n")
    again = json.loads(brief("list", "--json").stdout)
    assert [b["title"] for b in again] == [f"Item {n}" for n in range(6)]
    assert {b["title"]: b["date"] for b in again} == dates


def test_a_feed_subscribed_by_another_brief_during_the_add_is_left_as_that_one_made_it(
    brief: Brief, server: FeedServer
) -> None:
    """Two ``feeds add`` of one URL at once: the one that subscribes second says the feed is
    subscribed already and changes nothing (the first one's title stands), where both said
    ``subscribed`` and the second's title was lost without a word."""
    from tui.store.store import Store

    city, _ = serve_standard(server)
    answer = server.routes[CITY_PATH]
    assert isinstance(answer, Reply)

    def subscribed_meanwhile(request: Request) -> Reply:
        with Store.open(brief.store) as other:  # the other brief, done first
            other.add_feed(city, title="الأولى")
        return answer

    server.set(CITY_PATH, subscribed_meanwhile)
    done = brief("feeds", "add", city, "--title", "الثانية")
    assert done.returncode == 0, done.stderr
    assert lines(done) == [f"already subscribed to {city}; nothing changed"]
    assert [(f["url"], f["title"], f["items"]) for f in brief.feeds()] == [(city, "الأولى", 0)]
