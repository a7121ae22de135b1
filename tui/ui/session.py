"""The reading session: which brief is open, the history, and reading state kept in the store.

A plain class with no Textual import: the main screen asks it to open, toggle and go back, and
shows what it returns. A read-only store is read normally and never written; every call that
would write says so once through :attr:`ReadingSession.readonly`. Another program may remove the
open brief (``brief rm``): the reading state of a brief no longer stored is not saved, quietly
for what the reader keeps on its own (the scroll position on leaving it), with
:data:`REMOVED_NOTICE` when the user asked to mark it read or bookmarked.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui.models import Article
from tui.store.errors import BriefNotStoredError, StoreBusyError, StoreError
from tui.store.store import Store
from tui.ui.navigation import History, HistoryEntry

READONLY_NOTICE = "read-only: reading state will not be saved"
READONLY_DELETE = "the store is read-only: nothing can be deleted"
READONLY_MARKS = "the store is read-only: read marks and bookmarks cannot be changed"
BUSY_NOTICE = "the store is busy (an import is writing): reading state is kept and saved when it is done"
REMOVED_NOTICE = "this brief was removed from the store: its reading state is not saved"
WRITE_WAIT_MS = 100
"""How long a reading-state write waits for another program's write lock before it is kept for later."""
HISTORY_KEY = "history"
"""The store's ``meta`` key holding the back/forward history between runs."""


@dataclass(frozen=True)
class Opened:
    """A brief that was opened, and the line to show first."""

    article: Article
    scroll: int


class ReadingSession:
    """Opens briefs from a store, remembering read state, bookmarks, scroll and history."""

    def __init__(self, store: Store, history_size: int = 100) -> None:
        self.store = store
        """The store being read."""
        self.history = History.load(store.meta(HISTORY_KEY), history_size, store.exists)
        """Back/forward history of opened briefs, as the last run left it."""
        self.current: Article | None = None
        """The brief open in the reading pane."""
        self.errors: list[str] = []
        """Write failures not yet shown (a store that went read-only or locked while open)."""
        self._pending: dict[tuple[str, str], tuple[Callable[..., object], tuple[object, ...]]] = {}
        self._told_busy = False

    @property
    def readonly(self) -> bool:
        """True when nothing may be written to the store."""
        return self.store.readonly

    @property
    def pending(self) -> int:
        """Reading-state changes kept until the store can take them (an import holds it)."""
        return len(self._pending)

    def _write(self, key: tuple[str, str], fn: Callable[..., object], *args: object) -> bool:
        """Save a reading-state change (``key`` names what it sets), unless read-only.

        The write waits at most :data:`WRITE_WAIT_MS` for another program's write lock; when an
        import holds it longer, the change is kept (a later one with the same ``key`` replaces
        it) and written by :meth:`flush`, so it is never lost and the reader never freezes.
        A change for a brief no longer stored is dropped. Any other failure is kept in
        :attr:`errors`, not raised. True unless it failed for good.
        """
        if self.store.readonly:
            return False
        self._pending.pop(key, None)
        self._pending[key] = (fn, args)
        return key not in self.flush()[1]

    def flush(self, *, wait: bool = False) -> tuple[int, set[tuple[str, str]]]:
        """Write the kept changes in order; ``wait`` (quitting) waits the usual 10 s for the lock.

        Returns how many were written and the keys of those that failed for good (dropped, the
        reason in :attr:`errors`, or none when their brief was removed from the store); the rest
        stay kept while the store is busy.
        """
        written = 0
        failed: set[tuple[str, str]] = set()
        while self._pending:
            key = next(iter(self._pending))
            fn, args = self._pending[key]
            try:
                if wait:
                    fn(*args)
                else:
                    with self.store.busy_wait(WRITE_WAIT_MS):
                        fn(*args)
            except StoreBusyError:
                if not self._told_busy:
                    self._told_busy = True
                    self.errors.append(BUSY_NOTICE)
                return written, failed
            except BriefNotStoredError:
                failed.add(key)  # removed by another program: its state went with it
            except (StoreError, sqlite3.Error, OSError) as exc:  # disk full, damaged, made read-only
                failed.add(key)
                self.errors.append(f"could not save reading state: {exc}")
            else:
                written += 1
            del self._pending[key]
        self._told_busy = False
        return written, failed

    def unsaved(self) -> str:
        """What the changes still kept are, for a person: "1 bookmark, 2 read marks and where you
        were (the brief open, the history, the list's view)"; empty when none is kept."""
        kinds = [kind for kind, _ in self._pending]
        parts = []
        for kind, one, many in (("bookmark", "bookmark", "bookmarks"), ("read", "read mark", "read marks")):
            count = kinds.count(kind)
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        if any(kind in ("opened", "scroll", "meta") for kind in kinds):
            parts.append("where you were (the brief open, the history, the list's view)")
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""

    def finish(self, seconds: float, on_wait: Callable[[], None]) -> bool:
        """Write the changes still kept (the reader has quit), trying for up to ``seconds`` while
        another program holds the store; ``on_wait`` is called once when it must wait. Ctrl+C stops
        the waiting: returns True when it did."""
        self.flush()
        if not self.pending:
            return False
        on_wait()
        deadline = time.monotonic() + seconds
        try:
            while self.pending and time.monotonic() < deadline:
                time.sleep(0.05)
                self.flush()  # each try waits WRITE_WAIT_MS for the lock: Ctrl+C is felt between them
        except KeyboardInterrupt:
            return True
        return False

    def marks(self, brief_id: str) -> tuple[bool, bool]:
        """The brief's (read, bookmarked), changes not yet written included."""
        read, marked, _scroll = self._state(brief_id)
        return read, marked

    def _state(self, brief_id: str) -> tuple[bool, bool, int]:
        """The brief's (read, bookmarked, scroll), changes not yet written included."""
        read, marked, scroll = self.store.state(brief_id)
        for (kind, key_id), (_, args) in self._pending.items():
            if key_id == brief_id and kind == "read":
                read = bool(args[1])
            elif key_id == brief_id and kind == "bookmark":
                marked = bool(args[1])
            elif key_id == brief_id and kind == "scroll":
                scroll = int(args[1])  # type: ignore[call-overload]
        return read, marked, scroll

    def save_scroll(self, scroll: int) -> None:
        """Remember how far the open brief is scrolled (history and store)."""
        if self.current is None:
            return
        self.history.update_scroll(scroll)
        self._write(("scroll", self.current.id), self.store.set_scroll, self.current.id, scroll)

    def save_history(self) -> None:
        """Keep the history in the store for the next run (after each open, and on quitting)."""
        self.save_meta(HISTORY_KEY, self.history.dump())

    def save_meta(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` in the store for the next run (unless read-only)."""
        self._write(("meta", key), self.store.set_meta, key, value)

    def open(self, brief_id: str, scroll: int | None = None, *, push: bool = True, mark: bool = True) -> Opened | None:
        """Open a brief: mark it read and last opened (unless ``mark`` is False: a brief brought back
        by an undo keeps the reading state it was deleted with), push it on the history.

        ``scroll`` None means the scroll position saved in the store. Returns None when the brief
        is not stored (any more).
        """
        article = self.store.get(brief_id)
        if article is None:
            self.history.remove(brief_id)
            self.save_history()
            return None
        if scroll is None:
            scroll = self._state(brief_id)[2]
        self.current = article
        if mark:
            self._write(("opened", brief_id), self.store.mark_opened, brief_id)
        if push:
            self.history.push(brief_id, scroll)
        self.save_history()
        return Opened(article, scroll)

    def back(self, scroll: int) -> HistoryEntry | None:
        """Leave the open brief (saving ``scroll``) for the previous history entry."""
        self.save_scroll(scroll)
        return self.history.back()

    def forward(self, scroll: int) -> HistoryEntry | None:
        """Leave the open brief (saving ``scroll``) for the next history entry."""
        self.save_scroll(scroll)
        return self.history.forward()

    def _removed(self, brief_id: str) -> bool:
        """True (and :data:`REMOVED_NOTICE` kept in :attr:`errors`) when the brief the reader asks
        to mark is no longer stored; a removal after this look is caught by :meth:`flush`."""
        if self.store.readonly or self.store.exists(brief_id):
            return False
        self.errors.append(REMOVED_NOTICE)
        return True

    def toggle_read(self, brief_id: str) -> bool | None:
        """Flip a brief's read mark; returns the new value, or None when it could not be saved."""
        if self._removed(brief_id):
            return None
        read = not self._state(brief_id)[0]
        return read if self._write(("read", brief_id), self.store.set_read, brief_id, read) else None

    def set_read_all(self, ids: list[str], read: bool) -> bool | None:
        """Mark every brief of ``ids`` read (or unread); returns ``read``, or None when a mark could
        not be saved."""
        done = [self._write(("read", brief_id), self.store.set_read, brief_id, read) for brief_id in ids]
        return read if all(done) else None

    def mark_read(self, brief_id: str) -> bool:
        """Mark a brief read (another brief of its story was read); False when it could not be saved."""
        return self._write(("read", brief_id), self.store.set_read, brief_id, True)

    def toggle_bookmark(self, brief_id: str) -> bool | None:
        """Flip a brief's bookmark; returns the new value, or None when it could not be saved."""
        if self._removed(brief_id):
            return None
        marked = not self._state(brief_id)[1]
        return marked if self._write(("bookmark", brief_id), self.store.set_bookmarked, brief_id, marked) else None
