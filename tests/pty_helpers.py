"""The reader started on a pseudo-terminal of its own, as a person's terminal runs it."""

from __future__ import annotations

import os
import subprocess
import sys
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
