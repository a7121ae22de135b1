"""The list in its order (newest first, undated last) as the store's methods read it: rows, counts,
a brief's position, and the same with one row per same-story group.

The list as the reader filters and sorts it is :mod:`tui.store.listing`; the rows grouped by story
are read by :mod:`tui.store.story_list`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from tui.models import ArticleSummary
from tui.store import tallies
from tui.store.handle import StoreHandle

LIST_ORDER = "ORDER BY undated, date DESC, id"
ROW_COLUMNS = (
    "b.id, b.title, coalesce(b.written_date, b.date), b.source, coalesce(s.read, 0), coalesce(s.bookmarked, 0),"
    " b.url, b.feed"
)
"""A list row (:class:`ArticleSummary`'s fields) of ``briefs b`` joined to ``state s``: the date as
written (``briefs.date`` is the form that sorts: :func:`tui.text.dates.sortable_date`)."""


def _feed_filter(feed: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its parameter) that keeps one feed's briefs, or none."""
    return ("WHERE feed = ?", (feed,)) if feed is not None else ("", ())


class ListRows(StoreHandle):
    """The store's methods for the list: its rows, counts and positions, plain and by story."""

    def count(self, feed: str | None = None) -> int:
        """How many briefs the store holds (from ``feed`` only, when given)."""
        with self._lock:
            return tallies.briefs(self._conn, feed)

    def unread_count(self, feed: str | None = None) -> int:
        """How many briefs are unread (from ``feed`` only, when given)."""
        with self._lock:
            return tallies.unread(self._conn, feed)

    def list_rows(self, offset: int = 0, limit: int = -1, feed: str | None = None) -> list[ArticleSummary]:
        """Rows of the list, newest first and undated last, from ``offset`` (``feed``'s only, when given)."""
        where, params = _feed_filter(feed)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {ROW_COLUMNS} FROM (SELECT id, title, date, written_date, source, url, feed FROM briefs"
                f" {where} {LIST_ORDER} LIMIT ? OFFSET ?) b"
                " LEFT JOIN state s ON s.brief_id = b.id",
                (*params, limit, offset),
            ).fetchall()
        return [ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7]) for r in rows]

    def iter_rows(self, batch: int = 1000, feed: str | None = None) -> Iterator[ArticleSummary]:
        """Every row of the list, in list order (``feed``'s only, when given), ``batch`` at a time.

        Each batch starts where the last one ended, found along the list's index (the dated briefs,
        then the undated ones by id): pages read by OFFSET stepped over every row before them, which
        grew with the square of the store, and one statement read to the end would hold a reader's
        snapshot of the store for as long as the output waits (``brief list | less``)."""
        columns = f"{ROW_COLUMNS}, b.date"
        feed_where, feed_params = ("b.feed = ? AND ", (feed,)) if feed is not None else ("", ())
        phases = (
            # (the rows' filter after the last row (its date, its id), before the first row)
            ("b.undated = 0 AND b.date <= ? AND (b.date < ? OR b.id > ?)", "b.undated = 0"),
            ("b.undated = 1 AND b.date IS NULL AND b.id > ?", "b.undated = 1 AND b.date IS NULL"),
        )
        for after, start in phases:
            last: tuple[str | None, str] | None = None
            while True:
                params: tuple[str, ...]
                if last is None:
                    where, params = start, ()
                else:
                    date, bid = last
                    where, params = after, ((date, date, bid) if date is not None else (bid,))
                with self._lock:
                    rows = self._conn.execute(
                        f"SELECT {columns} FROM briefs b LEFT JOIN state s ON s.brief_id = b.id"
                        f" WHERE {feed_where}{where} ORDER BY b.undated, b.date DESC, b.id LIMIT ?",
                        (*feed_params, *params, batch),
                    ).fetchall()
                for r in rows:
                    yield ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7])
                if len(rows) < batch:
                    break
                last = (rows[-1][8], rows[-1][0])  # the date as it sorts

    def index_of(self, brief_id: str, feed: str | None = None) -> int | None:
        """The position of a brief in the list order (among ``feed``'s briefs, when given), or None
        when it is not there."""
        with self._lock:
            row = self._conn.execute("SELECT undated, date, id, feed FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None or (feed is not None and row[3] != feed):
                return None
            undated, date, bid, _ = row
            # Three counts that each walk the list index only up to the brief (an OR would scan it all).
            counts: list[tuple[str, tuple[object, ...]]] = [("undated < ?", (undated,))]
            if date is None:
                counts.append(("undated = 1 AND date IS NULL AND id < ?", (bid,)))
            else:
                counts += [
                    ("undated = ? AND date > ?", (undated, date)),
                    ("undated = ? AND date = ? AND id < ?", (undated, date, bid)),
                ]
            same_feed, feed_args = ("feed = ? AND ", (feed,)) if feed is not None else ("", ())
            n = sum(
                self._conn.execute(
                    f"SELECT count(*) FROM briefs WHERE {same_feed}{where}", (*feed_args, *params)
                ).fetchone()[0]
                for where, params in counts
            )
        return int(n)

    # -- by story ----------------------------------------------------------------------------

    def story_rows(self, offset: int = 0, limit: int = -1, expanded: Collection[str] = ()) -> list[ArticleSummary]:
        """Rows of the list with one row per same-story group (its first brief; every brief of the
        groups in ``expanded``), from ``offset`` (:mod:`tui.store.story_list`)."""
        from tui.store import story_list

        with self._lock:
            return story_list.rows(self._conn, offset, limit, expanded)

    def story_count(self, expanded: Collection[str] = ()) -> int:
        """How many rows :meth:`story_rows` has."""
        from tui.store import story_list

        with self._lock:
            return story_list.count(self._conn, expanded)

    def story_index_of(self, brief_id: str, expanded: Collection[str] = ()) -> int | None:
        """The row of :meth:`story_rows` that shows ``brief_id`` (its group's, when it is hidden under
        the group's first brief), or None when it is not stored."""
        from tui.store import story_list

        with self._lock:
            head = story_list.head_of(self._conn, brief_id, expanded)
            before = story_list.hidden_before(self._conn, head, expanded)
        index = self.index_of(head)
        return None if index is None else index - before

    def story_labels(self, ids: Sequence[str]) -> dict[str, str]:
        """The same-story group label of each brief of ``ids`` that is in a group."""
        from tui.store import story_list

        with self._lock:
            return story_list.labels_of(self._conn, ids)

    def story_members(self, label: str) -> list[str]:
        """The briefs of the same-story group ``label``, in list order."""
        from tui.store import story_list

        with self._lock:
            return story_list.group_ids(self._conn, label)
