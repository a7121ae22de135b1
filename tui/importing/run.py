"""An import at work: briefs written in batches, a line for each failure, a progress bar on a terminal.

:func:`run_import` imports files and folders: the files are found and loaded by the importers
(:mod:`tui.importers.load`), prepared in worker processes when there are many
(:mod:`tui.importing.pool`), and written here as they come. :func:`import_articles` imports articles
that are already parsed (a feed's entries). Both write through :class:`~tui.store.importing.BatchWriter`,
:data:`BATCH_SIZE` briefs to a transaction, resolve the links left dangling once at the end, and
return an :class:`ImportSummary`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from tui.errors import Interrupted
from tui.importers.load import LoadFailure, locate_brief_files
from tui.importing.lock import import_lock
from tui.importing.pool import Preparer
from tui.models import Article
from tui.output import message, say
from tui.store.check import require_sound
from tui.store.errors import StoreError
from tui.store.importing import BatchResult, BatchWriter, BriefRows, brief_rows, finish_import
from tui.store.store import Store
from tui.text.stem import get_stemmer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

PROGRESS_MIN_FILES = 20
"""Show a progress bar on a terminal from this many files."""
BATCH_SIZE = 4000
"""Briefs written per transaction: large batches make fewer, larger search index segments."""
BATCH_SECONDS = 1.0
"""A batch is committed after this long even when not full: the store's write lock is never held
longer, so the reader saving a bookmark (or another import) never waits more than that."""


class ImportSummary(NamedTuple):
    """What an import did: how many briefs it imported, updated and found unchanged, and what failed."""

    imported: int
    """Briefs new to the store."""
    updated: int
    """Briefs replaced by a changed version (their reading state kept)."""
    unchanged: int
    """Briefs already stored as they are."""
    failures: list[LoadFailure]
    """The files (or entries) that could not be imported, each with the reason."""

    def line(self) -> str:
        """The summary line ``brief import`` prints."""
        return (
            f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, failed {len(self.failures)}"
        )


class Reporter:
    """Lines for the user (failures, notes) on ``out``, and a progress bar while briefs are written.

    The bar is on stderr, and only when both stdout and stderr are terminals; a line printed while
    it shows goes above it.
    """

    def __init__(self, out: TextIO | None) -> None:
        """Print lines to ``out`` (``None``: print nothing)."""
        self.out = out
        self._bar: tuple[Progress, TaskID] | None = None

    def line(self, text: str) -> None:
        """One line for the user, safe for the terminal."""
        if self.out is None:
            return
        if self._bar is not None and self.out.isatty():
            from rich.text import Text

            self._bar[0].console.print(Text(message(text, self.out)), soft_wrap=True)
        else:
            say(text, self.out)

    def failed(self, failure: LoadFailure) -> None:
        """The line for a file that could not be imported."""
        self.line(f"failed: {failure.path}: {failure.reason}")

    @contextmanager
    def progress(self, count: int | None) -> Iterator[None]:
        """A progress bar for ``count`` briefs over the block (none when ``count`` is None or small)."""
        self._bar = _progress_bar(count) if count is not None else None
        try:
            yield
        finally:
            bar, self._bar = self._bar, None
            if bar is not None:
                bar[0].stop()

    def advance(self) -> None:
        """One more brief done."""
        if self._bar is not None:
            self._bar[0].advance(self._bar[1])


def run_import(
    store: Store, paths: Iterable[Path | str], *, progress: bool, out: TextIO | None, workers: int | None = None
) -> ImportSummary:
    """Import files and folders into ``store``.

    Failures are printed to ``out`` as they happen (one line each) when ``out`` is given. Files
    are prepared in worker processes when there are many (``workers=0``: none) and written here
    as they come, :data:`BATCH_SIZE` to a transaction.
    """
    store.require_writable()
    writer = _batch_writer(store)
    try:
        with import_lock(store.path, sys.stderr if out is not None else None):
            require_sound(store)
            files, failures = locate_brief_files(list(paths))
            reporter = Reporter(out)
            for failure in failures:
                reporter.failed(failure)
            total = _prepare_and_write(store, writer, files, failures, reporter, progress, workers)
    except KeyboardInterrupt:  # before the first brief, or while the workers stop after the last
        raise Interrupted(f"interrupted; {_committed(writer)} before it") from None
    return ImportSummary(total.imported, total.updated, total.unchanged, failures)


def _batch_writer(store: Store) -> BatchWriter:
    """The writer of an import: :data:`BATCH_SIZE` briefs or :data:`BATCH_SECONDS` to a transaction."""
    return BatchWriter(store, BATCH_SIZE, fuzzy_links=False, max_seconds=BATCH_SECONDS)


def _prepare_and_write(
    store: Store,
    writer: BatchWriter,
    files: Sequence[tuple[str, str]],
    failures: list[LoadFailure],
    reporter: Reporter,
    progress: bool,
    workers: int | None,
) -> BatchResult:
    """Prepare ``files`` (in worker processes when there are many) and write them as they come."""
    # The pool is started before the progress bar's thread: it forks.
    with Preparer(files, store.stemmer_name(), workers) as prepared:
        items = (
            LoadFailure(item.path, item.error or "could not be loaded") if item.rows is None else item.rows
            for item in prepared
        )
        return _write(store, writer, items, failures, reporter, len(files) if progress else None)


def import_articles(
    store: Store, articles: Iterable[Article], *, progress: bool = False, out: TextIO | None = None
) -> ImportSummary:
    """Import articles already parsed (a feed's entries, say) into ``store``, as :func:`run_import`
    imports files: the same batches, link resolution, notes and progress bar (when ``articles``
    has a length)."""
    store.require_writable()
    stem = get_stemmer(store.stemmer_name())
    count = len(articles) if progress and isinstance(articles, Sized) else None
    failures: list[LoadFailure] = []
    writer = _batch_writer(store)
    rows = (brief_rows(article, stem) for article in articles)
    try:
        with import_lock(store.path, sys.stderr if out is not None else None):
            total = _write(store, writer, rows, failures, Reporter(out), count)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; {_committed(writer)} before it") from None
    return ImportSummary(total.imported, total.updated, total.unchanged, failures)


def _write(
    store: Store,
    writer: BatchWriter,
    items: Iterable[BriefRows | LoadFailure],
    failures: list[LoadFailure],
    reporter: Reporter,
    count: int | None,
) -> BatchResult:
    """Write each brief as it comes, :data:`BATCH_SIZE` to a transaction; a failure is added to
    ``failures`` and reported. Links still dangling are resolved (fuzzy pass included) once at
    the end, then the writer's notes are reported."""
    try:
        with store.bulk_cache(), reporter.progress(count):
            with writer:
                for item in items:
                    if isinstance(item, LoadFailure):
                        failures.append(item)
                        reporter.failed(item)
                    else:
                        writer.add(item)
                    reporter.advance()
            total = writer.total
            if total.imported or total.updated:
                finish_import(store, writer.written())
    except StoreError as error:
        raise type(error)(f"{error}; {_committed(writer)} before it") from None
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; {_committed(writer)} before it") from None
    for path, reason in total.refused:
        failure = LoadFailure(path, reason)
        failures.append(failure)
        reporter.failed(failure)
    for note in total.notes:
        reporter.line(note)
    return total


def _committed(writer: BatchWriter) -> str:
    """How many briefs ``writer`` committed (imported or updated), for the line that ends an import."""
    n = writer.total.imported + writer.total.updated
    return f"{n} brief{'' if n == 1 else 's'} committed"


def _progress_bar(count: int) -> tuple[Progress, TaskID] | None:
    """A rich progress bar on stderr, or None when there are few briefs or the output (stdout or
    stderr) is not a terminal."""
    if count < PROGRESS_MIN_FILES or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("importing", total=count)
    bar.start()
    return bar, task
