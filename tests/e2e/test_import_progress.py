"""`brief import` on a terminal: a progress bar while it works, failure lines whole above it, and no
bar when the output is not a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyte
import pytest

from tests.pty_helpers import read_until_closed

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"كلمة{j} في الخبر رقم {i}" for j in range(60))
        (folder / f"b{i:04d}.txt").write_text(f"---\ntitle: خبر {i}\n---\n{body}\n", encoding="utf-8")
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 100)


def _run(folder: Path, store: Path, *, stdout_tty: bool) -> tuple[int, str, str]:
    """Run the import with stderr (and maybe stdout) on a pseudo-terminal; returns (status, tty, pipe)."""
    master, slave = os.openpty()
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), COLUMNS="100", TERM="xterm")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "import", str(folder)],
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    seen = read_until_closed(master, proc, 120)
    piped = proc.stdout.read().decode() if proc.stdout else ""
    status = proc.wait(timeout=30)
    os.close(master)
    return status, seen.decode("utf-8", "replace"), piped


def test_progress_bar_on_a_terminal_and_failures_on_lines_of_their_own(tmp_path: Path) -> None:
    _corpus(tmp_path / "briefs", 800)
    status, tty, _ = _run(tmp_path / "briefs", tmp_path / "s.db", stdout_tty=True)
    assert status == 1
    assert "importing" in tty  # the bar was drawn
    screen = pyte.Screen(200, 40)
    pyte.Stream(screen).feed(tty.replace("\n", "\r\n"))  # the terminal's own newline translation
    lines = [line.rstrip() for line in screen.display]
    failures = [line for line in lines if "zz_" in line]
    # Each failure line is whole: it starts the line, not after a piece of the bar.
    assert sorted(failures) == sorted(
        [
            f"failed: {tmp_path / 'briefs' / 'zz_binary.txt'}: not text (binary data)",
            f"failed: {tmp_path / 'briefs' / 'zz_empty.txt'}: empty file",
        ]
    ), failures
    assert "imported 800, updated 0, unchanged 0, failed 2" in lines


def test_no_progress_bar_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    _corpus(tmp_path / "briefs", 100)
    status, tty, piped = _run(tmp_path / "briefs", tmp_path / "s.db", stdout_tty=False)
    assert status == 1
    assert "importing" not in tty and "━" not in tty
    assert piped.splitlines()[-1] == "imported 100, updated 0, unchanged 0, failed 2"
