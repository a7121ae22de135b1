"""A store written at any earlier schema version opens with every brief, its reading state and the history.

For each version ``v`` below the latest, a store is brought to ``v`` by the migrations as they ran then,
filled with raw SQL through the tables that version has (three briefs, a resolved and a dangling read-also
link, read and bookmarked state, a scroll position, the back/forward history, a feed from version 6 on),
closed, and opened by today's :class:`Store`. What went in must come out unchanged, searchable, and sound
by ``brief check``'s own test.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest
from store_helpers import import_batch

from tui.importers.load import load_file
from tui.models import Article, Block
from tui.store import bodies, check, index, schema
from tui.store.importing import brief_rows
from tui.store.removal import delete, restore
from tui.store.store import Store
from tui.text import index_words, normalize, story
from tui.text.dates import sortable_date
from tui.text.stem import get_stemmer

BRIEFS = [
    (
        "a",
        "أمطار غزيرة في المدينة",
        "امطار غزيره في المدينه",
        "2024-03-02T01:00:00+03:00",  # 2024-03-01 22:00 UTC: older than b, newer as text
        ["هطلت الأمطار على المدينة", "الطرق مغلقة"],
    ),
    ("b", "Floods close the coast road", "floods close the coast road", "2024-03-02", ["Water rose by 2 metres"]),
    ("c", "خبر بلا تاريخ", "خبر بلا تاريخ", None, ["نص الخبر الثالث"]),
]
HISTORY = {"entries": [["a", 0], ["b", 3], ["c", 0]], "current": 1}


def _fill(conn: sqlite3.Connection, version: int) -> None:
    """Three briefs, two links, reading state and history, as a store of ``version`` kept them."""
    for bid, title, title_norm, date, paragraphs in BRIEFS:
        conn.execute(
            "INSERT INTO briefs (id, title, title_norm, date, undated, tags, content_hash, imported_at)"
            " VALUES (?, ?, ?, ?, ?, '[\"طقس\"]', ?, '2024-03-03T00:00:00')",
            (bid, title, title_norm, date, int(date is None), f"hash-{bid}"),
        )
        if version >= 11:
            bodies.write(conn, bid, bodies.pack(paragraphs))
        else:
            conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?)", [(bid, i, p) for i, p in enumerate(paragraphs)])
    conn.execute(
        "INSERT INTO links (brief_id, pos, label, text, text_norm, target) VALUES ('a', 2, 'اقرأ أيضاً', ?, ?, 'b')",
        (BRIEFS[1][1], BRIEFS[1][2]),
    )
    conn.execute(
        "INSERT INTO links (brief_id, pos, label, text, text_norm, target) VALUES ('b', 1, 'Read also', 'عاصفة قادمة', 'عاصفه قادمه', NULL)"
    )
    conn.executemany(
        "INSERT INTO state (brief_id, read, bookmarked, scroll, opened_at) VALUES (?, ?, ?, ?, ?)",
        [("a", 1, 0, 0, "2024-03-03T08:00:00"), ("b", 0, 1, 3, "2024-03-03T09:00:00")],
    )
    conn.execute("INSERT INTO meta VALUES ('history', ?)", (json.dumps(HISTORY),))
    if version >= 15:  # dates with a time kept as their moment in UTC, as written beside it
        for bid, _, _, date, _ in BRIEFS:
            if date is not None and (key := sortable_date(date)) != date:
                conn.execute("UPDATE briefs SET date = ?, written_date = ? WHERE id = ?", (key, date, bid))
    if version >= 2:
        index.reindex_all(conn)
    if version >= 6:
        conn.execute(
            "INSERT INTO feeds (url, id_base, title, added_at, etag) VALUES"
            " ('http://127.0.0.1:9/feed.xml', 'base', 'الأخبار', '2024-03-01T00:00:00', '\"v1\"')"
        )
        conn.execute(
            "UPDATE briefs SET feed = 'http://127.0.0.1:9/feed.xml', url = 'http://127.0.0.1:9/b' WHERE id = 'b'"
        )


def _old_store(tmp_path: Path, version: int) -> Path:
    """A store of schema ``version`` holding what :func:`_fill` writes."""
    path = tmp_path / f"v{version}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=version)
    with schema.transaction(conn):
        _fill(conn, version)
    conn.close()
    return path


@pytest.mark.parametrize("version", range(1, schema.LATEST))
def test_a_store_of_every_earlier_version_keeps_briefs_state_and_history(tmp_path: Path, version: int) -> None:
    path = _old_store(tmp_path, version)

    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        assert [row.id for row in store.list_rows()] == ["b", "a", "c"]  # newest first, undated last
        for bid, title, _, date, paragraphs in BRIEFS:
            brief = store.get(bid)
            assert brief is not None
            assert (brief.title, brief.date, brief.paragraphs, brief.tags) == (title, date, tuple(paragraphs), ("طقس",))
            assert store.content_hash(bid) == f"hash-{bid}"
        assert store.state("a") == (True, False, 0)
        assert store.state("b") == (False, True, 3)
        assert store.state("c") == (False, False, 0)
        assert json.loads(store.meta("history") or "") == HISTORY
        assert [ref.target for ref in store.outgoing("a")] == ["b"]
        assert [ref.target for ref in store.incoming("b")] == ["a"]
        # the counts above the list (kept by triggers from version 12): three briefs, "a" read
        assert (store.count(), store.unread_count()) == (3, 2)
        if version >= 6:
            assert (store.count("http://127.0.0.1:9/feed.xml"), store.unread_count("http://127.0.0.1:9/feed.xml")) == (
                1,
                1,
            )
        assert [h.id for h in store.search("المدينة")] == ["a"]
        assert [h.id for h in store.search("metres")] == ["b"]
        if version >= 6:
            feed = store.feed("http://127.0.0.1:9/feed.xml")
            assert feed is not None and feed.title == "الأخبار" and feed.etag == '"v1"'
        # The texts moved to one compressed row per brief (version 11); a removal and its undo keep them.
        tables = {row[0] for row in store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "bodies" in tables and "paragraphs" not in tables
        removed = delete(store, ["a"])
        assert store.get("a") is None and store.search("المدينة") == []
        assert restore(store, removed) == ["a"]
        restored = store.get("a")
        assert restored is not None and restored.paragraphs == tuple(BRIEFS[0][4])
        assert store.state("a") == (True, False, 0) and [h.id for h in store.search("المدينة")] == ["a"]
        assert json.loads(store.meta("history") or "") == HISTORY
        assert [ref.target for ref in store.outgoing("a")] == ["b"]
        # the dangling link of the old store still resolves when its brief arrives
        arrived = Article(id="d", title="عاصفة قادمة", blocks=(Block("text", "رياح"),), content_hash="d1")
        import_batch(store, [arrived])
        assert [ref.target for ref in store.outgoing("b")] == ["d"]
    assert check.check_file(path) == []


@pytest.mark.parametrize("version", range(1, schema.LATEST))
def test_a_store_of_every_earlier_version_is_checked_and_repaired_without_upgrading_it(
    tmp_path: Path, version: int
) -> None:
    """``brief check`` runs what it can on an older store and says so; ``--repair`` saves every brief
    (it read none from a store of schema 2 to 5 and said it was done), the original untouched."""
    path = _old_store(tmp_path, version)
    original = path.read_bytes()

    problems, notes = check.check_with_notes(path)
    assert problems == []
    if version < check.CHECKED_FROM_VERSION:
        assert notes == [
            f"a store of schema {version} (this brief writes {schema.LATEST}): only SQLite's integrity check was"
            " run; brief upgrades the store when it next opens it (brief stats, say), then 'brief check' checks"
            " the rest"
        ]
    else:  # every check reads it as it is
        assert notes == []
    report = check.repair_file(path, tmp_path / "repaired.db")
    assert (report.saved, report.lost) == (3, 0)
    assert path.read_bytes() == original
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # the upgraded copy went
    with Store.open(tmp_path / "repaired.db") as store:
        for bid, title, _, date, paragraphs in BRIEFS:
            brief = store.get(bid)
            assert brief is not None and (brief.title, brief.date, brief.paragraphs) == (title, date, tuple(paragraphs))
        assert (store.state("a"), store.state("b")) == ((True, False, 0), (False, True, 3))


def test_a_repair_that_fails_leaves_no_file_behind(tmp_path: Path, monkeypatch) -> None:
    """A repair stopped by an error (the disk full, say) removes the store it had begun."""
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        import_batch(store, [Article(id="a", title="خبر", blocks=(Block("text", "نص"),), content_hash="a")])

    def full(*_: object, **__: object) -> None:
        raise check.StoreError(f"{tmp_path / 'repaired.db'}: the disk is full")

    monkeypatch.setattr(check, "finish_import", full)
    with pytest.raises(check.StoreError, match="disk is full"):
        check.repair_file(path, tmp_path / "repaired.db")
    assert not [p.name for p in tmp_path.iterdir() if "repaired" in p.name]


STORIES = Path(__file__).resolve().parents[1] / "data" / "same_story" / "briefs"


def _old_sketch_rows(conn: sqlite3.Connection, groups: dict[str, tuple[Article, str | None]], version: int) -> None:
    """Same-story rows as ``version`` wrote them (no mask before version 13): each brief's sketch is
    that of the article given for it, with the group label given; the brief's stored paragraphs are
    that article's, as a store of that version made them (an upgrade that folds anew sketches them
    again from the text), without read-also lines of their own."""
    stem = get_stemmer(index.stemmer_name(conn))
    for brief_id, (article, label) in groups.items():
        paragraphs = [block.text for block in article.blocks]
        conn.execute("DELETE FROM links WHERE brief_id = ?", (brief_id,))
        if version >= 11:
            bodies.write(conn, brief_id, bodies.pack(paragraphs))
        else:
            conn.execute("DELETE FROM paragraphs WHERE brief_id = ?", (brief_id,))
            conn.executemany(
                "INSERT INTO paragraphs VALUES (?, ?, ?)", [(brief_id, i, p) for i, p in enumerate(paragraphs)]
            )
        signature = story.sketch(brief_rows(article, stem).columns[3].decode())
        assert signature  # long enough to be grouped
        keys = story.index_keys(signature)
        conn.execute(
            "INSERT INTO story_sketch (brief_id, sketch, keys, story) VALUES (?, ?, ?, ?)",
            (brief_id, story.pack(signature), json.dumps(list(keys)), label),
        )
        if version >= 13:
            conn.execute("UPDATE story_sketch SET mask = ? WHERE brief_id = ?", (story.mask(signature), brief_id))
        conn.executemany("INSERT INTO story_keys (key, brief_id) VALUES (?, ?)", [(k, brief_id) for k in keys])


@pytest.mark.parametrize("version", range(9, schema.LATEST))
def test_same_story_groups_of_an_earlier_version_are_kept_and_grow(tmp_path: Path, version: int) -> None:
    """A store written by any version with sketches (before they had masks, or before
    ``story_keys_new``) keeps its groups, gets every mask, and a brief imported later joins a stored group (which it could not if the masks were wrong: they rule
    candidates out)."""
    idlib = load_file(STORIES / "001_turkey_idlib_first_military_step__original.txt")
    other = load_file(STORIES / "004_arabic_script_letters__original.txt")
    path = tmp_path / f"v{version}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=version)
    with schema.transaction(conn):
        _fill(conn, version)
        if version < 13:
            conn.execute("ALTER TABLE story_sketch DROP COLUMN mask")  # the table as it was then
        if version < 14:
            conn.execute("DROP TABLE story_keys_new")  # none before version 14
        # a and b one story (its label the smaller id; b, the newer, shown, a under it), c alone
        _old_sketch_rows(conn, {"a": (idlib, "a"), "b": (idlib, "a"), "c": (other, None)}, version)
        conn.execute("INSERT INTO story_hidden (brief_id, story) VALUES ('a', 'a')")
    conn.close()

    with Store.open(path) as store:
        rows = store._conn.execute(
            "SELECT brief_id, sketch, mask, story FROM story_sketch ORDER BY brief_id"
        ).fetchall()
        assert [(r[0], r[3]) for r in rows] == [("a", "a"), ("b", "a"), ("c", None)]
        assert all(mask == story.mask(story.unpack(sketch)) for _, sketch, mask, _ in rows)
        assert store.same_story("b") == [("a", 1.0)]
        assert store.same_story("c") == []
        import_batch(store, [dataclasses.replace(idlib, id="e", content_hash="e", path=None)])
        assert sorted(store.same_story("e")) == [("a", 1.0), ("b", 1.0)]
        import_batch(store, [dataclasses.replace(other, id="f", content_hash="f", path=None)])
        assert store.same_story("f") == [("c", 1.0)]
    assert check.check_file(path) == []


def test_groups_that_are_no_longer_one_story_are_split_on_upgrade(tmp_path: Path) -> None:
    """Version 15 grouped two short teasers on an estimate (see ``test_story.py``): opened today,
    the store leaves them alone, keeps the real group beside them, and the list shows every one."""
    from test_story import TEASER_AMMAN, TEASER_JERASH

    idlib = load_file(STORIES / "001_turkey_idlib_first_military_step__original.txt")
    teaser = dataclasses.replace(idlib, blocks=(Block("text", TEASER_JERASH),))
    amman = dataclasses.replace(idlib, blocks=(Block("text", TEASER_AMMAN),))
    path = tmp_path / "v15.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=15)
    with schema.transaction(conn):
        _fill(conn, 15)
        conn.execute(
            "INSERT INTO briefs (id, title, title_norm, date, undated, tags, content_hash, imported_at)"
            " VALUES ('d', 'جرش', 'جرش', '2019-08-25', 0, '[]', 'hash-d', '2024-03-03T00:00:00')"
        )
        # a and b one story (label a), c and d the teasers grouped (label c, d shown, c under it)
        _old_sketch_rows(conn, {"a": (idlib, "a"), "b": (idlib, "a"), "c": (amman, "c"), "d": (teaser, "c")}, 15)
        conn.executemany("INSERT INTO story_hidden (brief_id, story) VALUES (?, ?)", [("a", "a"), ("c", "c")])
    conn.close()

    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        labels = store._conn.execute("SELECT brief_id, story FROM story_sketch ORDER BY brief_id").fetchall()
        assert labels == [("a", "a"), ("b", "a"), ("c", None), ("d", None)]
        assert store._conn.execute("SELECT brief_id, story FROM story_hidden").fetchall() == [("a", "a")]
        assert store.same_story("c") == [] and store.same_story("b") == [("a", 1.0)]
    assert check.check_file(path) == []


def test_recheck_splits_only_what_the_rule_change_unlinked() -> None:
    """Group "c": two teasers the estimate linked (see ``test_story.py``) and a copy of one of them.
    The copies keep a group (the old label is not theirs: the first id of theirs is), the other
    teaser is left alone. Group "p": two copies and a brief like neither, linked once through a
    brief since removed: the old rule did not link them either, so the group stays as it is."""
    from test_story import TEASER_AMMAN, TEASER_JERASH, body_stems

    from tui.store import stories

    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(conn)
    amman, jerash = (story.sketch(body_stems(text)) for text in (TEASER_AMMAN, TEASER_JERASH))
    assert story.same_story_estimated(amman, jerash) and not story.same_story(amman, jerash)
    one, other = tuple(range(0, 40)), tuple(range(1000, 1040))
    rows = {
        "c": (amman, "c"),
        "d": (jerash, "c"),
        "e": (jerash, "c"),
        "p": (one, "p"),
        "r": (one, "p"),
        "t": (other, "p"),
        "x": (other, "d"),  # "d" labels this group: d was in it once, then rewritten
        "y": (other, "d"),
    }
    for brief_id, (signature, label) in rows.items():
        conn.execute(
            "INSERT INTO briefs (id, title, title_norm, date, undated, tags, content_hash, imported_at)"
            " VALUES (?, ?, ?, '2024-01-01', 0, '[]', ?, '2024-01-01')",
            (brief_id, brief_id, brief_id, brief_id),
        )
        conn.execute(
            "INSERT INTO story_sketch (brief_id, sketch, mask, keys, story) VALUES (?, ?, ?, '[]', ?)",
            (brief_id, story.pack(signature), story.mask(signature), label),
        )
    conn.executemany(
        "INSERT INTO story_hidden (brief_id, story) VALUES (?, ?)", [("d", "c"), ("e", "c"), ("r", "p"), ("t", "p")]
    )
    conn.execute("INSERT INTO story_hidden (brief_id, story) VALUES ('y', 'd')")
    assert stories.recheck_groups(conn) == 3  # c alone, d and e to "e" ("d" is another group's label)
    labels = dict(conn.execute("SELECT brief_id, story FROM story_sketch").fetchall())
    assert labels == {"c": None, "d": "e", "e": "e", "p": "p", "r": "p", "t": "p", "x": "d", "y": "d"}
    hidden = sorted(conn.execute("SELECT brief_id, story FROM story_hidden").fetchall())
    assert hidden == [("e", "e"), ("r", "p"), ("t", "p"), ("y", "d")]  # same dates: by id, the first shown
    assert stories.recheck_groups(conn) == 0


def test_an_empty_file_is_checked_as_holding_no_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert check.check_with_notes(path) == (
        [],
        ["no store has been made in this file yet (it holds no table): nothing to check"],
    )


def test_short_briefs_stored_before_version_17_are_grouped_on_upgrade(tmp_path: Path) -> None:
    """Two copies of one short entry (too short for shingles) had no sketch: the upgrade gives them
    their exact sketch and one group; a third short brief with other words stays alone."""
    path = tmp_path / "v16.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=16)
    texts = {
        "x1": ("Derby ends in a draw", "Football: the local derby ends in a draw after a late goal"),
        "x2": ("Derby ends in a draw", "Football: the local derby ends in a draw after a late goal"),
        "y": ("Derby ends in a win", "Football: the local derby ends in a win after a late goal"),
    }
    with schema.transaction(conn):
        for bid, (title, text) in texts.items():
            conn.execute(
                "INSERT INTO briefs (id, title, title_norm, date, undated, tags, content_hash, imported_at)"
                " VALUES (?, ?, ?, '2024-03-02', 0, '[]', ?, '2024-03-03T00:00:00')",
                (bid, title, title.lower(), f"hash-{bid}"),
            )
            bodies.write(conn, bid, bodies.pack([text]))
        index.reindex_all(conn)
    conn.close()
    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        assert store.same_story("x1") == [("x2", 1.0)]
        assert store.same_story("y") == []


def test_a_damaged_store_too_old_to_be_read_as_it_is_says_nothing_could_be_saved(tmp_path: Path) -> None:
    """Schema 5, its texts' page overwritten: read through an upgraded copy, whose upgrade meets the
    damage; the repair says so (it read the original with today's queries and called every brief
    unreadable), names no temporary file, and leaves no file behind."""
    path = _old_store(tmp_path, 5)
    conn = sqlite3.connect(path)
    page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'paragraphs' AND pagetype = 'leaf'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * size)
    with pytest.raises(check.StoreError) as caught:
        check.repair_file(path, tmp_path / "repaired.db")
    assert str(caught.value) == (
        f"{path}: a store of schema 5, older than this brief reads without upgrading it, and damaged where"
        " its upgrade reads: nothing could be saved"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if "repaired" in p.name) == []


OLD_FOLDS = [(char, folded) for char, folded in normalize._FOLD_PAIRS if char not in "\u0624\u0626"]
"""Search folding as versions 18 and before had it: a hamza on waw or yeh kept, Latin diacritics
and fullwidth forms too."""


PERSIAN = "\u06a9\u06aa\u06cc\u06d0\u06c1\u06c0\u06be"
"""The Persian and Urdu letters version 20 folds (ک ڪ ی ې ہ ۀ ھ)."""
OLD_FOLDS = [(char, folded) for char, folded in OLD_FOLDS if char not in PERSIAN]
FOLDS_19 = [(char, folded) for char, folded in normalize._FOLD_PAIRS if char not in PERSIAN]
"""Search folding as version 19 had it: no Persian letters folded, a hamza after yeh kept apart."""


def _fold_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fold as versions 18 and before did (and forget the words folded the new way meanwhile)."""
    monkeypatch.setattr(normalize, "_FOLD_PAIRS", tuple(OLD_FOLDS))
    monkeypatch.setattr(normalize, "_FOLD", str.maketrans(dict(OLD_FOLDS)))
    monkeypatch.setattr(normalize, "_HAS_LATIN", re.compile("(?!)"))  # matches nothing
    monkeypatch.setattr(normalize, "HAMZA_AFTER_YEH", ("\x00\x00", "\x00"))  # never found
    normalize.search_key.cache_clear()
    index_words._MEMOS.clear()


def _fold_as_19(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fold as version 19 did."""
    monkeypatch.setattr(normalize, "_FOLD_PAIRS", tuple(FOLDS_19))
    monkeypatch.setattr(normalize, "_FOLD", str.maketrans({**dict(FOLDS_19), **normalize._LATIN}))
    monkeypatch.setattr(normalize, "HAMZA_AFTER_YEH", ("\x00\x00", "\x00"))
    normalize.search_key.cache_clear()
    index_words._MEMOS.clear()


def test_version_19_folds_the_hamza_seats_of_everything_the_store_keeps(tmp_path: Path) -> None:
    """A store of version 18, folded with the hamza seats (and Latin diacritics) kept: upgraded, a
    search for either spelling finds a brief written with the other (``cafe`` finds ``Café``), its folded title and read-also line are the new
    ones, the two copies of a story are still one, and ``brief check`` finds the store sound (the
    index holds the words the store's text gives today: removing a brief needs exactly those)."""
    idlib = load_file(STORIES / "001_turkey_idlib_first_military_step__original.txt")
    written = dataclasses.replace(
        idlib,
        id="x",
        title="المسئول يتحدث عن الشئون",
        blocks=(*idlib.blocks, Block("text", "قال المسئول إن الشئون العامة تحتاج إلى رئيس جديد.")),
        content_hash="x",
        path=None,
    )
    copy = dataclasses.replace(written, id="y", title="تصريح المسئول", content_hash="y")
    linking = Article(
        id="z",
        title="خبر آخر",
        blocks=(Block("text", "نص الخبر"), Block("link", "المسؤول يتحدث عن الشؤون", label="اقرأ أيضاً")),
        content_hash="z",
    )
    latin = Article(id="w", title="Café society", blocks=(Block("text", "A naïve résumé."),), content_hash="w")
    path = tmp_path / "v18.db"
    with pytest.MonkeyPatch.context() as patch:
        _fold_as_before(patch)
        with Store.open(path) as store:
            import_batch(store, [written, copy, linking, latin])
            assert [hit.id for hit in store.search("مسؤول")] == ["z"]  # not x or y: the old folding
            assert store.search("cafe") == [] and store.search("resume") == []
            store._conn.execute("PRAGMA user_version = 18")
    normalize.search_key.cache_clear()
    index_words._MEMOS.clear()

    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        for query in ("مسؤول", "المسئول", "الشؤون", "شءون"):
            assert {hit.id for hit in store.search(query)} == {"x", "y", "z"}, query
        for query in ("cafe", "CAFÉ", "naive resume", "ｃａｆｅ"):
            assert [hit.id for hit in store.search(query)] == ["w"], query
        norm = store._conn.execute("SELECT title_norm FROM briefs WHERE id = 'x'").fetchone()[0]
        assert norm == "المسءول يتحدث عن الشءون"
        assert [(link.target, link.text) for link in store.outgoing("z")] == [("x", "المسؤول يتحدث عن الشؤون")]
        assert store.same_story("x") == [("y", 1.0)]
        delete(store, ["x"])  # the index gives back exactly the words it was given
        assert {hit.id for hit in store.search("مسؤول")} == {"y", "z"}
    assert check.check_file(path) == []


def test_version_20_folds_persian_letters_and_a_hamza_after_yeh_in_everything_the_store_keeps(tmp_path: Path) -> None:
    """A store of version 19: upgraded, کورونا finds كورونا and القارئ finds القارىء (and the other way
    round), the folded title and read-also line are the new ones, and ``brief check`` finds the
    store sound (the index holds the words the store's text gives today)."""
    persian = Article(
        id="p",
        title="آخر أخبار فیروس کورونا",
        blocks=(Block("text", "قال القارىء إن کتاب الطب الجديد يشرح کل شيء عن الوباء."),),
        content_hash="p",
    )
    arabic = Article(
        id="a",
        title="فيروس كورونا في المدينة",
        blocks=(Block("text", "كتب القارئ رسالة عن الشئ الذي رآه."),),
        content_hash="a",
    )
    linking = Article(
        id="l",
        title="خبر آخر",
        blocks=(Block("text", "نص الخبر"), Block("link", "آخر أخبار فيروس كورونا", label="اقرأ أيضاً")),
        content_hash="l",
    )
    path = tmp_path / "v19.db"
    with pytest.MonkeyPatch.context() as patch:
        _fold_as_19(patch)
        with Store.open(path) as store:
            import_batch(store, [persian, arabic, linking])
            assert {hit.id for hit in store.search("كورونا")} == {"a", "l"}  # not p: the old folding
            store._conn.execute("PRAGMA user_version = 19")
    normalize.search_key.cache_clear()
    index_words._MEMOS.clear()

    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        for query in ("كورونا", "کورونا", "فیروس"):
            assert {hit.id for hit in store.search(query)} == {"a", "p", "l"}, query  # l: its read-also line
        for query in ("القارئ", "القارىء", "شيء", "الشئ", "كتاب", "کل"):
            assert {hit.id for hit in store.search(query)} >= {"p"}, query
        for query in ("القارئ", "القارىء", "شيء", "الشئ"):
            assert {hit.id for hit in store.search(query)} == {"a", "p"}, query
        norm = store._conn.execute("SELECT title_norm FROM briefs WHERE id = 'p'").fetchone()[0]
        assert norm == "اخر اخبار فيروس كورونا"
        assert [link.target for link in store.outgoing("l")] == ["p"]  # its title, folded as the line is now
        delete(store, ["p"])  # the index gives back exactly the words it was given
        assert {hit.id for hit in store.search("کورونا")} == {"a", "l"}
    assert check.check_file(path) == []


def test_a_store_another_brief_is_upgrading_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second brief that finds an old store busy (the first one upgrading it) said "another
    program (another import?) kept it busy"; it names the upgrade now."""
    from tui.store import connect
    from tui.store.errors import StoreBusyError

    path = _old_store(tmp_path, schema.LATEST - 1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")  # as brief keeps its stores
    holder.execute("BEGIN IMMEDIATE")  # as an upgrade in progress holds it
    monkeypatch.setattr(connect, "BUSY_MS", 100)
    try:
        with pytest.raises(StoreBusyError) as caught:
            Store.open(path)
        assert str(caught.value) == connect.UPGRADING.format(path=path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(path) as store:  # the upgrade done once the other has let go
        assert schema.user_version(store._conn) == schema.LATEST
