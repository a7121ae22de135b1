"""The reading session: which brief is open, the history, and reading state kept in the store.

A plain class with no Textual import: the main screen asks it to open, toggle and go back, and
shows what it returns. A read-only store is read normally and never written; every call that
would write says so once through :attr:`ReadingSession.readonly`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from tui.models import Article
from tui.store.errors import StoreError
from tui.store.store import Store
from tui.ui.navigation import History, HistoryEntry

READONLY_NOTICE = "read-only: reading state will not be saved"
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

    @property
    def readonly(self) -> bool:
        """True when nothing may be written to the store."""
        return self.store.readonly

    def _write(self, fn: Callable[..., object], *args: object) -> bool:
        """Run a store write unless read-only; a failure is kept in :attr:`errors`, not raised."""
        if self.store.readonly:
            return False
        try:
            fn(*args)
            return True
        except (StoreError, sqlite3.Error, OSError) as exc:  # locked, disk full, made read-only
            self.errors.append(f"could not save reading state: {exc}")
            return False

    def save_scroll(self, scroll: int) -> None:
        """Remember how far the open brief is scrolled (history and store)."""
        if self.current is None:
            return
        self.history.update_scroll(scroll)
        self._write(self.store.set_scroll, self.current.id, scroll)

    def save_history(self) -> None:
        """Keep the history in the store for the next run (after each open, and on quitting)."""
        self._write(self.store.set_meta, HISTORY_KEY, self.history.dump())

    def open(self, brief_id: str, scroll: int | None = None, *, push: bool = True) -> Opened | None:
        """Open a brief: mark it read and last opened, push it on the history.

        ``scroll`` None means the scroll position saved in the store. Returns None when the brief
        is not stored (any more).
        """
        article = self.store.get(brief_id)
        if article is None:
            self.history.remove(brief_id)
            self.save_history()
            return None
        if scroll is None:
            scroll = self.store.state(brief_id)[2]
        self.current = article
        self._write(self.store.mark_opened, brief_id)
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

    def toggle_read(self, brief_id: str) -> bool | None:
        """Flip a brief's read mark; returns the new value, or None when it could not be saved."""
        read = not self.store.state(brief_id)[0]
        return read if self._write(self.store.set_read, brief_id, read) else None

    def toggle_bookmark(self, brief_id: str) -> bool | None:
        """Flip a brief's bookmark; returns the new value, or None when it could not be saved."""
        marked = not self.store.state(brief_id)[1]
        return marked if self._write(self.store.set_bookmarked, brief_id, marked) else None
