"""The reader's question to the terminal: how far does an emoji sequence move the cursor?

Each test puts a fake terminal on the far side of a pseudo-terminal: it reads what the probe writes,
moves its cursor over the text by a width rule of its own, and answers each position request as a
VT100 does. The rules are those measured on real terminals (tmux 3.3a and xterm by
``tui.emoji_probe.advances`` itself, kitty by its documentation: every emoji sequence two cells);
the e2e test in tmux (``tests/e2e/test_emoji_tmux.py``) asks a real one.
"""

from __future__ import annotations

import os
import pty
import re
import termios
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from terminal_cells import cells_apart

from tui.emoji_mode import use_emoji
from tui.emoji_probe import SAMPLES, advances, measured_terminal, measured_whole

TMUX_33 = {SAMPLES[0]: 1, SAMPLES[1]: 4, SAMPLES[2]: 2}
"""The cells tmux 3.3a moved its cursor by for each sample (measured)."""


def kitty(text: str) -> int:
    """A terminal that clusters graphemes: each sample is one emoji of two cells."""
    return 2 * sum(text.count(sample) for sample in SAMPLES) if text else 0


def tmux(text: str) -> int:
    return TMUX_33[text]


@contextmanager
def fake_terminal(width: Callable[[str], int] | None, prefix: bytes = b"") -> Iterator[tuple[int, list[bytes]]]:
    """A pty whose other end answers cursor position requests, moving its cursor by ``width`` of the
    text written since the last carriage return (no answer at all when ``width`` is None); ``prefix``
    is sent first, as keys typed before the answers. Yields the tty's fd and what it was sent."""
    master, slave = pty.openpty()
    written: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        if prefix:
            os.write(master, prefix)
        buffer = b""
        while not stop.is_set():
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            written.append(chunk)
            buffer += chunk
            while (request := buffer.find(b"\x1b[6n")) >= 0:
                line = buffer[:request].rsplit(b"\r", 1)[-1].decode()
                buffer = buffer[request + 4 :]
                if width is not None:
                    os.write(master, f"\x1b[1;{width(line) + 1}R".encode())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield slave, written
    finally:
        stop.set()
        os.close(slave)
        os.close(master)
        thread.join(timeout=2)


def test_a_terminal_that_draws_sequences_whole_is_measured_so() -> None:
    with fake_terminal(kitty) as (fd, _):
        assert advances(fd) == [2, 2, 2]
        assert measured_whole(fd) is True


@pytest.mark.parametrize(("rule", "cells"), [(tmux, [1, 4, 2]), (cells_apart, [1, 4, 6])])
def test_terminals_that_draw_the_parts_are_measured_so(rule: Callable[[str], int], cells: list[int]) -> None:
    """tmux 3.3a, and xterm (every character apart: glibc's wcwidth)."""
    with fake_terminal(rule) as (fd, _):
        assert advances(fd) == cells
        assert measured_whole(fd) is False


def test_keys_typed_before_the_answers_do_not_confuse_it() -> None:
    with fake_terminal(kitty, prefix=b"jj\x1b[A") as (fd, _):
        assert measured_whole(fd) is True


def test_a_terminal_that_does_not_answer_costs_the_timeout_only() -> None:
    with fake_terminal(None) as (fd, _):
        start = time.monotonic()
        assert measured_whole(fd, timeout=0.3) is None
        assert time.monotonic() - start < 1.5


def test_no_terminal_no_measure() -> None:
    read, write = os.pipe()
    try:
        assert advances(read) is None
    finally:
        os.close(read)
        os.close(write)


def test_the_probe_leaves_the_terminal_as_it_found_it() -> None:
    """Its modes restored, and everything drawn on the alternate screen, which it leaves again."""
    with fake_terminal(tmux) as (fd, written):
        before = termios.tcgetattr(fd)
        advances(fd)
        assert termios.tcgetattr(fd) == before
        deadline = time.monotonic() + 2
        while not b"".join(written).endswith(b"\x1b[?1049l") and time.monotonic() < deadline:
            time.sleep(0.01)
    sent = b"".join(written)
    assert sent.startswith(b"\x1b[?1049h")  # the alternate screen first
    assert sent.endswith(b"\x1b[2K\x1b[?1049l")  # its line cleared, then the main screen back
    assert re.findall(rb"\x1b\[6n", sent) == [b"\x1b[6n"] * len(SAMPLES)


@pytest.mark.parametrize(("measured", "whole"), [(True, True), (False, False), (None, False)])
def test_auto_believes_the_terminal_over_its_name(measured: bool | None, whole: bool) -> None:
    """In tmux, whatever the terminal claims to be, a measure decides; without one, the name does."""
    env = {"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"}
    assert use_emoji("auto", env, measured=measured) is whole


def test_a_setting_other_than_auto_is_not_overruled() -> None:
    assert use_emoji("single", {}, measured=True) is False
    assert use_emoji("whole", {}, measured=False) is True


def test_a_ctrl_c_while_it_waits_still_leaves_the_alternate_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped while it waits (a slow terminal, Ctrl+C), it left the terminal on the alternate
    screen with a sample emoji on it."""
    from tui import emoji_probe

    def interrupted(fd: int, count: int, timeout: float) -> tuple[list[int] | None, bytes]:
        raise KeyboardInterrupt

    monkeypatch.setattr(emoji_probe, "_read_reports", interrupted)
    with fake_terminal(None) as (fd, written):
        before = termios.tcgetattr(fd)
        with pytest.raises(KeyboardInterrupt):
            advances(fd)
        assert termios.tcgetattr(fd) == before
        deadline = time.monotonic() + 2
        while not b"".join(written).endswith(b"\x1b[?1049l") and time.monotonic() < deadline:
            time.sleep(0.01)
    assert b"".join(written).endswith(b"\x1b[2K\x1b[?1049l")


def _pending(fd: int) -> bytes:
    """What waits in the input of the tty ``fd``, read without waiting for a line."""
    import select
    import tty

    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH, the default, would drop what waits
    try:
        got = b""
        while select.select([fd], [], [], 0.2)[0]:
            got += os.read(fd, 1024)
        return got
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _gives_back() -> bool:
    """Whether this system lets a process put bytes into its terminal's input (``TIOCSTI``)."""
    import fcntl

    master, slave = pty.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSTI, b"x")
        return True
    except OSError:
        return False
    finally:
        os.close(slave)
        os.close(master)


def test_keys_typed_while_it_waits_are_given_back_to_the_reader() -> None:
    """Where the system allows it; elsewhere they are dropped, as the README says."""
    with fake_terminal(kitty, prefix=b"jj") as (fd, _):
        assert measured_whole(fd) is True
        assert _pending(fd) == (b"jj" if _gives_back() else b"")


def test_keys_already_waiting_keep_it_from_asking() -> None:
    """Keys typed before the question (a script, a fast typist) stay for the reader: nothing is asked."""
    master, slave = pty.openpty()
    try:
        os.write(master, b"jjj")
        time.sleep(0.1)
        with measured_terminal(terminal=os.ttyname(slave)) as measured:
            assert measured is None
        assert _pending(slave) == b"jjj"
        os.set_blocking(master, False)
        try:
            shown = os.read(master, 1000)
        except BlockingIOError:
            shown = b""
        assert b"\x1b" not in shown  # nothing asked of the terminal (what it shows is the keys' echo)
    finally:
        os.close(slave)
        os.close(master)


@pytest.mark.parametrize(("rule", "whole"), [(kitty, True), (None, None)])
def test_a_late_answer_is_not_echoed_while_the_reader_runs(
    rule: Callable[[str], int] | None, whole: bool | None
) -> None:
    """Answered in time, the terminal's modes are as before inside the block; not answered, echo is
    off for the block (an answer arriving then is not written on the screen); after it, the modes
    are as before either way."""
    with fake_terminal(rule) as (fd, _):
        before = termios.tcgetattr(fd)
        with measured_terminal(timeout=0.3, terminal=os.ttyname(fd)) as measured:
            assert measured is whole
            inside = termios.tcgetattr(fd)
            assert bool(inside[3] & termios.ECHO) is (whole is not None)
        assert termios.tcgetattr(fd) == before
