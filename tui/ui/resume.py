"""Textual's terminal mode given up on SIGTSTP and taken again on SIGCONT, the second only after the first.

Textual's Linux driver leaves its terminal mode when the process is stopped (SIGTSTP) and enters it
again on every SIGCONT. A SIGCONT also comes with no stop before it: ``kill -CONT``, or the kernel's
when a terminal hangs up. Entering the mode again then starts a second pair of input and output
threads beside the running ones; the first input thread is never stopped, so after ``q`` the
process waited on it for ever (or, its terminal gone, on the full queue of the new output thread).
:func:`resume_only_after_stop` keeps Textual's handlers, and passes a SIGCONT on only when a SIGTSTP
came before it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any


def resume_only_after_stop(driver: object) -> bool:
    """Wrap ``driver``'s SIGTSTP and SIGCONT handlers (Textual's Linux driver has them) so that a
    SIGCONT resumes the terminal mode only after a SIGTSTP. Returns False, changing nothing, for a
    driver without them (headless, Windows) or off the main thread."""
    on_stop: Callable[..., Any] | None = getattr(driver, "_sigtstp_application", None)
    on_continue: Callable[..., Any] | None = getattr(driver, "_sigcont_application", None)
    if on_stop is None or on_continue is None or threading.current_thread() is not threading.main_thread():
        return False
    stopped = False

    def stop(*args: Any) -> None:
        nonlocal stopped
        stopped = True
        on_stop(*args)

    def resume(*args: Any) -> None:
        nonlocal stopped
        if stopped:
            stopped = False
            on_continue(*args)

    signal.signal(signal.SIGTSTP, stop)
    signal.signal(signal.SIGCONT, resume)
    return True
