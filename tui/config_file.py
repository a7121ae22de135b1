"""Reading the config file (``$BRIEF_CONFIG`` or the user config folder) as TOML, for every part of
brief that takes a setting from it: the reader's settings, ``keep_days``, ``mark_story_read``.

The file is input like any other: a path that is no regular file (a FIFO would block, a device
never end), a file over :data:`MAX_CONFIG_BYTES`, text that is not UTF-8, TOML that does not parse
or nests too deep for the parser: each is a :class:`ConfigError` naming the file and the reason,
which each caller turns into its notice and its defaults. No Textual import.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tui.files import NotARegularFile, TooLarge, read_small_file

MAX_CONFIG_BYTES = 1_000_000
"""The largest config file read (a real one is under a kilobyte)."""


class ConfigError(ValueError):
    """The config file cannot be used; the message names it and says why."""


def read_config(path: Path) -> dict[str, Any] | None:
    """The config file's settings, or None when there is no file. Raises :class:`ConfigError`."""
    try:
        data = read_small_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return None
    except NotARegularFile:
        raise ConfigError(f"{path}: not a regular file") from None
    except TooLarge:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1_000_000} MB") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot be read (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deep)") from None


def bidi_setting(path: Path) -> str | None:
    """``"terminal"`` when the config file says ``bidi = "terminal"``, else None (the default: shaped on
    a terminal, logical into a pipe). A file that cannot be used counts as none; the reader names
    its problems (:func:`tui.ui.config.load_config`)."""
    try:
        data = read_config(path)
    except ConfigError:
        return None
    return "terminal" if (data or {}).get("bidi") == "terminal" else None
