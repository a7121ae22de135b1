"""The reading state the store keeps for the reader: each brief's read and bookmark flags and
scroll position, the brief opened last, and the small values kept between runs (``meta``).

A brief's state is written by a statement that looks for the brief itself, so a brief another
program removed meanwhile raises :class:`~tui.store.errors.BriefNotStoredError` and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tui.store.errors import BriefNotStoredError
from tui.store.handle import StoreHandle

_BRIEF_STORED = "(SELECT 1 FROM briefs WHERE id = ?1)"
"""The condition under which reading state is written for the brief ``?1``: it is stored."""


class ReadingState(StoreHandle):
    """The store's methods for the reading state of briefs and the values kept between runs."""

    def state(self, brief_id: str) -> tuple[bool, bool, int]:
        """``(read, bookmarked, scroll)`` of a brief."""
        with self._lock:
            row = self._conn.execute(
                "SELECT read, bookmarked, scroll FROM state WHERE brief_id = ?", (brief_id,)
            ).fetchone()
        return (bool(row[0]), bool(row[1]), int(row[2])) if row else (False, False, 0)

    def _set_state(self, brief_id: str, column: str, value: int) -> None:
        """Set one column of a brief's reading state; :class:`BriefNotStoredError` when the brief
        is not stored (another program removed it), nothing written."""
        self.require_writable()
        with self._lock:
            # The brief is looked for in the same statement, so a removal can never slip in
            # between the look and the write (which would fail on the foreign key).
            written = self._conn.execute(
                f"INSERT INTO state (brief_id, {column}) SELECT ?1, ?2 WHERE EXISTS {_BRIEF_STORED}"
                f" ON CONFLICT (brief_id) DO UPDATE SET {column} = ?2",
                (brief_id, value),
            ).rowcount
        if not written:
            raise BriefNotStoredError(brief_id)

    def set_read(self, brief_id: str, read: bool = True) -> None:
        """Mark a brief read or unread."""
        self._set_state(brief_id, "read", int(read))

    def set_bookmarked(self, brief_id: str, bookmarked: bool) -> None:
        """Set or clear a brief's bookmark."""
        self._set_state(brief_id, "bookmarked", int(bookmarked))

    def set_scroll(self, brief_id: str, scroll: int) -> None:
        """Remember how far a brief was scrolled."""
        self._set_state(brief_id, "scroll", max(0, int(scroll)))

    def mark_opened(self, brief_id: str) -> None:
        """Record that a brief was opened: read, and the one to reopen on next start.

        :class:`BriefNotStoredError` when the brief is not stored, nothing written.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.writing() as conn:
            written = conn.execute(
                f"INSERT INTO state (brief_id, read, opened_at) SELECT ?1, 1, ?2 WHERE EXISTS {_BRIEF_STORED}"
                " ON CONFLICT (brief_id) DO UPDATE SET read = 1, opened_at = ?2",
                (brief_id, now),
            ).rowcount
            if not written:
                raise BriefNotStoredError(brief_id)  # the transaction is rolled back
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened', ?)", (brief_id,))

    def read_with_their_story(self, ids: Sequence[str]) -> list[str]:
        """Mark read the briefs of ``ids``, just written and never opened, whose same-story group was
        read already (:func:`tui.store.stories.read_with_their_story`); returns them."""
        from tui.store.stories import read_with_their_story

        with self.writing() as conn:
            return read_with_their_story(conn, ids)

    def meta(self, key: str) -> str | None:
        """A value the reader keeps in the store between runs (``meta`` table), or None."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` for the next run."""
        with self.writing() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def last_opened(self) -> str | None:
        """The id of the brief read last, when it is still stored."""
        with self._lock:
            row = self._conn.execute(
                "SELECT m.value FROM meta m JOIN briefs b ON b.id = m.value WHERE m.key = 'last_opened'"
            ).fetchone()
        return row[0] if row else None
