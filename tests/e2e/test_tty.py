"""The real ``brief`` in a real terminal (tmux): shaped Arabic on screen, keys, exit status.

Skipped when tmux is not installed (CI installs it). The screen is read with ``capture-pane`` and
polled, never slept on for a fixed time.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

BASE_ARABIC = re.compile("[\u0621-\u064a]")
PRESENTATION = re.compile("[\ufe70-\ufefc]")
ROOT = Path(__file__).resolve().parents[2]


class Tmux:
    """One detached tmux session running a command, on a tmux server of its own (``-L``): tests
    running side by side never share a server, so one ending its server cannot end another's."""

    def __init__(self, command: str, env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        self.name = f"brief-test-{uuid.uuid4().hex[:8]}"
        self.socket = self.name
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # "exit status $?" must directly follow the command: an echo in between would report its own 0.
        shell = f'env {exports} {command}; echo "exit status $?"; sleep 600'
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shell,
            ],
            check=True,
        )

    def screen(self) -> str:
        """The visible screen as text."""
        return subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str) -> None:
        """Send keys by tmux name."""
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        """Poll until the screen matches ``pattern``; returns the screen."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if rx.search(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"screen never matched {pattern!r}:\n{screen}")

    def stop(self) -> None:
        """End the session and its server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def brief_env(tmp_path: Path) -> dict[str, str]:
    """A fresh store (seeded with the samples on first run) and no config, in ``tmp_path``."""
    return {
        "BRIEF_STORE": str(tmp_path / "store.db"),
        "BRIEF_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "TERM": "xterm-256color",
    }


def test_reader_in_tmux_shapes_arabic_moves_opens_and_quits(brief_env, tmp_path):
    session = Tmux(f"{shlex.quote(sys.executable)} -m tui", brief_env)
    try:
        screen = session.wait_for(r"Quit")
        session.wait_for("[\ufe70-\ufefc]")  # the list shows shaped Arabic titles
        session.keys("j")
        session.keys("Enter")
        screen = session.wait_for(r"brief — \S")  # the header names the open brief
        assert PRESENTATION.search(screen), screen
        assert not BASE_ARABIC.search(screen), BASE_ARABIC.findall(screen)[:20]
        session.keys("q")
        screen = session.wait_for(r"exit status \d+")
        assert "exit status 0" in screen, screen
    finally:
        session.stop()
    from tui.store.store import Store

    store = Store.open(tmp_path / "store.db")
    try:
        second = store.list_rows(1, 1)[0]
        assert store.state(second.id)[0] is True
        assert store.last_opened() == second.id
    finally:
        store.close()


def _pane(session: Tmux, fmt: str) -> str:
    """A tmux format value of the session's pane (``#{alternate_on}``, ``#{cursor_flag}``...)."""
    return subprocess.run(
        ["tmux", "-L", session.socket, "display", "-p", "-t", session.name, fmt], capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.parametrize(("how", "status"), [("C-c", 130), ("TERM", 143), ("HUP", 129)])
def test_ctrl_c_sigterm_and_sighup_end_the_reader_and_give_the_terminal_back(
    brief_env: dict[str, str], tmp_path: Path, how: str, status: int
) -> None:
    marker = str(tmp_path / "signal-store.db")
    env = dict(brief_env, BRIEF_STORE=marker)
    session = Tmux(f"{shlex.quote(sys.executable)} -m tui", env)
    try:
        session.wait_for(r"Quit")
        assert _pane(session, "#{alternate_on}") == "1"
        if how == "C-c":
            session.keys("C-c")
        else:
            # The reader is the child of the pane's shell: this session's, not another test's.
            shell = _pane(session, "#{pane_pid}")
            pid = subprocess.run(["pgrep", "-P", shell, "-f", "tui"], capture_output=True, text=True)
            assert len(pid.stdout.split()) == 1, pid.stdout
            subprocess.run(["kill", f"-{how}", *pid.stdout.split()], check=True)
        screen = session.wait_for(r"exit status \d+")
        assert f"exit status {status}" in screen, screen
        # As after q: the normal screen back, the cursor shown, no mouse tracking left on.
        assert (_pane(session, "#{alternate_on}"), _pane(session, "#{cursor_flag}")) == ("0", "1")
        assert _pane(session, "#{mouse_any_flag}") == "0"
    finally:
        session.stop()


def test_bytes_that_are_not_utf8_on_the_input_are_read_as_replacement_characters(brief_env):
    """0xFF (pasted Latin-1, an 8-bit Meta key) and a lone 0x9B: the reader stays up, an input
    shows U+FFFD where each stood, and ``q`` still quits with status 0 (the input thread died with
    a traceback, and the reader went on without keys)."""
    session = Tmux(f"{shlex.quote(sys.executable)} -m tui", brief_env)
    try:
        session.wait_for(r"Quit")
        subprocess.run(["tmux", "-L", session.socket, "send-keys", "-t", session.name, "-H", "ff", "9b"], check=True)
        session.keys("s")
        session.wait_for("Search")
        subprocess.run(
            ["tmux", "-L", session.socket, "send-keys", "-t", session.name, "-H", "61", "ff", "62"], check=True
        )
        screen = session.wait_for("a\ufffdb")
        assert "Traceback" not in screen and "UnicodeDecodeError" not in screen
        session.keys("Escape")
        session.wait_for(r"Quit")
        time.sleep(0.3)  # past ESCDELAY: a q right after Escape would be Alt+q
        session.keys("q")
        screen = session.wait_for(r"exit status \d+")
        assert "exit status 0" in screen, screen
    finally:
        session.stop()


def test_the_reader_draws_on_the_terminal_when_only_its_errors_are_redirected(brief_env, tmp_path):
    """``brief 2>errors.log``: Textual draws on standard error, and drew the whole screen into the
    file, leaving the terminal blank."""
    log = tmp_path / "errors.log"
    session = Tmux(f"{shlex.quote(sys.executable)} -m tui 2>{shlex.quote(str(log))}", brief_env)
    try:
        session.wait_for(r"Quit")
        session.wait_for("[\ufe70-\ufefc]")  # the list, shaped
        session.keys("q")
        screen = session.wait_for(r"exit status \d+")
        assert "exit status 0" in screen, screen
    finally:
        session.stop()
    assert "\x1b[" not in log.read_text(encoding="utf-8", errors="replace")
