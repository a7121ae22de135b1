"""Store safety: a killed import leaves a sound store, and two processes can use it at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(store: Path) -> dict[str, str]:
    return dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT))


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"b{i:05d}.txt").write_text(
            f"---\ntitle: خبر رقم {i}\ndate: 2020-01-{i % 28 + 1:02d}\n---\n"
            + "هطلت الأمطار على المدينة وأعلنت الدول الضامنة البيان الختامي.\n" * 20,
            encoding="utf-8",
        )


def _count(store: Path) -> int:
    """How many briefs a store holds, read without writing to it (0 before it exists)."""
    if not store.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet


def _assert_no_process_left(argument: str, wait: float = 5.0) -> None:
    """No process whose command line holds ``argument`` (the import's worker processes) is left."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (proc_dir / "cmdline").read_bytes().split(b"\0")
                status = (proc_dir / "status").read_text()
            except OSError:
                continue
            if argument.encode() in cmdline and "State:\tZ" not in status:
                left.append(proc_dir.name)
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not left, f"processes left after the importer was killed: {left}"


def test_kill_9_during_import_leaves_a_sound_store(tmp_path: Path) -> None:
    from tui.importing.run import BATCH_SIZE

    total = 2 * BATCH_SIZE + 500  # three transactions
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, total)
    store = tmp_path / "s.db"
    partial = []
    for at_least in (1, BATCH_SIZE, 2 * BATCH_SIZE):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "import", str(corpus)],
            env=_env(store),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Kill once a batch beyond `at_least` briefs is committed, i.e. in the middle of the import.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if _count(store) >= at_least:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        _assert_no_process_left(str(corpus))
        partial.append(_count(store))
        conn = sqlite3.connect(store)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every brief stored is whole: its text is there.
        assert (
            conn.execute(
                "SELECT count(*) FROM briefs b WHERE NOT EXISTS (SELECT 1 FROM bodies p WHERE p.brief_id = b.id)"
            ).fetchone()[0]
            == 0
        )
        conn.close()
    assert any(0 < n < total for n in partial), partial  # the kills did land mid-import
    done = subprocess.run(
        [sys.executable, "-m", "tui", "import", str(corpus)],
        env=_env(store),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    imported, updated, unchanged, failed = (
        int(x.split()[-1]) for x in done.stdout.strip().splitlines()[-1].split(", ")
    )
    assert imported + unchanged == total and updated == 0 and failed == 0
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT count(*), count(DISTINCT id) FROM briefs").fetchone() == (total, total)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_import_while_another_connection_reads(tmp_path: Path) -> None:
    """A reader holding the store open (and reading) does not make the import fail with 'locked'."""
    from tui.store.store import Store

    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 200)
    store_path = tmp_path / "s.db"
    reader = Store.open(store_path)
    version = reader.data_version()
    reader._conn.execute("BEGIN")
    reader._conn.execute("SELECT count(*) FROM briefs").fetchone()  # an open read transaction
    r = subprocess.run(
        [sys.executable, "-m", "tui", "import", str(corpus)],
        env=_env(store_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    reader._conn.execute("COMMIT")
    assert r.returncode == 0, r.stdout + r.stderr
    assert reader.data_version() != version  # the reader can tell that the store changed
    assert reader.count() == 200
    reader.close()
