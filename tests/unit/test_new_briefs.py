"""New briefs are inserted a few hundred at a time: the store ends exactly as one insert per brief
leaves it, a brief written twice in one batch is compared with itself, a rolled-back batch leaves
nothing of what it held."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from index_entries import index_entries

from tui.models import Article, Block
from tui.store import new_briefs, tallies
from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer

WORDS = "الدول الضامنة اتفاق وقف إطلاق النار في إدلب والمكتبات القديمة Fibonacci 2019 مدينة".split()


def article(i: int, version: int = 0, *, feed: str | None = None) -> Article:
    body = " ".join(WORDS[(i * 7 + j + version) % len(WORDS)] for j in range(60))
    return Article(
        id=f"n{i:03d}",
        title=f"خبر رقم {i} نسخة {version}",
        blocks=(
            Block("text", body),
            Block("text", f"فقرة ثانية {i}"),
            Block("link", f"خبر رقم {(i + 1) % 9} نسخة 0", label="اقرأ أيضاً"),
        ),
        date=f"2024-02-{i % 28 + 1:02d}",
        source=("وكالة أ", "وكالة ب")[i % 2],
        tags=("أخبار", f"وسم{i % 3}"),
        content_hash=f"{i}-{version}",
        feed=feed,
        url=f"https://example.org/{i}" if feed else None,
    )


def write(store: Store, articles: list[Article], size: int | None = None) -> BatchWriter:
    stem = get_stemmer(store.stemmer_name())
    with BatchWriter(store, size) as writer:
        for a in articles:
            writer.add(brief_rows(a, stem))
    return writer


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row a brief's writing makes (the time of writing left out), rowids included."""
    return {
        "briefs": conn.execute(
            "SELECT rowid, id, title, title_norm, date, undated, source, url, tags, extra, path, encoding,"
            " content_hash, feed, is_read FROM briefs ORDER BY rowid"
        ).fetchall(),
        "tags": conn.execute("SELECT tag, brief_id FROM brief_tags ORDER BY tag, brief_id").fetchall(),
        "bodies": conn.execute("SELECT brief_id, texts FROM bodies ORDER BY brief_id").fetchall(),
        "links": conn.execute("SELECT * FROM links ORDER BY brief_id, pos").fetchall(),
        "tallies": conn.execute("SELECT * FROM tallies ORDER BY feed").fetchall(),
        "sources": conn.execute("SELECT * FROM source_tallies ORDER BY source").fetchall(),
        "tag counts": conn.execute("SELECT * FROM tag_tallies ORDER BY tag").fetchall(),
        "sketches": conn.execute("SELECT brief_id, sketch, story FROM story_sketch ORDER BY brief_id").fetchall(),
        "index": [tuple(e) for e in index_entries(conn)],
    }


def articles() -> list[Article]:
    """Files and feed entries, then some of them again changed, some unchanged, in one list."""
    first = [article(i, feed="https://feed.example/rss" if i % 3 == 0 else None) for i in range(12)]
    again = [article(2, 1), article(5), article(12), article(12, 1), article(7, 2)]
    return first + again


def test_held_briefs_leave_the_store_as_one_insert_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(new_briefs, "FLUSH_AT", 1)  # one brief a flush: the insert of each by itself
    with Store.open(tmp_path / "one.db") as one:
        counts_one = write(one, articles(), size=7).total
        expected = snapshot(one._conn)
    monkeypatch.setattr(new_briefs, "FLUSH_AT", 5)
    with Store.open(tmp_path / "held.db") as held:
        counts_held = write(held, articles(), size=7).total
        got = snapshot(held._conn)
        assert tallies.recount(held._conn) == [] and tallies.recount_tags(held._conn) == []
    assert got == expected
    assert (counts_held.imported, counts_held.updated, counts_held.unchanged) == (13, 3, 1)
    assert (counts_one.imported, counts_one.updated, counts_one.unchanged) == (13, 3, 1)
    assert [row[1] for row in got["briefs"]][:3] == ["n000", "n001", "n002"]  # rowids in the order written


def test_a_batch_inserts_its_new_briefs_in_one_statement(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    flushed: list[int] = []
    flush = new_briefs.NewBriefs.flush

    def counted(self: new_briefs.NewBriefs, *args: object) -> None:
        flushed.append(len(self))
        flush(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(new_briefs.NewBriefs, "flush", counted)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    try:
        write(store, [article(i) for i in range(40)])
    finally:
        store._conn.set_trace_callback(None)
    inserts = {s for s in statements if s.lstrip().upper().startswith("INSERT INTO BRIEFS ")}
    assert len(inserts) == 1 and "FROM temp.new_briefs" in inserts.pop()  # no statement a brief
    assert max(flushed) == 40
    assert store._conn.execute("SELECT count(*) FROM briefs").fetchone()[0] == 40


def test_the_same_brief_twice_in_one_batch_is_compared_with_itself(store: Store) -> None:
    result = write(store, [article(1), article(1), article(2), article(2, 1)]).total
    assert (result.imported, result.updated, result.unchanged) == (2, 1, 1)
    assert store._conn.execute("SELECT content_hash FROM briefs WHERE id = 'n002'").fetchone() == ("2-1",)
    assert [h.id for h in store.search('"نسخة 1"', limit=10)] == ["n002"]


def test_a_batch_rolled_back_leaves_nothing_it_held(store: Store) -> None:
    write(store, [article(0)])
    stem = get_stemmer(store.stemmer_name())
    with pytest.raises(RuntimeError), BatchWriter(store) as writer:
        for i in range(1, 6):
            writer.add(brief_rows(article(i), stem))
        raise RuntimeError("stopped")
    write(store, [article(6)])
    assert [r[0] for r in store._conn.execute("SELECT id FROM briefs ORDER BY rowid")] == ["n000", "n006"]
    assert tallies.recount(store._conn) == []
    assert store._conn.execute("SELECT count(*) FROM bodies").fetchone()[0] == 2
