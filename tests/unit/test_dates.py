"""Dates as a person reads them: the time of day for today, the date otherwise (a fixed "now")."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from tui.text.dates import day_start, human_date, local_day, sortable_date

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


@pytest.mark.parametrize(
    ("written", "sorts_as"),
    [
        ("2024-05-01T09:00:00+03:00", "2024-05-01T06:00:00+00:00"),  # the moment in UTC
        ("2024-05-01T23:30:00-05:00", "2024-05-02T04:30:00+00:00"),  # the next day in UTC
        ("2024-05-01T07:00:00Z", "2024-05-01T07:00:00+00:00"),
        ("2024-05-01T07:00:00+00:00", "2024-05-01T07:00:00+00:00"),  # as written
        ("2024-05-01T07:00:00.250+05:30", "2024-05-01T01:30:00.250000+00:00"),
        ("2024-05-01 08:00", "2024-05-01T05:00:00+00:00"),  # no zone: this machine's (UTC+03:00 here)
        ("2024-05-01T08:00:00", "2024-05-01T05:00:00+00:00"),
        ("2024-05-01", "2024-05-01"),  # a day: itself
        ("not a date", "not a date"),
        (None, None),
    ],
)
def test_sortable_date(written, sorts_as, monkeypatch):
    monkeypatch.setenv("TZ", "AST-3")  # POSIX zones count west: UTC+03:00
    time.tzset()
    try:
        assert sortable_date(written) == sorts_as
    finally:
        monkeypatch.undo()
        time.tzset()


def test_sortable_dates_sort_in_time_order():
    """Sorted as text, the sortable forms are in time order (a day before its times)."""
    written = ["2024-05-01T09:00:00+03:00", "2024-05-01", "2024-05-01T05:00:00-04:00", "2024-04-30T23:00:00-02:00"]
    moments = ["2024-05-01T06:00Z", "2024-05-01 (the day)", "2024-05-01T09:00Z", "2024-05-01T01:00Z"]
    by_text = sorted(range(4), key=lambda i: sortable_date(written[i]) or "")
    assert [moments[i] for i in by_text] == [
        "2024-05-01 (the day)",
        "2024-05-01T01:00Z",
        "2024-05-01T06:00Z",
        "2024-05-01T09:00Z",
    ]


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("UTC0", "2024-05-01"),  # midnight UTC: the day itself
        ("AST-3", "2024-04-30T21:00:00+00:00"),  # UTC+03:00 (POSIX zones count west)
        ("EST5", "2024-05-01T05:00:00+00:00"),  # UTC-05:00
        ("IST-5:30", "2024-04-30T18:30:00+00:00"),
    ],
)
def test_day_start_is_the_readers_midnight(zone, start, monkeypatch):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert day_start("2024-05-01") == start
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("zone", "stored", "day"),
    [
        ("UTC0", "2015-11-08T00:00:00+01:00", "2015-11-07"),  # midnight in Paris is 23:00 UTC the day before
        ("AST-3", "2015-11-08T00:00:00+01:00", "2015-11-08"),  # 02:00 in UTC+03:00
        ("EST5", "2015-11-08T03:59:00Z", "2015-11-07"),
        ("UTC0", "2015-11-08T09:15:00", "2015-11-08"),  # no zone: taken as the reader's
        ("AST-3", "2015-11-08", "2015-11-08"),  # a date without a time stays a date
        ("UTC0", "someday soon", "someday so"),
        ("UTC0", None, ""),
    ],
)
def test_local_day_is_the_day_the_reader_shows(zone, stored, day, monkeypatch):
    """``brief list`` prints the day the reader's list shows for the same brief: the day of its
    moment in this machine's time zone, the same as :func:`human_date` gives for any day not
    today."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert local_day(stored) == day
        if stored and stored[:4].isdigit():
            assert human_date(stored, datetime(2030, 1, 1).astimezone()) == day
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("zone", "stored", "shown"),
    [
        ("UTC0", "9999-12-31T23:59:59-23:59", "9999-12-31"),  # past the calendar's end in UTC: as written
        ("UTC0", "0001-01-01T00:00:00+14:00", "0001-01-01"),  # before its start in UTC
        ("AST-3", "9999-12-31T23:00:00Z", "9999-12-31"),
        ("AST-3", "9999-12-30T12:00:00Z", "9999-12-30"),  # in range: the reader's day
    ],
)
def test_a_moment_at_the_calendars_edge_shows_as_written(zone, stored, shown, monkeypatch):
    """A moment that the reader's time zone would put outside the calendar is shown on its day as
    written: the list and the reader open (it raised OverflowError at every start)."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        now = datetime(2024, 3, 23, 12, 0).astimezone()
        assert human_date(stored, now) == shown
        assert local_day(stored) == shown
        assert day_start("0001-01-01") >= "0001-01-01"
    finally:
        monkeypatch.undo()
        time.tzset()
