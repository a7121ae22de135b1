"""Small Arabic feeds, pages and an OPML file for the end-to-end feed tests (imported as ``feed_fixtures``),
and :class:`Brief`, which runs ``brief`` on a store of their own.

Every title and link here was written for the tests, so the expectations in them are known by hand:
the city feed (RSS) has three entries whose read-also lines link to each other, one by URL and one
by title; the tech feed (Atom) has two.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from feed_server import ATOM, HTML, RSS, FeedServer, Reply, atom, rss

ROOT = Path(__file__).resolve().parents[1]

CITY_TITLE = "أخبار المدينة"
TECH_TITLE = "أخبار التقنية"

RAIN = "أمطار غزيرة على المدينة"
BRIDGE = "افتتاح الجسر الجديد"
MARKET = "سوق الكتب في الساحة"
SATELLITE = "إطلاق قمر صناعي جديد"
CONFERENCE = "مؤتمر البرمجيات العربي 2026"

CITY_PATH = "/city/rss.xml"
TECH_PATH = "/tech/atom.xml"


def city_items(
    base: str,
    *,
    rain_body: str = "هطلت أمطار غزيرة على المدينة صباح اليوم.",
    bridge_body: str = "افتُتح الجسر الجديد فوق النهر بحضور سكان الحي.",
) -> list[dict[str, str]]:
    """The city feed's entries; ``rain_body`` and ``bridge_body`` change the first two entries' text."""
    return [
        {
            "guid": "city-rain",
            "title": RAIN,
            "link": f"{base}/city/rain",
            "date": "Tue, 01 Dec 2026 08:00:00 +0300",
            # The link's text is the market entry's title but its URL is the bridge's: URL first.
            "html": f'<p>{rain_body}</p><p>اقرأ أيضاً: <a href="{base}/city/bridge">{MARKET}</a></p>',
        },
        {
            "guid": "city-bridge",
            "title": BRIDGE,
            "link": f"{base}/city/bridge",
            "date": "Mon, 30 Nov 2026 10:00:00 +0300",
            "html": f"<p>{bridge_body}</p>",
        },
        {
            "guid": "city-market",
            "title": MARKET,
            "link": f"{base}/city/market",
            "date": "Sun, 29 Nov 2026 12:00:00 +0300",
            # A URL that is no brief's: the link falls back to the title.
            "html": f'<p>يعود سوق الكتب إلى الساحة كل جمعة.</p><p>اقرأ أيضاً: <a href="{base}/elsewhere">{RAIN}</a></p>',
        },
    ]


def city_feed(base: str, **changes: str) -> bytes:
    """The city feed as RSS 2.0."""
    return rss(CITY_TITLE, city_items(base, **changes), link=f"{base}/site/")


def tech_feed() -> bytes:
    """The tech feed as Atom."""
    return atom(
        TECH_TITLE,
        [
            {
                "id": "urn:tech:satellite",
                "title": SATELLITE,
                "link": "http://127.0.0.1/tech/satellite",
                "updated": "2026-12-01T07:00:00Z",
                "html": "<p>أُطلق قمر صناعي جديد لرصد الطقس.</p>",
            },
            {
                "id": "urn:tech:conference",
                "title": CONFERENCE,
                "link": "http://127.0.0.1/tech/conference",
                "updated": "2026-11-28T07:00:00Z",
                "html": "<p>يجتمع مطورو البرمجيات في المؤتمر السنوي.</p>",
            },
        ],
    )


def page_naming(feed_path: str) -> bytes:
    """A web page whose head names a feed."""
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>المدينة</title>'
        f'<link rel="alternate" type="application/rss+xml" title="{CITY_TITLE}" href="{feed_path}">'
        "</head><body><p>الصفحة الرئيسية</p></body></html>"
    ).encode()


PLAIN_PAGE = (
    '<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>صفحة</title></head>'
    "<body><p>لا خلاصة هنا</p></body></html>"
).encode()


def serve_standard(server: FeedServer) -> tuple[str, str]:
    """Serve the city feed (with an ETag) and the tech feed; returns their URLs."""
    city = server.set(CITY_PATH, Reply(body=city_feed(server.base), content_type=RSS, etag='"city-1"'))
    tech = server.set(TECH_PATH, Reply(body=tech_feed(), content_type=ATOM, etag='"tech-1"'))
    server.set("/site/", Reply(body=page_naming(CITY_PATH), content_type=HTML))
    server.set("/plain/", Reply(body=PLAIN_PAGE, content_type=HTML))
    return city, tech


@dataclass
class Brief:
    """Runs ``brief`` on one store and config in a temporary folder."""

    store: Path
    config: Path

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, BRIEF_STORE=str(self.store), BRIEF_CONFIG=str(self.config), PYTHONPATH=str(ROOT))
        return subprocess.run(
            [sys.executable, "-m", "tui", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )

    def here(self, *args: str) -> tuple[int, str]:
        """Run ``brief`` in this process (the same code, without starting Python): (exit code, stdout).

        For reading the store back after the command under test, which runs in a subprocess.
        """
        from tui.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["--store", str(self.store), *args])
        return code, out.getvalue()

    def json(self, *args: str) -> object:
        code, out = self.here(*args, "--json")
        assert code == 0
        return json.loads(out)

    def feeds(self) -> list[dict[str, object]]:
        return self.json("feeds", "list")  # type: ignore[return-value]

    def briefs(self) -> dict[str, dict[str, object]]:
        """``brief list --json`` by title."""
        return {b["title"]: b for b in self.json("list")}  # type: ignore[union-attr,index]

    def imported_at(self) -> dict[str, str]:
        """Each brief's ``imported_at`` and content hash: a brief written again gets a new time, or a
        new hash when it changed (the time alone has one-second steps, too coarse within a test)."""
        with sqlite3.connect(self.store) as conn:
            return dict(conn.execute("SELECT id, imported_at || ' ' || content_hash FROM briefs"))
