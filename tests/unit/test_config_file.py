"""The config file read as hostile input: whatever it is, every setting's reader names the file and
falls back to its defaults, never blocking, never reading without end, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.config_file import MAX_CONFIG_BYTES, ConfigError, read_config
from tui.errors import UsageError
from tui.importing.keeping import keep_days_setting
from tui.importing.story_read import story_read_setting
from tui.ui.config import Config, load_config

DEEP = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_a_missing_file_is_no_settings(tmp_path: Path) -> None:
    assert read_config(tmp_path / "none.toml") is None


def test_a_good_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('keep_days = 30\ntheme = "nord"\n', encoding="utf-8")
    assert read_config(path) == {"keep_days": 30, "theme": "nord"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (DEEP.encode(), "not valid TOML (nested too deep)"),
        (b"keep_days = \xff\n", "cannot be read (not UTF-8 text)"),
        (b"keep_days = = 3\n", "not valid TOML"),
        (b"# " + b"x" * MAX_CONFIG_BYTES + b"\n", "larger than 1 MB"),
    ],
)
def test_a_bad_file_is_named_with_its_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        read_config(path)
    assert str(info.value).startswith(f"{path}: {reason}")
    # every setting's reader: its default, and the reason where it says one
    config, notices = load_config(path)
    assert config == Config() and notices == [f"{info.value}; using the default settings"]
    assert story_read_setting(path) is True
    with pytest.raises(UsageError, match="^" + str(path)):
        keep_days_setting(path)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_path_that_is_no_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    """A FIFO would block the read for ever, /dev/zero never end."""
    path = tmp_path / "c.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(ConfigError) as info:
        read_config(path)
    assert str(info.value) in (f"{path}: not a regular file", f"{path}: cannot be read (Is a directory)")
    assert load_config(path)[0] == Config()
