"""Fetching feeds from the reader: ``r`` runs ``brief fetch`` in a child process and reports back.

A thread worker starts the child at a lower priority and turns the JSON lines it prints into
messages for the screen: the list is reloaded each time fetched briefs are committed (the store is
in WAL mode, so the reader's reads never wait on the fetch's writes), and once more at the end.
Progress goes to a one-line status bar above the footer; the end to a notice. When the reader quits
during a fetch, the child is interrupted as Ctrl+C would (what it committed stays, the rest is
rolled back), so that quitting never waits for a slow server.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.message import Message

from tui.importing.outcomes import with_remedy
from tui.text.urls import hide_passwords
from tui.ui.header import room_after

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.ui.screens.main import MainScreen


@dataclass
class FetchProgress(Message):
    """Some feeds of a refresh are done."""

    done: int
    """Feeds answered and written."""
    answered: int
    """Feeds that answered (their entries may still be parsed)."""
    total: int
    waiting: tuple[str, ...] = ()
    """The names of the last feeds not answered yet (a slow server is waited for up to its timeout)."""


@dataclass
class FetchWritten(Message):
    """Briefs from a feed were committed: the list should show them."""

    count: int


@dataclass
class FetchFinished(Message):
    """A refresh ended; ``summary`` is None when it could not run (``error`` says why)."""

    summary: dict[str, Any] | None
    """The outcome as ``brief fetch --json`` gives it."""
    error: str | None = None


PROGRESS_SECONDS = 0.25
"""The status line shows the fetch's progress at most this often."""
STOP_SECONDS = 3.0
"""A fetch asked to stop (the reader quits) that is still running after this long is killed."""


class RefreshChild:
    """The child process of one refresh, which the reader stops when it quits (:meth:`stop`)."""

    def __init__(self) -> None:
        """No child yet."""
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self.stopped = False
        """True once :meth:`stop` was called: nothing more is posted to the screen."""

    @property
    def process(self) -> subprocess.Popen[str] | None:
        """The child, once started."""
        return self._process

    def started(self, process: subprocess.Popen[str]) -> None:
        """The child is running (stopped at once if :meth:`stop` came first)."""
        with self._lock:
            self._process = process
            stopped = self.stopped
        if stopped:
            self._interrupt(process)

    def stop(self) -> None:
        """Interrupt the fetch as Ctrl+C would; kill it if it is still running :data:`STOP_SECONDS` later."""
        with self._lock:
            self.stopped = True
            process = self._process
        if process is not None:
            self._interrupt(process)

    @staticmethod
    def _interrupt(process: subprocess.Popen[str]) -> None:
        """SIGINT to a running child now, SIGKILL :data:`STOP_SECONDS` later if it still runs."""
        if process.poll() is not None:
            return
        try:
            process.send_signal(signal.SIGINT)
        except OSError:  # ended meanwhile
            return

        def kill_if_running() -> None:
            if process.poll() is None:
                process.kill()

        killer = threading.Timer(STOP_SECONDS, kill_if_running)
        killer.daemon = True
        killer.start()


def run_refresh(path: Path, post: Callable[[Message], object], handle: RefreshChild) -> None:
    """Fetch every feed of the store at ``path`` in a child process; posts progress and the end.

    The fetch runs as ``brief fetch --events``, which lowers its own priority: its parsing and writing never
    hold the reader's interpreter, so keys are answered while it works. Runs in a thread worker;
    ``post`` delivers a message to the screen from that thread. ``handle`` is told of the child, so
    that the reader can stop it; once stopped, nothing is posted.
    """
    argv = [sys.executable, "-m", "tui", "fetch", "--events", "--store", str(path)]
    try:
        child = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    except OSError as exc:
        if not handle.stopped:
            post(FetchFinished(None, f"could not start the fetch: {exc.strerror or exc}"))
        return
    handle.started(child)
    summary: dict[str, Any] | None = None
    assert child.stdout is not None and child.stderr is not None
    for line in child.stdout:
        if handle.stopped:
            continue  # read to the end, so that the child never blocks on a full pipe
        try:
            event = json.loads(line)
        except ValueError:
            continue
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "progress":
            waiting = event.get("waiting")
            names = tuple(n for n in waiting if isinstance(n, str))[:3] if isinstance(waiting, list) else ()
            post(FetchProgress(int(event["done"]), int(event["answered"]), int(event["total"]), names))
        elif kind == "written":
            post(FetchWritten(int(event["count"])))
        elif kind == "summary":
            summary = event
    errors = child.stderr.read().strip()
    child.wait()
    if handle.stopped:
        return
    if summary is None:
        reason = errors.splitlines()[-1] if errors else f"the fetch ended with status {child.returncode}"
        post(FetchFinished(None, reason.removeprefix("brief: ")))
        return
    post(FetchFinished(summary))


def notice_lines(
    summary: dict[str, Any], shorten: int = 3, name: Callable[[str], str] = lambda text: text
) -> tuple[str, list[str]]:
    """The notice for the end of a fetch (``brief fetch --json``'s outcome), and one line per
    failed feed (at most ``shorten``), each naming the feed by ``name(title or URL)`` (the reader
    sets an Arabic title apart, so that the English sentence around it keeps its order)."""
    new, updated, fetched = int(summary["new"]), int(summary["updated"]), int(summary["fetched"])
    head = f"fetched {fetched} feed{'s' if fetched != 1 else ''}: {new} new brief{'s' if new != 1 else ''}"
    if updated:
        head += f", {updated} updated"
    if pruned := int(summary.get("pruned") or 0):
        head += f", {pruned} older than keep_days pruned"
    failures = [
        # the name's password hidden before it is cut and set apart, the reason's after
        f"{name(hide_passwords(f['title'] or f['url']))}: "
        + hide_passwords(with_remedy(f["error"]) if f.get("error") else f"skipped: {f['skipped']}")
        for f in summary["feeds"]
        if f.get("error") or f.get("skipped")
    ]
    if len(failures) > shorten:
        failures = [
            *failures[:shorten],
            f"and {len(failures) - shorten} more feeds failed or skipped (brief feeds list)",
        ]
    return head, failures


def note_lines(summary: dict[str, Any], shorten: int = 3) -> list[str]:
    """The feeds' notes of a fetch (``brief fetch`` prints them: entries left out and why, a feed
    that moved, pages whose full text could not be kept), at most ``shorten`` and a line saying how
    many more; passwords in their URLs hidden."""
    notes = [hide_passwords(str(note)) for f in summary["feeds"] for note in (f.get("notes") or [])]
    if len(notes) > shorten:
        notes = [*notes[:shorten], f"and {len(notes) - shorten} more notes (brief fetch prints them all)"]
    return notes


class FeedController:
    """Feeds in the reader: ``r`` fetches in a thread worker, ``f`` filters the list by feed.

    The main screen holds one and forwards its actions and the worker's messages here.
    """

    def __init__(self, screen: MainScreen) -> None:
        self.screen: MainScreen = screen
        """The screen whose list, status bar and notices the feeds use."""
        self.feed: str | None = None
        """The URL of the feed the list shows, or None for every brief."""
        self.running: bool = False
        """True while a fetch runs (a second ``r`` waits for it)."""
        self._name: str | None = None
        """The name of the feed the list shows."""
        self._id_base: str | None = None
        """Its ``id_base``, which a move (301) keeps: how it is found again under a new URL."""
        self._progress: FetchProgress | None = None
        self._progress_shown = 0.0
        self._progress_timer: Timer | None = None
        self._child: RefreshChild | None = None
        self._started = 0.0
        """When the fetch began (``time.monotonic()``)."""
        self._clock: Timer | None = None
        """Redraws the status line every second while the fetch waits for its last feeds."""

    # -- fetching ----------------------------------------------------------------------------

    def fetch(self) -> None:
        """Start fetching every feed in the background."""
        screen = self.screen
        if self.running:
            screen.notify("already fetching feeds", timeout=3)
            return
        if screen.session.readonly:
            screen.notify("the store is read-only: nothing can be fetched into it", severity="warning")
            return
        if not screen.store.feeds():
            screen.notify("no feeds yet; subscribe with: brief feeds add URL", severity="warning", timeout=6)
            return
        self.running = True
        self._started = time.monotonic()
        self._clock = screen.set_interval(1.0, self._tick, name="fetch-clock")
        self._status("fetching feeds…")
        path = screen.store.path
        child = self._child = RefreshChild()
        screen.run_worker(
            lambda: run_refresh(path, lambda message: screen.app.call_from_thread(screen.post_message, message), child),
            thread=True,
            exclusive=True,
            group="fetch-feeds",
            name="fetch-feeds",
        )

    def stop(self) -> None:
        """The reader is leaving: stop the fetch in progress, if any (its committed briefs stay)."""
        if self._child is not None:
            self._child.stop()

    def progress(self, message: FetchProgress) -> None:
        """Show how far the fetch is: at once when the line was last updated :data:`PROGRESS_SECONDS`
        ago, else when that time is up (two events a feed would redraw the screen hundreds of
        times a second, taking the reader's time from the keys)."""
        self._progress = message
        if self._progress_timer is not None:
            return
        wait = self._progress_shown + PROGRESS_SECONDS - time.monotonic()
        if wait <= 0:
            self._show_progress()
        else:
            self._progress_timer = self.screen.set_timer(wait, self._show_progress)

    def _tick(self) -> None:
        """Once a second: the seconds waited for the last feeds go up (nothing else reports then)."""
        if self.running and self._progress is not None and self._progress.waiting and self._progress_timer is None:
            self._show_progress()

    def _show_progress(self) -> None:
        """Put the latest progress in the status line (unless the fetch has ended meanwhile)."""
        self._progress_timer = None
        message = self._progress
        if message is None or not self.running:
            return
        self._progress_shown = time.monotonic()
        line = Text(f"fetching feeds: {message.answered}/{message.total} answered, {message.done} done")
        if message.waiting:
            shown = ", ".join(self.screen._shown(name, 30) for name in message.waiting)
            line.append(" · waiting for ", style="dim")
            line.append(shown)
            line.append(f" ({int(time.monotonic() - self._started)} s)", style="dim")
        self._status(line)

    def written(self) -> None:
        """Briefs arrived: show them in the list now (the poll would in two seconds)."""
        self.screen.refresh_list()

    def finished(self, message: FetchFinished) -> None:
        """Say what the fetch brought, and which feeds failed and why."""
        self.running = False
        if self._clock is not None:
            self._clock.stop()
            self._clock = None
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        self._progress = None
        self._status(None)
        screen = self.screen
        if message.summary is None:
            screen.notify(message.error or "could not fetch", severity="error", timeout=8)
            return
        moves = {f["url"]: f["moved_to"] for f in message.summary["feeds"] if f.get("moved_to")}
        if self.feed in moves:
            self.feed = moves[self.feed]  # the list shows the feed at its new URL, not an empty one
        screen.refresh_list()
        head, failures = notice_lines(message.summary, name=lambda text: screen._isolated(text, 60))
        screen.notify(head, timeout=5)
        for line in failures:
            screen.notify(screen._safe(line, 120), severity="error", timeout=10)
        for line in note_lines(message.summary):
            screen.notify(screen._safe(line, 120), severity="warning", timeout=10)

    def _status(self, text: str | Text | None) -> None:
        """Show ``text`` in the status line above the footer, or hide it."""
        from textual.widgets import Static

        status = self.screen.query_one("#fetch-status", Static)
        status.display = text is not None
        status.update(text or "")

    # -- filtering ---------------------------------------------------------------------------

    def header_title(self) -> str:
        """The header's title: "brief", and the feed the list shows when it shows one."""
        if not self._name:
            return "brief"
        # At most 30 cells, and half of what the header holds at most: the open brief's title
        # shares it, and Textual would cut the header, not the name.
        room = room_after(self.screen.size.width, "brief · ")
        return f"brief · {self.screen._shown(self._name, max(4, min(30, room // 2)))}"

    def choose(self) -> None:
        """Show the feeds with their counts; Enter filters the list by one."""
        from tui.ui.screens.feeds import ALL, FeedsScreen

        screen = self.screen
        store = screen.store
        total = (store.unread_count(), store.count())

        def chosen(url: str | None) -> None:
            if url is not None:
                self.filter(None if url == ALL else url)

        screen.app.push_screen(FeedsScreen(store.feeds(), total, self.feed, shaped=screen.shaped), chosen)

    def restore(self, feed: str | None, name: str | None = None) -> None:
        """Take ``feed`` (its URL; None: every brief) as the feed shown, named ``name`` (else its
        URL), without showing the list again: the reader starts on the view of the last run."""
        self.feed = feed
        self._name = hide_passwords(name or feed) if feed else None
        subscribed = self.screen.store.feed(feed) if feed else None
        self._id_base = subscribed.id_base if subscribed else None

    def forget_removed(self) -> None:
        """The feed shown was unsubscribed (``brief feeds remove`` in another terminal): show every
        feed's briefs and say so, instead of an empty list under its name; or it moved (a fetch in
        another terminal followed a 301): show it under its new URL. Not while a fetch runs:
        a feed that moved (301) is under its new URL in the store before :meth:`finished` follows it."""
        if self.feed is None or self.running or self.screen.store.feed(self.feed) is not None:
            return
        name = self.screen._isolated(self._name or self.feed, 60)
        # A fetch elsewhere that followed a permanent move (301) keeps the feed, its briefs' ids
        # (id_base) and all, under a new URL.
        moved = [f.url for f in self.screen.store.feeds() if self._id_base and f.id_base == self._id_base]
        if len(moved) != 1:  # moved onto a feed subscribed already: its briefs went with it
            moved = [url for url in [self._feed_of_highlighted()] if url and self.screen.store.feed(url)]
        if len(moved) == 1:
            cursor = self.screen.article_list.cursor
            self.filter(moved[0])
            self.screen.article_list.cursor = min(cursor, max(0, self.screen.article_list.count - 1))
            return
        self.filter(None)
        self.screen.notify(f"the feed {name} is no longer subscribed: every feed's briefs are shown", timeout=6)

    def _feed_of_highlighted(self) -> str | None:
        """The feed the highlighted brief belongs to now (None when it is gone or from a file)."""
        row = self.screen.article_list.current
        article = self.screen.store.get(row.id) if row is not None else None
        return article.feed if article is not None else None

    def filter(self, feed: str | None) -> None:
        """Show only ``feed``'s briefs (None: all of them)."""
        screen = self.screen
        subscribed = screen.store.feed(feed) if feed else None
        self.restore(feed, subscribed.name if subscribed else None)
        screen.title = self.header_title()
        screen.refresh_list()
        screen.article_list.cursor = 0
