"""The main screen's watch on the store file: other processes' imports, and the file itself.

Every :data:`POLL_SECONDS` the store's data version is compared with the last one seen; a change
(``brief import`` in another terminal) reloads the list and refreshes the open brief in place when
its text changed, keeping the scroll position as near as the new text allows. The same poll
checks that the store file is still the one opened: a file deleted while the reader is open would
swallow every write (SQLite keeps writing to the unlinked file), and a store re-created at the
same path would never show its briefs. When the file is gone brief says so and stops writing;
when a file is back at the path it is opened and read from there on.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

from tui.store.errors import StoreError
from tui.store.store import Store

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen

POLL_SECONDS = 2.0
"""How often the store is checked for changes made by other processes."""
GONE = "the store file {path} was deleted: nothing is saved until it is back"
REOPENED = "the store file {path} was replaced: reading the new one"
REMOVED = (
    "this brief is no longer in the store (pruned by keep_days after a fetch, or removed by another"
    " command): it stays on screen until you open another"
)


def file_identity(store: Store) -> tuple[int, int] | None:
    """(device, inode) of the store's file, or None when there is no file at its path."""
    try:
        stat = os.stat(store.path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


class StoreWatch:
    """Polls the store for the main screen and applies what changed."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        """The screen that shows the store."""
        self.identity = file_identity(screen.store)
        """The file the store was opened from."""
        self.version = screen.store.data_version()
        """The data version last seen."""
        self.gone = False
        """True while the store file is missing (writes are refused)."""
        self._was_readonly = screen.store.readonly
        self._told_removed: str | None = None
        """The id of the open brief last said to be removed (said once)."""

    def poll(self) -> bool:
        """Check the file and the data version; True when the screen should reload."""
        identity = file_identity(self.screen.store)
        if identity != self.identity:
            return self._file_changed(identity)
        if self.gone:
            return False
        version = self.screen.store.data_version()
        if version != self.version:
            self.version = version
            return True
        return False

    def _file_changed(self, identity: tuple[int, int] | None) -> bool:
        """The file at the store's path is not the one open: stop writing, or open the new one."""
        screen = self.screen
        store = screen.store
        if identity is None:
            if not self.gone:
                self.gone = True
                store.readonly = True
                screen.notify(GONE.format(path=store.path), severity="error", timeout=10)
            return False
        try:
            new = Store.open(store.path)
        except (StoreError, sqlite3.Error, OSError) as exc:
            if not self.gone:
                self.gone = True
                store.readonly = True
                screen.notify(f"{GONE.format(path=store.path)} ({exc})", severity="error", timeout=10)
            return False
        old_readonly = self._was_readonly
        store.close()
        new.readonly = new.readonly or old_readonly
        screen.session.store = new
        if hasattr(screen.app, "store"):
            screen.app.store = new
        self.identity, self.gone = identity, False
        self.version = new.data_version()
        screen.notify(REOPENED.format(path=new.path), severity="warning", timeout=10)
        return True

    def refresh_open_brief(self) -> None:
        """Show the open brief's new text (re-imported), near the same place; or say it is gone."""
        screen = self.screen
        current = screen.session.current
        if current is None:
            return
        article = screen.store.get(current.id)
        if article is None:
            if self._told_removed != current.id:
                self._told_removed = current.id
                screen.notify(REMOVED, severity="warning", timeout=8)
            return
        if article == current:
            return
        screen.session.current = article
        screen._show_sub_title()  # the header names it: its title may have changed too
        screen.reader.show_article(article, screen.reader.current_scroll)
        screen.finder.refind()
