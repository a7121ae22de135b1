"""Test helpers that write into a store directly: a batch of articles in one transaction, briefs removed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tui.models import Article
from tui.store import index
from tui.store.importing import BatchResult, BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer


def import_batch(store: Store, articles: Iterable[Article], *, fuzzy_links: bool = True) -> BatchResult:
    """Write ``articles`` in one transaction and re-resolve the links they touch (fuzzy matching too).

    Every brief's rows are computed before the first write, so a bad article writes nothing.
    """
    stem = get_stemmer(store.stemmer_name())
    rows = [brief_rows(article, stem) for article in articles]
    with BatchWriter(store, fuzzy_links=fuzzy_links) as writer:
        for brief in rows:
            writer.add(brief)
    return writer.total


def remove_briefs(store: Store, ids: Iterable[str]) -> int:
    """Delete briefs (their paragraphs, links and state go with them); links to them become unresolved."""
    removed = 0
    with store.writing() as conn:
        for brief_id in ids:
            row = conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None:
                continue
            index.unindex_brief(conn, int(row[0]))
            conn.execute("DELETE FROM briefs WHERE rowid = ?", (row[0],))
            removed += 1
    return removed


def count_briefs(path: Path) -> int:
    """How many briefs the store file at ``path`` holds now, read as another process would (0 while
    it cannot be read: not made yet, or locked)."""
    try:
        with sqlite3.connect(path, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
    except sqlite3.Error:
        return 0
