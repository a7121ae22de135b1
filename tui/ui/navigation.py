"""Back/forward history of the briefs read, for the linked-article navigator.

A plain class with no Textual import, so it is unit-tested without a terminal (the Frogmouth idea).
Entries are ``(brief_id, scroll)``; following a link pushes the brief left behind, going back
returns to it at the line it was scrolled to. :meth:`History.dump` and :meth:`History.load` keep it
between runs (as JSON in the store).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HistoryEntry:
    """One place in the history: a brief and how far it was scrolled."""

    brief_id: str
    """The brief's id."""
    scroll: int = 0
    """The first document line shown when the brief was left."""


class History:
    """A bounded back/forward history with a current entry.

    ``push`` after going back drops the forward branch, as a web browser does. When the history is
    full the oldest entry is forgotten.
    """

    def __init__(self, maximum: int = 100) -> None:
        if maximum < 1:
            raise ValueError("maximum must be at least 1")
        self._entries: deque[HistoryEntry] = deque(maxlen=maximum)
        """Every entry, oldest first."""
        self._index = -1
        """The position of the current entry in ``_entries`` (-1 when empty)."""

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def current(self) -> HistoryEntry | None:
        """The entry being read, or None before the first push."""
        return self._entries[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        """True when there is an entry before the current one."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """True when there is an entry after the current one."""
        return 0 <= self._index < len(self._entries) - 1

    def push(self, brief_id: str, scroll: int = 0) -> None:
        """Make ``brief_id`` the current entry, dropping any forward entries.

        Pushing the brief that is already current only updates its scroll.
        """
        current = self.current
        if current is not None and current.brief_id == brief_id:
            self.update_scroll(scroll)
            return
        while len(self._entries) > self._index + 1:
            self._entries.pop()
        self._entries.append(HistoryEntry(brief_id, scroll))
        self._index = len(self._entries) - 1

    def update_scroll(self, scroll: int) -> None:
        """Remember the scroll position of the current entry (before leaving it)."""
        if self._index >= 0:
            entry = self._entries[self._index]
            self._entries[self._index] = HistoryEntry(entry.brief_id, max(0, scroll))

    def peek_back(self) -> HistoryEntry | None:
        """The entry :meth:`back` would move to, without moving; None at the start."""
        return self._entries[self._index - 1] if self.can_go_back else None

    def peek_forward(self) -> HistoryEntry | None:
        """The entry :meth:`forward` would move to, without moving; None at the end."""
        return self._entries[self._index + 1] if self.can_go_forward else None

    def back(self) -> HistoryEntry | None:
        """Move to the previous entry and return it, or None (staying put) at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> HistoryEntry | None:
        """Move to the next entry and return it, or None (staying put) at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._entries[self._index]

    def remove(self, brief_id: str) -> None:
        """Forget every entry of a brief that no longer exists, keeping the current position sane."""
        kept = [e for e in self._entries if e.brief_id != brief_id]
        if len(kept) == len(self._entries):
            return
        current = self.current
        before = sum(1 for e in list(self._entries)[: self._index] if e.brief_id != brief_id)
        self._entries = deque(kept, maxlen=self._entries.maxlen)
        if not kept:
            self._index = -1
        elif current is not None and current.brief_id != brief_id:
            self._index = before
        else:
            self._index = min(max(before - 1, 0), len(kept) - 1)

    def point_at(self, brief_id: str) -> bool:
        """Make the entry of ``brief_id`` nearest the current position the current one; False
        (nothing moved) when no entry is of that brief."""
        spots = [i for i, entry in enumerate(self._entries) if entry.brief_id == brief_id]
        if not spots:
            return False
        self._index = min(spots, key=lambda i: abs(i - self._index))
        return True

    def entries(self) -> list[HistoryEntry]:
        """Every entry, oldest first (for tests and the help screen)."""
        return list(self._entries)

    def dump(self) -> str:
        """The history as JSON: ``{"entries": [[brief_id, scroll], ...], "current": index}``."""
        return json.dumps(
            {"entries": [[e.brief_id, e.scroll] for e in self._entries], "current": self._index},
            ensure_ascii=False,
        )

    @classmethod
    def load(cls, text: str | None, maximum: int = 100, exists: Callable[[str], bool] = lambda _: True) -> History:
        """A history from :meth:`dump`'s JSON, keeping the entries whose brief ``exists``.

        Anything else (no text, bad JSON, entries of the wrong shape) gives what can be kept, or
        an empty history: the file it comes from may have been edited by hand.
        """
        history = cls(maximum)
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            return history
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            return history
        current = data.get("current")
        current = current if isinstance(current, int) and not isinstance(current, bool) else -1
        kept: list[tuple[int, HistoryEntry]] = []
        for position, item in enumerate(data["entries"]):
            if (
                isinstance(item, list)
                and len(item) == 2
                and isinstance(item[0], str)
                and isinstance(item[1], int)
                and not isinstance(item[1], bool)
                and exists(item[0])
            ):
                kept.append((position, HistoryEntry(item[0], max(0, item[1]))))
        kept = kept[-maximum:]
        if not kept:
            return history
        history._entries.extend(entry for _, entry in kept)
        # The current entry, or the nearest kept one before it (after it when none is before).
        before = [k for k, (position, _) in enumerate(kept) if position <= current]
        history._index = before[-1] if before else 0
        return history
