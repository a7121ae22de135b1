"""Noticing that the reader's terminal has gone, without reading from it.

When the terminal a reader runs in goes away (its window closed, its SSH connection dropped), the
kernel sends SIGHUP to the terminal's session, and the reader leaves on it. A reader outside that
session (started by ``sh -c`` in another session, by ``setsid``, from a program that gave it the
terminal without making it the controlling one) gets no signal: its terminal is hung up, every
read from it returns at once with nothing, and Textual's input thread reads it again and again,
a core kept busy for as long as the process lives. :func:`hung_up` asks the kernel instead
(``poll`` with no event wanted reports only a hang-up or an error), and the reader asks every
:data:`CHECK_SECONDS`.
"""

from __future__ import annotations

import os
import select
import sys

CHECK_SECONDS = 1.0
"""How often the reader asks whether its terminal has gone."""
_GONE = getattr(select, "POLLHUP", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLNVAL", 0)


def hung_up(fd: int) -> bool:
    """True when the terminal open at ``fd`` is hung up (or ``fd`` is no longer open)."""
    poller = select.poll()
    poller.register(fd, 0)
    return any(events & _GONE for _, events in poller.poll(0))


def terminal_fd() -> int | None:
    """The descriptor the reader's keys come from, when it is a terminal this platform can watch:
    Linux only, where ``poll`` reports a hung-up terminal (macOS's ``poll`` does not take
    terminals: it would report every one as gone)."""
    stream = sys.__stdin__
    if stream is None or not sys.platform.startswith("linux") or not hasattr(select, "poll"):
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None
