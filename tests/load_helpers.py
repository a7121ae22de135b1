"""Test helpers over the file importers: the files found as paths, and every article or failure in turn."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.importers.load import LoadError, LoadFailure, load_file, locate_brief_files
from tui.models import Article


def find_brief_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[LoadFailure]]:
    """The brief files under ``paths`` as paths (:func:`~tui.importers.load.locate_brief_files`), and
    the failures."""
    found, failures = locate_brief_files(paths)
    return [Path(path) for path, _ in found], failures


def iter_articles(paths: Sequence[str | Path]) -> Iterator[Article | LoadFailure]:
    """An :class:`Article` for every brief found under ``paths``, a :class:`LoadFailure` for every
    path or file that failed (those found while searching first, then the files in order)."""
    files, failures = find_brief_files(paths)
    yield from failures
    for path in files:
        try:
            yield load_file(path)
        except LoadError as error:
            yield LoadFailure(str(path), error.reason)
