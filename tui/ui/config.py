"""The reader's settings from a TOML file (``$BRIEF_CONFIG`` or the user config folder).

Example::

    theme = "textual-dark"        # any Textual theme name
    bidi = "app"                  # "app": brief shapes and orders Arabic; "terminal": the terminal does
    list_width = "40%"            # the list pane: cells (36) or a percentage ("40%")
    keep_days = 90                # briefs older than this are pruned after each fetch (bookmarks kept)
    mark_story_read = true        # reading one brief of a same-story group marks the group read,
                                  # and a new copy of a story read arrives read
    emoji = "auto"                # "whole": emoji sequences as they are; "single": their parts as
                                  # single emoji; "auto": whole where the terminal answers that
                                  # it draws them whole (tui.emoji_probe)

    [keys]                        # binding id = "key,key" (see the help screen for ids)
    cursor_down = "j,down,ctrl+n"

A bad file never stops the reader: :func:`load_config` returns the defaults for whatever it could
not use, and a message naming the file and the key for each problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.config_file import ConfigError, read_config
from tui.emoji_mode import EMOJI_MODES

BIDI_MODES = ("app", "terminal")
DEFAULT_LIST_WIDTH = "40%"
_WIDTH = re.compile(r"^\s*(\d{1,3})\s*%\s*$")


@dataclass(frozen=True)
class Config:
    """The settings the reader uses."""

    theme: str | None = None
    """A Textual theme name, or None for Textual's default."""
    bidi: str = "app"
    """``app`` or ``terminal``."""
    list_width: str = DEFAULT_LIST_WIDTH
    """The list pane's width as a CSS value: cells (``"36"``) or a percentage (``"40%"``)."""
    mark_story_read: bool = True
    """Opening a brief marks the other briefs of its same-story group read too."""
    emoji: str = "auto"
    """``auto``, ``whole`` or ``single``: how emoji sequences are shown (:mod:`tui.emoji_mode`)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, applied as Textual's keymap."""
    path: Path | None = None
    """The file the settings came from (named in notices), None for the defaults."""


def load_config(path: Path) -> tuple[Config, list[str]]:
    """Read the config file; returns the settings and a message for each problem.

    A missing file is not a problem. Unknown top-level keys are reported and ignored.
    """
    from tui.ui.keymap import resolve_keymap
    from tui.ui.keys import keymap_problems

    try:
        data = read_config(path)
    except ConfigError as exc:
        return Config(), [f"{exc}; using the default settings"]
    if data is None:
        return Config(), []

    problems: list[str] = []

    def bad(key: str, why: str) -> None:
        problems.append(f"{path}: {key}: {why}; using the default")

    theme = data.pop("theme", None)
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        bad("theme", "give a theme name as a string")
        theme = None
    bidi = data.pop("bidi", "app")
    if bidi not in BIDI_MODES:
        bad("bidi", f'must be "app" or "terminal", not {bidi!r}')
        bidi = "app"
    list_width = parse_list_width(data.pop("list_width", DEFAULT_LIST_WIDTH))
    if list_width is None:
        bad("list_width", 'give cells (an integer from 10 to 400) or a percentage from 10% to 90% such as "40%"')
        list_width = DEFAULT_LIST_WIDTH
    from tui.importing.keeping import MAX_DAYS, parse_keep_days

    if "keep_days" in data and parse_keep_days(data.pop("keep_days")) is None:
        problems.append(f"{path}: keep_days: give a whole number of days from 1 to {MAX_DAYS}; nothing is pruned")
    mark_story_read = data.pop("mark_story_read", True)
    if not isinstance(mark_story_read, bool):
        bad("mark_story_read", f"must be true or false, not {mark_story_read!r}")
        mark_story_read = True
    emoji = data.pop("emoji", "auto")
    if emoji not in EMOJI_MODES:
        bad("emoji", f'must be "auto", "whole" or "single", not {emoji!r}')
        emoji = "auto"
    keys_table = data.pop("keys", {})
    keys: dict[str, str] = {}
    if not isinstance(keys_table, dict):
        bad("keys", 'must be a table: [keys] then action_id = "key,key"')
    else:
        wrong = keymap_problems(keys_table)
        problems.extend(f"{path}: {p}; ignored" for p in wrong)
        bad_ids = {p.split(":")[0].removeprefix("[keys] ") for p in wrong}
        keys, key_problems = resolve_keymap({k: v for k, v in keys_table.items() if k not in bad_ids})
        problems.extend(f"{path}: {p}" for p in key_problems)
    for unknown in data:
        known = "theme, bidi, list_width, keep_days, mark_story_read, emoji, [keys]"
        problems.append(f"{path}: {unknown}: unknown setting (known: {known}); ignored")
    config = Config(
        theme=theme,
        bidi=bidi,
        list_width=list_width,
        mark_story_read=mark_story_read,
        emoji=emoji,
        keys=keys,
        path=path,
    )
    return config, problems


def parse_list_width(value: object) -> str | None:
    """A list width as a CSS value, or None when it is not usable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if 10 <= value <= 400 else None
    if isinstance(value, str):
        if value.strip().isdigit():
            return parse_list_width(int(value))
        match = _WIDTH.match(value)
        if match and 10 <= int(match.group(1)) <= 90:
            return f"{int(match.group(1))}%"
    return None
