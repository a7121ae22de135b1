"""Ctrl+C just after a batch's COMMIT: the batch is counted as committed, as the store holds it."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer


class SignalAfterCommit:
    """A connection that sends this process SIGINT as soon as a COMMIT has succeeded."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = self._conn.execute(sql, *args)
        if sql == "COMMIT":
            os.kill(os.getpid(), signal.SIGINT)
        return cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_ctrl_c_right_after_a_commit_counts_the_batch(tmp_path: Path, sample_store: Store) -> None:
    articles = [sample_store.get(row.id) for row in sample_store.list_rows()][:6]
    with Store.open(tmp_path / "s.db") as store:
        stem = get_stemmer(store.stemmer_name())
        store._conn = SignalAfterCommit(store._conn)  # type: ignore[assignment]
        writer = BatchWriter(store, 3)
        with pytest.raises(KeyboardInterrupt):
            with writer:
                for article in articles:
                    assert article is not None
                    writer.add(brief_rows(article, stem))
        store._conn = store._conn._conn  # type: ignore[attr-defined]
        assert store.count() == 3
        assert writer.total.imported == 3
