"""The Textual application: settings, theme, keymap, the command palette and the main screen.

The app holds the store and the settings; the main screen does the reading. Every action with a
key is also a command in the command palette (Ctrl+P), found by its English title or its Arabic name
(see :mod:`tui.ui.palette`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Iterable
from functools import partial
from typing import Any

from rich.console import RenderableType
from textual import events
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import WorkerFailed

from tui.errors import EXIT_INTERRUPTED, BriefError
from tui.store.store import Store
from tui.ui import hangup
from tui.ui.config import Config
from tui.ui.keys import ACTIONS, ActionSpec, bindings, key_label
from tui.ui.notices import ShownNotices, fit_notice, lay_out_notice, lay_out_title, toast_text_width
from tui.ui.palette import BriefCommandPalette, BriefCommands
from tui.ui.resume import resume_only_after_stop
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.list_commands import palette_commands
from tui.ui.screens.main import MainScreen
from tui.ui.session import ReadingSession

STARTED_AFTER = 1.0
"""Seconds after the main screen is pushed when the reader counts as started (first paint, first brief open)."""
YOUNG_OBJECTS = 5000
"""New objects between two collections of the garbage collector's youngest generation, once started
(Python's default: 700): a repaint makes tens of thousands, nearly all freed at once."""


_TYPED_TO = "_brief_typed_to"
"""The attribute a key read from the terminal carries: the widget that had the focus then."""
_AGAIN = "_brief_read_again"
"""The attribute of a key the reader reads again (:meth:`BriefApp.on_event`)."""

START_ROWS_SPARE = 8
"""Rows of the screen the notice of problems found at start (in the config) leaves free: past the
problems that fit, one line says how many more there are, all printed on stderr when the reader
ends (a notice taller than the screen runs off it)."""
START_ROWS_MIN = 4
"""Rows that notice may take however short the screen."""


class BriefApp(App[int]):
    """The brief reader."""

    CSS_PATH = "app.tcss"
    TITLE = "brief"
    BINDINGS = [
        *bindings("app"),
        # Before any screen's or input's own Ctrl+C (a dialog's, the search box's copy): it quits from
        # every screen, and copies only what is selected.
        Binding("ctrl+c", "interrupt", show=False, priority=True, system=True),
    ]
    COMMANDS = {BriefCommands}

    def __init__(
        self,
        store: Store,
        config: Config | None = None,
        *,
        shaped: bool = True,
        initial_id: str | None = None,
        notices: Iterable[str] = (),
        freeze_garbage: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        """The store being read."""
        self.config = config or Config()
        """Settings from the config file."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode: text goes out in logical order, unshaped."""
        self.initial_id = initial_id
        """The brief named on the command line."""
        self.notices = list(notices)
        """Problems found before start-up (a bad config file), shown once the screen is up."""
        self.failure: BriefError | None = None
        """The error a user can cause (a damaged store) that ended the reader, for the command to print."""
        self.freeze_garbage = freeze_garbage
        """Once started, keep what exists then out of the garbage collector's passes (see :meth:`_started`)."""
        self._keys_again: list[events.Key] = []
        """Keys that came back from a widget that had lost the focus, to be read again (:meth:`on_event`)."""
        self._keys_posted_again = 0
        """Keys read again that are not read yet: a key typed meanwhile goes after them."""
        self._terminal_watch: Timer | None = None
        """The timer that asks whether the terminal has gone (:meth:`_check_terminal`)."""
        self.leaving = False
        """True once the reader has begun to end (:meth:`exit`): input that still comes is dropped."""
        self.notices_cut = False
        """True when the notice of :attr:`notices` at start left some out (they are printed at the end)."""
        self.session: ReadingSession | None = None
        """The reading session, once the reader has quit: what it could not write yet is written (or
        said to be lost) once the terminal is given back."""
        self._shown_notices = ShownNotices()
        """The notices given, kept to lay them out again when the terminal's width changes."""
        self._notice_width = 0
        """The toast text width the notices on the screen were laid out at."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice, given in logical order, laid out for its toast (:mod:`tui.ui.notices`).

        Every notice passes here (a widget's or a screen's ``notify`` calls the app's), so this is
        the one place where a notice is wrapped at the toast's width and then shaped and reordered
        line by line. It is shown as plain text whatever ``markup`` says (Textual's
        ``Widget.notify`` passes True): notices quote file names, keys (``[keys]``), queries and
        titles, which markup would eat, and a bracket mirrored in a right-to-left run would read
        as markup too.
        """
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self._shown_notices.add(message, title, severity, timeout)
        self._toast(message, title, severity, timeout, self.size.width)

    def _toast(self, message: str, title: str, severity: SeverityLevel, timeout: float, columns: int) -> None:
        """Show a notice laid out for a terminal ``columns`` cells wide."""
        self._notice_width = width = toast_text_width(columns)
        super().notify(
            lay_out_notice(message, width, shaped=self.shaped),
            title=lay_out_title(title, width, shaped=self.shaped),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_resize(self, event: events.Resize) -> None:
        """Lay out the notices still showing again when their toasts' width changes (this runs
        before Textual's own handler: the app's size is still the old one)."""
        columns = event.size.width
        if toast_text_width(columns) == self._notice_width:
            return
        showing = self._shown_notices.showing()
        if not showing:
            return
        super().clear_notifications()  # the toasts only: their notices are shown again
        for notice, left in showing:
            self._toast(notice.message, notice.title, notice.severity, left, columns)

    def withdraw(self, message: str) -> None:
        """Take back the notice ``message`` while its toast is still up (a deletion's, once undone);
        the other toasts stay for the time they have left."""
        showing = self._shown_notices.showing()
        if not any(notice.message == message for notice, _ in showing):
            return
        self.clear_notifications()
        for notice, left in showing:
            if notice.message != message:
                self._shown_notices.add(notice.message, notice.title, notice.severity, left)
                self._toast(notice.message, notice.title, notice.severity, left, self.size.width)

    def clear_notifications(self) -> None:
        """Remove every toast (and forget their notices)."""
        self._shown_notices.clear()
        super().clear_notifications()

    def on_mount(self) -> None:
        """Apply the settings, take over SIGTERM and SIGHUP (and watch for a terminal gone without
        one), and show the main screen."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not everywhere
                loop.add_signal_handler(signum, self._on_signal, int(signum))
        resume_only_after_stop(self._driver)  # a SIGCONT with no stop before it changes nothing
        if self.config.keys:
            self.set_keymap(dict(self.config.keys))
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                where = self.config.path or "config"
                self.notices.append(f"{where}: theme: no theme named {self.config.theme!r}; using the default")
        self.push_screen(
            MainScreen(self.store, shaped=self.shaped, initial_id=self.initial_id, list_width=self.config.list_width)
        )
        if self.notices:
            # One notice for all: separate toasts past the few the screen holds were never seen.
            rows = max(START_ROWS_MIN, self.size.height - START_ROWS_SPARE)
            shown = fit_notice(self.notices, rows, toast_text_width(self.size.width), shaped=self.shaped)
            self.notices_cut = shown != self.notices
            self.notify("\n".join(shown), severity="warning", timeout=10 + 2 * len(shown))
        if self.freeze_garbage:
            self.set_timer(STARTED_AFTER, self._started)
        fd = None if self.is_headless else hangup.terminal_fd()
        if fd is not None:
            self._terminal_watch = self.set_interval(hangup.CHECK_SECONDS, partial(self._check_terminal, fd))

    def _check_terminal(self, fd: int) -> None:
        """The terminal has gone and no SIGHUP came (:mod:`tui.ui.hangup`): leave as on SIGHUP, once."""
        if hangup.hung_up(fd):
            if self._terminal_watch is not None:
                self._terminal_watch.stop()
                self._terminal_watch = None
            self.leave(128 + signal.SIGHUP)

    def _started(self) -> None:
        """The reader is up: what exists now (Textual, Rich, the modules, the screen and its widgets)
        lives as long as it does. ``gc.freeze`` keeps it out of the collector's passes, which
        otherwise walk all of it every few keys, and the youngest generation is collected less often
        (:data:`YOUNG_OBJECTS`): one Enter in ten took 60-130 ms more CPU for them
        (docs/benchmarks.md)."""
        gc.freeze()
        gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])

    def _handle_exception(self, error: Exception) -> None:
        """An error a user can cause (a store found damaged, say) ends the reader without a
        traceback: ``brief`` prints its message and exits with its code. Anything else is a bug
        and goes to Textual's own report."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, BriefError):
            if self.failure is None:
                self.failure = cause
            self.exit(cause.exit_code, return_code=cause.exit_code)
            return
        super()._handle_exception(error)

    @property
    def main_screen(self) -> MainScreen | None:
        """The main screen, wherever it is in the stack."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def action_help(self) -> None:
        """Show the help screen."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(dict(self.config.keys), shaped=self.shaped))

    def action_command_palette(self) -> None:
        """Open the command palette, its query drawn shaped (Arabic joined, right to left)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(BriefCommandPalette(id="--command-palette"))

    async def action_quit(self) -> None:
        """Save the scroll position and the history, and leave with exit status 0."""
        self.leave(0)

    def action_help_quit(self) -> None:
        """Ctrl+C quits, as it does any command, with the status of an interrupted one (130)."""
        self.leave(EXIT_INTERRUPTED)

    def action_interrupt(self) -> None:
        """Ctrl+C on any screen: copy the text selected in an input or on the screen, else quit (130)."""
        focused = self.focused
        if isinstance(focused, Input) and not focused.selection.is_empty:
            focused.action_copy()
            return
        if self.screen.get_selected_text():
            try:
                self.screen.action_copy_text()  # the reader's copies logical text
            except SkipAction:
                pass
            else:
                return
        self.action_help_quit()

    def leave(self, status: int) -> None:
        """Save the reading state and end the reader with ``status`` (the terminal is given back)."""
        main = self.main_screen
        if main is not None:
            main.save_state()
            self.session = main.session
        self.exit(status, return_code=status)

    def exit(self, result: int | None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """End the reader; from now on its input is dropped (:meth:`on_event`), and a fetch in
        progress is stopped (quitting does not wait for a slow server)."""
        self.leaving = True
        main = self.main_screen
        if main is not None:
            main.feeds.stop()
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        """Input that reaches the reader once it is leaving is dropped, keys that come back up from
        the focused widget included (their bindings, the screens' too, are run here): keys read
        from the terminal together with ``q`` (typed fast, pasted) would otherwise open a screen on
        an app being taken down (``s`` then ended the reader with a traceback).

        A key read together with the keys before it (typed fast, over a slow link, pasted) is
        passed to the widget that has the focus when it is read, before the keys ahead of it have
        run: after ``s``, ``/`` or ``\\``, the words typed next went to the list, which ran them as
        its own keys (``e`` asked for an editor, ``d`` deleted). A key that comes back up from a
        widget that has lost the focus since is passed again, to the widget that has it now. One
        that an input took in before a key ahead of it moved the focus (Enter or Escape in the same
        read) stays in that input: an input types what reaches it as it comes."""
        if self.leaving and isinstance(event, events.InputEvent):
            return
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                if getattr(event, _AGAIN, False):
                    self._keys_posted_again -= 1
                elif self._keys_again or self._keys_posted_again > 0:
                    self._pass_again(event)  # typed after the keys being read again: after them
                    return
                setattr(event, _TYPED_TO, self.focused or self.screen)
            elif getattr(event, _TYPED_TO, None) not in (None, self.focused or self.screen):
                self._pass_again(event)
                return
        await super().on_event(event)

    def _pass_again(self, event: events.Key) -> None:
        """Read ``event`` again once the screen has settled (a screen just opened has mounted and
        given the focus to its input); keys passed again keep their order."""
        self._keys_again.append(events.Key(event.key, event.character))
        if len(self._keys_again) == 1:
            self.call_after_refresh(self._read_keys_again)

    def _read_keys_again(self) -> None:
        keys, self._keys_again = self._keys_again, []
        self._keys_posted_again += len(keys)
        for key in keys:
            setattr(key, _AGAIN, True)
            self.post_message(key)

    def _on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: leave as ``q`` does, so the terminal is restored, with 128 + the signal."""
        self.leave(128 + signum)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands plus one per brief action."""
        yield from super().get_system_commands(screen)
        main = self.main_screen
        for spec in ACTIONS:
            if spec.scope == "app":
                if spec.id != "quit":
                    yield SystemCommand(spec.description, self._keys_help(spec), partial(self.run_action, spec.action))
            elif main is not None:
                yield SystemCommand(spec.description, self._keys_help(spec), partial(main.run_action, spec.action))
        if main is not None:
            for title, help_text, callback in palette_commands(main.listing):
                yield SystemCommand(title, help_text, callback)

    def _keys_help(self, spec: ActionSpec) -> str:
        """ "keys: j, ↓" for the command palette."""
        keys = self.config.keys.get(spec.id, spec.keys)
        return "keys: " + ", ".join(key_label(k) for k in keys.split(","))
