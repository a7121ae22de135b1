"""A batch's search index rows are written together at its end: one index segment, the same entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest
from index_entries import index_entries

from tui.models import Article, Block
from tui.store import index, index_writes
from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer

VERSIONS = ("أصلية", "منقحة", "أخيرة")
WORDS = "الدول الضامنة اتفاق وقف إطلاق النار في إدلب والمكتبات القديمة Fibonacci 2019 مدينة".split()


def article(i: int, version: int = 0) -> Article:
    body = " ".join(WORDS[(i + j + version) % len(WORDS)] for j in range(40))
    return Article(
        id=f"b{i}",
        title=f"خبر رقم {i} {VERSIONS[version]}",
        blocks=(Block("text", body), Block("text", f"فقرة ثانية {i}")),
        date=f"2024-01-{i % 28 + 1:02d}",
        tags=("أخبار", f"وسم{i % 3}"),  # the tags trigger runs with every insert
        content_hash=f"{i}-{version}",
    )


def write(store: Store, articles: list[Article]) -> None:
    stem = get_stemmer(store.stemmer_name())
    with BatchWriter(store) as writer:
        for a in articles:
            writer.add(brief_rows(a, stem))


def segments(conn: sqlite3.Connection) -> int:
    """The number of segments in the index, from FTS5's structure record (its id is 10): a 4-byte
    cookie, an optional 4-byte version marker, then the number of levels and of segments as varints."""
    data = conn.execute(f"SELECT block FROM {index.TABLE}_data WHERE id = 10").fetchone()[0]
    at = 8 if data[4:8] == b"\xff\x00\x00\x01" else 4

    def varint() -> int:
        nonlocal at
        value = 0
        while True:
            byte = data[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                return value

    varint()  # levels
    return varint()


def rebuilt_entries(store: Store) -> list[tuple[str, int, str, int]]:
    """The index entries as a rebuild from the stored briefs makes them (rolled back afterwards)."""
    conn = store._conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"INSERT INTO {index.TABLE}({index.TABLE}) VALUES ('delete-all')")
        index.reindex_all(conn)
        return index_entries(conn)
    finally:
        conn.execute("ROLLBACK")


def test_a_batch_makes_one_index_segment(store: Store) -> None:
    write(store, [article(i) for i in range(20)])
    assert segments(store._conn) == 1
    write(store, [article(i) for i in range(20, 40)])
    assert segments(store._conn) == 2
    assert store.search("إدلب", limit=100) and len(store.search("Fibonacci", limit=100)) == 40


def test_updates_in_the_same_batch_leave_the_index_a_rebuild_makes(store: Store) -> None:
    write(store, [article(i) for i in range(10)])
    # Within one batch: a brief updated twice, another inserted then updated.
    write(store, [article(3, 1), article(3, 2), article(10), article(10, 1), article(4, 1)])
    assert index_entries(store._conn) == rebuilt_entries(store)
    assert [h.id for h in store.search("أخيرة", limit=10)] == ["b3"]


def test_a_full_buffer_is_written_early_with_the_same_entries(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_writes, "MAX_BYTES", 2000)
    writes: list[int] = []
    index_briefs = index.index_briefs

    def counted(conn: sqlite3.Connection, rows: Sequence[tuple[int, Sequence[str | bytes]]]) -> None:
        writes.append(len(rows))
        index_briefs(conn, rows)

    monkeypatch.setattr(index, "index_briefs", counted)
    write(store, [article(i) for i in range(12)])
    assert len(writes) > 1 and sum(writes) == 12  # written in parts, each brief once
    write(store, [article(i, 1) for i in range(12)])
    assert index_entries(store._conn) == rebuilt_entries(store)


def test_a_batch_rolled_back_leaves_no_index_rows_behind(store: Store) -> None:
    write(store, [article(i) for i in range(5)])
    stem = get_stemmer(store.stemmer_name())
    with pytest.raises(RuntimeError), BatchWriter(store) as writer:
        writer.add(brief_rows(article(5), stem))
        writer.add(brief_rows(article(1, 1), stem))
        raise RuntimeError("stopped")
    write(store, [article(6)])
    assert store.count() == 6
    assert index_entries(store._conn) == rebuilt_entries(store)
    assert store.search("منقحة", limit=10) == []
