"""Reading a small file a user names (an OPML list, the config file) as untrusted input.

A path can name what is no file: a FIFO, whose read waits for a writer that may never come, or a
device such as ``/dev/zero``, which never ends. :func:`read_small_file` opens without waiting,
refuses anything but a regular file, and reads no more than a limit, so neither can hang brief or
fill its memory.
"""

from __future__ import annotations

import os
import stat
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
