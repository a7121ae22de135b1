"""Start-up: which store file brief uses, and opening it for the commands and the reader.

The store is ``--store PATH``, else ``$BRIEF_STORE``, else ``store.db`` in the user data folder. A
store that does not exist yet is created; the reading commands and the reader seed a new one with
the bundled sample briefs, ``brief import`` does not (a new store holds only the user's briefs).
Opening a store written by an older brief upgrades it, with a notice on stderr when that rebuilds
the search index. No Textual here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui.paths import default_store_path, samples_dir
from tui.store.errors import StoreFullError
from tui.store.store import Store


def resolve_store_path(given: str | os.PathLike[str] | None) -> Path:
    """The store file: ``given`` (from ``--store``) when set, else ``$BRIEF_STORE`` or the default."""
    return Path(given).expanduser() if given else default_store_path()


def open_store(path: Path, *, seed: bool = True, announce: bool = True, reading: bool = False) -> Store:
    """Open (creating when missing) the store at ``path``; a new one gets the sample briefs when ``seed``.

    ``reading``: the command only reads the store, so that on a full disk (where opening it for
    writing fails: SQLite makes its shared-memory file) it is read as it is, read-only.

    A new store is announced on stderr when it is a terminal (``announce``; not by the reader, whose
    screen shows it), so that a mistyped ``--store`` path is seen at once rather than taken for lost
    briefs; scripts and cron logs are not told.
    Raises :class:`~tui.store.errors.StoreError` for a file that cannot be used as a store.
    """
    try:
        # A file of no bytes (made by touch, or left by a store whose making was cut short) is
        # no store yet either: SQLite would take it for an empty one, and it would stay empty.
        is_new = not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:
        is_new = False  # Store.open says why the path cannot be reached
    try:
        store = Store.open(path, on_upgrade=upgrade_notice)
    except StoreFullError:
        if not reading or is_new:
            raise
        store = Store.open(path, readonly=True)
    samples = 0
    if is_new and seed and not store.readonly:
        from tui.importing import run_import  # only for a new store: keeps start-up light

        samples = run_import(store, [samples_dir()], progress=False, out=None).imported
    if is_new and announce and on_terminal(sys.stderr):
        from tui.output import say

        made = f"brief: made a new store at {path}" + (f" with {samples} sample briefs" if samples else "")
        say(made, sys.stderr, flush=True)
    return store


def upgrade_notice(path: Path) -> None:
    """Tell the user on stderr why opening an older store takes a while."""
    from tui.output import say

    say(
        f"brief: upgrading {path} for this version of brief (rebuilding its search index, grouping"
        " its briefs by story or rewriting them; a large store can take a minute or two)",
        sys.stderr,
        flush=True,
    )


def on_terminal(stream: object) -> bool:
    """True when ``stream`` is a terminal."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
