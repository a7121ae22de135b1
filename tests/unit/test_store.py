"""The store: idempotent import, update in place, reopen, list order, reading state, migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from index_entries import make_version_3_index
from store_helpers import import_batch, remove_briefs

from tui.models import Article, Block
from tui.store import schema
from tui.store.errors import StoreError
from tui.store.store import Store


def art(
    bid: str, title: str, *, date: str | None = None, body: str = "نص الخبر", links=(), h: str | None = None
) -> Article:
    blocks = [Block("text", body)] + [Block("link", t, label="اقرأ أيضاً") for t in links]
    return Article(id=bid, title=title, blocks=tuple(blocks), date=date, content_hash=h or f"{bid}-{title}-{body}")


def test_import_is_idempotent_and_updates_in_place(store: Store) -> None:
    first = import_batch(store, [art("a", "أ"), art("b", "ب")])
    assert (first.imported, first.updated, first.unchanged) == (2, 0, 0)
    again = import_batch(store, [art("a", "أ"), art("b", "ب")])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)
    store.set_bookmarked("a", True)
    changed = import_batch(store, [art("a", "أ", body="نص جديد")])
    assert (changed.imported, changed.updated, changed.unchanged) == (1 - 1, 1, 0)
    assert store.count() == 2
    assert store.get("a").paragraphs == ("نص جديد",)
    assert store.state("a")[1] is True  # reading state survives an update


def test_blocks_keep_their_order(store: Store) -> None:
    blocks = (Block("text", "one"), Block("link", "T", label="Read also"), Block("text", "two"))
    import_batch(store, [Article(id="x", title="X", blocks=blocks, content_hash="1")])
    assert store.get("x").blocks == blocks


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as s:
        import_batch(s, [art("a", "Alpha", date="2020-01-02", links=["Beta"])])
        s.mark_opened("a")
        s.set_scroll("a", 7)
    with Store.open(path) as s:
        assert s.get("a").title == "Alpha"
        assert s.state("a") == (True, False, 7)
        assert s.last_opened() == "a"
        assert [l.text for l in s.outgoing("a")] == ["Beta"]


def test_pragmas(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert schema.user_version(conn) == schema.LATEST


def test_list_order_newest_first_undated_last(store: Store) -> None:
    import_batch(
        store,
        [
            art("old", "Old", date="2019-01-01"),
            art("none", "None"),
            art("new", "New", date="2024-05-06"),
            art("mid", "Mid", date="2021-03-04T10:00:00"),
        ],
    )
    ids = [r.id for r in store.list_rows()]
    assert ids == ["new", "mid", "old", "none"]
    assert [store.index_of(i) for i in ids] == [0, 1, 2, 3]
    assert [r.id for r in store.list_rows(1, 2)] == ["mid", "old"]
    assert store.index_of("missing") is None


ZONED = [  # (id, date as written, the moment in UTC) in no order
    ("riyadh", "2024-05-01T09:00:00+03:00", "06:00"),
    ("utc", "2024-05-01T07:00:00Z", "07:00"),
    ("newyork", "2024-05-01T05:00:00-04:00", "09:00"),
    ("naive", "2024-05-01 08:00", "08:00 (no zone: the machine's, UTC in this test)"),
    ("day", "2024-05-01", "the day alone: before its times"),
    ("later", "2024-05-02T01:30:00+05:00", "2024-05-01 20:30"),
]


def test_times_in_different_zones_sort_by_the_moment_and_show_as_written(store: Store, monkeypatch) -> None:
    """Feeds write their times in their own zones: the list orders the moments (as text the
    +03:00 brief would be the newest of 1 May and the -04:00 one the oldest), and every reader of
    a brief's date gets it as written."""
    monkeypatch.setenv("TZ", "UTC0")
    time.tzset()
    import_batch(store, [art(bid, f"خبر {bid} في السوق", date=written) for bid, written, _ in ZONED])
    monkeypatch.undo()
    time.tzset()
    newest_first = ["later", "newyork", "naive", "utc", "riyadh", "day"]
    assert [r.id for r in store.list_rows()] == newest_first
    assert [r.id for r in store.story_rows()] == newest_first
    for batch in (1, 2, 4):
        assert [r.id for r in store.iter_rows(batch=batch)] == newest_first, batch
    assert [store.index_of(bid) for bid in newest_first] == list(range(len(newest_first)))
    written = {bid: date for bid, date, _ in ZONED}
    assert {r.id: r.date for r in store.list_rows()} == written
    assert {r.id: r.date for r in store.iter_rows(batch=2)} == written
    for bid, date, _ in ZONED:
        brief, row = store.get(bid), store.summary(bid)
        assert brief is not None and row is not None
        assert (brief.date, row.date) == (date, date)
    assert {h.id: h.date for h in store.search("السوق")} == written
    # Imported again unchanged, or changed, a brief keeps its date as written and its place.
    import_batch(store, [art("riyadh", "خبر riyadh في السوق", date="2024-05-01T09:00:00+03:00", body="نص آخر")])
    assert store.get("riyadh").date == "2024-05-01T09:00:00+03:00"  # type: ignore[union-attr]
    assert [r.id for r in store.list_rows()] == newest_first


def test_removing_a_brief_frees_links(store: Store) -> None:
    import_batch(store, [art("a", "Alpha", links=["Beta"]), art("b", "Beta")])
    assert store.outgoing("a")[0].target == "b"
    remove_briefs(store, ["b"])
    assert store.outgoing("a")[0].target is None


def test_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"hello, this is not sqlite\n" * 10)
    before = bad.read_bytes()
    with pytest.raises(StoreError, match="not a brief store"):
        Store.open(bad)
    assert bad.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_given_as_the_store_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a FIFO to read its first bytes waits for a writer that never comes: refused first."""
    pipe = tmp_path / "store.db"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(pipe)
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_corrupt_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as s:
        import_batch(s, [art(f"id{i}", f"title {i}", body="x" * 500) for i in range(50)])
        s._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # clobber the schema page after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path)


def _version_1_store(path: Path) -> sqlite3.Connection:
    """A store at schema version 1 holding one brief, written as that version wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO briefs (id, title, title_norm, date, undated, content_hash, imported_at)"
        " VALUES ('a', 'أمطار غزيرة', 'امطار غزيره', NULL, 1, 'h', 'now')"
    )
    conn.execute("INSERT INTO paragraphs VALUES ('a', 0, 'هطلت الأمطار على المدينة')")
    return conn


def test_migration_from_version_1(tmp_path: Path) -> None:
    """A store written by schema 1 (no search index) is upgraded and its briefs become searchable."""
    path = tmp_path / "old.db"
    _version_1_store(path).close()
    with Store.open(path) as s:
        assert schema.user_version(s._conn) == schema.LATEST
        from tui.store.search import search

        assert [h.id for h in search(s._conn, "الامطار")] == ["a"]


def test_migration_from_version_3_makes_the_index_contentless(tmp_path: Path) -> None:
    """A version 3 index kept a copy of every brief's words; version 4 keeps the index alone, and a
    brief indexed by the migration can then be updated and removed without a trace."""
    path = tmp_path / "v3.db"
    conn = _version_1_store(path)
    schema.migrate(conn, target=1)
    conn.execute("INSERT INTO meta VALUES ('search_stemmer', 'light10')")
    make_version_3_index(conn)
    conn.close()
    upgraded: list[Path] = []
    with Store.open(path, on_upgrade=upgraded.append) as s:
        assert upgraded == [path] and schema.user_version(s._conn) == schema.LATEST
        assert "content=''" in s._conn.execute("SELECT sql FROM sqlite_master WHERE name = 'briefs_fts'").fetchone()[0]
        from tui.store.search import search

        assert [h.id for h in search(s._conn, "المدينة")] == ["a"]
        new = Article(id="a", title="أمطار", blocks=(Block("text", "ثلوج في الجبال"),), content_hash="h2")
        assert import_batch(s, [new]).updated == 1
        assert search(s._conn, "المدينة") == [] and [h.id for h in search(s._conn, "الجبال")] == ["a"]
        remove_briefs(s, ["a"])
        s._conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, briefs_fts, instance)")
        assert s._conn.execute("SELECT count(*) FROM temp.v").fetchone()[0] == 0
    with Store.open(path, on_upgrade=upgraded.append):
        assert upgraded == [path]  # an up-to-date store is not upgraded again


def test_a_new_store_is_not_announced_as_an_upgrade(tmp_path: Path) -> None:
    upgraded: list[Path] = []
    with Store.open(tmp_path / "new.db", on_upgrade=upgraded.append) as s:
        assert schema.user_version(s._conn) == schema.LATEST
    assert upgraded == []


def test_migration_from_version_2_rebuilds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version 2 index (unicode61, every stem stored) is rebuilt, once; stem matches still work."""
    from tui.store import index

    rebuilds: list[int] = []
    reindex_all = index.reindex_all
    monkeypatch.setattr(index, "reindex_all", lambda conn, **kw: rebuilds.append(1) or reindex_all(conn, **kw))
    path = tmp_path / "v2.db"
    conn = _version_1_store(path)
    conn.execute(
        "CREATE VIRTUAL TABLE briefs_fts USING fts5(title, body, title_stem, body_stem,"
        " tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )
    conn.execute("INSERT INTO briefs_fts VALUES ('امطار غزيره', 'x', 'امطار غزير', 'x')")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Store.open(path) as s:
        assert schema.user_version(s._conn) == schema.LATEST
        assert len(rebuilds) == 1  # versions 3 and 4 both rebuild; the second has nothing to do
        sql = s._conn.execute("SELECT sql FROM sqlite_master WHERE name = 'briefs_fts'").fetchone()[0]
        assert "tokenize='ascii'" in sql
        assert "content=''" in sql  # contentless since version 4
        from tui.store.search import search

        assert [h.id for h in search(s._conn, "مدينة")] == ["a"]  # a word of the body, as typed
        assert [h.id for h in search(s._conn, "والمدينة")] == ["a"]  # found through its stem
        assert search(s._conn, "x") == []  # the stale row is gone


def test_migration_from_version_4_only_changes_the_merge_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 5 merges index segments 32 at a time; the index is kept (the upgrade is announced only
    because version 9 computes the briefs' same-story sketches and version 11 rewrites their texts)."""
    from tui.store import index

    path = tmp_path / "v4.db"
    conn = _version_1_store(path)
    schema.migrate(conn, target=4)
    conn.execute("UPDATE briefs_fts_config SET v = 16 WHERE k = 'automerge'")
    conn.execute("DELETE FROM briefs_fts_config WHERE k = 'crisismerge'")
    conn.close()
    rebuilds: list[int] = []
    monkeypatch.setattr(index, "reindex_all", lambda conn, **kw: rebuilds.append(1))
    upgraded: list[Path] = []
    with Store.open(path, on_upgrade=upgraded.append) as s:
        assert schema.user_version(s._conn) == schema.LATEST
        settings = dict(s._conn.execute("SELECT k, v FROM briefs_fts_config"))
        assert settings["automerge"] == settings["crisismerge"] == index.AUTOMERGE == 32
        from tui.store.search import search

        assert [h.id for h in search(s._conn, "الامطار")] == ["a"]
    assert upgraded == [path] and rebuilds == []


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer brief"):
        Store.open(path)


def test_iter_rows_reads_the_list_a_batch_at_a_time_from_where_it_was(store: Store) -> None:
    """Every row in list order, a feed's too, whatever the batch (ties of date broken by id, the
    undated last), each batch found along the list's index from the last row read: no OFFSET,
    which stepped over every row before each page (a million-brief ``brief list`` grew with the
    square), and no statement left open between batches."""
    import_batch(
        store,
        [art(f"b{n:02d}", f"خبر {n}", date=f"2024-01-{1 + n % 5:02d}" if n % 4 else None) for n in range(23)],
    )
    expected = store.list_rows()
    assert [r.date is None for r in expected[-6:]] == [True] * 6
    for batch in (1, 2, 5, 22, 23, 1000):
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        try:
            assert list(store.iter_rows(batch=batch)) == expected, batch
        finally:
            store._conn.set_trace_callback(None)
        assert not any("OFFSET" in sql for sql in statements)
    feed = "http://127.0.0.1:9/f.xml"
    store._conn.execute("UPDATE briefs SET feed = ? WHERE id IN ('b01', 'b04', 'b07', 'b13')", (feed,))
    for batch in (1, 3):
        assert list(store.iter_rows(batch=batch, feed=feed)) == store.list_rows(feed=feed)
    assert len(store.list_rows(feed=feed)) == 4
