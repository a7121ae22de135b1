"""A story read is read in every copy: the ``mark_story_read`` setting, applied after a fetch.

With ``mark_story_read = true`` (the default), opening a brief in the reader marks its whole
same-story group read; the same setting makes a fetch mark read each new brief that joins a group
the reader has read (every other brief of it read), so that the story does not come back as unread
with each outlet that republishes it. ``mark_story_read = false`` leaves every new brief unread.
"""

from __future__ import annotations

from pathlib import Path

from tui.config_file import ConfigError, read_config

SETTING = "mark_story_read"
"""The config file's key (the reader's setting: :mod:`tui.ui.config`)."""


def story_read_setting(config: Path) -> bool:
    """The config file's ``mark_story_read``: True unless the file sets it to ``false``. A file that
    cannot be read or a value that is no boolean gives the default (the reader names the problem)."""
    try:
        data = read_config(config) or {}
    except ConfigError:
        return True
    value = data.get(SETTING, True)
    return value if isinstance(value, bool) else True
