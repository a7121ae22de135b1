"""Entry dates as brief stores them: the date a feed writes, read into ISO 8601.

A date is kept with the feed's UTC offset (``2022-09-23T00:00:00+03:00``); one without an offset
stays without (the reader's zone, as for a brief file); a date-only value stays ``YYYY-MM-DD``. A
zone name that means two zones (``AST``: Arabia or Atlantic) is not guessed: the time stays
without an offset. Every field comes from the value: a date that cannot be read whole (``2024
March 5``) is no date, never one completed from today's. A date before :data:`MIN_YEAR` (Hugo's
``0001-01-01``), after :data:`MAX_YEAR` or unreadable is None: the caller decides what an entry
without a date gets. A comment in parentheses after the date (``2024-03-05T10:00:00+03:00 (Riyadh)``,
``Tue, 05 Mar 2024 10:00:00 +0300 (AST)``), which RFC 5322 allows, is no part of it and is left out;
nothing else around a date is.
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
as offsets; names that mean two zones (:data:`_AMBIGUOUS_ZONES`) are not guessed."""
_RFC822_ZONES = {
    "UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000", "EST": "-0500", "EDT": "-0400",
    "CST": "-0600", "CDT": "-0500", "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}  # fmt: skip
"""The zone names RFC 822 knows, as offsets, for the dates written year first that carry one."""
_AMBIGUOUS_ZONES = frozenset({"AST", "ADT", "IST"})
"""Names that mean two zones or more (AST and ADT: Arabia or Atlantic; IST: India, Israel or
Ireland), left out so that the time stays without an offset, as the standard library keeps a time
whose zone it does not know: :func:`email.utils.parsedate_to_datetime` would read AST and ADT as
Atlantic (``-0400``, ``-0300``), names RFC 822 does not define."""
_NAMED_ZONE = re.compile(r" ([A-Z]{3,4})$")
_TRAILING_COMMENT = re.compile(r"\([^()]*\)$")
"""One comment in parentheses at the end of a date (RFC 5322 allows comments in its dates): a zone's
name or a place written after the date, never read as its zone. Searched for without the spaces
before it, which a pattern would try again from every space of a long run."""

_YEAR_FIRST = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(?:([+-]\d{2}(?::?\d{2})?)|([A-Z]{1,4}|z))?"
)
"""A date written year first with ``-``, ``/`` or ``.`` between its numbers (``2024/03/05``), a
time (``10:00``; seconds and their fraction optional) and a zone (an offset or a name) optional:
forms :meth:`datetime.fromisoformat` refuses and feedparser reads only the beginning of."""
_UNREAD_YEAR_FIRST = re.compile(r"-|\d{4}(?!(?:-\d{2})?$)")
"""A value that begins with its year (or with ``-``, an ISO 8601 date without one) and is neither a
year alone nor a year and a month (W3C-DTF's short dates, which feedparser reads whole)."""

_MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _plausible(year: int) -> bool:
    """True for a year a news entry can carry."""
    return MIN_YEAR <= year <= MAX_YEAR


def normalize_date(value: str) -> str | None:
    """``value`` (RFC 822, ISO 8601 or another format feeds use) as ISO 8601, None when impossible.

    A value that begins with its year is read here whole or not at all: feedparser's ISO 8601
    reader, the last resort, reads the longest beginning it knows and fills the rest in (the month
    from today's date after ``2024/``, midnight UTC after ``2023-12-31``).
    """
    value = value.strip()
    comment = _TRAILING_COMMENT.search(value)
    if comment is not None:
        value = value[: comment.start()].rstrip()
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
    elif named and named.group(1) in _AMBIGUOUS_ZONES:
        value = value[: named.start()]
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
    year_first = _YEAR_FIRST.fullmatch(value)
    if year_first is not None:
        return _year_first(year_first)
    if _impossible(value):
        return None  # feedparser would roll the fields over into another date (30 February: 1 March)
    if _UNREAD_YEAR_FIRST.match(value):
        return None
    return _from_feedparser(value)


def _year_first(match: re.Match[str]) -> str | None:
    """The date :data:`_YEAR_FIRST` matched, as ISO 8601: the date alone when no time is written
    (a zone then says nothing), the time with the offset written or named, without one when none is
    written or the name means two zones. None when a field is out of range or the zone is a name
    not known (``PM`` is no zone). As :func:`_impossible` allows, 24:00 and a leap second roll over
    into the next day and minute."""
    year, _separator, month, day, hour, minute, second, fraction, offset, name = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day))
    except ValueError:
        return None
    if hour is None:
        return moment.date().isoformat() if _plausible(moment.year) else None
    if name is not None and name not in _AMBIGUOUS_ZONES:
        offset = _RFC822_ZONES.get(name.upper()) or _ZONE_NAMES.get(name)
        if offset is None:
            return None
    hours, minutes, seconds = int(hour), int(minute), int(second or 0)
    if hours > 24 or minutes > 59 or seconds > 60:
        return None
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    moment += timedelta(hours=hours, minutes=minutes, seconds=seconds, microseconds=micro)
    if offset is not None:
        digits = offset.replace(":", "")
        zone_hours, zone_minutes = int(digits[1:3]), int(digits[3:] or 0)
        if zone_hours > 14 or zone_minutes > 59:
            return None
        shift = timedelta(hours=zone_hours, minutes=zone_minutes)
        moment = moment.replace(tzinfo=timezone(-shift if digits[0] == "-" else shift))
    return _iso(moment)


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
