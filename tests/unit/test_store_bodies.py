"""Brief texts stored compressed (tui.store.bodies, schema 11): round trips, damage, and the upgrade
of a store written by schema 9 (the last with a row per paragraph) keeping every brief, its reading
state and the history."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.models import Article, Block
from tui.store import bodies, schema
from tui.store.check import check_file, repair_file
from tui.store.errors import StoreDamagedError
from tui.store.search import search
from tui.store.store import Store


@given(st.lists(st.text()))
def test_pack_and_unpack_round_trip_any_text(texts: list[str]) -> None:
    assert bodies.unpack(bodies.pack(texts)) == texts


def test_pack_compresses_news_text() -> None:
    text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن المستشفى يخدم آلاف السكان. "
    texts = [text * 4] * 10
    raw = sum(len(t.encode()) for t in texts)
    assert len(bodies.pack(texts)) < raw / 2


def test_the_stored_format_is_zlib_whichever_library_writes_it() -> None:
    texts = ["أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد", "Second paragraph, «quoted»."]
    # What brief writes, the standard library reads (a store stays readable without isal) ...
    assert json.loads(zlib.decompress(bodies.pack(texts)).decode()) == texts
    # ... and what the standard library wrote (stores written before isal) brief reads.
    for level in (1, 6, 9):
        assert bodies.unpack(zlib.compress(json.dumps(texts, ensure_ascii=False).encode(), level)) == texts


@pytest.mark.parametrize("data", [b"", b"not zlib", zlib.compress(b"{not json"), zlib.compress(b'[1, "x"]')])
def test_a_damaged_value_is_reported_as_damage(data: bytes) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        bodies.unpack(data)


def test_paragraphs_take_the_positions_links_leave() -> None:
    links: list[bodies.BlockRow] = [(1, "link", "L1", "read also", None, None), (4, "link", "L4", "x", "t", None)]
    merged = bodies.merge(["p0", "p2", "p3", "p5"], links)
    assert [(pos, text) for pos, _, text, *_ in merged] == [
        (0, "p0"),
        (1, "L1"),
        (2, "p2"),
        (3, "p3"),
        (4, "L4"),
        (5, "p5"),
    ]


def test_a_damaged_text_row_is_a_damaged_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as s:
        with s.writing() as conn:
            conn.execute(
                "INSERT INTO briefs (id, title, title_norm, undated, content_hash, imported_at)"
                " VALUES ('a', 't', 't', 1, 'h', 'now')"
            )
            conn.execute("INSERT INTO bodies VALUES ('a', x'00ff00ff')")
        with pytest.raises(StoreDamagedError, match="damaged"):
            s.get("a")


# -- the upgrade from schema 9 ------------------------------------------------------------------

PARAGRAPHS = {
    "a": ["هطلت الأمطار على المدينة", "وأغلقت المدارس أبوابها"],
    "b": ["Line one\nwith a break", 'quotes " and \\ backslash', "ثالثاً"],
    "c": [],
}
LINKS = {"a": [(1, "اقرأ أيضاً", "عنوان ب", "b")], "c": [(0, "اقرأ أيضاً", "غير موجود", None)]}
"""Brief a: paragraph, link, paragraph; b: three paragraphs; c: one read-also line, no paragraph."""


def _version_9_store(path: Path) -> None:
    """A store written as schema 9 wrote it: paragraphs one row each, reading state, history."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=9)
    titles = {"a": "أمطار غزيرة", "b": "عنوان ب", "c": "روابط"}
    for n, (brief_id, title) in enumerate(titles.items()):
        conn.execute(
            "INSERT INTO briefs (id, title, title_norm, date, undated, content_hash, imported_at)"
            " VALUES (?, ?, ?, ?, 0, 'h', 'now')",
            (brief_id, title, title, f"2024-01-0{n + 1}"),
        )
        links = {pos for pos, *_ in LINKS.get(brief_id, [])}
        free = (p for p in range(100) if p not in links)
        for text in PARAGRAPHS[brief_id]:
            conn.execute("INSERT INTO paragraphs VALUES (?, ?, ?)", (brief_id, next(free), text))
        for pos, label, text, target in LINKS.get(brief_id, []):
            conn.execute(
                "INSERT INTO links (brief_id, pos, label, text, text_norm, target) VALUES (?, ?, ?, ?, ?, ?)",
                (brief_id, pos, label, text, text, target),
            )
    conn.execute("INSERT INTO state (brief_id, read, bookmarked, scroll, opened_at) VALUES ('a', 1, 1, 7, 'then')")
    conn.execute("INSERT INTO meta (key, value) VALUES ('history', '[\"b\", \"a\"]')")
    # Index the briefs as schema 9 did, so the upgrade has a real index to keep.
    from tui.store import index

    index.reindex_all(conn)
    conn.close()


def test_upgrade_from_schema_9_keeps_every_brief_state_and_history(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    _version_9_store(path)
    upgraded: list[Path] = []
    with Store.open(path, on_upgrade=upgraded.append) as s:
        assert upgraded == [path]
        assert schema.user_version(s._conn) == schema.LATEST
        tables = {name for (name,) in s._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "paragraphs" not in tables and "bodies" in tables
        a = s.get("a")
        assert a is not None
        assert [(b.kind, b.text) for b in a.blocks] == [
            ("text", "هطلت الأمطار على المدينة"),
            ("link", "عنوان ب"),
            ("text", "وأغلقت المدارس أبوابها"),
        ]
        assert a.blocks[1].target == "b" and a.blocks[1].label == "اقرأ أيضاً"
        b = s.get("b")
        assert b is not None and [blk.text for blk in b.blocks] == PARAGRAPHS["b"]
        c = s.get("c")
        assert c is not None and [(blk.kind, blk.text) for blk in c.blocks] == [("link", "غير موجود")]
        assert s.state("a") == (True, True, 7)
        assert s.meta("history") == '["b", "a"]'
        assert [h.id for h in search(s._conn, "المدارس")] == ["a"]  # the kept index finds body words
        assert [h.snippet for h in search(s._conn, "المدارس")] == ["وأغلقت [المدارس] أبوابها"]
        # The old table's pages were given back, and later free pages can be (incremental vacuum).
        assert s._conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert s._conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        # The upgraded brief can be replaced and removed from the index without a trace.
        new = Article(id="a", title="أمطار", blocks=(Block("text", "ثلوج في الجبال"),), content_hash="h2")
        from store_helpers import import_batch

        assert import_batch(s, [new]).updated == 1
        assert search(s._conn, "المدارس") == [] and [h.id for h in search(s._conn, "الجبال")] == ["a"]
    assert check_file(path) == []


def test_repair_reads_a_schema_9_store(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    _version_9_store(path)
    report = repair_file(path, tmp_path / "out.db")
    assert (report.saved, report.lost) == (3, 0)
    with Store.open(tmp_path / "out.db") as s:
        a = s.get("a")
        assert a is not None and [b.text for b in a.blocks] == [
            "هطلت الأمطار على المدينة",
            "عنوان ب",
            "وأغلقت المدارس أبوابها",
        ]
        assert s.state("a") == (True, True, 7)


def test_check_names_a_brief_whose_text_is_damaged_and_repair_leaves_it_out(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as s:
        from store_helpers import import_batch

        briefs = [Article(id=i, title=f"خبر {i}", blocks=(Block("text", f"نص {i}"),), content_hash=i) for i in "abc"]
        import_batch(s, briefs)
    assert check_file(path) == []
    conn = sqlite3.connect(path)
    # A row whose page is sound but whose bytes are not: zlib's checksum finds it.
    good = conn.execute("SELECT texts FROM bodies WHERE brief_id = 'b'").fetchone()[0]
    conn.execute("UPDATE bodies SET texts = ? WHERE brief_id = 'b'", (good[:-1] + bytes([good[-1] ^ 1]),))
    conn.commit()
    conn.close()
    problems = check_file(path)
    assert len(problems) == 1 and problems[0].startswith("brief b: its text cannot be read")
    report = repair_file(path, tmp_path / "out.db")
    assert (report.saved, report.lost) == (2, 1)
    with Store.open(tmp_path / "out.db") as s:
        assert [s.exists(i) for i in "abc"] == [True, False, True]


def test_free_pages_are_given_back_after_a_large_import(tmp_path: Path) -> None:
    from store_helpers import import_batch, remove_briefs

    from tui.store.space import give_back_free_pages

    path = tmp_path / "s.db"
    # Different text in each brief, so that compression leaves it about as large: many pages.
    words = [f"كلمة{i * 7919 % 10007}" for i in range(400)]
    with Store.open(path) as s:
        assert s._conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental, from the start
        briefs = [
            Article(
                id=f"b{i}",
                title=f"خبر {i}",
                blocks=(Block("text", " ".join(words[i:] + words[:i])),),
                content_hash=str(i),
            )
            for i in range(300)
        ]
        import_batch(s, briefs)
        remove_briefs(s, [f"b{i}" for i in range(0, 300, 2)])
        free = s._conn.execute("PRAGMA freelist_count").fetchone()[0]
        pages = s._conn.execute("PRAGMA page_count").fetchone()[0]
        assert free > 0.05 * pages  # the removed briefs' pages are free, inside the file
        assert give_back_free_pages(s) == free
        assert s._conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        # The file loses the free pages, and the pointer-map page past its new end if there is one
        # (an incrementally vacuumed file keeps one every 819 pages of 4 KB).
        assert pages - free - 1 <= s._conn.execute("PRAGMA page_count").fetchone()[0] <= pages - free
        assert s.get("b1") is not None and [h.id for h in search(s._conn, "خبر 151")][:1] == ["b151"]
        assert give_back_free_pages(s) == 0  # nothing left to give
    assert check_file(path) == []
