"""Two imports into one store at once: the second waits its turn, says so, and both finish.

Real ``brief import`` processes on one real store file.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

from tui.importing.lock import WAITING, lock_path

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPH = " ".join(f"كلمة{i} word{i}" for i in range(3000))


def _corpus(folder: Path, prefix: str, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{prefix}{i:04d}.txt").write_text(f"---\ntitle: {prefix} {i}\n---\n{PARAGRAPH}\n", encoding="utf-8")
    return folder


def _start(store: Path, folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "tui", "--store", str(store), "import", str(folder)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _locked(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_a_second_import_waits_for_the_first_and_both_finish(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    first = _start(store, _corpus(tmp_path / "a", "a", 600))
    deadline = time.monotonic() + 30
    while not _locked(lock_path(store)):
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    second = _start(store, _corpus(tmp_path / "b", "b", 50))
    out2, err2 = second.communicate(timeout=120)
    out1, err1 = first.communicate(timeout=120)
    assert (first.returncode, err1) == (0, "")
    assert second.returncode == 0, err2
    assert err2 == WAITING + "\n"
    assert out1.splitlines()[-1] == "imported 600, updated 0, unchanged 0, failed 0"
    assert out2.splitlines()[-1] == "imported 50, updated 0, unchanged 0, failed 0"
