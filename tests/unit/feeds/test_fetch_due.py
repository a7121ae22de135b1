"""Which feeds a fetch asks, and what it says of those it skips."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tui.importing.feeds import due
from tui.models import Feed

NOW = datetime(2026, 12, 4, 18, 40, 33, tzinfo=UTC)


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine's time zone as the test sets it (``TZ``), given back afterwards."""
    yield
    monkeypatch.undo()
    time.tzset()


def in_zone(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("TZ", name)
    time.tzset()


@pytest.mark.parametrize(
    ("retry_at", "said"),
    [
        ("2026-12-04T18:40:52+00:00", "18:41 UTC"),  # rounded up: "before 18:40" would be past already
        ("2026-12-04T18:41:00+00:00", "18:41 UTC"),  # a whole minute stays as it is
        ("2026-12-04T21:40:52+03:00", "18:41 UTC"),  # said in UTC
        ("2026-12-04T23:59:30+00:00", "2026-12-05 00:00 UTC"),  # rounded up past midnight: the date
        ("2026-12-06T09:00:00+00:00", "2026-12-06 09:00 UTC"),
    ],
)
def test_a_feed_asked_to_wait_is_skipped_until_the_minute_it_may_be_asked(
    retry_at: str, said: str, zone: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_zone(monkeypatch, "UTC")
    feed = Feed("http://127.0.0.1/f.xml", "http://127.0.0.1/f.xml", retry_at=retry_at)
    todo, (skipped,) = due([feed], NOW)
    assert todo == []
    assert skipped.skipped == f"the server asked to wait; not fetched before {said}"


def test_a_wait_that_has_passed_is_fetched_and_a_gone_feed_is_not() -> None:
    waited = Feed("http://127.0.0.1/a.xml", "http://127.0.0.1/a.xml", retry_at="2026-12-04T18:40:33+00:00")
    gone = Feed("http://127.0.0.1/b.xml", "http://127.0.0.1/b.xml", gone=True, error="HTTP 410 Gone")
    todo, (skipped,) = due([waited, gone], NOW)
    assert todo == [waited]
    assert skipped.feed == gone and skipped.skipped == "HTTP 410 Gone; add it again to fetch it"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        # POSIX zones, which need no time zone database: Riyadh's, whose name is its offset ("+03"), is
        # said as the offset written out
        ("<+03>-3", "21:41 +03:00"),
        ("CET-1", "19:41 CET"),
        ("EST5", "13:41 EST"),
        ("NZDT-13", "07:41 NZDT"),  # 5 December there, now as then: no date
    ],
)
def test_the_time_a_feed_may_be_asked_again_is_said_in_this_machines_time_zone(
    name: str, said: str, zone: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the reader shows times: a reader in Riyadh was told "not before 18:41 UTC"."""
    in_zone(monkeypatch, name)
    feed = Feed("http://127.0.0.1/f.xml", "http://127.0.0.1/f.xml", retry_at="2026-12-04T18:40:52+00:00")
    _, (skipped,) = due([feed], NOW)
    assert skipped.skipped == f"the server asked to wait; not fetched before {said}"
