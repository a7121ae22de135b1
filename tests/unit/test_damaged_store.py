"""A damaged store (one page overwritten) is named as damaged, never written, and can be repaired.

Real SQLite files, damaged on disk; ``brief`` run in its own process.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
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
    assert done.returncode == 2, done.stderr  # damage found, as without --repair: scripts see it
    assert done.stdout.startswith(f"damaged: {store}") and f"saved into {output}" in done.stdout
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


def test_check_and_repair_refuse_a_store_of_a_newer_brief(tmp_path: Path) -> None:
    """As every other command does: a newer brief's store is not called sound, nor downgraded."""
    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA user_version = 99")
    for args in (("check",), ("check", "--repair", "--output", str(tmp_path / "out.db"))):
        done = brief(*args, store=store)
        assert (done.returncode, done.stdout) == (2, ""), done.stdout
        assert done.stderr.startswith(f"brief: {store}: made by a newer brief (schema 99"), done.stderr
    assert not (tmp_path / "out.db").exists()


def test_check_of_a_store_that_cannot_be_written_reads_it(tmp_path: Path, monkeypatch, capsys) -> None:
    """A store whose file or folder cannot be written (a read-only mount, a shared archive) is
    checked read-only, as the reading commands read it: sound, with a note that the search index's
    check (a write) was left out; a damaged one is still found damaged."""
    from tui.cli import main
    from tui.store import check, connect

    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0
    monkeypatch.setattr(check, "may_write", lambda path: False)
    opened: list[str] = []
    real = connect.connect_readonly
    monkeypatch.setattr(check, "connect_readonly", lambda path: opened.append(str(path)) or real(path))
    assert main(["--store", str(store), "check"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"ok: {store} is sound",
        "note: search index: not checked (the file cannot be written)",
    ]
    assert opened == [str(store)]
    damaged, _, _ = damaged_store(tmp_path / "d")
    assert main(["--store", str(damaged), "check"]) == 2
    assert capsys.readouterr().out.startswith(f"damaged: {damaged}")


def test_a_disk_error_is_said_as_such_not_as_damage(tmp_path: Path, monkeypatch, capsys) -> None:
    """An I/O error from the disk during the check is the disk's, not the store's: one line naming
    the store, exit 2, no "damaged" verdict."""
    from tui.cli import main
    from tui.store import tallies

    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0

    def failing(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(tallies, "recount", failing)
    assert main(["--store", str(store), "check"]) == 2
    out = capsys.readouterr()
    assert "damaged" not in out.out and out.err.startswith(f"brief: disk I/O error: {store} (disk I/O error)"), out
    assert "check that disk" in out.err


def test_repair_of_a_truncated_store_says_nothing_could_be_read(tmp_path: Path) -> None:
    """A file cut short (a full disk, a copy interrupted) loses the pages of its list of tables:
    check names the damage, --repair says it can save nothing (a traceback before), exit 2."""
    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = store.stat().st_size
    with store.open("r+b") as f:
        f.truncate(size // 4)
    output = tmp_path / "saved.db"
    done = brief("check", "--repair", "--output", str(output), store=store)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2 and done.stdout.startswith(f"damaged: {store}")
    assert done.stderr.startswith(f"brief: {store}: nothing could be read (")
    assert not output.exists()


def test_a_damaged_store_of_an_earlier_schema_saves_what_can_be_read(tmp_path: Path) -> None:
    """A store of the schema before this one, damaged: the repair reads it as it is (through an
    upgraded copy, the upgrade met the damage and nothing was saved)."""
    from tui.store import check

    path, good, bad = damaged_store(tmp_path)
    with sqlite3.connect(path) as conn:  # as schema 16 left it: briefs with no sketch, read by 17's upgrade
        conn.execute("DELETE FROM story_sketch")
        conn.execute("PRAGMA user_version = 16")
    report = check.repair_file(path, tmp_path / "repaired.db")
    assert (report.saved, report.lost) == (len(good), len(bad))


def test_a_store_whose_search_index_table_was_dropped_is_named_damaged_and_repaired(tmp_path: Path) -> None:
    """Another program dropped a table (``DROP TABLE briefs_fts``): an import names the store
    damaged (its last commit failed outside the store's lock, with a traceback), ``check`` says so,
    and ``--repair`` saves every brief into a store whose search finds them."""
    store = tmp_path / "s.db"
    assert brief("import", "--samples", store=store).returncode == 0
    with sqlite3.connect(store) as conn:
        conn.execute("DROP TABLE briefs_fts")
    conn.close()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "new.txt").write_text("---\ntitle: خبر جديد\n---\nنص الخبر الجديد.\n", encoding="utf-8")
    done = brief("import", str(folder), store=store)
    _assert_named_damaged(done, store)
    assert "no such table: briefs_fts" in done.stderr
    assert "Exception ignored" not in done.stderr
    checked = brief("check", store=store)
    assert checked.returncode == 2 and "search index: no such table: briefs_fts" in checked.stdout
    saved = tmp_path / "saved.db"
    repaired = brief("check", "--repair", "--output", str(saved), store=store)
    assert "Traceback" not in repaired.stderr
    samples = len(list((ROOT / "articles").glob("*.txt")))
    assert f"repaired: {samples} briefs saved into {saved} (0 could not be read)" in repaired.stdout
    found = brief("search", "الكوفة", "--json", store=saved)
    assert found.returncode == 0 and "005_calligraphy_styles" in found.stdout


def test_repair_refuses_the_stores_own_log_files_as_output(tmp_path: Path) -> None:
    """The store's ``-wal`` (or ``-shm``, ``-journal``) is removed or rewritten when the store is
    next opened: a repair saved there would be lost."""
    store, _good, _bad = damaged_store(tmp_path)
    for suffix in ("-wal", "-shm", "-journal"):
        output = Path(f"{store}{suffix}")
        done = brief("check", "--repair", "--output", str(output), store=store)
        assert done.returncode == 2
        assert done.stderr == f"brief: {output}: is the store's own {suffix[1:]} file; give another --output\n"
    assert brief("check", "--repair", "--output", str(tmp_path / "saved.db"), store=store).returncode == 2
    assert (tmp_path / "saved.db").exists()


def test_a_check_while_another_program_writes_checks_the_rest_and_says_so(tmp_path: Path) -> None:
    """An import or a fetch holds the store's write lock: the check of the search index (a write to
    SQLite) failed at once, "the store is locked", exit 2, and the checks that had passed were lost.
    Now they stand, and a note says the index was left for later."""
    store = tmp_path / "s.db"
    assert brief("list", store=store).returncode == 0
    writer = sqlite3.connect(store, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE briefs SET is_read = 1 - is_read")  # a write in progress, not committed
    try:
        done = brief("check", store=store)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"ok: {store} is sound",
        "note: search index: not checked (another program is writing the store, an import or a fetch);"
        " run brief check again when it is done",
    ]
    done = brief("check", store=store)
    assert (done.returncode, done.stdout.splitlines()) == (0, [f"ok: {store} is sound"])


def test_a_store_cut_short_is_named_so_and_its_pages_there_are_saved(tmp_path: Path) -> None:
    """A copy that stopped (the file shorter than its header says): SQLite took every missing page for
    damage and read nothing, the list of tables included, so a repair saved nothing. The check now
    says the file is cut short, and the repair reads the pages the file holds."""
    from damage_helpers import PAGE, sound_store

    whole = sound_store(tmp_path, 300, "whole.db")
    conn = sqlite3.connect(whole)
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.close()
    store = tmp_path / "cut.db"
    store.write_bytes(whole.read_bytes()[: int(pages * 0.8) * PAGE + 100])  # stopped inside a page
    before = _digest(store)
    done = brief("check", store=store)
    assert done.returncode == 2
    assert done.stdout.splitlines()[:2] == [
        f"damaged: {store}",
        f"  the file is cut short: it holds {int(pages * 0.8):,} of its {pages:,} pages (a copy or a download"
        " that stopped?); brief check --repair saves what the pages there hold",
    ]
    out = tmp_path / "saved.db"
    done = brief("check", "--repair", "--output", str(out), store=store)
    assert (
        done.stdout.splitlines()[-1]
        == f"repaired: 300 briefs saved into {out} (0 could not be read); {store} was not changed"
    )
    assert _digest(store) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # the copy read is gone
    listed = json.loads(brief("list", "--json", store=out).stdout)
    assert sorted(b["id"] for b in listed) == [f"b{i:04d}" for i in range(300)]


def test_the_commands_named_for_a_damaged_store_can_be_typed_as_they_are(tmp_path: Path) -> None:
    """The hint quoted the store's path inside a quoted command ('brief check --store 'my stores/s.db''):
    copied, it named no store. Each command now follows "with:" and reads back as the store's path."""
    import shlex

    folder = tmp_path / "my stores"
    store, _, bad = damaged_store(folder)
    done = brief("show", bad[0], store=store)
    _assert_named_damaged(done, store)
    hint = done.stderr.strip()
    first = hint.split("see what is wrong with:  ", 1)[1].split("  and save", 1)[0]
    second = hint.split("save what can be read into a new file with:  ", 1)[1]
    assert shlex.split(first) == ["brief", "check", "--store", str(store)]
    assert shlex.split(second) == ["brief", "check", "--store", str(store), "--repair"]
    done = brief("check", store=store)
    last = done.stdout.splitlines()[-1]
    assert last.startswith("save what can be read into a new file with:  ")
    assert shlex.split(last.split("with:  ", 1)[1]) == ["brief", "check", "--store", str(store), "--repair"]
