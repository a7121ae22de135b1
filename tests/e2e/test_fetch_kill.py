"""``brief fetch`` killed with SIGKILL after committing some briefs: the store stays sound, and the next
fetch finishes the job, read-also links included (a fetch resolves links once, at its end).

A slow feed keeps the fetch open after the city feed's briefs are committed (the fetch commits what
it has after :data:`tui.importing.feeds.COMMIT_SECONDS`), so the kill lands between that commit and
the end. The expected link targets are the ones ``test_feeds_cli`` checks by hand for the same feed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_fixtures import BRIDGE, CITY_PATH, MARKET, RAIN, serve_standard, tech_feed
from feed_server import ATOM, FeedServer, Reply, feed_server
from store_helpers import count_briefs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def _env(store: Path, tmp: Path) -> dict[str, str]:
    return dict(os.environ, BRIEF_STORE=str(store), BRIEF_CONFIG=str(tmp / "none.toml"), PYTHONPATH=str(ROOT))


def _brief(store: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "tui", *args]
    return subprocess.run(
        argv, env=_env(store, tmp), capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL
    )


def _start_fetch(store: Path, tmp: Path, *, capture: bool) -> subprocess.Popen[str]:
    """``brief fetch`` started in the background, its output read by the test (``capture``) or dropped."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "fetch"],
        env=_env(store, tmp),
        stdout=out,
        stderr=out,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _targets(store: Path) -> dict[str, str | None]:
    """Each read-also link of the store by its text: the title of the brief it points at, or None."""
    with sqlite3.connect(store) as conn:
        rows = conn.execute(
            "SELECT l.text, t.title FROM links l LEFT JOIN briefs t ON t.id = l.target ORDER BY l.text"
        ).fetchall()
    return dict(rows)


def test_kill_9_mid_fetch_then_the_next_fetch_completes(server: FeedServer, tmp_path: Path) -> None:
    city, _ = serve_standard(server)
    slow = server.set("/slow/atom.xml", Reply(body=tech_feed(), content_type=ATOM, delay=25))
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline type="rss" text="city" xmlUrl="{city}"/><outline type="rss" text="slow" xmlUrl="{slow}"/>'
        "</body></opml>"
    )
    store = tmp_path / "store.db"
    assert _brief(store, tmp_path, "opml", "import", str(opml)).returncode == 0

    fetch = _start_fetch(store, tmp_path, capture=False)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and fetch.poll() is None and count_briefs(store) < 3:
        time.sleep(0.05)
    assert fetch.poll() is None, "the fetch ended before it could be killed"
    assert count_briefs(store) == 3  # the city feed's briefs are committed, the slow feed still awaited
    fetch.send_signal(signal.SIGKILL)
    fetch.wait(timeout=30)

    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = "SELECT count(*) FROM briefs b WHERE NOT EXISTS (SELECT 1 FROM bodies p WHERE p.brief_id = b.id)"
        assert conn.execute(orphans).fetchone()[0] == 0
        # Nothing of the fetch's outcome was recorded: the next fetch asks for everything again.
        assert conn.execute("SELECT count(*) FROM feeds WHERE last_fetch IS NOT NULL").fetchone()[0] == 0
    assert set(_targets(store).values()) == {None}  # killed before the links were resolved

    server.set("/slow/atom.xml", Reply(body=tech_feed(), content_type=ATOM))
    again = _brief(store, tmp_path, "fetch", "--json")
    assert again.returncode == 0, again.stderr
    outcome = json.loads(again.stdout or "{}")
    assert (outcome["fetched"], outcome["failed"], outcome["updated"]) == (2, 0, 0)
    assert outcome["new"] == count_briefs(store) - 3  # the city's three were kept, not written again
    # The same targets as a fetch that was never interrupted (test_feeds_cli checks them by hand).
    targets = _targets(store)
    assert targets[MARKET] == BRIDGE  # the rain entry's line: its URL is the bridge's page
    assert targets[RAIN] == RAIN  # the market entry's line: no brief has its URL, its title finds the rain entry


def _interrupted_fetch(store: Path, tmp_path: Path, server: FeedServer, count: int, signum: int = signal.SIGINT) -> str:
    """Run ``brief fetch``, Ctrl+C it (or send it ``signum``) once ``count`` briefs are stored and the
    gone feed has answered; its stderr."""
    fetch = _start_fetch(store, tmp_path, capture=True)
    hits = server.hits[CITY_PATH]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and fetch.poll() is None:
        if count_briefs(store) >= count and server.hits["/gone.xml"] and server.hits[CITY_PATH] > hits:
            time.sleep(1.5)  # the city feed parsed and written (or found unchanged)
            break
        time.sleep(0.05)
    assert fetch.poll() is None, "the fetch ended before it could be interrupted"
    fetch.send_signal(signum)
    out, err = fetch.communicate(timeout=30)
    assert fetch.returncode == (130 if signum == signal.SIGINT else 128 + signum), err
    assert "Traceback" not in err and out == ""
    return err.strip()


def _city_slow_and_gone(server: FeedServer, tmp_path: Path) -> tuple[str, str, str, Path]:
    """A store subscribed to the city feed, a feed that answers after 25 s and a gone one (410):
    their URLs and the store."""
    city, _ = serve_standard(server)
    slow = server.set("/slow/atom.xml", Reply(body=tech_feed(), content_type=ATOM, delay=25))
    gone = server.set("/gone.xml", Reply(410, b"gone", "text/plain"))
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline type="rss" text="city" xmlUrl="{city}"/><outline type="rss" text="slow" xmlUrl="{slow}"/>'
        f'<outline type="rss" text="gone" xmlUrl="{gone}"/>'
        "</body></opml>"
    )
    store = tmp_path / "store.db"
    assert _brief(store, tmp_path, "opml", "import", str(opml)).returncode == 0
    return city, slow, gone, store


def test_ctrl_c_mid_fetch_keeps_what_was_committed_and_records_the_feeds_that_answered(
    server: FeedServer, tmp_path: Path
) -> None:
    """Ctrl+C once the city feed's briefs are committed and a gone feed has answered 410, while a
    slow feed is still awaited: the line says what was kept, the 410 is recorded, the city feed is
    recorded with no ETag (its links are not resolved yet). A second fetch stopped the same way finds
    the city's briefs unchanged and still records no ETag, so the third downloads it again, resolves
    its links and does not fetch the gone feed."""
    city, slow, gone, store = _city_slow_and_gone(server, tmp_path)

    err = _interrupted_fetch(store, tmp_path, server, 3)
    assert err == "brief: interrupted; 3 new and 0 updated briefs committed, 2 feeds recorded"

    def rows() -> dict[str, tuple[object, ...]]:
        with sqlite3.connect(store) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return {
                url: (status, etag, gone_flag)
                for url, status, etag, gone_flag in conn.execute("SELECT url, last_status, etag, gone FROM feeds")
            }

    assert rows()[city] == ("interrupted", None, 0)  # answered, its ETag not kept
    listed = _brief(store, tmp_path, "feeds", "list").stdout  # it said "fetched <time>", 0/0 or not
    (line,) = [line for line in listed.splitlines() if "interrupted" in line]
    assert line.endswith("; the next fetch gets it whole") and "fetch interrupted 20" in line
    assert rows()[gone] == ("410", None, 1)
    assert rows()[slow] == (None, None, 0)  # never answered
    assert count_briefs(store) == 3 and set(_targets(store).values()) == {None}

    # Again: the city's briefs are found unchanged, their links still unresolved: no ETag kept either.
    err = _interrupted_fetch(store, tmp_path, server, 3)
    assert err == "brief: interrupted; 0 new and 0 updated briefs committed, 1 feed recorded"
    assert rows()[city] == ("interrupted", None, 0) and server.not_modified[CITY_PATH] == 0
    assert server.hits["/gone.xml"] == 1  # skipped: recorded gone

    server.set("/slow/atom.xml", Reply(body=tech_feed(), content_type=ATOM))
    hits = server.hits[CITY_PATH]
    again = _brief(store, tmp_path, "fetch", "--json")
    assert again.returncode == 0, again.stderr
    outcome = json.loads(again.stdout or "{}")
    assert (outcome["fetched"], outcome["failed"], outcome["updated"]) == (2, 0, 0)  # the gone feed skipped
    assert outcome["new"] == count_briefs(store) - 3
    assert server.hits[CITY_PATH] == hits + 1 and server.not_modified[CITY_PATH] == 0  # downloaded again
    assert server.hits["/gone.xml"] == 1
    targets = _targets(store)
    assert targets[MARKET] == BRIDGE and targets[RAIN] == RAIN
    assert rows()[city] == ("200", '"city-1"', 0)  # a fetch that ends keeps it


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_mid_fetch_ends_it_as_ctrl_c_does(server: FeedServer, tmp_path: Path, signum: int) -> None:
    """systemd's stop (SIGTERM), a cron session or terminal that ends (SIGHUP): the fetch keeps and
    records what Ctrl+C keeps and says so (it ended silent), with 128 + the signal's number."""
    city, slow, gone, store = _city_slow_and_gone(server, tmp_path)
    err = _interrupted_fetch(store, tmp_path, server, 3, signum)
    name = signal.Signals(signum).name
    assert err == f"brief: interrupted; 3 new and 0 updated briefs committed, 2 feeds recorded ({name})"
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT gone FROM feeds WHERE url = ?", (gone,)).fetchone()[0] == 1
    assert count_briefs(store) == 3
