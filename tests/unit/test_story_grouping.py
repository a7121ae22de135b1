"""Same-story grouping of a whole batch at once makes the groups that the one-by-one rules make.

The reference below is the rule written out plainly, brief by brief, in memory: a brief's
candidates are the first FOLLOWED briefs (in id order) of each of its keys that fewer than
COMMON_KEY briefs share; it joins those whose sketches are similar enough, merging their groups
under the smallest label. The store's grouping (one pass per import batch) must end with the same
labels, keys and hidden members, whatever the batch size.
"""

from __future__ import annotations

import bisect
import dataclasses
import sqlite3
from pathlib import Path

import pytest

from tui.importers.load import load_file
from tui.models import Article, Block
from tui.store import removal, stories
from tui.store.importing import BatchWriter, BriefRows, brief_rows
from tui.store.store import Store
from tui.text import story
from tui.text.stem import get_stemmer

DEFAULT_CAPS = (stories.COMMON_KEY, stories.FOLLOWED)
SET = Path(__file__).resolve().parents[1] / "data" / "same_story" / "briefs"


def articles() -> list[Article]:
    """The labelled set, plus briefs that bridge two stories (their groups merge) and short ones."""
    loaded = [load_file(path) for path in sorted(SET.glob("*.txt"))]
    by_id = {a.id: a for a in loaded}
    bridges = []
    for n, (a, b) in enumerate(
        [
            ("000_6b818919d795fa73__original", "010_arabic_numerals_europe__original"),
            ("004_arabic_script_letters__original", "005_calligraphy_styles__original"),
        ]
    ):
        first, second = by_id[a], by_id[b]
        bridges.append(
            dataclasses.replace(
                first, id=f"bridge{n}", blocks=first.blocks + second.blocks, content_hash=f"bridge{n}", path=None
            )
        )
    short = Article(id="short", title="short", blocks=(Block("paragraph", "خبر قصير جدا"),), content_hash="s")
    # Bridges in the middle and at the end: merges inside a batch and across batches.
    return loaded[:48] + bridges[1:] + [short] + loaded[48:] + bridges[:1]


def reference(items: list[tuple[str, tuple[int, ...]]], common: int, followed: int) -> dict[str, str | None]:
    """Each brief's group label (None when alone) by the one-by-one rule; briefs without a sketch left out."""
    postings: dict[int, list[str]] = {}
    sketches: dict[str, tuple[int, ...]] = {}
    label: dict[str, str | None] = {}
    for brief_id, signature in items:
        if not signature:
            continue
        keys = signature[: story.KEYS]
        candidates = {o for k in keys if len(postings.get(k, [])) < common for o in postings.get(k, [])[:followed]}
        for k in keys:  # a common key: the first brief of each group when they are few (one story's)
            if len(postings.get(k, [])) >= common:
                firsts: dict[str, str] = {}
                for o in postings[k]:
                    firsts.setdefault(label[o] or o, o)
                if len(firsts) <= followed:
                    candidates.update(firsts.values())
        matches = [o for o in candidates if story.similarity(signature, sketches[o]) >= story.SAME_STORY]
        found = {label[o] for o in matches if label[o] is not None}
        mine = min(found) if found else (min(matches) if matches else None)
        for other, its in list(label.items()):
            if its in found or other in matches:
                label[other] = mine
        label[brief_id], sketches[brief_id] = mine, signature
        for k in keys:
            if len(postings.setdefault(k, [])) < common:
                bisect.insort(postings[k], brief_id)
    return label


def stored(path: Path) -> tuple[dict[str, str | None], set[tuple[int, str]], dict[str, str]]:
    conn = sqlite3.connect(path)
    try:
        labels = dict(conn.execute("SELECT brief_id, story FROM story_sketch"))
        keys = set(conn.execute("SELECT key, brief_id FROM story_keys"))
        hidden = dict(conn.execute("SELECT brief_id, story FROM story_hidden"))
        order = [r[0] for r in conn.execute("SELECT id FROM briefs ORDER BY undated, date DESC, id")]
    finally:
        conn.close()
    # Hidden: every member of a group but its first in list order, worked out here from the labels.
    expected: dict[str, str] = {}
    seen: set[str] = set()
    for brief_id in order:
        group = labels.get(brief_id)
        if group is not None:
            if group in seen:
                expected[brief_id] = group
            seen.add(group)
    assert hidden == expected
    return labels, keys, hidden


@pytest.mark.parametrize(("size", "group_every"), [(None, None), (1, None), (7, None), (None, 3), (20, 6)])
@pytest.mark.parametrize(("common", "followed"), [DEFAULT_CAPS, (3, 2)])
def test_batches_group_as_one_by_one(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: int | None,
    group_every: int | None,
    common: int,
    followed: int,
) -> None:
    """Whatever the batches, and grouped at the commit or every few briefs (as a fetch does)."""
    monkeypatch.setattr(stories, "COMMON_KEY", common)
    monkeypatch.setattr(stories, "FOLLOWED", followed)
    stem = get_stemmer("light10")
    rows = [brief_rows(a, stem) for a in articles()]
    with Store.open(tmp_path / "s.db") as store, BatchWriter(store, size, group_every=group_every) as writer:
        for r in rows:
            writer.add(r)
    labels, keys, _ = stored(tmp_path / "s.db")
    expected = reference([(r.id, story.unpack(r.story)) for r in rows], common, followed)
    assert labels == expected
    assert len({v for v in labels.values() if v is not None}) >= 10  # the set's stories are grouped
    if (common, followed) == DEFAULT_CAPS:  # each bridge merged the groups of its two stories
        assert labels["bridge0"] == labels["000_6b818919d795fa73__added"] == labels["010_arabic_numerals_europe__added"]
        assert (
            labels["bridge1"] == labels["004_arabic_script_letters__added"] == labels["005_calligraphy_styles__added"]
        )
    assert "short" not in labels
    # Keys: each brief's KEYS smallest hashes, unless COMMON_KEY briefs already had that key.
    per_key: dict[int, int] = {}
    for key, _ in keys:
        per_key[key] = per_key.get(key, 0) + 1
    assert max(per_key.values()) <= common
    assert {b for _, b in keys} <= set(labels)


def test_a_brief_rewritten_in_a_batch_leaves_its_group_as_one_by_one(tmp_path: Path) -> None:
    stem = get_stemmer("light10")
    loaded = articles()
    by_id = {a.id: a for a in loaded}
    rows = [brief_rows(a, stem) for a in loaded]
    # The second import: a new copy of a story, then a copy of 001 rewritten as 009, then another new copy.
    rewritten = dataclasses.replace(
        by_id["001_turkey_idlib_first_military_step__dropped"],
        blocks=by_id["009_harakat_proverbs__original"].blocks,
        content_hash="rewritten",
    )
    extra = [
        dataclasses.replace(by_id["002_erdogan_idlib_emergency__dropped"], id="new1", content_hash="n1", path=None),
        rewritten,
        dataclasses.replace(by_id["009_harakat_proverbs__dropped"], id="new2", content_hash="n2", path=None),
    ]
    second = [brief_rows(a, stem) for a in extra]
    for size in (None, 1):
        path = tmp_path / f"s{size}.db"
        with Store.open(path) as store:
            for batch in (rows, second):
                with BatchWriter(store, size) as writer:
                    for r in batch:
                        writer.add(r)
        labels, _, _ = stored(path)
        sequence = [(r.id, story.unpack(r.story)) for r in rows]
        # One by one, the rewritten brief leaves (its row removed) before it is grouped again.
        before = reference(sequence, stories.COMMON_KEY, stories.FOLLOWED)
        assert labels["new1"] == before["002_erdogan_idlib_emergency__dropped"]
        assert labels[rewritten.id] == labels["009_harakat_proverbs__original"] == labels["new2"]
        assert labels[rewritten.id] != labels["001_turkey_idlib_first_military_step__original"]


@pytest.mark.parametrize("workers", [0, 2])
def test_an_upgrade_groups_the_stored_briefs_as_their_import_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Schema 9's upgrade (sketches made again from the stored texts, by worker processes or not)
    ends with the tables an import of the same briefs makes."""
    from tui.store import schema, story_fill

    monkeypatch.setattr(story_fill, "CHUNK", 7)  # many tasks, queued ahead and collected in order
    monkeypatch.setattr(story_fill, "BATCH", 20)  # several grouping passes
    stem = get_stemmer("light10")
    path = tmp_path / "s.db"
    with Store.open(path) as store, BatchWriter(store, None) as writer:
        for r in (brief_rows(a, stem) for a in articles()):
            writer.add(r)
    imported = stored(path)
    conn = sqlite3.connect(path, isolation_level=None)
    for table in ("story_keys", "story_hidden", "story_sketch"):
        conn.execute(f"DROP TABLE {table}")
    with schema.transaction(conn):
        stories.create_schema(conn)
        story_fill.fill_all(conn, workers=workers)
    conn.close()
    assert stored(path) == imported


def written_alone(path: Path, steps: list[list[BriefRows] | str]) -> None:
    """Each brief written by a writer of its own (nothing kept from one brief to the next); a
    string step removes that brief, as another program would."""
    with Store.open(path) as store:
        for step in steps:
            if isinstance(step, str):
                removal.delete(store, [step])
                continue
            for rows in step:
                with BatchWriter(store, None) as writer:
                    writer.add(rows)


@pytest.mark.parametrize(("common", "followed"), [DEFAULT_CAPS, (3, 2), (30, 1)])
def test_one_writer_keeps_the_store_s_postings_across_its_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, common: int, followed: int
) -> None:
    """One writer for two imports' worth of briefs, briefs rewritten in a later batch among them
    (their keys leave what the writer keeps): the same groups, keys and hidden members as briefs
    written by writers of their own, which keep nothing."""
    monkeypatch.setattr(stories, "COMMON_KEY", common)
    monkeypatch.setattr(stories, "FOLLOWED", followed)
    stem = get_stemmer("light10")
    loaded = articles()
    by_id = {a.id: a for a in loaded}
    rewritten = [
        dataclasses.replace(
            by_id["001_turkey_idlib_first_military_step__dropped"],
            blocks=by_id["009_harakat_proverbs__original"].blocks,
            content_hash="rewritten",
        ),
        dataclasses.replace(
            by_id["000_6b818919d795fa73__added"],  # the first of its story in id order
            blocks=by_id["010_arabic_numerals_europe__original"].blocks,
            content_hash="another story",
        ),
        dataclasses.replace(by_id["009_harakat_proverbs__dropped"], id="new2", content_hash="n2", path=None),
    ]
    # New copies of the story the rewritten briefs left: their keys are those the rewritten had.
    rewritten += [
        dataclasses.replace(
            by_id[f"{story_id}__{variant}"], id=f"copy {story_id} {variant}", content_hash=variant, path=None
        )
        for story_id in ("000_6b818919d795fa73", "001_turkey_idlib_first_military_step")
        for variant in ("original", "dropped", "harakat")
    ]
    rows = [brief_rows(a, stem) for a in loaded + rewritten]
    with Store.open(tmp_path / "one.db") as store, BatchWriter(store, 7) as writer:
        for r in rows:
            writer.add(r)
    written_alone(tmp_path / "alone.db", [rows])
    assert stored(tmp_path / "one.db") == stored(tmp_path / "alone.db")


def test_a_brief_removed_by_another_program_between_batches_is_no_candidate(tmp_path: Path) -> None:
    """The writer forgets what it keeps when another connection changed the store since its last
    batch: a removed brief's keys and mask are not used for the briefs written after."""
    stem = get_stemmer("light10")
    rows = [brief_rows(a, stem) for a in articles()]
    story_000 = [r for r in rows if r.id.startswith("000_")]
    first, rest = story_000[:2], [r for r in rows if r not in story_000[:2]]
    victim = first[0].id
    with Store.open(tmp_path / "one.db") as store, Store.open(tmp_path / "one.db") as other:
        with BatchWriter(store, None) as writer:
            for r in first:
                writer.add(r)
            writer.commit()
            assert stored(tmp_path / "one.db")[0][victim] is not None  # grouped with the second
            removal.delete(other, [victim])
            for r in rest:
                writer.add(r)
    written_alone(tmp_path / "alone.db", [first, victim, rest])
    labels, keys, hidden = stored(tmp_path / "one.db")
    assert victim not in labels and victim not in {b for _, b in keys}
    assert (labels, keys, hidden) == stored(tmp_path / "alone.db")


def test_keys_left_waiting_by_a_stopped_writer_are_put_in_by_the_next(tmp_path: Path) -> None:
    """A writer stopped after some commits leaves its keys in ``story_keys_new``; the next writer
    puts them into ``story_keys`` before it reads any (those of a brief removed meanwhile dropped),
    and the store ends as if no writer had stopped."""
    stem = get_stemmer("light10")
    rows = [brief_rows(a, stem) for a in articles()]
    first, rest = rows[:30], rows[30:]
    victim = first[3].id
    path = tmp_path / "stopped.db"
    with Store.open(path) as store:
        with pytest.raises(KeyboardInterrupt), BatchWriter(store, 7) as writer:
            for r in first:
                writer.add(r)
            writer.commit()
            raise KeyboardInterrupt
        conn = sqlite3.connect(path)
        waiting = {r[0] for r in conn.execute("SELECT brief_id FROM story_keys_new")}
        conn.close()
        assert victim in waiting and set(waiting) <= {r.id for r in first}
        removal.delete(store, [victim])
        with BatchWriter(store, 7) as writer:
            for r in rest:
                writer.add(r)
    written_alone(tmp_path / "alone.db", [first, victim, rest])
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM story_keys_new").fetchone()[0] == 0
    conn.close()
    assert stored(path) == stored(tmp_path / "alone.db")


def index_vocabulary(path: Path) -> list[tuple[str, str, int, int]]:
    """Every term of the search index with its column, documents and occurrences (FTS5's vocabulary)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, briefs_fts, 'col')")
        return sorted(conn.execute("SELECT term, col, doc, cnt FROM vocab"))
    finally:
        conn.close()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_refold_indexes_and_groups_the_stored_briefs_as_their_import_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Schema 19's pass (the index and the sketches made again from the stored texts in one pass)
    ends with the index and the tables an import of the same briefs makes."""
    from tui.store import schema, story_fill

    monkeypatch.setattr(story_fill, "CHUNK", 7)
    monkeypatch.setattr(story_fill, "BATCH", 20)
    stem = get_stemmer("light10")
    path = tmp_path / "s.db"
    with Store.open(path) as store, BatchWriter(store, None) as writer:
        for r in (brief_rows(a, stem) for a in articles()):
            writer.add(r)
    imported, vocabulary = stored(path), index_vocabulary(path)
    assert len(vocabulary) > 1000
    conn = sqlite3.connect(path, isolation_level=None)
    with schema.transaction(conn):
        conn.execute("INSERT INTO briefs_fts(briefs_fts) VALUES ('delete-all')")  # nothing left of it
        story_fill.refill_all(conn, workers=workers)
    conn.close()
    assert stored(path) == imported
    assert index_vocabulary(path) == vocabulary


def test_the_upgrades_workers_end_with_it_even_killed(tmp_path: Path) -> None:
    """An upgrade killed with ``kill -9`` while its workers sketch: they end too (they waited on
    their pipe for ever, orphaned)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import multiprocessing, threading, time\n"
        "from tui.store import story_fill\n"
        "story_fill.sketch_chunk = lambda items, stemmer, reindex=False: time.sleep(120) or []\n"
        "def report():\n"
        "    time.sleep(1.5)\n"
        "    print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "threading.Thread(target=report, daemon=True).start()\n"
        "next(story_fill._sketched(iter([[('a', 't', 'x')], [('b', 't', 'x')]]), 'light10', 2))\n"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)}
    )
    assert proc.stdout is not None
    workers = [int(pid) for pid in proc.stdout.readline().split()]
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state not in ("Z", "X")

    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers)), workers


def test_a_story_republished_by_more_outlets_than_a_key_indexes_is_one_group(tmp_path: Path) -> None:
    """45 copies of one story in one import, then three more one by one: the copies past COMMON_KEY
    found no candidate (their keys were common, followed no more) and each stood alone, a row of its
    own under the "30 sources" row. A common key whose briefs are one group is followed to it."""
    stem = get_stemmer("light10")
    original = load_file(SET / "001_turkey_idlib_first_military_step__original.txt")
    copies = [
        dataclasses.replace(original, id=f"copy{i:02d}", title=f"نسخة {i} من الخبر", content_hash=str(i), path=None)
        for i in range(48)
    ]
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        with BatchWriter(store, None) as writer:
            for copy in copies[:45]:
                writer.add(brief_rows(copy, stem))
        for copy in copies[45:]:
            with BatchWriter(store, None) as writer:
                writer.add(brief_rows(copy, stem))
        assert {label for (label,) in store._conn.execute("SELECT story FROM story_sketch")} == {"copy00"}
        assert len(store.same_story("copy47")) == 47
    labels, keys, _ = stored(path)
    per_key: dict[int, int] = {}
    for key, _ in keys:
        per_key[key] = per_key.get(key, 0) + 1
    assert max(per_key.values()) == stories.COMMON_KEY  # the keys are indexed no further
