"""``brief import`` at work: files found, prepared in worker processes, written in batches, with
a line for each failure and a progress bar on a terminal.

No Textual here (the reader imports through the same function when it seeds a new store).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.store.store import Store

PROGRESS_MIN_FILES = 20
"""Show a progress bar on a terminal from this many files."""
BATCH_SIZE = 4000
"""Briefs written per transaction: large batches make fewer, larger search index segments."""


def run_import(
    store: Store, paths: list[Path | str], *, progress: bool, out, workers: int | None = None
) -> tuple[int, int, int, list]:
    """Import files and folders into ``store``; returns (imported, updated, unchanged, failures).

    Failures are printed to ``out`` as they happen (one line each) when ``out`` is given. Files
    are prepared in worker processes when there are many (:mod:`tui.store.bulk`; ``workers=0``:
    none) and written here as they come, :data:`BATCH_SIZE` to a transaction.
    """
    from tui.importers.load import LoadFailure, locate_brief_files
    from tui.store.bulk import Preparer
    from tui.store.importing import BatchWriter, finish_import
    from tui.text.sanitize import safe_line

    store.require_writable()
    files, failures = locate_brief_files(paths)
    bar = None

    def report(line: str) -> None:
        """One line for the user, above the progress bar when both share the terminal."""
        if out is None:
            return
        if bar is not None and out.isatty():
            from rich.text import Text

            bar[0].console.print(Text(safe_line(line)), soft_wrap=True)
        else:
            print(safe_line(line), file=out)

    for f in failures:
        report(f"failed: {f.path}: {f.reason}")
    with Preparer(files, store.stemmer_name(), workers) as prepared, store.bulk_cache():
        bar = _progress(len(files)) if progress else None
        try:
            with BatchWriter(store, BATCH_SIZE, fuzzy_links=False) as writer:
                for item in prepared:
                    if item.rows is None:
                        failures.append(LoadFailure(item.path, item.error or "could not be loaded"))
                        report(f"failed: {item.path}: {item.error}")
                    else:
                        writer.add(item.rows)
                    if bar is not None:
                        bar[0].advance(bar[1])
            total = writer.total
            if total.imported or total.updated:
                finish_import(store)
        finally:
            if bar is not None:
                bar[0].stop()
                bar = None
    for note in total.notes:
        report(note)
    return total.imported, total.updated, total.unchanged, failures


def _progress(count: int):
    """A rich progress bar on stderr, or None when there are few files or the output (stdout or
    stderr) is not a terminal."""
    if count < PROGRESS_MIN_FILES or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("importing", total=count)
    bar.start()
    return bar, task
