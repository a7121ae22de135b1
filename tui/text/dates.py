"""Dates as a person reads them: the time of day for a brief of today, the date otherwise.

A brief's date is written ``YYYY-MM-DD``, or ISO 8601 with a time and often a zone; the store
sorts it by :func:`sortable_date` (the moment in UTC) and keeps it as written, and the list and the
reader show it short and in the reader's own time zone. The form is
locale-neutral: ``14:05`` (24-hour clock) for a moment of today, ``2024-03-23`` for any other
day and for a date without a time (:func:`local_day` for the day alone, as ``brief list`` prints
it). JSON keeps the stored ISO text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

DATE_CHARS = 10
"""The widest result (``YYYY-MM-DD``), for columns."""


def human_date(value: str | None, now: datetime) -> str:
    """``value`` (a stored date) as a person reads it, seen at ``now``.

    A moment with a time that falls on ``now``'s day (in ``now``'s time zone, when both carry
    one) gives ``HH:MM``; any other moment gives its date in that zone; a date without a time
    gives itself. A value that is no ISO date is cut to :data:`DATE_CHARS` characters as stored;
    ``None`` and ``""`` give ``""``.
    """
    if not value:
        return ""
    text = value.strip()
    if len(text) == DATE_CHARS:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return text[:DATE_CHARS]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:DATE_CHARS]
    if moment.tzinfo is not None and now.tzinfo is not None:
        try:
            moment = moment.astimezone(now.tzinfo)
        except (OverflowError, OSError):  # beyond the calendar there (9999-12-31T23:59-23:59): as written
            return moment.date().isoformat()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.date().isoformat()


def local_day(value: str | None) -> str:
    """The day of ``value`` (a stored date) as the reader's list shows it: the day, in this
    machine's time zone, of a moment with a zone (``2015-11-08T00:00:00+01:00`` is 2015-11-07 in
    UTC); the date itself otherwise. A value that is no ISO date is cut to :data:`DATE_CHARS`
    characters; ``None`` and ``""`` give ``""``."""
    if not value:
        return ""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text[:DATE_CHARS]
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone()
        except (OverflowError, OSError):  # a moment at the edge of the calendar: its own day
            pass
    return moment.date().isoformat()


def sortable_date(value: str | None) -> str | None:
    """The form of a stored date that sorts as text in time order: ``value`` itself for a day
    (``YYYY-MM-DD``); a time as the same moment in UTC (``+00:00``), so that
    ``2024-05-01T09:00:00+03:00`` sorts before ``2024-05-01T07:00:00Z``. A time without a zone is
    taken in this machine's time zone, as :func:`human_date` shows it in the reader's. A value that
    is no ISO date is returned as it is; ``None`` gives ``None``.
    """
    if value is None or len(value) == DATE_CHARS:
        return value
    try:
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    except (ValueError, OverflowError, OSError):
        return value


def day_start(day: str) -> str:
    """Where the day ``day`` (``YYYY-MM-DD``) begins in the reader's time zone, as a
    :func:`sortable_date` compares it: the day itself when that is midnight UTC, else the moment in
    UTC (``2024-05-01`` at UTC+03:00 begins at ``2024-04-30T21:00:00+00:00``). A day whose start
    falls outside the calendar there (0001-01-01 east of UTC) gives the day itself: no date sorts
    before it."""
    try:
        moment = datetime.combine(date.fromisoformat(day), datetime.min.time()).astimezone().astimezone(UTC)
    except (OverflowError, OSError, ValueError):
        return day
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.isoformat()


_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def day_first(value: str) -> date | None:
    """The day ``value`` writes day first, as Arabic and European sources do (``23/03/2024``, with
    ``/``, ``.`` or ``-``; month first only when the second number cannot be a month:
    ``12/25/2024``); None when ``value`` has another form. ValueError when it has this form and
    names no day (``31/02/2024``)."""
    match = _DAY_FIRST.fullmatch(value)
    if match is None:
        return None
    number, month, year = (int(g) for g in match.groups())
    if month > 12 >= number:
        number, month = month, number
    return date(year, month, number)
