"""Dates as a person reads them: the time of day for a brief of today, the date otherwise.

A brief's date is stored as written (``YYYY-MM-DD``, or ISO 8601 with a time and often a zone);
the list and the reader show it short and in the reader's own time zone. The form is
locale-neutral: ``14:05`` (24-hour clock) for a moment of today, ``2024-03-23`` for any other
day and for a date without a time. JSON and ``brief list`` keep the stored ISO text.
"""

from __future__ import annotations

from datetime import date, datetime

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
        moment = moment.astimezone(now.tzinfo)
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.date().isoformat()
