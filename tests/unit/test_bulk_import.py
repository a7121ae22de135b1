"""Bulk import through worker processes writes the same store as an import done in one process."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from index_entries import index_entries

from tui.importing import pool, run_import
from tui.store import bodies
from tui.store.search import search
from tui.store.store import Store

WORDS = "الدول الضامنة اتفاق وقف إطلاق النار في إدلب والمكتبات القديمة Fibonacci 2019 مدينة".split()


def make_corpus(folder: Path, n: int) -> list[str]:
    """``n`` briefs with front matter and links, one empty and one binary file among them."""
    folder.mkdir()
    for i in range(n):
        words = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(30))
        link = f"\nاقرأ أيضاً: خبر رقم {i - 1}" if i % 3 == 0 and i else ""
        text = f"---\ntitle: خبر رقم {i}\ndate: 2024-01-{i % 28 + 1:02d}\n---\n{words} {i}.{link}\n"
        (folder / f"b{i:04d}.txt").write_text(text, encoding="utf-8")
    (folder / "b0007.txt").write_bytes(b"")
    (folder / "b0011.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    return sorted(p.name for p in folder.iterdir())


def dump(path: Path) -> dict[str, list]:
    """The store's contents that an import decides (not the import time)."""
    conn = sqlite3.connect(path)
    out = {
        "briefs": conn.execute(
            "SELECT rowid, id, title, title_norm, date, content_hash FROM briefs ORDER BY rowid"
        ).fetchall(),
        "texts": [
            (brief_id, bodies.unpack(texts))
            for brief_id, texts in conn.execute("SELECT brief_id, texts FROM bodies ORDER BY brief_id")
        ],
        "links": conn.execute("SELECT * FROM links ORDER BY brief_id, pos").fetchall(),
        "index": index_entries(conn),
    }
    conn.close()
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "briefs", pool.POOL_MIN_FILES + 50)
    return tmp_path / "briefs"


def test_pool_and_single_process_write_the_same_store(tmp_path: Path, corpus: Path) -> None:
    results = {}
    for workers in (0, 1, 2):
        path = tmp_path / f"w{workers}.db"
        with Store.open(path) as store:
            imported, updated, unchanged, failures = run_import(
                store, [corpus], progress=False, out=None, workers=workers
            )
        results[workers] = ((imported, updated, unchanged, [f.path for f in failures]), dump(path))
    counts, contents = results[0]
    assert counts[0] == pool.POOL_MIN_FILES + 48  # two bad files failed alone
    assert [Path(p).name for p in counts[3]] == ["b0007.txt", "b0011.txt"]  # in file order
    assert ("رقم", 6, "title", 1) in contents["index"]  # brief b0005's title, second word
    assert results[1] == results[0]
    assert results[2] == results[0]


def test_stored_paths_are_resolved_with_and_without_the_pool(tmp_path: Path, corpus: Path) -> None:
    """The path stored for each brief is the file's resolved path, through a folder given by a
    symbolic link and for a file that is itself a link, however the files were prepared."""
    outside = tmp_path / "outside.txt"
    outside.write_text("---\ntitle: من الخارج\n---\nنص.\n", encoding="utf-8")
    (corpus / "linked.txt").symlink_to(outside)
    (tmp_path / "via").symlink_to(corpus)
    for workers in (0, 2):
        with Store.open(tmp_path / f"p{workers}.db") as store:
            run_import(store, [tmp_path / "via"], progress=False, out=None, workers=workers)
            paths = dict(store._conn.execute("SELECT id, path FROM briefs"))
        assert paths["linked"] == os.path.realpath(outside)
        assert paths["b0001"] == os.path.realpath(corpus / "b0001.txt") == str(corpus.resolve() / "b0001.txt")
        assert all(path == os.path.realpath(path) for path in paths.values())


def test_pooled_import_is_searchable_and_links_resolve(tmp_path: Path, corpus: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        run_import(store, [corpus], progress=False, out=None, workers=1)
        hits = search(store._conn, "والمكتبة")  # through the stem of المكتبات
        assert hits and all("مكتب" in h.snippet for h in hits)
        target = store._conn.execute("SELECT target FROM links WHERE brief_id = 'b0003'").fetchone()[0]
        assert target == "b0002"


PARENT = os.getpid()
REAL_PREPARE_CHUNK = pool.prepare_chunk


def _dying(paths, stemmer):
    """prepare_chunk, except that in a worker it kills the worker (out of memory, a signal)."""
    if os.getpid() != PARENT:
        os._exit(3)
    return REAL_PREPARE_CHUNK(paths, stemmer)


def test_a_worker_that_dies_leaves_the_rest_to_the_importer(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "prepare_chunk", _dying)
    with Store.open(tmp_path / "s.db") as store:
        imported, _, _, failures = run_import(store, [corpus], progress=False, out=None, workers=1)
    assert imported == pool.POOL_MIN_FILES + 48
    assert len(failures) == 2


def test_few_files_need_no_pool(tmp_path: Path) -> None:
    make_corpus(tmp_path / "few", 20)
    with pool.Preparer(sorted((tmp_path / "few").iterdir()), "light10", workers=2) as prepared:
        assert prepared._pool is None
        items = list(prepared)
    assert len(items) == 20 and [i.rows is None for i in items].count(True) == 2


def test_parsed_articles_import_like_their_files(tmp_path: Path, articles_dir: Path) -> None:
    """import_articles (a feed's entries) writes the same store as run_import of the same files."""
    from tui.importers.load import load_file, locate_brief_files
    from tui.importing import import_articles

    files = [Path(path) for path, _ in locate_brief_files([articles_dir])[0]]  # in the order run_import takes
    with Store.open(tmp_path / "files.db") as store:
        from_files = run_import(store, [articles_dir], progress=False, out=None, workers=0)
    with Store.open(tmp_path / "articles.db") as store:
        from_articles = import_articles(store, [load_file(path) for path in files])
        again = import_articles(store, (load_file(path) for path in files))
    assert from_files.failures == [] and from_files.imported == len(files) >= 10
    assert from_articles == (len(files), 0, 0, [])
    assert again == (0, 0, len(files), [])
    assert again.line() == f"imported 0, updated 0, unchanged {len(files)}, failed 0"
    assert dump(tmp_path / "articles.db") == dump(tmp_path / "files.db")
