"""Deleting a brief from the reader (``d``) and undoing it (``u``) within a few seconds.

``d`` deletes the brief the pane in focus acts on (the open one in the reading pane, the
highlighted one in the list: on a story's row of "N sources", collapsed, every brief of the story),
in one transaction (:func:`tui.store.removal.delete`), and the notice says which and how to undo.
The rows taken are kept in memory for :data:`UNDO_SECONDS`: ``u`` puts the briefs back with their
reading state, their links, their story and their place in the history, and opens the brief again
if it was open. After that the deletion is final.
"""

from __future__ import annotations

import copy
import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.store.errors import StoreBusyError, StoreError
from tui.store.removal import Removed, UnknownBriefError, delete, restore
from tui.ui.keys import ACTIONS_BY_ID, key_label
from tui.ui.navigation import History
from tui.ui.screens.store_watch import GONE
from tui.ui.session import READONLY_DELETE, WRITE_WAIT_MS

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen

UNDO_SECONDS = 8.0
"""How long a deletion can be undone."""
BUSY = "the store is busy (an import is writing)"
UNDO_ID = "undo"
"""The binding id of the undo key (its key is named in the notice)."""


@dataclass
class _Undo:
    """One deletion that can still be undone."""

    removed: Removed
    history: History
    """The reader's history before the deletion."""
    after: list[str]
    """The briefs of its entries after the deletion: while they are the same (the reader moved back
    or forward at most), an undo puts back the history before."""
    opened: str | None
    """The brief that was open and was deleted (opened again by an undo), else None."""
    scroll: int
    deadline: float
    notice: str = ""
    """The notice that said what was deleted: taken back by the undo."""


class DeleteController:
    """``d`` and ``u`` for the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        """The main screen."""
        self._undo: _Undo | None = None

    def _undo_key(self) -> str:
        """The undo key as the user has it (``[keys]`` remaps included)."""
        keys = self.screen.app.config.keys.get(UNDO_ID) if hasattr(self.screen.app, "config") else None
        first = (keys or ACTIONS_BY_ID[UNDO_ID].keys).split(",")[0]
        return key_label(first)

    def _writable(self) -> bool:
        screen = self.screen
        if screen.session.readonly or screen.store_watch.gone:
            gone = screen.store_watch.gone
            screen.notify(GONE.format(path=screen.store.path) if gone else READONLY_DELETE, severity="warning")
            return False
        return True

    def delete(self) -> None:
        """Delete the brief ``d`` acts on, keeping it for an undo."""
        screen = self.screen
        brief_id = screen.keys.target()
        if brief_id is None or not self._writable():
            return
        session = screen.session
        # the list's row stands for its story when collapsed, whether or not one of them is open
        ids = [brief_id] if screen.keys.reading and session.current is not None else self._row_briefs(brief_id)
        was_open = session.current is not None and session.current.id in ids
        if len(ids) > 1:
            which = f"the highlighted story ({len(ids)} briefs)"
        else:
            which = "the open brief" if was_open else "the highlighted brief"
        opened = session.current.id if was_open and session.current is not None else None
        history = copy.deepcopy(session.history)
        scroll = screen.reader.current_scroll if was_open else 0
        try:
            with screen.store.busy_wait(WRITE_WAIT_MS):
                try:
                    removed = delete(screen.store, ids)
                except UnknownBriefError as exc:  # removed meanwhile by another brief (brief rm)
                    ids = [i for i in ids if i not in exc.ids]
                    if not ids:
                        screen.notify(f"{which} was removed from the store already", severity="warning")
                        screen.refresh_list()
                        return
                    removed = delete(screen.store, ids)  # the rest of its story
        except StoreBusyError:
            screen.notify(f"{BUSY}: {which} was not deleted; try again when it is done", severity="warning")
            return
        except (StoreError, sqlite3.Error) as exc:
            screen.notify(f"could not delete {which}: {exc}", severity="error")
            return
        for gone in ids:
            session.history.remove(gone)
        if was_open:
            session.current = None
            screen.reader.show_message(f"Deleted. Press {self._undo_key()} to bring it back.")
            screen.sub_title = ""
            screen.close_links()  # they were the deleted brief's
            if screen.finder.state.active or screen.finder.bar.display:
                screen.finder.close(focus=screen.keys.reading)  # its matches were the deleted brief's
        after = [entry.brief_id for entry in session.history.entries()]
        pending = self._undo = _Undo(removed, history, after, opened, scroll, time.monotonic() + UNDO_SECONDS)
        if was_open:
            screen.set_timer(max(UNDO_SECONDS, 0.01), lambda: self._undo_ended(pending))
        screen.refresh_list()
        title = removed.briefs[0].title if removed.briefs else brief_id
        seconds = int(UNDO_SECONDS)
        pending.notice = f"deleted {which}: {screen._isolated(title, 50)} ({self._undo_key()} to undo, {seconds} s)"
        screen.notify(pending.notice, timeout=UNDO_SECONDS)

    def _row_briefs(self, brief_id: str) -> list[str]:
        """The briefs the highlighted row stands for: ``brief_id``, and when the row is a story's
        collapsed group ("N sources") every other brief of the story, which the row hides."""
        screen = self.screen
        row = screen.article_list.current
        story = row.heads_story if row is not None and row.id == brief_id else None
        if story is None or story in screen.groups.expanded:
            return [brief_id]  # a brief alone, or a story expanded: its copies have rows of their own
        return [brief_id, *(other for other in screen.store.story_members(story) if other != brief_id)]

    def _undo_ended(self, pending: _Undo) -> None:
        """The undo window of ``pending`` closed: the reading pane stops offering it (when it still
        shows the deletion: nothing was opened or undone meanwhile)."""
        from tui.ui.screens.main import NOTHING_OPEN

        screen = self.screen
        if self._undo is pending and screen.session.current is None:
            screen.reader.show_message(f"Deleted. {NOTHING_OPEN}")

    def pending_since(self) -> float:
        """When the deletion that can still be undone was made (``-inf`` when there is none)."""
        pending = self._undo
        if pending is None or time.monotonic() > pending.deadline:
            return float("-inf")
        return pending.deadline - UNDO_SECONDS

    def undo(self) -> None:
        """Put back the brief deleted last, when it is still within :data:`UNDO_SECONDS`."""
        screen = self.screen
        pending, self._undo = self._undo, None
        if pending is None or time.monotonic() > pending.deadline:
            screen.notify("nothing to undo: a deletion or mark all read can be undone for a few seconds", timeout=3)
            return
        if not self._writable():
            return
        try:
            with screen.store.busy_wait(WRITE_WAIT_MS):
                ids = restore(screen.store, pending.removed)
        except StoreBusyError:
            self._undo = pending  # still within its window: try again
            screen.notify(f"{BUSY}: press {self._undo_key()} again in a moment", severity="warning")
            return
        except (StoreError, sqlite3.Error) as exc:
            screen.notify(f"could not bring the brief back: {exc}", severity="error")
            return
        if not ids:
            screen.notify("the brief is back already (imported again meanwhile)", timeout=3)
            return
        session = screen.session
        reopen = pending.opened if pending.opened is not None and pending.opened in ids else None
        if [entry.brief_id for entry in session.history.entries()] == pending.after:  # the history
            restored = pending.history  # before the deletion, at the brief shown after the undo
            shown = reopen or (session.current.id if session.current is not None else None)
            if shown is not None:
                restored.point_at(shown)
            session.history = restored
        session.save_history()  # else the reader went on to other briefs: their history stays
        screen.refresh_list()
        brief_id = ids[0]
        if reopen is not None:
            # As it was: its reading state as restored, and the focus where the undo was asked.
            screen.open_brief(reopen, pending.scroll, push=False, focus_reader=screen.keys.reading, mark=False)
        else:
            index = screen.groups.index_of(brief_id)  # its row in the list as shown (stories grouped)
            if index is not None:
                screen.article_list.cursor = index
        withdraw = getattr(screen.app, "withdraw", None)
        if withdraw is not None:
            withdraw(pending.notice)  # what it said is undone
        others = len(ids) - 1
        more = "" if not others else f" and {others} other source{'s' if others > 1 else ''} of its story"
        screen.notify(f"brought back: {screen._isolated(pending.removed.briefs[0].title, 50)}{more}", timeout=3)
