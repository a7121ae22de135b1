"""The reader started on a pseudo-terminal of its own, as a person's terminal runs it."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path


def reader_on_a_pty(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``brief`` on a new store in ``tmp_path``, in a session of its own whose terminal is a new
    pseudo-terminal (not its controlling one); the process and the terminal's master side."""
    env = dict(
        os.environ,
        TERM="xterm-256color",
        BRIEF_STORE=str(tmp_path / "store.db"),
        BRIEF_CONFIG=str(tmp_path / "config.toml"),
    )
    master, slave = os.openpty()
    reader = subprocess.Popen(
        [sys.executable, "-m", "tui"], stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env
    )
    os.close(slave)
    return reader, master


def read_until_closed(master: int, proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Everything written to the terminal whose master side is ``master`` until ``proc`` closes it
    or ends (or ``timeout`` seconds pass)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    return seen
