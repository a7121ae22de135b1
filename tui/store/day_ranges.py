"""Ranges of days for the reader's list, as the first and last day a
:class:`~tui.store.list_view.ListView` filters on: one a person types (a day, a month, a year, or
two ends, in Western or Arabic-Indic digits), and the last few days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from tui.text.dates import day_first

_DIGITS = str.maketrans({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})
_RANGE_SEPARATORS = ("..", "\u2026", "\u2013", "\u2014", " ")
_WORD_SEPARATORS = (" to ", " - ")  # read as "..": a spaced hyphen, or "to", at either end too


def _bounds(part: str) -> tuple[date, date]:
    """The first and last day of ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or of a day written day first
    as article files may write it (``23/03/2024``, with ``/``, ``.`` or ``-``; month first only when
    the second number cannot be a month: ``12/25/2024``); ValueError naming the part."""
    try:
        one = day_first(part)
    except ValueError:  # the form of a day, naming none: said below
        one = None
    if one is not None:
        return one, one
    pieces = part.split("-")
    try:
        if len(pieces) == 1 and len(pieces[0]) == 4:
            year = int(pieces[0])
            return date(year, 1, 1), date(year, 12, 31)
        if len(pieces) == 2 and len(pieces[0]) == 4:
            first = date(int(pieces[0]), int(pieces[1]), 1)
            last = calendar.monthrange(first.year, first.month)[1]
            return first, first.replace(day=last)
        if len(pieces) == 3 and len(pieces[0]) == 4:
            day = date.fromisoformat(f"{pieces[0]}-{int(pieces[1]):02d}-{int(pieces[2]):02d}")
            return day, day
    except ValueError:
        pass
    raise ValueError(f"not a date: {part!r}; write YYYY-MM-DD, DD/MM/YYYY, YYYY-MM or YYYY")


def parse_days(text: str) -> tuple[str | None, str | None]:
    """A typed range of days as (first, last) ``YYYY-MM-DD`` (either None for an open end).

    ``2024-03-01..2024-03-07`` (``…``, ``to``, a dash, a spaced hyphen or a space between them too), one day
    ``2024-03-01``, a month ``2024-03``, a year ``2024``, ``2024-03-01..`` (from that day on),
    ``..2024-03-07`` (up to that day). Arabic-Indic digits are read too. Raises ValueError with a
    message for the person who typed it.
    """
    text = " ".join(text.translate(_DIGITS).split())
    spaced = f" {text} "
    for word in _WORD_SEPARATORS:
        spaced = spaced.replace(word, "..")
    text = spaced.strip()
    if not text:
        raise ValueError("type a day, a month, a year or a range such as 2024-03-01..2024-03-07")
    for separator in _RANGE_SEPARATORS:
        if separator in text:
            start, _, end = (p.strip() for p in text.partition(separator))
            break
    else:
        first, last = _bounds(text)
        return first.isoformat(), last.isoformat()
    since = _bounds(start)[0] if start else None
    until = _bounds(end)[1] if end else None
    if since is None and until is None:
        raise ValueError("give at least one end of the range, such as 2024-03-01..")
    if since is not None and until is not None and until < since:
        raise ValueError(f"the range ends ({until}) before it starts ({since})")
    return (since.isoformat() if since else None), (until.isoformat() if until else None)


def recent_days(days: int, today: date | None = None) -> tuple[str, str]:
    """(first, last) of the last ``days`` days, today included."""
    today = today or date.today()
    return (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
