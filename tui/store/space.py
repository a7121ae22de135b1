"""Giving a store's free pages back to the file system after a large import.

SQLite keeps the pages it no longer uses inside the file, for later writes. A large import leaves
many: the search index writes a segment each transaction and merges them as they pile up, and the
merged segments' pages are freed (17% of a 100,000-brief store imported on a busy machine, where
transactions are closed by time and are small). Stores are made with ``auto_vacuum = INCREMENTAL``
(new files, and older stores from the VACUUM of schema 11), so those pages can be given back a few
thousand at a time, without rewriting the file; a store without it keeps them for its next writes.
"""

from __future__ import annotations

from tui.store.store import Store

FREE_SHARE = 0.05
"""Free pages are given back when they are more than this share of the file: a few are reused by
the next writes anyway."""
STEP_PAGES = 4096
"""Pages given back per transaction (16 MB of 4 KB pages), so the reader is never held up long."""


def give_back_free_pages(store: Store) -> int:
    """Give the store's free pages back when they are more than :data:`FREE_SHARE` of it; returns
    how many were (0 when the store does not vacuum incrementally or has few)."""
    given = 0
    while True:
        with store.writing() as conn:
            if int(conn.execute("PRAGMA auto_vacuum").fetchone()[0]) != 2:
                return given
            free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            if free == 0 or (given == 0 and free <= FREE_SHARE * pages):
                return given
            step = min(free, STEP_PAGES)
            # Python's sqlite3 stops this pragma after its first page (each page is a row with no
            # columns), so it is run once per page; each run costs microseconds.
            for _ in range(step):
                conn.execute("PRAGMA incremental_vacuum(1)")
            left = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
            given += free - left
            if left >= free:  # nothing could be given back: never loop on it
                return given
