"""Reading state while another process writes the store: the reader never waits, nothing is lost.

A real second process holds the store's write lock, as a long import transaction does.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tui.importing import run_import
from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer
from tui.ui.session import BUSY_NOTICE, ReadingSession

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('holder', 'x')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold_write_lock(store: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_a_bookmark_during_an_import_transaction_neither_waits_nor_is_lost(tmp_path: Path, articles_dir: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        run_import(store, [articles_dir], progress=False, out=None)
        brief_id = store.list_rows(0, 1)[0].id
        session = ReadingSession(store)
        holder = _hold_write_lock(path, 3.0)
        started = time.monotonic()
        assert session.toggle_bookmark(brief_id) is True
        assert session.toggle_read(brief_id) is True
        assert session.toggle_bookmark(brief_id) is False  # acts on the state the user saw, not the store's
        assert session.toggle_bookmark(brief_id) is True
        assert time.monotonic() - started < 1.5
        assert session.errors == [BUSY_NOTICE]
        assert session.pending == 2
        holder.wait(timeout=30)
        written, failed = session.flush()
        assert (written, failed, session.pending) == (2, set(), 0)
        assert store.state(brief_id)[:2] == (True, True)


def test_a_slow_batch_is_committed_by_time_not_only_by_count(tmp_path: Path, sample_store: Store) -> None:
    path = tmp_path / "slow.db"
    source = [sample_store.get(row.id) for row in sample_store.list_rows()]
    with Store.open(path) as store:
        stem = get_stemmer(store.stemmer_name())
        with BatchWriter(store, 4000, max_seconds=0.3) as writer:
            for article in source[:4]:
                assert article is not None
                writer.add(brief_rows(article, stem))
                time.sleep(0.2)
            # Another connection sees the briefs committed so far, though the batch is far from full.
            other = Store.open(path)
            try:
                seen = other.count()
            finally:
                other.close()
        assert 2 <= seen < 4


async def test_quitting_while_another_program_holds_the_store_says_what_was_not_saved(
    tmp_path: Path, articles_dir: Path, monkeypatch
) -> None:
    """The reader quit silently, exit 0, after waiting for the lock with nothing on screen, and the
    bookmark shown as removed was still in the store. Now it quits at once, says it waits for the
    store once the terminal is given back, and names what was not saved (run_reader: exit 2)."""
    from tui.store import connect
    from tui.ui.app import BriefApp
    from tui.ui.launch import _finish_saving

    monkeypatch.setattr(connect, "BUSY_MS", 600)  # the wait after quitting, shortened from 10 s
    path = tmp_path / "s.db"
    store = Store.open(path)
    run_import(store, [articles_dir], progress=False, out=None)
    first = store.list_rows(0, 1)[0].id
    app = BriefApp(store)
    holder = _hold_write_lock(path, 30.0)
    try:
        started = time.monotonic()
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press("asterisk")
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
        assert time.monotonic() - started < 5  # the reader did not wait for the store
        assert app.return_code == 0 and app.session is not None
        waited: list[float] = []
        monkeypatch.setattr(sys, "stderr", type("Err", (), {"write": waited.append, "flush": lambda self: None})())
        problems, stopped = _finish_saving(app.session, path, app.return_code)
        assert not stopped
        assert [w for w in waited if "waiting for" in str(w)]  # it said it waits, then waited
        assert problems == [
            f"not saved: 1 bookmark and where you were (the brief open, the history, the list's view): {path} was"
            " kept locked by another program (an import?) for more than 0 s"
        ]
        assert store.state(first)[1] is False  # the bookmark was indeed not written
    finally:
        holder.kill()
        holder.wait()
        store.close()


def test_ctrl_c_while_waiting_for_the_store_gives_up_and_says_what_was_lost(tmp_path: Path, articles_dir: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        run_import(store, [articles_dir], progress=False, out=None)
        brief_id = store.list_rows(0, 1)[0].id
        session = ReadingSession(store)
        holder = _hold_write_lock(path, 30.0)
        try:
            assert session.toggle_bookmark(brief_id) is True
            assert session.toggle_read(brief_id) is True
            assert session.unsaved() == "1 bookmark and 1 read mark"
            tries = 0
            real = session.flush

            def flush(**kwargs: object) -> tuple[int, set[tuple[str, str]]]:
                nonlocal tries
                tries += 1
                if tries == 3:
                    raise KeyboardInterrupt  # Ctrl+C on the terminal, between two tries
                return real()

            session.flush = flush  # type: ignore[method-assign]
            told: list[str] = []
            assert session.finish(10.0, lambda: told.append("waiting")) is True
            assert told == ["waiting"] and tries == 3 and session.pending == 2
        finally:
            holder.kill()
            holder.wait()
