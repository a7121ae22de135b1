"""Find brief files on disk and load them into :class:`~tui.models.Article` objects.

Folders are searched recursively for ``.txt`` and ``.md`` files (hidden files and folders are
skipped); a file named explicitly must have one of those extensions too. Loading reads a file's
bytes once, decodes them (:mod:`tui.importers.decode`) and parses the text
(:mod:`tui.importers.parse`). Every problem a user can cause, from a missing path to a binary
file, becomes a :class:`LoadError` or a :class:`LoadFailure` with a reason for a person; a bad
file never stops the others.
"""

from __future__ import annotations

import errno
import hashlib
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui import files
from tui.importers.decode import DecodeError, decode_bytes
from tui.importers.parse import ParseError, parse_article
from tui.importers.walk import BriefFiles, walk
from tui.models import Article
from tui.text.sanitize import BIDI_CONTROLS

BRIEF_SUFFIXES = frozenset({".txt", ".md"})
"""File extensions of brief files (compared case-insensitively)."""

MARKDOWN_SUFFIXES = frozenset({".md"})
"""Extensions parsed with the Markdown rules."""

MAX_FILE_BYTES = 2 * 2**20
"""The largest brief file imported (2 MB; a long news brief is a few tens of KB). Larger files are
refused, unread, with a reason: parsing, indexing and laying out one multi-megabyte paragraph
would take the import, ``brief show`` and the reader gigabytes of memory and many seconds."""


@dataclass(frozen=True)
class LoadFailure:
    """A path that could not be found or loaded, and why."""

    path: str
    """The path as it was given or found."""
    reason: str
    """Why it failed, for a person: "permission denied", "empty file", ..."""


class LoadError(Exception):
    """A brief file that cannot be loaded; the message is the reason, for a person."""

    def __init__(self, reason: str) -> None:
        """Keep ``reason`` as the message and as :attr:`reason`."""
        super().__init__(reason)
        self.reason = reason


def is_brief_file(path: Path) -> bool:
    """True when ``path`` has a brief extension (``.txt`` or ``.md``)."""
    return path.suffix.lower() in BRIEF_SUFFIXES


def _is_hidden(name: str) -> bool:
    """True for a dot-file or dot-folder name (``.`` and ``..`` are not names of their own)."""
    return name.startswith(".") and name not in {".", ".."}


def locate_brief_files(paths: Sequence[str | Path]) -> tuple[BriefFiles, list[LoadFailure]]:
    """Expand files and folders into brief files, each as ``(path as found, resolved path)``; returns
    (files, failures).

    Files come in the order the paths were given, a folder's files sorted by path (component by
    component). A file reached twice is listed once. A path that does not exist, a file with another
    extension and a folder that cannot be read are failures. The resolved path is what
    :func:`load_file` records; an import passes it on, so that a file is not resolved twice. The
    list is compact (:class:`~tui.importers.walk.BriefFiles`): a million files take tens of MB.
    """
    files = BriefFiles()
    failures: list[LoadFailure] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            problems = [LoadFailure(name, _reason(error)) for name, error in walk(str(path), files, _visit)]
            problems.sort(key=lambda problem: problem.path.split(os.sep))
            failures.extend(problems)
        elif path.is_file():
            if is_brief_file(path):
                files.add_file(str(path), os.path.realpath(path))
            else:
                failures.append(LoadFailure(str(path), "not a .txt or .md file"))
        elif path.exists() or path.is_symlink():
            reason = "not a file or folder" if path.exists() else "broken link"
            failures.append(LoadFailure(str(path), reason))
        else:
            failures.append(LoadFailure(str(path), "no such file or folder"))
    return files.done(), failures


def _visit(entry: os.DirEntry[str], dirs: list[str], names: list[str], links: dict[str, str]) -> None:
    """Sort one folder entry: a folder to walk, a brief file, a link to one, or a broken link
    (raised as FileNotFoundError), or a pipe or device with a brief's name (raised); hidden
    entries are skipped and symbolic links to folders not followed.

    May raise OSError (a symbolic link loop raises ELOOP from ``is_file``), which the walk reports
    for this entry alone.
    """
    if _is_hidden(entry.name):
        return
    if entry.is_dir(follow_symlinks=False):
        dirs.append(entry.name)
    elif os.path.splitext(entry.name)[1].lower() in BRIEF_SUFFIXES:
        link = entry.is_symlink()
        if entry.is_file():
            names.append(entry.name)
            if link:
                links[entry.name] = os.path.realpath(entry.path)
        elif link and not os.path.exists(entry.path):
            raise _BrokenLink(errno.ENOENT, "broken link", entry.path)
        elif not entry.is_dir():
            raise _NotAFile(errno.EINVAL, "not a regular file", entry.path)


class _BrokenLink(FileNotFoundError):
    """A link to a brief file that is not there (reported as "broken link")."""


class _NotAFile(OSError):
    """A pipe, a device or a socket named like a brief file (or a link to one): never opened, since
    reading a pipe waits for a writer and a device may never end."""


def _reason(error: OSError) -> str:
    """A short reason for a person from an OS error."""
    if isinstance(error, _BrokenLink):
        return "broken link"
    if isinstance(error, _NotAFile):
        return "not a regular file (a pipe, a device or a socket)"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return files.reason(error)


def _require_utf8_name(path: str, resolved: str | None) -> None:
    """Refuse a file whose name, or a folder's on its path, is not valid UTF-8.

    Python keeps such a name's bytes as lone surrogates, which the store cannot hold (a brief's id
    is its file name); the file fails alone, and its name is shown escaped (``\\xce``).
    """
    for name in (path, resolved or ""):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise LoadError("its name (or its folder's) is not valid UTF-8; rename it to import it") from None


def file_id(path: Path) -> str:
    """The id of the brief in the file at ``path``: its name without the extension, with each control
    character or bidi control written as its code (a file named ``name``, U+202E, ``txt.md`` is the
    brief ``name\\u202etxt``), so that ``brief list`` shows the id as it can be typed, and two names
    that differ only by such a character stay two briefs."""
    return "".join(
        f"\\u{ord(ch):04x}" if ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc" else ch for ch in path.stem
    )


def load_file(path: Path, resolved: str | None = None) -> Article:
    """Read, decode and parse one brief file.

    The id is the file name without its extension, ``content_hash`` the SHA-256 of the bytes,
    ``path`` the resolved path (``resolved`` when the caller has it already). Raises
    :class:`LoadError` when the file cannot be read, decoded or parsed.
    """
    path = Path(path)
    _require_utf8_name(str(path), resolved)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise LoadError(_reason(error)) from None
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(f"larger than {MAX_FILE_BYTES // 2**20} MB: a brief file is at most that; split it")
    try:
        text, encoding = decode_bytes(data)
        return parse_article(
            text,
            article_id=file_id(path),
            path=resolved or str(path.resolve()),
            markdown=path.suffix.lower() in MARKDOWN_SUFFIXES,
            encoding=encoding,
            content_hash=hashlib.sha256(data).hexdigest(),
        )
    except (DecodeError, ParseError) as error:
        raise LoadError(str(error)) from None
