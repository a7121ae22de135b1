"""The search index's segments (tui.store.segments): read from FTS5's structure record, and the
level-0 segments a large import leaves merged at its end, with the index's contents unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_entries import index_entries
from store_helpers import import_batch

from tui.importing import run
from tui.models import Article, Block
from tui.store import segments
from tui.store.check import check_file
from tui.store.store import Store


def brief(n: int) -> Article:
    return Article(
        id=f"b{n}", title=f"خبر رقم {n}", blocks=(Block("text", f"نص الخبر {n} عن المطر والريح"),), content_hash=str(n)
    )


def levels(store: Store) -> list[segments.Level] | None:
    with store.writing() as conn:
        return segments.levels(conn)


def test_each_transaction_adds_one_segment_at_level_0(store: Store) -> None:
    # FTS5 writes what a transaction indexed as one new segment at level 0, until 32 pile up.
    for n in range(5):
        import_batch(store, [brief(2 * n), brief(2 * n + 1)])
        found = levels(store)
        assert found is not None and found[0] == segments.Level(segments=n + 1, merging=0)
        assert all(level.segments == 0 for level in found[1:])


def test_a_batch_of_new_and_changed_briefs_makes_one_segment(store: Store) -> None:
    import_batch(store, [brief(n) for n in range(5)])
    changed = Article(id="b2", title="خبر معدل", blocks=(Block("text", "ثلوج في الجبال"),), content_hash="x")
    twice = Article(id="b9", title="خبر تاسع", blocks=(Block("text", "رياح شديدة"),), content_hash="y")
    again = Article(id="b9", title="خبر تاسع", blocks=(Block("text", "أمواج عالية"),), content_hash="z")
    import_batch(store, [*(brief(n) for n in range(5, 9)), changed, twice, again])
    assert levels(store) == [segments.Level(2, 0)]  # one segment per transaction, whatever it wrote
    assert [h.id for h in store.search("الجبال")] == ["b2"]
    assert [h.id for h in store.search("أمواج")] == ["b9"] and store.search("رياح") == []
    # The index holds exactly the words of the briefs as stored: rebuilt from them, it is the same.
    entries = index_entries(store._conn)
    with store.writing() as conn:
        from tui.store import index

        index.reindex_all(conn)
    assert index_entries(store._conn) == entries


def test_settle_merges_level_0_into_one_segment_and_keeps_every_entry(store: Store, tmp_path: Path) -> None:
    for n in range(12):
        import_batch(store, [brief(n)])
    before = index_entries(store._conn)
    assert levels(store) == [segments.Level(12, 0)]

    steps = segments.settle(store)

    assert steps >= 1
    found = levels(store)
    assert found is not None
    assert found[0].segments == 0 and sum(level.segments for level in found) == 1
    assert index_entries(store._conn) == before
    assert [h.id for h in store.search("رقم 7")] == ["b7"]
    assert segments.settle(store) == 0  # nothing left to merge
    assert check_file(tmp_path / "store.db") == []


def test_settle_leaves_a_few_segments_alone(store: Store) -> None:
    for n in range(segments.SETTLE_AT - 1):
        import_batch(store, [brief(n)])
    assert segments.settle(store) == 0
    assert levels(store) == [segments.Level(segments.SETTLE_AT - 1, 0)]


@pytest.mark.parametrize(
    ("found", "usermerge"),
    [
        ([(25, 0)], 16),  # FTS5's largest usermerge: level 0 has more
        ([(25, 0), (1, 0)], 16),
        ([(10, 0), (8, 0)], 10),  # level 1 will hold 9 after the merge: still fewer than 10
        ([(10, 0), (9, 0)], None),  # it would hold 10: the merge would go on with it
        ([(25, 0), (15, 0)], None),
        ([(7, 0)], None),  # below SETTLE_AT
        ([(25, 25)], None),  # a merge under way is FTS5's to finish
        ([(25, 0), (0, 0), (3, 2)], None),
        ([(0, 0), (30, 0)], None),
    ],
)
def test_usermerge_takes_level_0_alone(found: list[tuple[int, int]], usermerge: int | None) -> None:
    assert segments.SETTLE_AT == 8
    assert segments.usermerge_for([segments.Level(*level) for level in found]) == usermerge


def test_a_large_import_ends_with_its_segments_merged(store: Store, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    for n in range(60):
        (folder / f"b{n:03d}.txt").write_text(
            f"---\ntitle: خبر رقم {n}\n---\nنص الخبر {n} عن المطر\n", encoding="utf-8"
        )
    monkeypatch.setattr(run, "BATCH_SIZE", 5)  # 12 transactions, as 48,000 briefs make
    assert run.run_import(store, [folder], progress=False, out=None).imported == 60
    found = levels(store)
    assert found is not None and found[0].segments == 0 and sum(level.segments for level in found) == 1
    assert [h.id for h in store.search("رقم 42")] == ["b042"]


@pytest.mark.parametrize("record", [b"", b"\x00\x00\x00\x01", b"\x00\x00\x00\x01\x05\x03\x00\x00\x02\x01"])
def test_a_record_that_cannot_be_read_is_left_alone(store: Store, record: bytes) -> None:
    for n in range(segments.SETTLE_AT + 2):
        import_batch(store, [brief(n)])
    with store.writing() as conn:
        (saved,) = conn.execute("SELECT block FROM briefs_fts_data WHERE id = 10").fetchone()
        conn.execute("UPDATE briefs_fts_data SET block = ? WHERE id = 10", (record,))
    assert levels(store) is None
    assert segments.settle(store) == 0
    with store.writing() as conn:
        assert conn.execute("SELECT block FROM briefs_fts_data WHERE id = 10").fetchone()[0] == record
        conn.execute("UPDATE briefs_fts_data SET block = ? WHERE id = 10", (saved,))
    assert levels(store) == [segments.Level(segments.SETTLE_AT + 2, 0)]
