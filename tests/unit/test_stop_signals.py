"""SIGTERM and SIGHUP in a command, and signals held back around a commit: what is ignored stays
ignored, what is held is never lost, and a stop inside a long SQLite statement is a stop."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading

import pytest

from tui import stop_signals
from tui.store.importing import interrupts_deferred
from tui.store.pruning import _ticking


@pytest.fixture
def saved_handlers():
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, *stop_signals.SIGNALS)}
    yield
    for s, handler in before.items():
        signal.signal(s, handler)
    stop_signals.received = None


def test_a_signal_ignored_from_the_start_stays_ignored(saved_handlers) -> None:
    """``nohup brief import``: SIGHUP was ignored, and the import went on when the terminal closed."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    stop_signals.stop_like_ctrl_c()
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is stop_signals._stop


def test_a_worker_keeps_ignoring_what_its_command_ignores(saved_handlers) -> None:
    """Under nohup the workers died when the terminal closed, and the import went on without them."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    stop_signals.stop_like_ctrl_c()
    stop_signals.default_in_worker()  # as a forked worker starts
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_sigterm_stops_like_ctrl_c_and_is_named(saved_handlers) -> None:
    stop_signals.stop_like_ctrl_c()
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs at the next instructions
            pass
    assert (stop_signals.exit_code(), stop_signals.name()) == (143, "SIGTERM")


def test_a_signal_held_back_is_raised_when_the_block_fails_too(saved_handlers) -> None:
    """Ctrl+C during a commit that then fails: the failure does not swallow the Ctrl+C."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever the test was started with
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            raise ValueError("the commit failed")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_inside_a_long_statement_with_a_progress_bar_is_a_stop(saved_handlers, signum: int) -> None:
    """Ctrl+C or SIGTERM during prune's VACUUM, its progress shown: a KeyboardInterrupt once the
    statement stopped, not SQLite's "interrupted" error (a traceback). The signal is a real one,
    sent while SQLite runs (raised in the progress handler, SQLite took it for its own)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    stop_signals.stop_like_ctrl_c()
    conn = sqlite3.connect(":memory:")

    def progress(stage: str, done: int, total: int | None) -> None:
        pass

    threading.Timer(0.2, os.kill, (os.getpid(), signum)).start()  # while SQLite runs
    with pytest.raises(KeyboardInterrupt):
        with _ticking(conn, "giving the space back", progress):
            conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
            ).fetchall()
        for _ in range(1000):  # the signal sent again is handled at the next instructions
            pass
