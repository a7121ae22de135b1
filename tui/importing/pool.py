"""The worker pool of a file import: files read, parsed and tokenised in worker processes.

SQLite has one writer, so writing stays in the calling process. Everything before it — reading,
decoding and parsing a file, folding and stemming its words for the search index — depends on the
file alone, and runs in a pool of worker processes (one per core, at a lower priority than the
writer, so that they use what the writer leaves) when an import has many files. Results come back
in file order, so an import writes the same store with or without the pool; a pool that breaks (a
worker killed) leaves the rest to this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from tui.importers.load import LoadError, load_file
from tui.importing.workers import worker_init
from tui.stop_signals import STOPPING
from tui.store.importing import BriefRows, brief_rows
from tui.text.stem import get_stemmer

POOL_MIN_FILES = 400
"""Imports with fewer files are prepared in this process (starting a pool costs more)."""
CHUNK_FILES = 100
"""Files a worker prepares per task."""
AHEAD_CHUNKS = 10
"""Tasks queued per worker, so workers keep going while the writer commits a batch (a commit takes
about a second; two workers prepare about 1,000 files in it). Their results wait in memory, about
11 KB a news brief: 24 tasks a worker took 31 MB more at the import's peak and were no faster."""
MAX_WORKERS = 4
"""More workers do not help: the single writer is the limit."""


class Prepared(NamedTuple):
    """One file, ready to write: its brief as rows, or why it failed.

    A named tuple, not a dataclass: thousands cross from the workers each second, and a tuple is
    unpickled in a third of the time."""

    path: str
    """The file's path as found."""
    rows: BriefRows | None = None
    """The brief as it is stored, search index columns included; ``None`` when the file failed."""
    error: str | None = None
    """Why the file failed, for a person."""


def prepare_file(path: str | Path, stemmer: str, resolved: str | None = None) -> Prepared:
    """Load one file (its resolved path given when known) and compute its rows, index columns with
    the named stemmer; never raises LoadError."""
    try:
        article = load_file(Path(path), resolved)
    except LoadError as error:
        return Prepared(str(path), error=error.reason)
    return Prepared(str(path), brief_rows(article, get_stemmer(stemmer)))


def prepare_chunk(files: Sequence[tuple[str, str | None]], stemmer: str) -> list[Prepared]:
    """:func:`prepare_file` of each ``(path, resolved path or None)``, in order (one task of a worker)."""
    return [prepare_file(path, stemmer, resolved) for path, resolved in files]


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT (and SIGTERM, SIGHUP) held back (blocked) for the block, then delivered: workers forked
    in it start with them blocked until they have set what they do with them, so none can interrupt
    one half-way through starting (a traceback from a child). Main thread only, and where the
    platform can."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPPING))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _chunk(files: Sequence[Path | str | tuple[str, str]]) -> list[tuple[str, str | None]]:
    """Files as ``(path, resolved path or None)``, the form a worker's task takes."""
    return [f if isinstance(f, tuple) else (str(f), None) for f in files]


def default_workers() -> int:
    """As many workers as the cores this process may use, at most MAX_WORKERS.

    They run at a lower priority (:data:`tui.stop_signals.WORKER_NICE`), so the writer keeps a core of its own.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


class Preparer:
    """Prepared files in order, from a worker pool when there are many of them.

    Use as a context manager, entered before any thread is started (the pool forks on Linux)::

        with Preparer(files, "light10") as prepared:
            for item in prepared:
                ...
    """

    def __init__(self, files: Sequence[Path | str | tuple[str, str]], stemmer: str, workers: int | None = None) -> None:
        """Prepare ``files`` with ``stemmer``; ``workers=0`` prepares everything in this process.

        A file is a path, or ``(path, resolved path)`` as :func:`~tui.importers.load.locate_brief_files`
        gives them.
        """
        self.files = files
        self.stemmer = stemmer
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        # Chunks are cut as they are queued: a million files are never all held as tuples at once.
        self._chunks = (_chunk(files[i : i + CHUNK_FILES]) for i in range(0, len(files), CHUNK_FILES))
        self._pending: deque[tuple[list[tuple[str, str | None]], Future[list[Prepared]] | None]] = deque()
        self._ready: deque[Prepared] = deque()

    def __enter__(self) -> Preparer:
        """Start the pool and its first tasks when the import is big enough."""
        try:
            with _sigint_blocked():  # the workers are forked here: see _sigint_blocked
                if self.workers > 0 and len(self.files) >= POOL_MIN_FILES:
                    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
                    try:
                        self._pool = ProcessPoolExecutor(
                            self.workers, mp_context=context, initializer=worker_init, initargs=(os.getpid(),)
                        )
                    except (OSError, ValueError):  # no processes allowed here: do the work in this one
                        self._pool = None
                for chunk in islice(self._chunks, AHEAD_CHUNKS * max(1, self.workers)):
                    self._pending.append((chunk, self._submit(chunk)))
        except BaseException:  # Ctrl+C held while forking comes here: stop the pool all the same
            self._stop_pool()
            raise
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Stop the pool: queued tasks are cancelled, the workers finish the one they hold and end."""
        self._stop_pool()

    def _stop_pool(self) -> None:
        """Shut the pool down, cancelling the tasks no worker has started, and wait for its workers.

        Workers are never killed: one killed while it sends a result leaves half a message in the
        pool's pipe, and the pool's thread, reading it, then waits forever, and with it the
        interpreter's exit. A worker holds one task (:data:`CHUNK_FILES` files) at most, so
        waiting for it costs a fraction of a second; Ctrl+C does not reach it (it ignores SIGINT).
        """
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, chunk: list[tuple[str, str | None]]) -> Future[list[Prepared]] | None:
        """Queue ``chunk`` for a worker; None when there is no usable pool."""
        if self._pool is None:
            return None
        try:
            return self._pool.submit(prepare_chunk, chunk, self.stemmer)
        except (BrokenProcessPool, RuntimeError):
            self._stop_pool()
            return None

    def __iter__(self) -> Iterator[Prepared]:
        """Every file's :class:`Prepared`, in the order of the files."""
        while self._ready or self._pending:
            if not self._ready:
                self._ready.extend(self._next_chunk())
                continue
            yield self._ready.popleft()

    def _next_chunk(self) -> list[Prepared]:
        """The next chunk's results, from its worker or, failing that, prepared here; queues another."""
        chunk, future = self._pending.popleft()
        result = None
        if future is not None:
            try:
                result = future.result()
            except Exception:  # a broken pool, or a task that failed there: redo it here
                self._stop_pool()
        if result is None:
            result = prepare_chunk(chunk, self.stemmer)
        following = next(self._chunks, None)
        if following is not None:
            self._pending.append((following, self._submit(following)))
        return result
