"""SIGTERM and SIGHUP stop a command as Ctrl+C does: what it committed is kept and said.

A command run by systemd (``systemctl stop``), a cron job whose session ends or a terminal that
closes gets SIGTERM or SIGHUP; by default Python then ends at once, silent. :func:`stop_like_ctrl_c`
makes them raise :class:`KeyboardInterrupt` in the command, so that an import, a fetch or a prune
ends the way Ctrl+C ends it (its batch rolled back or committed, "interrupted; N briefs committed"),
and ``brief`` exits with 128 + the signal's number (143, 129) as a shell reports such an end. The
reader has its own handling (:mod:`tui.ui.app`). Worker processes take the default action back
(:func:`default_in_worker`): the command that started them stops them.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a command as Ctrl+C does."""
STOPPING = (signal.SIGINT, *SIGNALS)
"""Ctrl+C's and those: held back around a commit and while workers start."""

received: int | None = None
"""The signal that stopped the command, once one has."""


def stop_like_ctrl_c() -> None:
    """Make SIGTERM and SIGHUP raise :class:`KeyboardInterrupt` in this process (main thread only).
    A signal this process was started ignoring stays ignored: ``nohup brief import`` goes on when
    its terminal closes."""
    for signum in SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, _stop)


def _stop(signum: int, frame: FrameType | None) -> None:
    global received
    if received is None:  # a second signal while the first is being handled changes nothing
        received = signum
        raise KeyboardInterrupt


def default_in_worker() -> None:
    """A worker process ends at once on SIGTERM or SIGHUP, as if no handler had been set; one its
    command was started ignoring (``nohup``) it ignores too."""
    for signum in SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


WORKER_NICE = 10
"""How much lower a worker process's priority is than its command's: the command (an import's
writer, the reader) always gets a core, and the workers share what it leaves."""


def worker_process() -> None:
    """What a worker process of a command does first: it leaves Ctrl+C to the command, which stops
    it; ends at once on SIGTERM or SIGHUP (:func:`default_in_worker`); runs :data:`WORKER_NICE`
    lower."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_in_worker()
    try:
        os.nice(WORKER_NICE)
    except (AttributeError, OSError):  # not on every platform
        pass


PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent ends."""


def worker_of(parent: int) -> None:
    """What a worker process started by ``parent`` (a pool's initializer) does first:
    :func:`worker_process`, and it dies with ``parent``: on Linux the kernel ends the worker when
    ``parent`` ends, however it ends (even ``kill -9``); without that, a worker would wait for tasks
    forever."""
    worker_process()  # SIGTERM (the parent gone, or the pool stopping it) ends it at once
    if hasattr(signal, "pthread_sigmask"):
        # a parent may block them for the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOPPING))
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def exit_code() -> int | None:
    """128 + the signal that stopped the command, None when none did."""
    return None if received is None else 128 + received


def name() -> str:
    """The stopping signal's name (``SIGTERM``), or "" when none stopped the command."""
    return "" if received is None else signal.Signals(received).name
