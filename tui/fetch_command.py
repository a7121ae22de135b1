"""``brief fetch``: every feed (or those named) fetched, and their new and changed entries imported.

On a terminal a progress bar names the feeds still awaited; ``--json`` prints the outcome as JSON,
and ``--events`` (the reader's ``r``) one JSON object a line as the fetch goes. After the fetch the
``keep_days`` settings prune. None of it imports Textual; strings from feeds reach the terminal
through :func:`tui.text.sanitize.safe_line`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import EXIT_OK, EXIT_SOME_FAILED, UsageError
from tui.feed_commands import one_feed, print_summary
from tui.text.sanitize import safe_json as dumps
from tui.text.sanitize import safe_line

if TYPE_CHECKING:  # the fetching machinery is imported only when a fetch runs
    from tui.feeds.request import FetchSettings
    from tui.importing.outcomes import RefreshSummary
    from tui.store.store import Store


def cmd_fetch(
    store_path: Path,
    names: Sequence[str] = (),
    *,
    as_json: bool = False,
    events: bool = False,
    settings: FetchSettings | None = None,
    shaped: bool = True,
) -> int:
    """``brief fetch [URL_OR_TITLE...] [--json]``; ``events`` (the reader's ``r``) prints one JSON
    object a line as the fetch goes (``progress``, ``written``) and the outcome last (``summary``);
    ``shaped`` False (``--bidi terminal``) leaves the names beside the bar in logical order."""
    from tui.importing.feeds import COMMIT_SECONDS, Refresh
    from tui.importing.story_read import story_read_setting
    from tui.paths import default_config_path
    from tui.startup import open_store

    def event(kind: str, **values: object) -> None:
        print(json.dumps({"event": kind, **values}), flush=True)

    if events:  # for the reader: below it, so that it keeps answering keys while this works
        try:
            os.nice(EVENTS_NICE)
        except (AttributeError, OSError):
            pass

    with open_store(store_path, seed=False) as store:
        store.require_writable()
        feeds = [one_feed(store, name) for name in names] if names else store.feeds()
        if not feeds and not events:
            print("no feeds to fetch; subscribe with: brief feeds add URL", file=sys.stderr)
        bar = _progress(len(feeds)) if not (as_json or events) else None
        refresh = Refresh(
            store,
            feeds,
            settings=settings,
            on_written=(lambda count: event("written", count=count)) if events else None,
            commit_seconds=EVENTS_COMMIT_SECONDS if events else COMMIT_SECONDS,
            story_read=story_read_setting(default_config_path()),
        )
        if events:
            refresh.on_progress = lambda done, answered, total: event(  # noqa: E731
                "progress", done=done, answered=answered, total=total, waiting=refresh.waiting()
            )
        elif bar is not None:
            refresh.on_progress = lambda done, answered, total: bar.update(  # noqa: E731
                bar.task_ids[0], completed=done, waiting=_waiting_line(refresh.waiting(), shaped)
            )
        try:
            summary = refresh.run()
        finally:
            if bar is not None:
                bar.stop()
        pruned = _keep_days(store)
    if as_json or events:
        outcome = summary_json(summary)
        if events:  # the reader says what its fetch pruned
            print(json.dumps({"event": "summary", **outcome, "pruned": pruned}), flush=True)
        else:
            print(dumps(outcome), flush=True)
    else:
        print_summary(summary, sys.stdout)
        if pruned:
            print(f"pruned {pruned} brief{'' if pruned == 1 else 's'} older than keep_days")
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _keep_days(store: Store) -> int:
    """Prune by the ``keep_days`` settings after a fetch (:mod:`tui.importing.keeping`); how many
    briefs went. A bad setting is said on stderr and prunes nothing."""
    from tui.importing.keeping import apply_keep_days, keep_days_setting
    from tui.paths import default_config_path

    try:
        removed = apply_keep_days(store, keep_days_setting(default_config_path()))
    except UsageError as exc:
        print(f"brief: {safe_line(str(exc))}; nothing was pruned", file=sys.stderr)
        return 0
    return removed.count if removed is not None else 0


EVENTS_NICE = 5
"""How much lower a fetch for the reader runs than the reader."""
EVENTS_COMMIT_SECONDS = 2.0
"""For the reader, fetched briefs are committed at least this often, so that they show up in its list
as they arrive; not more often, as each commit costs the fetch (and the reader's cores) a rewrite
of the index pages it touched (see :data:`tui.importing.feeds.COMMIT_SECONDS`)."""


def summary_json(summary: RefreshSummary) -> dict[str, object]:
    """The outcome of a fetch as ``brief fetch --json`` prints it."""
    return {
        "fetched": summary.fetched,
        "failed": summary.failed,
        "new": summary.new,
        "updated": summary.updated,
        "feeds": [
            {
                "url": o.feed.url,
                "title": o.feed.title,
                "error": o.error,
                "new": o.new,
                "updated": o.updated,
                "not_modified": o.not_modified,
                "skipped": o.skipped,
                "moved_to": o.moved_to,
                "notes": list(o.notes),
            }
            for o in summary.outcomes
        ],
    }


def _progress(count: int):  # type: ignore[no-untyped-def]
    """A progress bar on stderr when both outputs are a terminal, else None: feeds done of all, the
    time so far (a time left would be a guess: the last feed may take its whole timeout), and the
    last feeds awaited (:func:`_waiting_line`)."""
    if count < 2 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[waiting]}", markup=False),
        console=Console(stderr=True),
        transient=True,
    )
    bar.add_task("fetching", total=count, waiting="")
    bar.start()
    return bar


def _waiting_line(names: Sequence[str], shaped: bool = True) -> str:
    """``waiting for NAME, NAME`` (each safe and cut to 30 cells, shaped unless ``--bidi terminal``:
    the bar is on a terminal), or ``""``."""
    if not names:
        return ""
    from tui.text.layout import render_line

    return "waiting for " + ", ".join(render_line(name, 30, shaped=shaped).text for name in names)
