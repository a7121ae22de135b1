"""Where brief keeps its files: the store, the config file and the bundled sample briefs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "brief"


def default_store_path() -> Path:
    """The store file: ``$BRIEF_STORE`` or ``<user data dir>/brief/store.db``."""
    env = os.environ.get("BRIEF_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "store.db"


def default_config_path() -> Path:
    """The config file: ``$BRIEF_CONFIG`` or ``<user config dir>/brief/config.toml``."""
    env = os.environ.get("BRIEF_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def samples_dir() -> Path:
    """The folder of bundled sample briefs (``articles/`` in the source tree, ``tui/samples`` installed)."""
    here = Path(__file__).resolve().parent
    installed = here / "samples"
    if installed.is_dir() and any(installed.glob("*.txt")):
        return installed
    return here.parent / "articles"
