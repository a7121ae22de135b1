"""``brief rm``, ``brief prune``, ``brief stats`` and ``brief feeds keep``: removing briefs and keeping
the store in shape.

Each takes the store file and its options as plain arguments and returns an exit code
(:mod:`tui.errors`); none imports Textual. Strings from briefs reach the terminal through
:func:`tui.output.say` (safe, and Arabic shaped on a terminal), JSON through :func:`tui.text.sanitize.safe_json`.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from tui.errors import EXIT_OK, UsageError
from tui.importing.keeping import MAX_DAYS, keep_days_setting
from tui.output import say
from tui.startup import open_store
from tui.store.errors import StoreBusyError, StoreError, StoreFullError, store_error
from tui.store.pruning import (
    Progress,
    PrunePlan,
    cutoff,
    database_bytes,
    free_pages,
    plan_briefs,
    prune,
    reclaim,
    worth_merging,
)
from tui.store.removal import Removed, UnknownBriefError, delete
from tui.store.store import Store
from tui.text.messages import shown_name
from tui.text.sanitize import safe_json, shown_arg
from tui.text.urls import hide_passwords


def _removed_json(removed: Removed, extra: dict[str, object]) -> str:
    return safe_json(
        {"removed": [{"id": b.id, "title": b.title} for b in removed.briefs], "unlinked": removed.unlinked, **extra}
    )


def _title_line(prefix: str, title: str, shaped: bool) -> str:
    """``prefix`` then a title, the line cut to the terminal's width: shaped and ordered (on a
    terminal, or with ``--bidi app``), else logical text (into a pipe or a file, or with ``--bidi
    terminal``), as ``brief list`` does. A line the terminal wrapped would show the title's first
    words on the next line, a right-to-left title read from its middle."""
    import shutil

    from rich.cells import cell_len

    from tui.text.layout import output_line

    room = max(20, shutil.get_terminal_size().columns - cell_len(prefix))
    return prefix + output_line(title, room, shaped=shaped)


def _removed_lines(removed: Removed, shaped: bool) -> None:
    for brief in removed.briefs:
        print(_title_line(f"removed {shown_name(brief.id, shaped)}: ", brief.title, shaped))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_rm(store_path: Path, ids: list[str], *, as_json: bool = False, shaped: bool = True) -> int:
    """``brief rm ID... [--json]``: all named briefs in one transaction, or none."""
    with open_store(store_path, seed=False) as store:
        store.require_writable()
        try:
            removed = delete(store, ids)
        except UnknownBriefError as exc:  # named with the store, as show and export name it
            raise UsageError(str(exc).replace(" in the store;", f" in {store.path};", 1)) from None
        _reclaim_quietly(store)
    if as_json:
        print(_removed_json(removed, {}))
        return EXIT_OK
    _removed_lines(removed, shaped)
    verb = "points" if removed.unlinked == 1 else "point"
    unlinked = f"; {_plural(removed.unlinked, 'link')} now {verb} to no stored brief" if removed.unlinked else ""
    print(f"removed {_plural(removed.count, 'brief')}{unlinked}")
    return EXIT_OK


def _reclaim_quietly(store: Store) -> None:
    """Give freed pages back when the store does that page by page (cheap); else leave them for
    the next imports to reuse (``brief prune`` gives them back)."""
    from tui.store.pruning import is_incremental

    if is_incremental(store):
        _reclaimed(store, lambda: reclaim(store))


def _reclaimed(store: Store, give_back: Callable[[], int]) -> int:
    """``give_back()`` (giving a removal's free pages back, after the removal has committed): what
    it freed, or 0 with a warning when the disk is full or another program holds the store: the
    briefs are removed all the same, and their pages are reused by the next imports."""
    try:
        return give_back()
    except sqlite3.Error as exc:
        why = store_error(exc, store.path)
    except StoreError as exc:
        why = exc
    if not isinstance(why, (StoreFullError, StoreBusyError)):
        raise why  # damage, a store gone read-only: said as such, whatever was removed
    say(
        f"brief: warning: the removed briefs' space was not given back ({why});"
        " the next imports reuse it, and brief prune gives it back later",
        sys.stderr,
    )
    return 0


def _feed_url(store: Store, name: str) -> str:
    """The URL of the feed called ``name`` (URL or title)."""
    found = store.find_feeds(name)
    if not found:
        raise UsageError(f"no feed '{shown_arg(name)}' is subscribed; see 'brief feeds list'")
    if len(found) > 1:
        raise UsageError(f"several feeds are called '{shown_arg(name)}'; give the URL")
    return found[0].url


def _plans(store: Store, days: int | None, feed: str | None, keep_bookmarked: bool, config: Path) -> list[PrunePlan]:
    """What ``brief prune`` is asked to remove."""
    from tui.store.pruning import feed_keep_days, keep_plans

    if days is not None:
        if not 0 <= days <= MAX_DAYS:
            raise UsageError(f"--older-than: give a whole number of days from 0 to {MAX_DAYS}, not {days}")
        return [PrunePlan(days, feed=feed, keep_bookmarked=keep_bookmarked)]
    default = keep_days_setting(config)
    if feed is not None:
        own = feed_keep_days(store).get(feed)
        days = own if own is not None else default
        return [PrunePlan(days, feed=feed, keep_bookmarked=True)] if days else []
    plans = keep_plans(store, default)
    if not plans and default is None and not feed_keep_days(store):
        raise UsageError(
            f"prune: give --older-than DAYS, or set keep_days in {config} (or 'brief feeds keep FEED DAYS')"
        )
    return plans


def cmd_prune(
    store_path: Path,
    *,
    older_than: int | None,
    keep_bookmarked: bool = False,
    feed: str | None = None,
    dry_run: bool = False,
    as_json: bool = False,
    config: Path,
    shaped: bool = True,
) -> int:
    """``brief prune [--older-than DAYS] [--keep-bookmarked] [--feed F] [--dry-run] [--json]``."""
    with open_store(store_path, seed=False) as store:
        url = _feed_url(store, feed) if feed is not None else None
        plans = _plans(store, older_than, url, keep_bookmarked, config)
        since = f" dated before {cutoff(older_than)}" if older_than is not None else " by keep_days"
        if dry_run:
            titles = plan_briefs(store, plans)
            if as_json:
                print(safe_json({"would_remove": [{"id": i, "title": t} for i, t in titles]}))
            else:
                for i, t in titles:
                    print(_title_line(f"would remove {shown_name(i, shaped)}: ", t, shaped))
                print(f"would remove {_plural(len(titles), 'brief')}{since}")
            return EXIT_OK
        store.require_writable()
        with _progress_bar(not as_json) as progress:
            before = database_bytes(store)
            removed = prune(store, plans, progress=progress)
            merge = worth_merging(removed.count, store.count())
            # Free pages left by a removal stopped before it gave them back are given back too.
            give_back = partial(reclaim, store, progress, merge_index=merge, before=before)
            freed = _reclaimed(store, give_back) if removed.count or free_pages(store) else 0
    if as_json:
        print(_removed_json(removed, {"freed_bytes": freed}))
        return EXIT_OK
    print(f"removed {_plural(removed.count, 'brief')}{since}; the store is {_size(freed)} smaller")
    return EXIT_OK


def _size(n: int) -> str:
    """Bytes for a person: ``0 B``, ``12.3 KB``, ``4.5 MB``, ``1.2 GB``."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"


@contextmanager
def _progress_bar(wanted: bool) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr while the block runs, when both outputs are a
    terminal; else None."""
    if not (wanted and sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    bar = Bar(console=Console(stderr=True), transient=True)
    task = bar.add_task("pruning", total=None)

    def update(stage: str, done: int, total: int | None) -> None:
        bar.update(task, description=stage, completed=done, total=total)

    bar.start()
    try:
        yield update
    finally:
        bar.stop()


def cmd_stats(store_path: Path, *, as_json: bool = False) -> int:
    """``brief stats [--json]``."""
    from tui.store.stats import collect

    with open_store(store_path, seed=False, reading=True) as store:
        stats = collect(store)
    sizes = {
        "file": stats.file_bytes,
        "text": stats.text_bytes,
        "index": stats.index_bytes,
        "other": stats.other_bytes,
        "free": stats.free_bytes,
    }
    if as_json:
        print(
            safe_json(
                {
                    "briefs": stats.briefs,
                    "feeds": stats.feeds,
                    "unread": stats.unread,
                    "bookmarked": stats.bookmarked,
                    "schema_version": stats.schema_version,
                    "bytes": sizes,
                    "method": stats.method,
                }
            )
        )
        return EXIT_OK
    print(f"briefs       {stats.briefs}")
    print(f"feeds        {stats.feeds}")
    print(f"unread       {stats.unread}")
    print(f"bookmarked   {stats.bookmarked}")
    print(f"schema       {stats.schema_version}")
    names = {"file": "store", "text": "  text", "index": "  search index", "other": "  other", "free": "  free"}
    for key, label in names.items():
        share = f"  {100 * sizes[key] / stats.file_bytes:5.1f}%" if stats.file_bytes and key != "file" else ""
        print(f"{label:<15}{_size(sizes[key]):>10}{share}")
    print(f"(measured with {stats.method})")
    return EXIT_OK


def cmd_feeds_keep(store_path: Path, name: str, days: str | None) -> int:
    """``brief feeds keep URL_OR_TITLE [DAYS|never|default]``: show or set a feed's keep_days."""
    from tui.store.pruning import feed_keep_days, set_feed_keep_days

    with open_store(store_path, seed=False) as store:
        url = _feed_url(store, name)
        if days is None:
            own = feed_keep_days(store).get(url)
            shown = _global_keep_days() if own is None else ("never pruned" if own == 0 else f"{own} days")
            say(hide_passwords(f"{url}: {shown}"))
            return EXIT_OK
        value: int | None
        if days == "default":
            value = None
        elif days == "never":
            value = 0
        elif days.isdigit() and 1 <= int(days) <= MAX_DAYS:
            value = int(days)
        else:
            raise UsageError(f"feeds keep: give a number of days from 1 to {MAX_DAYS}, never or default, not {days!r}")
        store.require_writable()
        set_feed_keep_days(store, url, value)
        shown = _global_keep_days() if value is None else ("never pruned" if value == 0 else f"{value} days")
        say(hide_passwords(f"{url}: {shown}"))
    return EXIT_OK


def _global_keep_days() -> str:
    """What a feed without a keep_days of its own follows: the config file's, said with its value."""
    from tui.paths import default_config_path

    try:
        days = keep_days_setting(default_config_path())
    except UsageError as exc:
        return f"the global keep_days, which cannot be read ({exc})"
    if days is None:
        return "the global keep_days (none set: never pruned)"
    return f"the global keep_days ({days} days)"
