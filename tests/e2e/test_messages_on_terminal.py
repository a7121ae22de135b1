"""A command's messages on a terminal: a failure naming an Arabic file, an error naming an Arabic id,
shaped and in the order GNU FriBidi gives them; into a pipe, the logical text as it was."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.pty_helpers import read_until_closed
from tests.unit.fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal"),
    pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON),
]


def _run(args: list[str], store: Path, *, tty: bool) -> tuple[int, list[str]]:
    """``brief ARGS`` with stdout and stderr on a 200-column pseudo-terminal (or pipes); its exit
    status and the lines it printed."""
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), TERM="xterm")
    env.pop("COLUMNS", None)
    if not tty:
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args], capture_output=True, env=env, stdin=subprocess.DEVNULL
        )
        return done.returncode, (done.stdout + done.stderr).decode().splitlines()
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env
    )
    os.close(slave)
    seen = read_until_closed(master, proc, 60)
    status = proc.wait(timeout=30)
    os.close(master)
    return status, seen.decode().replace("\r\n", "\n").splitlines()


def test_a_failure_naming_an_arabic_file_reads_right_on_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "أخبار الصباح.txt").write_bytes(b"")
    (folder / "good.txt").write_text("---\ntitle: خبر\n---\nنص الخبر.\n", encoding="utf-8")
    logical = f"failed: {folder / 'أخبار الصباح.txt'}: empty file"

    status, lines = _run(["import", str(folder)], tmp_path / "a.db", tty=True)
    assert status == 1
    assert fribidi_lines([logical], False)[0] in lines
    assert logical not in lines

    status, lines = _run(["import", str(folder)], tmp_path / "b.db", tty=False)
    assert status == 1
    assert logical in lines  # into a pipe: the file's name as it is, for grep


def test_an_error_naming_an_arabic_id_reads_right_on_a_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    _run(["import", str(tmp_path)], store, tty=False)  # makes the store
    logical = f"brief: no brief with id 'لا يوجد' in {store}; see 'brief list'"

    status, lines = _run(["show", "لا يوجد"], store, tty=True)
    assert status == 2
    assert lines == [fribidi_lines([logical], False)[0]]

    status, lines = _run(["--bidi", "terminal", "show", "لا يوجد"], store, tty=True)
    assert (status, lines) == (2, [logical])  # a terminal that orders text itself gets it logical

    status, lines = _run(["show", "لا يوجد"], store, tty=False)
    assert (status, lines) == (2, [logical])


def test_an_arabic_id_in_the_list_reads_right_on_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "اقتصاد.txt").write_text("---\ntitle: Markets\ndate: 2024-03-05\n---\nText.\n", encoding="utf-8")
    store = tmp_path / "store.db"
    assert _run(["import", str(folder)], store, tty=False)[0] == 0

    status, lines = _run(["list"], store, tty=True)
    assert (status, lines) == (0, [f"2024-03-05  {fribidi_lines(['اقتصاد'], True)[0]}  Markets"])
    status, lines = _run(["list"], store, tty=False)
    assert (status, lines) == (0, ["2024-03-05  اقتصاد  Markets"])
