"""Dates as a person reads them: the time of day for today, the date otherwise (a fixed "now")."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tui.text.dates import human_date

BEIRUT = timezone(timedelta(hours=2))
NOW = datetime(2024, 3, 23, 16, 30, tzinfo=BEIRUT)
"""A fixed "now": 23 March 2024, 16:30 in UTC+2."""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2024-03-23T14:05:00+02:00", "14:05"),  # today, same zone: the time
        ("2024-03-23T12:05:00Z", "14:05"),  # today in UTC: the reader's own time
        ("2024-03-23T23:30:00+02:00", "23:30"),  # later today (a feed's clock ahead)
        ("2024-03-22T23:30:00Z", "01:30"),  # 01:30 here, so today ...
        ("2024-03-22T21:59:00Z", "2024-03-22"),  # ... and 23:59 yesterday here
        ("2024-03-22T14:05:00+02:00", "2024-03-22"),  # yesterday: the date
        ("2023-03-23T14:05:00+02:00", "2023-03-23"),  # a year ago today: the date
        ("2024-03-23T09:15:00", "09:15"),  # no zone: taken as the reader's
        ("2024-03-23", "2024-03-23"),  # a date without a time stays a date
        ("2024-01-05", "2024-01-05"),
        ("", ""),
        (None, ""),
        ("someday soon", "someday so"),  # no date: cut as the list always did
    ],
)
def test_human_date(stored, shown):
    assert human_date(stored, NOW) == shown


def test_today_follows_the_clock():
    stored = "2024-03-23T14:05:00+02:00"
    assert human_date(stored, NOW + timedelta(days=1)) == "2024-03-23"
    assert human_date(stored, NOW.replace(hour=0, minute=1)) == "14:05"
