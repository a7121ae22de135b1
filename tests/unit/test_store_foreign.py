"""Opening files that are not brief stores, or not yet: nothing written before the checks, no race."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tui.store import schema
from tui.store.errors import StoreError
from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    """The file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign(path: Path, *pragmas: str) -> Path:
    """Another program's SQLite database in rollback-journal mode, with a table and some pragmas."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    for pragma in pragmas:
        conn.execute(pragma)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "pragmas",
    [(), ("PRAGMA user_version = 3",), ("PRAGMA user_version = 5",), ("PRAGMA application_id = 1234",)],
    ids=["plain", "user-version-3", "user-version-5", "application-id"],
)
def test_another_programs_database_is_refused_and_left_byte_identical(tmp_path: Path, pragmas: tuple[str]) -> None:
    path = foreign(tmp_path / "other.db", *pragmas)
    before = digest(path)
    with pytest.raises(StoreError, match="not a brief store"):
        Store.open(path)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_newer_store_in_rollback_mode_is_refused_before_any_change(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    schema.migrate(conn)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer brief"):
        Store.open(path)
    assert digest(path) == before and not Path(f"{path}-wal").exists()


def test_an_empty_database_file_becomes_a_store_and_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a zero-byte file
    with Store.open(path) as store:
        assert store.count() == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST


def test_a_store_from_before_the_mark_is_still_a_store(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 5)
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    with Store.open(path) as store:
        assert store.count() == 0
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_twenty_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    code = "import sys; from tui.store.store import Store\ns = Store.open(sys.argv[1]); print(s.count()); s.close()\n"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(20)
    ]
    results = [
        (p.wait(timeout=120), p.stdout.read() if p.stdout else "", p.stderr.read() if p.stderr else "") for p in procs
    ]
    assert [(code, out.strip()) for code, out, _ in results] == [(0, "0")] * 20, [e for _, _, e in results if e]


def test_a_failed_rollback_never_hides_the_error_that_caused_it(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ZeroDivisionError):
        with schema.transaction(conn):
            conn.execute("INSERT INTO t VALUES (1)")
            conn.execute("ROLLBACK")  # the transaction ends early, as a failed COMMIT can end it
            raise ZeroDivisionError
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
