"""SIGCONT with no stop before it (``kill -CONT``, or the kernel's when a terminal hangs up) changes
nothing in the reader; after a real stop (SIGTSTP) it takes the terminal again.

Textual's driver entered its terminal mode again on every SIGCONT, starting a second pair of input
and output threads; the first input thread was never stopped, and after ``q`` the process waited
on it for ever (the tests' "reader outlived its terminal" warnings came from this).
"""

from __future__ import annotations

import os
import select
import signal
import time
from pathlib import Path

import pytest
from pty_helpers import reader_on_a_pty

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")


def _read_until(master: int, marker: bytes, seconds: float = 30) -> bytes:
    """What the reader writes to its terminal until ``marker`` shows (or the time is up)."""
    shown, deadline = b"", time.monotonic() + seconds
    while marker not in shown and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            try:
                shown += os.read(master, 65536)
            except OSError:
                break
    return shown


def _state(pid: int) -> str:
    """The process's state letter (``T`` when stopped)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.parametrize("stopped_first", [False, True])
def test_a_sigcont_leaves_the_reader_as_it_was_and_q_still_quits(tmp_path: Path, stopped_first: bool) -> None:
    reader, master = reader_on_a_pty(tmp_path)
    try:
        assert b"unread" in _read_until(master, b"unread")  # the reader is up, its list painted
        if stopped_first:
            reader.send_signal(signal.SIGTSTP)
            deadline = time.monotonic() + 10
            while _state(reader.pid) != "T" and time.monotonic() < deadline:
                _read_until(master, b"\x00", 0.1)
            assert _state(reader.pid) == "T"
        reader.send_signal(signal.SIGCONT)
        if stopped_first:
            assert b"unread" in _read_until(master, b"unread")  # back in its terminal mode, painted again
        else:
            _read_until(master, b"\x00", 1.0)  # time for a SIGCONT handler to have run
        os.write(master, b"q")
        deadline = time.monotonic() + 15
        while reader.poll() is None and time.monotonic() < deadline:
            _read_until(master, b"\x00", 0.2)  # keep the terminal drained
        assert reader.poll() == 0
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
        os.close(master)
