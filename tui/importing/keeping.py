"""How long briefs are kept: the ``keep_days`` setting, and pruning by it after a fetch.

``keep_days = N`` at the top of the config file keeps every brief for N days (by its date; an
undated one from its import); ``brief feeds keep FEED N`` gives a feed its own number of days
(``never`` keeps its briefs for good, whatever the global setting). Bookmarked briefs are always
kept by this setting. It is applied at the end of every ``brief fetch`` (the reader's ``r`` too)
and by ``brief prune`` without ``--older-than``.
"""

from __future__ import annotations

from pathlib import Path

from tui.config_file import ConfigError, read_config
from tui.errors import UsageError
from tui.store.pruning import keep_plans, prune, reclaim, worth_merging
from tui.store.removal import Removed
from tui.store.store import Store

SETTING = "keep_days"
"""The config file's key."""
MAX_DAYS = 100_000
"""More days than any archive holds (274 years): larger numbers are refused as typos."""


def parse_keep_days(value: object) -> int | None:
    """A usable ``keep_days`` value (a whole number of days from 1), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_DAYS else None


def keep_days_setting(config: Path) -> int | None:
    """The global ``keep_days`` of the config file, None when it sets none.

    Raises :class:`UsageError` naming the file when the file or the value cannot be used.
    """
    try:
        data = read_config(config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if data is None or SETTING not in data:
        return None
    days = parse_keep_days(data[SETTING])
    if days is None:
        raise UsageError(f"{config}: {SETTING}: give a whole number of days from 1 to {MAX_DAYS}, such as 90")
    return days


def apply_keep_days(store: Store, default_days: int | None) -> Removed | None:
    """Prune by the ``keep_days`` settings and give the space back; None when nothing asks for it."""
    plans = keep_plans(store, default_days)
    if not plans:
        return None
    removed = prune(store, plans)
    if removed.count:
        reclaim(store, merge_index=worth_merging(removed.count, store.count()))
    return removed
