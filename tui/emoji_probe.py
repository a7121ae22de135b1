"""Ask the terminal how wide it draws emoji sequences: the reader's start-up measure for ``emoji = "auto"``.

Each sample sequence is written at the start of a line of the alternate screen, followed by a cursor
position request (``ESC [ 6 n``, which every VT100-like terminal, tmux and screen answer); the column
the terminal reports is how many cells it advanced. A terminal that advances each sample by Rich's
count of it draws emoji sequences whole, as brief lays them out. A terminal that says nothing in
time (a very slow link, a terminal without the report) leaves the decision to its name
(:func:`tui.emoji_mode.draws_emoji_whole`).

The alternate screen is left again before the reader takes it, so nothing of the probe stays on the
user's screen; bytes the terminal sends that are not a position report (keys typed in those few
milliseconds) are dropped.
"""

from __future__ import annotations

import os
import re
import select
import termios
import time
import tty

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
    ``fd`` is no terminal."""
    try:
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError):
        return None
    request = b"".join(b"\r" + sample.encode() + b"\x1b[6n" for sample in samples)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # answers arrive unechoed, byte by byte
        os.write(fd, _ENTER + request)
        columns = _read_reports(fd, len(samples), timeout)
        os.write(fd, _LEAVE)
    except OSError:
        return None
    finally:
        try:
            termios.tcsetattr(fd, termios.TCSANOW, saved)
        except (termios.error, OSError):
            pass
    return None if columns is None else [column - 1 for column in columns]


def _read_reports(fd: int, count: int, timeout: float) -> list[int] | None:
    """The columns of the next ``count`` cursor position reports read from ``fd``, or None at the deadline."""
    deadline = time.monotonic() + timeout
    received = b""
    while len(reports := _REPORT.findall(received)) < count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1024)
        if not chunk:
            return None
        received += chunk
    return [int(column) for _row, column in reports[:count]]


def measured_whole(fd: int, timeout: float = TIMEOUT) -> bool | None:
    """True when the terminal on ``fd`` draws every sample as wide as Rich counts it (sequences whole),
    False when it draws one otherwise (their parts apart), None when it gave no answer."""
    from rich.cells import cell_len

    found = advances(fd, SAMPLES, timeout)
    if found is None:
        return None
    return found == [cell_len(sample) for sample in SAMPLES]


def measure_terminal(timeout: float = TIMEOUT) -> bool | None:
    """:func:`measured_whole` of the controlling terminal (``/dev/tty``); None without one."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    try:
        return measured_whole(fd, timeout)
    finally:
        os.close(fd)
