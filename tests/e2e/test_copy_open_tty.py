"""The real ``brief`` in tmux: ``y`` reaches the terminal's clipboard through OSC 52 as logical
text, a mouse drag copies the logical text of what it covers, ``o`` runs ``$BROWSER`` with the URL
and ``e`` runs ``$EDITOR`` on the file and shows the change, or names an editor that cannot run
and goes on with the reader.

tmux keeps what an application sets with OSC 52 as a paste buffer when ``set-clipboard`` is on;
the test runs its own tmux server (``-L``) so that option touches nothing else. Skipped when tmux
is not installed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

import pytest
from rich.cells import cell_len

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "copy_mixed.txt"


class PrivateTmux:
    """A tmux server of its own running one session, with ``set-clipboard on``."""

    def __init__(self, command: str, env: dict[str, str], size: tuple[int, int] = (120, 30)) -> None:
        self.socket = f"brief-copy-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(size[0]), "-y", str(size[1]),
                 f"env {exports} {command}; sleep 600")  # fmt: skip
        self.run("set-option", "-g", "set-clipboard", "on")

    def run(self, *args: str) -> str:
        """A tmux command on this server; its output."""
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if rx.search(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"screen never matched {pattern!r}:\n{screen}")

    def buffer(self) -> str:
        """The newest paste buffer ("" when there is none)."""
        result = subprocess.run(["tmux", "-L", self.socket, "show-buffer"], capture_output=True)
        return result.stdout.decode("utf-8") if result.returncode == 0 else ""

    def stop(self) -> None:
        """End the reader with SIGTERM (it leaves as ``q`` does), then the server; a reader still
        there 5 s later is killed, so that none outlives the test."""
        shell = subprocess.run(
            ["tmux", "-L", self.socket, "display", "-p", "-t", "t", "#{pane_pid}"], capture_output=True, text=True
        )
        pids: list[int] = []
        if shell.stdout.strip():
            found = subprocess.run(["pgrep", "-P", shell.stdout.strip()], capture_output=True, text=True)
            pids = [int(p) for p in found.stdout.split()]
            subprocess.run(["pkill", "-TERM", "-P", shell.stdout.strip()], capture_output=True)
            time.sleep(0.2)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        deadline = time.monotonic() + 5
        for pid in pids:
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
                # Seen under load after o and e: Textual's input thread left reading a closed terminal.
                warnings.warn(
                    f"brief (pid {pid}) still ran 5 s after SIGTERM and its terminal's end; killed", stacklevel=1
                )


def _alive(pid: int) -> bool:
    """Whether the process is still there (and not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _wait(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def reader(tmp_path: Path):
    """Start brief on a store holding the fixture brief (a copy in ``tmp_path``), in tmux."""
    brief = tmp_path / "copy_mixed.txt"
    shutil.copy(FIXTURE, brief)
    store = tmp_path / "store.db"
    env = {
        "BRIEF_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "TERM": "xterm-256color",
    }
    python = shlex.quote(sys.executable)
    subprocess.run([sys.executable, "-m", "tui", "--store", str(store), "import", str(brief)],
                   env={**os.environ, **env}, check=True, capture_output=True)  # fmt: skip
    started: list[PrivateTmux] = []

    def start(**extra: str) -> PrivateTmux:
        session = PrivateTmux(f"{python} -m tui --store {shlex.quote(str(store))} read copy_mixed", {**env, **extra})
        started.append(session)
        session.wait_for("https://example.org/oil")  # the brief is open
        return session

    yield start, brief
    for session in started:
        session.stop()


def _paragraph() -> str:
    lines = FIXTURE.read_bytes().decode("utf-8").split("\n")
    return lines[lines.index("---", 1) + 1]


def test_y_puts_the_logical_paragraph_in_the_terminal_clipboard(reader):
    start, _brief = reader
    session = start()
    session.keys("/")
    session.wait_for("Find:")
    session.keys("Brent", literal=True)
    session.wait_for(r"\b1/1\b")  # the find bar's counter: one match
    # the footer shows the find input's keys only (no "Quit"): the input has the focus, so
    # "Quit" after Enter means the focus left it and "y" reaches the brief
    session.wait_for("/ Find +\u258f")
    session.keys("Enter")
    session.wait_for("Quit")  # the focus is back on the brief (the footer shows every key again)
    session.keys("y")
    session.wait_for(r"copied \d+ characters")
    assert _wait(session.buffer) == _paragraph()
    session.keys("Y")
    assert _wait(lambda: session.buffer() == "https://example.org/oil?id=85&lang=ar")


def test_a_mouse_drag_copies_the_logical_text_under_it(reader):
    start, _brief = reader
    session = start()
    rows = session.wait_for(re.escape("85 \ufef0\ufedf\ufe87 (")).splitlines()  # the paragraph is drawn
    line = next(i for i, row in enumerate(rows) if "\u2595" in row and "85 \ufef0\ufedf\ufe87 (" in row)
    row = rows[line]
    # from the 8 of "85" to the ")" drawn after برنت, as 1-based screen columns (cells: the
    # tanween of دولاراً before them takes none)
    reader_part = row.index("\u2595")
    first = cell_len(row[: row.index("85", reader_part)]) + 1
    last = cell_len(row[: row.index(")", reader_part)]) + 1
    session.keys(f"\x1b[<0;{first};{line + 1}M", literal=True)
    session.keys(f"\x1b[<32;{last};{line + 1}M", literal=True)
    session.keys(f"\x1b[<0;{last};{line + 1}m", literal=True)
    session.wait_for("copied 13 characters")
    assert _wait(session.buffer) == "(برنت) إلى 85"


def test_o_runs_browser_with_the_url_and_e_runs_the_editor(reader, tmp_path):
    start, brief = reader
    seen = tmp_path / "browser.out"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> {shlex.quote(str(seen))}\n', encoding="utf-8")
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/Reuters/Agence France-Presse/" "$1"\n', encoding="utf-8")
    for script in (browser, editor):
        script.chmod(0o755)
    session = start(BROWSER=str(browser), EDITOR=str(editor))
    session.keys("o")
    assert (
        _wait(lambda: seen.exists() and seen.read_text(encoding="utf-8")) == "https://example.org/oil?id=85&lang=ar\n"
    )
    session.keys("e")
    session.wait_for("copy_mixed.txt: imported again")
    session.wait_for("Agence France-Presse")
    assert "Agence France-Presse" in brief.read_text(encoding="utf-8")


def _notices(screen: str) -> str:
    """The text of the notices on ``screen`` without its spaces: the rows right of each toast's
    left edge (``▌``), joined, as a notice wraps over several rows (a long path anywhere)."""
    rows = (row.rsplit("\u258c", 1)[1] for row in screen.splitlines() if "\u258c" in row)
    return "".join("".join(rows).split())


@pytest.mark.parametrize("editor", ["missing", "missing-with-flag", "not-a-program"])
def test_e_with_an_editor_that_cannot_run_says_so_and_the_reader_goes_on(reader, tmp_path, editor):
    start, brief = reader
    before = brief.read_bytes()
    junk = tmp_path / "not-a-program"
    junk.write_bytes(b"\x00\x01 not a program\n")  # executable, but nothing the kernel can run
    junk.chmod(0o755)
    not_found = "the editor '/nonexistent/editor' was not found; set $EDITOR to your editor"
    command, said = {
        "missing": ("/nonexistent/editor", not_found),
        "missing-with-flag": ("/nonexistent/editor --flag", not_found),
        "not-a-program": (str(junk), f"could not start the editor '{junk}': Exec format error"),
    }[editor]
    session = start(EDITOR=command)
    session.keys("e")
    _wait(
        lambda: "".join(said.split()) in _notices(session.screen())
    )  # the reader draws again: a notice, over the brief
    assert "https://example.org/oil" in session.screen()
    session.keys("Y")  # and answers its keys
    assert _wait(lambda: session.buffer() == "https://example.org/oil?id=85&lang=ar")
    assert brief.read_bytes() == before
