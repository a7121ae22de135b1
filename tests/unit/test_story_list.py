"""The grouped list's pages (tui.store.story_list) against the whole list read in one go.

Pages past the middle are read from the list's end backwards; every page of every size, with
groups folded and expanded, must be the same rows as the matching slice of the whole list, which
is checked in turn against the list's order and groups computed in Python.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.importing import run_import
from tui.store import story_list
from tui.store.store import Store

SET = Path(__file__).resolve().parents[1] / "data" / "same_story"


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory):
    """The labelled set (17 stories of 8 copies, many of them on one date) and three undated briefs."""
    folder = tmp_path_factory.mktemp("in")
    for path in (SET / "briefs").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for n in range(3):
        (folder / f"undated_{n}.txt").write_text(f"title: بلا تاريخ {n}\n\nنص قصير {n} بلا تاريخ.\n", encoding="utf-8")
    store = Store.open(tmp_path_factory.mktemp("store") / "s.db")
    run_import(store, [folder], progress=False, out=None)
    yield store
    store.close()


def _python_list(store: Store, expanded: frozenset[str]) -> list[str]:
    """The grouped list computed in Python: every brief in list order (undated last, newest first,
    then by id), less each group's members but its first unless the group is expanded."""
    conn = store._conn
    briefs = conn.execute("SELECT id, undated, coalesce(date, '') FROM briefs").fetchall()
    briefs.sort(key=lambda b: b[0])
    briefs.sort(key=lambda b: b[2], reverse=True)
    briefs.sort(key=lambda b: b[1])
    label = dict(conn.execute("SELECT brief_id, story FROM story_sketch WHERE story IS NOT NULL").fetchall())
    seen: set[str] = set()
    out = []
    for brief_id, _, _ in briefs:
        story = label.get(brief_id)
        if story is None or story in expanded or story not in seen:
            out.append(brief_id)
        if story is not None:
            seen.add(story)
    return out


def test_the_labelled_set_makes_groups(grouped: Store) -> None:
    """The fixture holds what the pages are checked on: groups, and undated briefs."""
    labels = json.loads((SET / "labels.json").read_text(encoding="utf-8"))["story"]
    rows = grouped.story_rows()
    assert len(rows) == grouped.story_count() and len(rows) < len(labels)
    assert any(r.sources > 1 for r in rows)
    assert [r.id for r in rows[-3:]] == ["undated_0", "undated_1", "undated_2"]


@pytest.mark.parametrize("size", [1, 7, 200])
def test_every_page_read_forwards_or_backwards_is_its_slice(
    grouped: Store, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # Pages from the fourth row on may be read backwards (a million-brief store: from the 2,000th).
    monkeypatch.setattr(story_list, "BACKWARDS_FROM", 3)
    some_group = next(r.story for r in grouped.story_rows() if r.story)
    assert some_group is not None
    for expanded in (frozenset(), frozenset({some_group})):
        whole = grouped.story_rows(0, -1, expanded)
        assert [r.id for r in whole] == _python_list(grouped, expanded)
        total = grouped.story_count(expanded)
        assert total == len(whole)
        for offset in range(0, total + 2):
            page = grouped.story_rows(offset, size, expanded)
            assert page == whole[offset : offset + size], (offset, size)


def test_the_last_page_is_read_backwards(grouped: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The End key's page: read along the list's index from its end, not by stepping over the rows before it."""
    monkeypatch.setattr(story_list, "BACKWARDS_FROM", 3)
    seen: list[str] = []
    conn = grouped._conn
    conn.set_trace_callback(seen.append)
    try:
        total = grouped.story_count()
        grouped.story_rows(total - 5, 5)
    finally:
        conn.set_trace_callback(None)
    assert any(story_list.BACKWARDS_ORDER in sql for sql in seen)
