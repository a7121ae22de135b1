"""The brief files under the paths of an import, found in order and listed compactly.

An import of a million files must not keep a million pairs of full paths: as tuples of two strings
they took about 300 MB, and sorting them by their split paths as much again for a moment. So
:class:`BriefFiles` keeps each folder once and each file as its name and its folder's number, and
builds a file's paths when they are asked for; and folders are walked in order, each one's entries
sorted by name, which gives the files in the order of their paths' components without a sort of
the whole list.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import overload


class BriefFiles(Sequence[tuple[str, str]]):
    """Brief files in import order, each as ``(path as found, resolved path)``."""

    def __init__(self) -> None:
        """No files yet."""
        self._folders: list[tuple[str, str]] = []
        """(folder as found, the folder resolved) of the walked folders."""
        self._names: list[str] = []
        self._where = array("I")
        """The number (in :attr:`_folders`) of each file's folder."""
        self._own: dict[int, tuple[str, str]] = {}
        """The paths of the files that are not simply a name in a walked folder (a file named on the
        command line, a symbolic link), by their place in the list."""
        self._seen: dict[str, set[str]] = {}
        """Names listed so far in each resolved folder: a file reached twice is listed once."""

    def folder(self, path: str, real: str) -> int:
        """The number of a folder whose files come next (``real``: the folder resolved)."""
        self._folders.append((path, real))
        return len(self._folders) - 1

    def add(self, folder: int, name: str, resolved: str | None = None) -> None:
        """List the file ``name`` of ``folder`` (``resolved``: its resolved path when it is a link),
        unless the same file is listed already."""
        fresh = self._mark(*os.path.split(resolved)) if resolved else self._mark(self._folders[folder][1], name)
        if fresh:
            if resolved:
                self._own[len(self._names)] = (os.path.join(self._folders[folder][0], name), resolved)
            self._names.append(name)
            self._where.append(folder)

    def add_file(self, path: str, resolved: str) -> None:
        """List a file named on its own (not found in a walked folder), unless listed already."""
        if self._mark(*os.path.split(resolved)):
            self._own[len(self._names)] = (path, resolved)
            self._names.append(os.path.basename(path))
            self._where.append(0)

    def _mark(self, real: str, name: str) -> bool:
        """Record the file ``name`` of the resolved folder ``real``; False when it was recorded before."""
        names = self._seen.setdefault(real, set())
        if name in names:
            return False
        names.add(name)
        return True

    def done(self) -> BriefFiles:
        """Forget what was needed only while listing (the names seen per folder); returns self."""
        self._seen = {}
        return self

    def __len__(self) -> int:
        """How many files are listed."""
        return len(self._names)

    @overload
    def __getitem__(self, i: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, str]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, str] | list[tuple[str, str]]:
        """``(path as found, resolved path)`` of the file at ``i`` (a list for a slice)."""
        if isinstance(i, slice):
            return [self._pair(n) for n in range(*i.indices(len(self._names)))]
        if i < 0:
            i += len(self._names)
        if not 0 <= i < len(self._names):
            raise IndexError(i)
        return self._pair(i)

    def _pair(self, i: int) -> tuple[str, str]:
        own = self._own.get(i)
        if own is not None:
            return own
        path, real = self._folders[self._where[i]]
        name = self._names[i]
        return os.path.join(path, name), os.path.join(real, name)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Every file's pair, in order."""
        return (self._pair(i) for i in range(len(self._names)))


Visit = Callable[[os.DirEntry[str], list[str], list[str], dict[str, str]], None]
"""Sorts one folder entry into the folder's subfolder names, brief file names and links to brief
files (name → resolved path), or records a problem; may raise OSError for this entry alone."""


def walk(root: str, files: BriefFiles, visit: Visit) -> list[tuple[str, OSError]]:
    """Add the brief files under ``root`` to ``files`` in the order of their paths' components;
    returns the folders and entries that could not be read, with the error.

    Each folder's entries are sorted by name, files and subfolders together, and a subfolder's files
    come at its place; ``visit`` sorts each entry.
    """
    errors: list[tuple[str, OSError]] = []
    # Folders being listed, innermost last: (folder, its number in files, its links, names to do).
    stack: list[tuple[str, int, dict[str, str], Iterator[tuple[str, bool]]]] = []

    def enter(folder: str) -> None:
        dirs: list[str] = []
        names: list[str] = []
        links: dict[str, str] = {}
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        visit(entry, dirs, names, links)
                    except OSError as error:  # this entry alone: a link loop (ELOOP), a vanished file
                        errors.append((entry.path, error))
        except OSError as error:
            errors.append((str(error.filename or folder), error))
        dirs.sort()
        names.sort()
        stack.append((folder, files.folder(folder, os.path.realpath(folder)), links, _merged(names, dirs)))

    enter(root)
    while stack:
        folder, number, links, todo = stack[-1]
        step = next(todo, None)
        if step is None:
            stack.pop()
        elif step[1]:
            enter(os.path.join(folder, step[0]))
        else:
            files.add(number, step[0], links.get(step[0]))
    return errors


def _merged(names: list[str], dirs: list[str]) -> Iterator[tuple[str, bool]]:
    """Two sorted lists of names as one sorted stream of ``(name, is a folder)``."""
    i = j = 0
    while i < len(names) or j < len(dirs):
        if j >= len(dirs) or (i < len(names) and names[i] < dirs[j]):
            yield names[i], False
            i += 1
        else:
            yield dirs[j], True
            j += 1
