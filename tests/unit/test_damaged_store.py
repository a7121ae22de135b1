"""A damaged store (one page overwritten) is named as damaged, never written, and can be repaired.

Real SQLite files, damaged on disk; ``brief`` run in its own process.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from damage_helpers import damaged_store

ROOT = Path(__file__).resolve().parents[2]


def brief(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="100")
    command = [sys.executable, "-m", "tui", "--store", str(store), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_named_damaged(done: subprocess.CompletedProcess[str], store: Path) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2
    assert done.stderr.startswith(f"brief: {store}: the store is damaged (")
    assert "brief check" in done.stderr


def test_show_of_a_damaged_brief_names_the_store_and_brief_check(tmp_path: Path) -> None:
    store, good, bad = damaged_store(tmp_path)
    _assert_named_damaged(brief("show", bad[0], store=store), store)
    assert brief("show", good[0], store=store).returncode == 0


def test_import_into_a_damaged_store_commits_nothing(tmp_path: Path) -> None:
    store, _, _ = damaged_store(tmp_path)
    new = tmp_path / "new"
    new.mkdir()
    (new / "fresh.txt").write_text("---\ntitle: جديد\n---\nنص.\n", encoding="utf-8")
    before = _digest(store)
    _assert_named_damaged(brief("import", str(new), store=store), store)
    assert _digest(store) == before
    assert not Path(f"{store}-wal").exists() or Path(f"{store}-wal").stat().st_size == 0


def test_check_finds_the_damage_and_repair_saves_the_readable_briefs(tmp_path: Path) -> None:
    store, good, bad = damaged_store(tmp_path)
    before = _digest(store)
    done = brief("check", store=store)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout.startswith(f"damaged: {store}")
    output = tmp_path / "saved.db"
    done = brief("check", "--repair", "--output", str(output), store=store)
    assert done.returncode == 0, done.stderr
    assert _digest(store) == before
    assert brief("check", store=output).returncode == 0
    listed = json.loads(brief("list", "--json", store=output).stdout)
    assert {row["id"] for row in listed} == set(good)
    hits = json.loads(brief("search", "--json", "word5", store=output).stdout)
    assert hits, "the repaired store's search index was rebuilt"


def test_check_of_a_sound_store_is_ok(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0
    done = brief("check", store=store)
    assert (done.returncode, done.stdout) == (0, f"ok: {store} is sound\n")
