"""Leaving the reader for a moment, wired to the main screen: ``o`` opens the brief's URL in a
browser, ``e`` opens its file in an editor and imports it again on return (a bundled sample is
copied beside the store first, and the copy is edited: brief's own files are never changed).

The URL comes from the brief's file or feed, so it is hostile input: only ``http`` and ``https``
URLs are handed to :mod:`webbrowser` (which honours ``$BROWSER``), in a thread worker so that a
browser that takes its time never holds the screen. The editor is ``$EDITOR``, else ``$VISUAL``
(a command line, split as a shell would), run with the reader suspended (Textual's
``App.suspend``); when it returns, the file is imported again through the ordinary import
(:func:`tui.importing.run.run_import`) in a thread worker, and the brief is shown again at once.
An editor that is not there is named in a notice before the reader is suspended: Textual gives the
terminal back to the reader only when the suspended block ends without an exception, so nothing
may be raised inside it (:func:`run_editor`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual.app import SuspendNotSupported
from textual.message import Message

from tui.errors import BriefError
from tui.importing.run import run_import
from tui.paths import samples_dir
from tui.store.errors import StoreError
from tui.store.store import Store

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen

OPEN_SCHEMES = ("http", "https")
"""The only URL schemes ``o`` hands to a browser."""
NO_EDITOR = "set $EDITOR (or $VISUAL) to your editor to edit briefs, e.g. EDITOR=nano brief"
EDITOR_NOT_FOUND = "the editor {name!r} was not found; set $EDITOR to your editor"


def openable_url(url: str) -> str | None:
    """Why ``url`` is not opened in a browser, or None when it may be (http or https with a host,
    no control characters or spaces that a browser's command line could take for something else)."""
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        return "the URL holds spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the URL cannot be read"
    if parts.scheme.lower() not in OPEN_SCHEMES:
        return f"only http and https URLs are opened, not {parts.scheme or 'a URL without a scheme'}"
    if not parts.netloc:
        return "the URL names no host"
    return None


def is_sample(path: Path) -> bool:
    """Whether ``path`` is one of the bundled sample briefs (part of brief itself: never edited)."""
    try:
        return path.resolve().parent == samples_dir().resolve()
    except OSError:
        return False


def edited_samples_dir(store_path: Path) -> Path:
    """Where the samples a user edits are copied: ``samples/`` in the store's folder."""
    return store_path.parent / "samples"


def sample_copy(path: Path, store_path: Path) -> Path:
    """The user's copy of the bundled sample ``path`` (made now when missing): ``e`` edits it, and
    importing it again points the brief at it (the same name, so the same brief)."""
    folder = edited_samples_dir(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    if not copy.exists():
        shutil.copyfile(path, copy)
    return copy


def editor_command() -> list[str] | None:
    """The editor's command line from ``$EDITOR``, else ``$VISUAL``; None when neither is set."""
    for name in ("EDITOR", "VISUAL"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    return None


def run_editor(command: list[str], path: Path) -> int | OSError:
    """Run the editor ``command`` on ``path`` and wait for it: its exit status, or the error that
    kept it from starting (not found, not executable, not a program).

    The error is returned, not raised: this runs inside ``App.suspend()``, which restores the
    screen only when its block ends normally, so a raised error left the terminal blank and the
    reader deaf to its keys.
    """
    try:
        return subprocess.call([*command, str(path)])
    except OSError as exc:
        return exc


@dataclass
class BrowserDone(Message):
    """The browser was asked to open a URL; ``error`` says why it could not, or is None."""

    error: str | None


@dataclass
class Reimported(Message):
    """A brief's file was imported again after editing."""

    line: str
    """What the import did, for a notice."""
    error: bool = False


class OpenController:
    """``o`` and ``e`` for :class:`~tui.ui.screens.main.MainScreen`."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen: MainScreen = screen
        """The screen whose open brief is opened or edited."""

    def open_url(self) -> None:
        """``o``: the open brief's URL in the system browser."""
        screen = self.screen
        article = screen.open_article()
        if article is None:
            return
        if not article.url:
            screen.notify("this brief has no URL to open", severity="warning")
            return
        why = openable_url(article.url)
        if why is not None:
            screen.notify(f"not opened: {why}: {screen._safe(article.url)}", severity="warning", timeout=6)
            return
        url = article.url

        def run() -> None:
            try:
                ok = webbrowser.open(url)
                error = None if ok else "no browser could be started (set $BROWSER)"
            except (webbrowser.Error, OSError) as exc:
                error = f"no browser could be started ({exc}); set $BROWSER"
            screen.post_message(BrowserDone(error))

        screen.notify(f"opening {screen._safe(url)}", timeout=3)
        screen.run_worker(run, thread=True, group="browser", exit_on_error=False)

    def browser_done(self, message: BrowserDone) -> None:
        """Say why the browser could not be started."""
        if message.error:
            self.screen.notify(message.error, severity="error", timeout=8)

    def edit(self) -> None:
        """``e``: the open brief's file in ``$EDITOR``, the reader suspended, then import it again."""
        screen = self.screen
        article = screen.open_article()
        if article is None:
            return
        if article.feed is not None:
            screen.notify("this brief comes from a feed: nothing to edit", severity="warning")
            return
        if not article.path:
            screen.notify("this brief has no file to edit", severity="warning")
            return
        path = Path(article.path)
        if not path.is_file():
            screen.notify(f"{screen._isolated(str(path), 100)} no longer exists: nothing to edit", severity="error")
            return
        command = editor_command()
        if command is None:
            screen.notify(NO_EDITOR, severity="warning", timeout=8)
            return
        name = screen._safe(command[0], 100)
        if shutil.which(command[0]) is None:
            screen.notify(EDITOR_NOT_FOUND.format(name=name), severity="error", timeout=8)
            return
        if is_sample(path):
            try:
                path = sample_copy(path, screen.store.path)
            except OSError as exc:
                where = screen._safe(str(edited_samples_dir(screen.store.path)), 100)
                screen.notify(f"could not copy the sample to {where}: {exc.strerror or exc}", severity="error")
                return
            screen.notify(f"a bundled sample: editing your copy, {screen._safe(str(path), 100)}", timeout=6)
        try:
            with screen.app.suspend():
                status = run_editor(command, path)
        except SuspendNotSupported:
            screen.notify("this terminal cannot hand itself to an editor", severity="error")
            return
        if isinstance(status, OSError):
            error = status.strerror or str(status)
            screen.notify(f"could not start the editor {name!r}: {error}", severity="error", timeout=8)
            return
        if status != 0:
            screen.notify(f"the editor {name!r} ended with status {status}", severity="warning")
        self._reimport(screen.store.path, path)

    def _reimport(self, store_path: Path, path: Path) -> None:
        """Import ``path`` again in a thread worker, on a connection of its own."""
        screen = self.screen

        def run() -> None:
            try:
                with Store.open(store_path) as store:
                    summary = run_import(store, [path], progress=False, out=None, workers=0)
            except (BriefError, StoreError, OSError) as exc:
                screen.post_message(Reimported(f"{path}: not imported again: {exc}", error=True))
                return
            if summary.failures:
                failure = summary.failures[0]
                screen.post_message(Reimported(f"failed: {failure.path}: {failure.reason}", error=True))
            elif summary.updated or summary.imported:
                screen.post_message(Reimported(f"{path.name}: imported again"))
            else:
                screen.post_message(Reimported(f"{path.name}: unchanged"))

        screen.run_worker(run, thread=True, group="reimport", exit_on_error=False)

    def reimported(self, message: Reimported) -> None:
        """Show the edited brief at once and say what the import did."""
        screen = self.screen
        screen.refresh_list()
        screen.store_watch.refresh_open_brief()
        screen.notify(screen._safe(message.line, 120), severity="error" if message.error else "information")
