"""Entry dates as brief stores them: the date a feed writes, read into ISO 8601.

A date is kept with the feed's UTC offset (``2022-09-23T00:00:00+03:00``); one without an offset
stays without; a date-only value stays ``YYYY-MM-DD``. A date before :data:`MIN_YEAR` (Hugo's
``0001-01-01``), after :data:`MAX_YEAR` or unreadable is None: the caller decides what an entry
without a date gets.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime, parsedate_tz

MIN_YEAR = 1900
"""Dates before this year are placeholders (``0001-01-01``), not dates."""

MAX_YEAR = 2200
"""Dates after this year are mistakes."""


_RFC822_YEAR = re.compile(r"^(?:\w+,\s*)?\d{1,2}\s+\w+\.?\s+(\d{4})\b")
"""The year of an RFC 822 date as written with four digits."""

_RFC822_COMMON = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})"
    r" (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UT|UTC|Z)"
)
"""The form nearly every RSS date takes (``Sun, 01 Nov 2026 00:15:00 +0300``), read by
:func:`_common_rfc822` six times faster than :func:`email.utils.parsedate_to_datetime`, which reads
the rest."""

_ZONE_NAMES = {
    "CET": "+0100", "CEST": "+0200", "MET": "+0100", "MEST": "+0200", "WET": "+0000", "WEST": "+0100",
    "EET": "+0200", "EEST": "+0300", "BST": "+0100", "MSK": "+0300", "TRT": "+0300", "GST": "+0400",
    "PKT": "+0500", "JST": "+0900", "KST": "+0900", "HKT": "+0800", "SGT": "+0800", "AEST": "+1000",
    "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300",
}  # fmt: skip
"""Zone names feeds write that RFC 822 does not know (it knows UT, GMT and the North American ones),
as offsets; names that mean two zones (AST: Arabia or Atlantic, IST: India, Israel or Ireland) are
not guessed."""
_NAMED_ZONE = re.compile(r" ([A-Z]{3,4})$")

_MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _plausible(year: int) -> bool:
    """True for a year a news entry can carry."""
    return MIN_YEAR <= year <= MAX_YEAR


def normalize_date(value: str) -> str | None:
    """``value`` (RFC 822, ISO 8601 or another format feeds use) as ISO 8601, None when impossible."""
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        pass
    else:
        return day.isoformat() if _plausible(day.year) else None
    named = _NAMED_ZONE.search(value)
    if named and named.group(1) in _ZONE_NAMES:
        value = value[: named.start()] + " " + _ZONE_NAMES[named.group(1)]
    common = _common_rfc822(value)
    if common is not None:
        return _iso(common)
    written_year = _RFC822_YEAR.match(value)
    if written_year and not _plausible(int(written_year.group(1))):
        return None  # parsedate_to_datetime reads "0001" as 2001
    readers = (parsedate_to_datetime, _from_iso) if value[0].isalpha() else (_from_iso, parsedate_to_datetime)
    for parse in readers:
        try:
            moment = parse(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        return _iso(moment)
    if _impossible(value):
        return None  # feedparser would roll the fields over into another date (30 February: 1 March)
    return _from_feedparser(value)


_ISO_FIELDS = re.compile(
    r"(-)?(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,]\d+)?)?"
    r"\s*(?:[Zz]|([+-])(\d{2}):?(\d{2}))?"
)
"""An ISO 8601 date, its fields read as written (without checking their ranges)."""


def _impossible(value: str) -> bool:
    """True when ``value`` is a date of a known form whose fields no calendar has: an ISO 8601 or
    RFC 822 date with a month, day, hour, minute, second or offset out of range, a negative year,
    or a bare number that is not a year (no feed date format is one)."""
    if value.isdigit() and len(value) != 4:  # a year alone is a W3C-DTF date ("2024")
        return True
    if parsedate_tz(value) is not None:
        return True  # RFC 822 in form, yet parsedate_to_datetime refused its fields
    match = _ISO_FIELDS.fullmatch(value)
    if match is None:
        return False
    minus, year, month, day, hour, minute, second, _sign, zone_hours, zone_minutes = match.groups()
    if minus or not 1 <= int(month) <= 12:
        return True
    if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year) or 1, int(month))[1]:
        return True
    limits = ((hour, 24), (minute, 59), (second, 60), (zone_hours, 14), (zone_minutes, 59))
    return any(field is not None and int(field) > most for field, most in limits)


def _common_rfc822(value: str) -> datetime | None:
    """The moment ``value`` gives when it has the common RFC 822 form, None when it has another form
    or is no date (the general readers decide then).

    The same result as :func:`email.utils.parsedate_to_datetime`: a named zone or ``+0000`` is UTC;
    ``-0000`` (no zone known) is left to it (it gives a date with no offset).
    """
    match = _RFC822_COMMON.fullmatch(value)
    if match is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    if sign == "-" and zone_hours == "00" and zone_minutes == "00":
        return None
    offset = 0 if sign is None else (int(zone_hours) * 60 + int(zone_minutes)) * (1 if sign == "+" else -1)
    try:
        return datetime(
            int(year),
            _MONTHS[month],
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(timedelta(minutes=offset)) if offset else UTC,
        )
    except ValueError:
        return None


def _from_iso(value: str) -> datetime:
    """ISO 8601 / RFC 3339, a lower-case ``t`` or ``z`` accepted."""
    return datetime.fromisoformat(value.replace("t", "T").replace("z", "Z"))


def _iso(moment: datetime) -> str | None:
    """``moment`` in ISO 8601 (offset kept when there is one), None for an implausible year."""
    if not _plausible(moment.year):
        return None
    return moment.isoformat()


def _from_feedparser(value: str) -> str | None:
    """Last resort: feedparser's date readers (many historic formats); the result is in UTC."""
    from feedparser.datetimes import _parse_date

    try:
        parsed = _parse_date(value)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in parsed[:6])
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    return _iso(moment)
