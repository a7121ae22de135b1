"""One import at a time per store: a second one waits its turn, saying so.

SQLite lets one writer in at a time and makes the others wait for at most its busy timeout; two
imports of large briefs would each hold the store for longer than that, and the second failed
with "database is locked" half-way. Imports take an advisory lock (``flock``) on a small file
beside the store, ``STORE.import-lock``, for their whole run, so a second import waits for the
first to finish, then runs. The lock is the kernel's: a killed import releases it. Not the store
file itself: closing another descriptor of it would drop SQLite's own locks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

WAITING = "waiting for another import to finish"
"""The line a second import prints while it waits for the first."""


def lock_path(store_path: Path) -> Path:
    """The lock file of the store at ``store_path``."""
    return store_path.with_name(store_path.name + ".import-lock")


@contextmanager
def import_lock(store_path: Path, notice: TextIO | None = sys.stderr) -> Iterator[None]:
    """Hold the store's import lock for the block, waiting (with a line on ``notice``) while
    another import holds it. Where no lock can be taken (no ``fcntl``, a read-only folder), the
    block runs without one and SQLite's busy timeout is the only guard."""
    try:
        import fcntl
    except ImportError:  # not on every platform
        yield
        return
    try:
        fd = os.open(lock_path(store_path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notice is not None:
                print(WAITING, file=notice, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
