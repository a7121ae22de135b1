"""Ask the terminal how wide it draws emoji sequences: the reader's start-up measure for ``emoji = "auto"``.

Each sample sequence is written at the start of a line of the alternate screen, followed by a cursor
position request (``ESC [ 6 n``, which every VT100-like terminal, tmux and screen answer); the column
the terminal reports is how many cells it advanced. A terminal that advances each sample by Rich's
count of it draws emoji sequences whole, as brief lays them out. A terminal that says nothing in
time (a very slow link, a terminal without the report) leaves the decision to its name
(:func:`tui.emoji_mode.draws_emoji_whole`).

The alternate screen is left again before the reader takes it (also when a Ctrl+C stops the wait),
so nothing of the probe stays on the user's screen. Keys typed before the question keep the reader
from asking (they stay in the terminal's input for it); keys typed while it waits for the answer are
given back to that input. An answer that comes after the wait is not echoed: echo stays off until
the reader ends (:func:`measured_terminal`).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import termios
import time
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SAMPLES = ("\u26a0\ufe0f", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467")
"""⚠️ (a presentation selector), 👍🏽 (a skin tone), 👨‍👩‍👧 (emoji joined by ZWJ): one of each kind of
sequence that terminals measure differently."""
TIMEOUT = 0.25
"""Seconds to wait for the terminal's answers."""
_REPORT = re.compile(rb"\x1b\[(\d+);(\d+)R")
_ENTER, _LEAVE = b"\x1b[?1049h\x1b[H", b"\r\x1b[2K\x1b[?1049l"


def advances(fd: int, samples: tuple[str, ...] = SAMPLES, timeout: float = TIMEOUT) -> list[int] | None:
    """The cells the terminal on ``fd`` (a tty, read and written) advances its cursor by for each
    sample, in order; None when it does not answer every request within ``timeout`` seconds or
    ``fd`` is no terminal. The terminal's modes are restored after (:func:`_probe` leaves them
    otherwise)."""
    try:
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError):
        return None
    try:
        return _probe(fd, samples, timeout)
    finally:
        _set(fd, saved)


def _probe(fd: int, samples: tuple[str, ...], timeout: float) -> list[int] | None:
    """:func:`advances`, the terminal left without echo (cbreak): the alternate screen is always
    left again, even when a Ctrl+C stops the wait. Keys typed meanwhile are given back to the
    terminal's input, where the reader reads them (where the system allows it: ``TIOCSTI``)."""
    request = b"".join(b"\r" + sample.encode() + b"\x1b[6n" for sample in samples)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # answers arrive unechoed, byte by byte
        os.write(fd, _ENTER + request)
    except (termios.error, OSError):
        return None
    try:
        columns, typed = _read_reports(fd, len(samples), timeout)
    finally:
        try:
            os.write(fd, _LEAVE)
        except OSError:
            pass
    if columns is not None:
        _give_back(fd, typed)
    return None if columns is None else [column - 1 for column in columns]


def _read_reports(fd: int, count: int, timeout: float) -> tuple[list[int] | None, bytes]:
    """The columns of the next ``count`` cursor position reports read from ``fd`` (None at the
    deadline), and the other bytes read with them."""
    deadline = time.monotonic() + timeout
    received = b""
    while len(reports := _REPORT.findall(received)) < count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None, b""
        chunk = os.read(fd, 1024)
        if not chunk:
            return None, b""
        received += chunk
    return [int(column) for _row, column in reports[:count]], _REPORT.sub(b"", received)


def _give_back(fd: int, typed: bytes) -> None:
    """Put ``typed`` back into the terminal's input, byte by byte; dropped where the system refuses."""
    for byte in typed:
        try:
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([byte]))
        except OSError:
            return


def _set(fd: int, modes: list[Any]) -> None:
    try:
        termios.tcsetattr(fd, termios.TCSANOW, modes)
    except (termios.error, OSError):
        pass


def measured_whole(fd: int, timeout: float = TIMEOUT) -> bool | None:
    """True when the terminal on ``fd`` draws every sample as wide as Rich counts it (sequences whole),
    False when it draws one otherwise (their parts apart), None when it gave no answer."""
    return _whole(advances(fd, SAMPLES, timeout))


def _whole(found: list[int] | None) -> bool | None:
    from rich.cells import cell_len

    return None if found is None else found == [cell_len(sample) for sample in SAMPLES]


@contextmanager
def measured_terminal(timeout: float = TIMEOUT, terminal: str = "/dev/tty") -> Iterator[bool | None]:
    """:func:`measured_whole` of the controlling terminal (``terminal``) for the block: None without
    one, and without asking when keys wait in its input already (they stay for the reader).

    A terminal that did not answer in time may still answer: its echo stays off until the block
    ends, so that the late answer is not written on the screen (the reader reads it and lets it be),
    then its modes are put back as they were."""
    try:
        fd = os.open(terminal, os.O_RDWR | os.O_NOCTTY)
    except OSError:
        yield None
        return
    saved: list[Any] | None = None
    try:
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd, termios.TCSANOW)  # a line not yet ended is input waiting too
        waiting = select.select([fd], [], [], 0)[0]
    except (termios.error, OSError):
        waiting = [fd]
    if saved is None or waiting:
        if saved is not None:
            _set(fd, saved)
        os.close(fd)
        yield None
        return
    found: list[int] | None = None
    try:
        try:
            found = _probe(fd, SAMPLES, timeout)
        finally:
            # answered: the modes as they were; else (or stopped) no echo until the block ends
            _set(fd, saved if found is not None else _without_echo(saved))
        yield _whole(found)
    finally:
        _set(fd, saved)
        os.close(fd)


def _without_echo(modes: list[Any]) -> list[Any]:
    """Terminal ``modes`` (``tcgetattr``) with echo off."""
    quiet = list(modes)
    quiet[3] = modes[3] & ~termios.ECHO  # the local modes
    return quiet
