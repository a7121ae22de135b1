"""Removing briefs: everything of a brief goes in one transaction, links to it become "not in store"
and resolve again when it returns, and an undo puts back exactly the rows that were taken."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from index_entries import index_entries
from store_helpers import import_batch

from tui.models import Article, Block
from tui.store.check import check_file
from tui.store.importing import BatchWriter, brief_rows
from tui.store.removal import UnknownBriefError, delete, restore
from tui.text.stem import get_stemmer

TURKEY = "001_turkey_idlib_first_military_step"
ERDOGAN = "002_erdogan_idlib_emergency"
"""Two sample briefs that link to each other by title."""


def dump(store) -> dict[str, list[tuple]]:
    """Every row of the tables a removal touches, sorted (the oracle: the store before the removal)."""
    conn = store._conn
    tables = {
        "briefs": "SELECT rowid, * FROM briefs",
        "bodies": "SELECT * FROM bodies",
        "links": "SELECT * FROM links",
        "state": "SELECT * FROM state",
        "removed": "SELECT id, feed FROM removed",
    }
    return {name: sorted(tuple(r) for r in conn.execute(sql)) for name, sql in tables.items()}


def rowid(store, brief_id: str) -> int:
    return int(store._conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief_id,)).fetchone()[0])


def test_a_removed_brief_leaves_every_table_and_the_search_index(sample_store, tmp_path) -> None:
    store = sample_store
    hits = [h.id for h in store.search("أردوغان يكشف")]
    assert ERDOGAN in hits
    before = dump(store)
    entries = index_entries(store._conn)
    gone_rowid = rowid(store, ERDOGAN)
    store.set_bookmarked(ERDOGAN, True)

    removed = delete(store, [ERDOGAN])

    assert removed.ids == (ERDOGAN,) and removed.count == 1
    assert store.get(ERDOGAN) is None
    assert [h.id for h in store.search("أردوغان يكشف")] == [h for h in hits if h != ERDOGAN]
    after = dump(store)
    for table in ("bodies", "links", "state"):
        assert not [r for r in after[table] if r[0] == ERDOGAN]
    # The index holds exactly what it held, without the removed brief's entries.
    assert index_entries(store._conn) == [e for e in entries if e[1] != gone_rowid]
    # The link from the other brief stays, pointing at nothing.
    assert [(link.text, link.target) for link in store.outgoing(TURKEY)] == [
        ("أردوغان يكشف عن ما ستفعله تركيا عند حدوث أي طارئ في إدلب", None)
    ]
    pointing_here = [r[:2] for r in before["links"] if r[5] == ERDOGAN and r[0] != ERDOGAN]
    assert removed.unlinked == len(pointing_here) > 0
    assert all(r[5] is None for r in after["links"] if r[:2] in pointing_here)
    assert len(after["briefs"]) == len(before["briefs"]) - 1
    assert check_file(tmp_path / "store.db") == []


def test_links_to_a_removed_brief_resolve_again_when_it_is_imported_again(sample_store, articles_dir) -> None:
    store = sample_store
    delete(store, [ERDOGAN])
    from tui.importing import run_import

    run_import(store, [articles_dir / f"{ERDOGAN}.txt"], progress=False, out=None)
    assert [link.target for link in store.outgoing(TURKEY)] == [ERDOGAN]


def test_links_to_a_removed_brief_move_to_a_copy_with_its_title_and_back_on_undo(sample_store, tmp_path) -> None:
    """A republished copy (same title, another id) is what the link means now: it points there,
    the removal counts no link left pointing nowhere, and the undo points it back."""
    store = sample_store
    original = store.get(ERDOGAN)
    assert original is not None
    # A brief linking to it, dated next to the copy that comes later: resolved afresh, its link would
    # now choose the copy (the nearest in date); the undo must point it back all the same.
    late = Article(
        id="late",
        title="خبر لاحق",
        blocks=(Block("text", "نص"), Block("link", original.title, label="اقرأ أيضاً")),
        date="2030-01-02",
        content_hash="late",
    )
    import_batch(store, [late])
    copy = replace(original, id="erdogan-copy", path=None, content_hash="copy", source="وكالة", date="2030-01-01")
    import_batch(store, [copy])
    assert [link.target for link in store.outgoing(TURKEY)] == [ERDOGAN]
    assert [link.target for link in store.outgoing("late")] == [ERDOGAN]
    before = dump(store)
    removed = delete(store, [ERDOGAN])
    assert [link.target for link in store.outgoing(TURKEY)] == ["erdogan-copy"]
    assert [link.target for link in store.outgoing("late")] == ["erdogan-copy"]
    assert removed.unlinked == 0
    assert restore(store, removed) == [ERDOGAN]
    assert dump(store) == before
    assert check_file(tmp_path / "store.db") == []


def test_unknown_ids_are_named_and_nothing_is_removed(sample_store) -> None:
    before = dump(sample_store)
    with pytest.raises(UnknownBriefError) as caught:
        delete(sample_store, [ERDOGAN, "no-such-brief", "nor-this"])
    assert caught.value.ids == ["no-such-brief", "nor-this"]
    assert "'no-such-brief', 'nor-this'" in str(caught.value)
    assert dump(sample_store) == before


def test_undo_puts_back_exactly_the_rows_taken(sample_store, tmp_path) -> None:
    store = sample_store
    store.set_bookmarked(TURKEY, True)
    store.set_scroll(TURKEY, 7)
    before = dump(store)
    entries = index_entries(store._conn)
    removed = delete(store, [TURKEY, ERDOGAN])  # two briefs that link to each other
    assert dump(store) != before
    assert restore(store, removed) == [TURKEY, ERDOGAN]
    assert dump(store) == before
    assert index_entries(store._conn) == entries
    assert store.state(TURKEY) == (False, True, 7)
    assert check_file(tmp_path / "store.db") == []


def test_undo_after_the_brief_came_back_by_import_changes_nothing(sample_store, articles_dir) -> None:
    store = sample_store
    removed = delete(store, [ERDOGAN])
    from tui.importing import run_import

    run_import(store, [articles_dir / f"{ERDOGAN}.txt"], progress=False, out=None)
    before = dump(store)
    assert restore(store, removed) == []
    assert dump(store) == before


def test_the_history_forgets_removed_briefs_and_an_undo_brings_it_back(sample_store) -> None:
    store = sample_store
    history = json.dumps({"entries": [[TURKEY, 0], [ERDOGAN, 3], ["003_khwarizmi_numbers", 0]], "current": 1})
    store.set_meta("history", history)
    removed = delete(store, [ERDOGAN])
    # The current entry was the removed one: the nearest one before it becomes current.
    assert json.loads(store.meta("history") or "") == {
        "entries": [[TURKEY, 0], ["003_khwarizmi_numbers", 0]],
        "current": 0,
    }
    restore(store, removed)
    assert store.meta("history") == history


def _feed_article(n: int) -> Article:
    return Article(
        id=f"feed-abc-{n}",
        title=f"خبر من الموجز رقم {n}",
        blocks=(Block("text", f"نص الخبر رقم {n} من الموجز."),),
        date="2024-01-0" + str(n),
        feed="https://example.org/feed.xml",
        content_hash=f"h{n}",
    )


def test_a_removed_feed_entry_is_not_brought_back_by_the_next_fetch(store) -> None:
    import_batch(store, [_feed_article(1), _feed_article(2)])
    delete(store, ["feed-abc-1"])
    stem = get_stemmer(store.stemmer_name())
    with BatchWriter(store) as writer:  # the same entries again, as a fetch writes them
        for n in (1, 2):
            writer.add(brief_rows(_feed_article(n), stem))
    assert writer.total.imported == 0 and writer.total.unchanged == 2
    assert not store.exists("feed-abc-1")
    # A file with that id is imported as any file is.
    import_batch(store, [replace(_feed_article(1), feed=None)])
    assert store.exists("feed-abc-1")


def _segments(store) -> int:
    """How many segments the search index has, from FTS5's structure record (id 10): a 4-byte
    cookie, then varints for the number of levels and the number of segments."""
    (record,) = store._conn.execute("SELECT block FROM briefs_fts_data WHERE id = 10").fetchone()
    values, value, shift = [], 0, 0
    for byte in record[4:]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            values.append(value)
            value, shift = 0, 0
            if len(values) == 2:
                return values[1]
    raise AssertionError("short structure record")


def test_a_removal_and_its_undo_each_write_one_index_segment(sample_store) -> None:
    store = sample_store
    before = _segments(store)
    removed = delete(store, [TURKEY, ERDOGAN, "003_khwarizmi_numbers", "004_arabic_script_letters"])
    assert _segments(store) == before + 1  # one per brief would make a merge of the whole index due sooner
    restore(store, removed)
    assert _segments(store) == before + 2
