"""An import checks a store for damage first only while the check is cheap (a small file).

A larger store is not read through before each import; damage is then named by whatever meets it,
and the batch being written is rolled back. Real store files, damaged on disk as ``dd`` would.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from damage_helpers import PAGE, damaged_store

from tui.importing import run_import
from tui.store import check
from tui.store.check import check_file
from tui.store.errors import StoreDamagedError
from tui.store.store import Store


def _new_briefs(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(f"---\ntitle: خبر {name}\n---\nنص {name} الجديد.\n", encoding="utf-8")
    return folder


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
    finally:
        conn.close()


def test_a_store_over_the_bound_is_not_read_through_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the bound the import goes ahead; the damage it never touched is still there for ``brief check``."""
    store_path, _, _ = damaged_store(tmp_path)
    monkeypatch.setattr(check, "QUICK_CHECK_MAX_BYTES", store_path.stat().st_size - 1)
    new = _new_briefs(tmp_path / "new", ["fresh"])
    with Store.open(store_path) as store:
        summary = run_import(store, [new], progress=False, out=None, workers=0)
    assert summary.imported == 1
    conn = sqlite3.connect(store_path)
    assert conn.execute("SELECT count(*) FROM briefs WHERE id = 'fresh'").fetchone()[0] == 1
    conn.close()
    assert check_file(store_path), "brief check still finds the damage"


def test_damage_an_unchecked_import_meets_is_named_and_its_batch_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page of the ids' index where the new briefs' ids belong is overwritten: writing them meets it."""
    store_path, _, _ = damaged_store(tmp_path)
    conn = sqlite3.connect(store_path)
    before = _count(store_path)
    leaves = [
        p
        for (p,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_briefs_1' AND pagetype = 'leaf' ORDER BY pageno"
        )
    ]
    conn.close()
    assert leaves
    with store_path.open("r+b") as fh:
        for page in leaves:  # every leaf: wherever a new id goes, it lands on a damaged page
            fh.seek((page - 1) * PAGE)
            fh.write(random.Random(page).randbytes(PAGE))
    monkeypatch.setattr(check, "QUICK_CHECK_MAX_BYTES", 0)
    new = _new_briefs(tmp_path / "new", ["b0150x", "b0151x"])
    with Store.open(store_path) as store, pytest.raises(StoreDamagedError) as caught:
        run_import(store, [new], progress=False, out=None, workers=0)
    assert str(store_path) in str(caught.value)
    conn = sqlite3.connect(store_path)
    assert conn.execute("SELECT count(*) FROM briefs WHERE rowid > ?", (before,)).fetchone()[0] == 0
    conn.close()
