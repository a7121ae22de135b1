"""How a worker process of an import or a fetch starts: below the writer, deaf to Ctrl+C, ending with its parent.

Kept apart from :mod:`tui.importing.pool` (the file import's pool, which needs the file importers) so
that a fetch, whose pool parses feeds, does not import the file importers to start its workers.
"""

from __future__ import annotations

import os
import signal
import sys

from tui.stop_signals import STOPPING, worker_process

PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent ends."""


def worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the importing process, which stops them, and die with it.

    On Linux the kernel ends a worker when the importing process ends, however it ends (even
    ``kill -9``): without that, a worker would wait for tasks forever.
    """
    worker_process()  # SIGTERM (the parent gone, or the pool stopping it) ends it at once
    if hasattr(signal, "pthread_sigmask"):
        # blocked by the parent for the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOPPING))
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the importer ended before the line above
        os._exit(1)
