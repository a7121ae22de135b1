"""Fetching feeds from the reader: ``r`` runs a refresh in a thread worker and reports back as messages.

The refresh opens its own connection to the store file, so the reader's reads never wait on the
fetch's writes (the store is in WAL mode); the list is reloaded each time a feed's briefs are
committed, and once more at the end. Progress goes to a one-line status bar above the footer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from tui.importing.feeds import Refresh, RefreshSummary
from tui.store.store import Store


@dataclass
class FetchProgress(Message):
    """Some feeds of a refresh are done."""

    done: int
    total: int


@dataclass
class FetchWritten(Message):
    """Briefs from a feed were committed: the list should show them."""

    count: int


@dataclass
class FetchFinished(Message):
    """A refresh ended; ``summary`` is None when it could not run (``error`` says why)."""

    summary: RefreshSummary | None
    error: str | None = None


def run_refresh(path: Path, post: Callable[[Message], None], urls: list[str] | None = None) -> None:
    """Fetch every feed of the store at ``path`` (or those in ``urls``); posts progress and the end.

    Runs in a thread worker: ``post`` delivers a message to the screen from that thread.
    """
    try:
        with Store.open(path) as store:
            feeds = [f for f in store.feeds() if urls is None or f.url in urls]
            summary = Refresh(
                store,
                feeds,
                on_progress=lambda done, total: post(FetchProgress(done, total)),
                on_written=lambda count: post(FetchWritten(count)),
            ).run()
    except Exception as exc:  # noqa: BLE001 - the reader must say why, not crash
        post(FetchFinished(None, f"could not fetch: {exc}"))
        return
    post(FetchFinished(summary))


def notice_lines(summary: RefreshSummary, shorten: int = 3) -> tuple[str, list[str]]:
    """The notice for the end of a refresh, and one line per failed feed (at most ``shorten``)."""
    new = summary.new
    head = f"{new} new brief{'s' if new != 1 else ''}"
    if summary.updated:
        head += f", {summary.updated} updated"
    head += f" from {summary.fetched} feed{'s' if summary.fetched != 1 else ''}"
    failures = [f"{o.feed.name}: {o.error}" for o in summary.outcomes if o.error]
    if len(failures) > shorten:
        failures = [*failures[:shorten], f"and {len(failures) - shorten} more failed feeds (brief feeds list)"]
    return head, failures
