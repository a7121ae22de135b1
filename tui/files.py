"""Reading a small file a user names (an OPML list, the config file) as untrusted input, and
writing one in its place.

A path can name what is no file: a FIFO, whose read waits for a writer that may never come, or a
device such as ``/dev/zero``, which never ends. :func:`read_small_file` opens without waiting,
refuses anything but a regular file, and reads no more than a limit, so neither can hang brief or
fill its memory. :func:`write_in_place` writes a file whole or not at all.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class NotARegularFile(OSError):
    """The path names a pipe, a device, a socket or a folder: it is not read."""


class TooLarge(OSError):
    """The file holds more bytes than the caller reads."""


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotARegularFile`, :class:`TooLarge` (over ``limit`` bytes), or the
    :class:`OSError` of opening or reading it (``FileNotFoundError`` among them).
    """
    # O_NONBLOCK: opening a FIFO returns at once, and its type is refused below
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise NotARegularFile(f"{path}: not a regular file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path}: larger than {limit:,} bytes")
    return data


def reason(error: OSError) -> str:
    """A short reason for a person from an error of :func:`read_small_file` (or of writing a file)."""
    if isinstance(error, NotARegularFile):
        return "not a regular file (a folder, a pipe or a device)"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def write_in_place(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a new file beside ``target`` (a short name of its own), then put it
    in its place: a write that fails or is stopped (the disk full, Ctrl+C) leaves no empty or
    half-written file, and the file that was there as it was (an OPML list of every subscription, a
    brief exported before). A link is followed to the file it names, which is replaced; a path that
    names no regular file (``/dev/stdout``, a FIFO) is written as it is."""
    if target.exists() and not target.is_file():
        with open(target, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        return
    if target.is_symlink():
        target = target.resolve()
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # the file replaced keeps its permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # as a file written directly (mkstemp's is the owner's only)
    try:
        handle, name = tempfile.mkstemp(prefix=".brief-", suffix=".partial", dir=target.parent)
    except OSError:
        if not target.exists():
            raise  # the folder is missing or cannot be written: that is the reason
        # No file can be made beside it (a folder such as /proc): the file itself says why it cannot
        # be written, or is written.
        target.write_text(text, encoding="utf-8", newline="\n")
        return
    try:
        with open(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(name, mode)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
