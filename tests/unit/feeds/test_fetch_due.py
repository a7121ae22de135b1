"""Which feeds a fetch asks, and what it says of those it skips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui.importing.feeds import due
from tui.models import Feed

NOW = datetime(2026, 12, 4, 18, 40, 33, tzinfo=UTC)


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
def test_a_feed_asked_to_wait_is_skipped_until_the_minute_it_may_be_asked(retry_at: str, said: str) -> None:
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
