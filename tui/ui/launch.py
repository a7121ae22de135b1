"""Start the reader from the command line: open the store, read the config, run the app.

In ``bidi = "app"`` mode (the default) brief shapes and orders Arabic itself, so it asks the
terminal for explicit bidi mode (ECMA-48 BDSM, ``CSI 8 l``) on start and gives implicit mode back
(``CSI 8 h``) on exit, also after a crash or Ctrl+C, so that terminals that reorder text on
their own (VTE, mlterm) do not reverse the lines a second time.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tui.paths import default_config_path
from tui.text.sanitize import safe_line, shown_arg

if TYPE_CHECKING:
    from tui.ui.session import ReadingSession

BIDI_EXPLICIT = "\x1b[8l"
"""CSI 8 l: the application does bidi."""
BIDI_IMPLICIT = "\x1b[8h"
"""CSI 8 h: the terminal does bidi (its default)."""


def _write_terminal(sequence: str) -> None:
    """Write a control sequence to the real terminal, when stdout is one."""
    out = sys.__stdout__
    try:
        if out is not None and out.isatty():
            out.write(sequence)
            out.flush()
    except (OSError, ValueError):
        pass


class BidiMode:
    """Explicit bidi mode for the life of the reader, given back exactly once."""

    def __init__(self) -> None:
        self.active = False
        """True between :meth:`enter` and :meth:`leave`."""

    def enter(self) -> None:
        """Ask for explicit mode and make sure it is given back at exit."""
        _write_terminal(BIDI_EXPLICIT)
        self.active = True
        atexit.register(self.leave)

    def leave(self) -> None:
        """Give implicit mode back (safe to call twice)."""
        if self.active:
            self.active = False
            _write_terminal(BIDI_IMPLICIT)


NO_TERMINAL = (
    "the reader needs a terminal (its input and output are not one here); in scripts and cron use "
    "brief list, show, search, import or fetch"
)


def check_terminal() -> None:
    """Raise :class:`~tui.errors.UsageError` (:data:`NO_TERMINAL`) unless stdin and stdout are a terminal:
    the reader reads keys and draws the screen, and without one it would wait for keys forever."""
    from tui.errors import UsageError

    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                raise UsageError(NO_TERMINAL)
        except (OSError, ValueError):  # closed
            raise UsageError(NO_TERMINAL) from None


@contextmanager
def _screen_on_stderr() -> Iterator[None]:
    """Standard error on the terminal for the block, when only it was redirected (``brief
    2>errors.log``): Textual draws the screen on standard error, and drew it into the file, leaving
    a blank terminal. What brief writes on standard error after the reader goes where it was sent."""
    try:
        moved = sys.__stdout__ is not None and sys.__stdout__.isatty() and not os.isatty(2)
    except (OSError, ValueError):
        moved = False
    if not moved:
        yield
        return
    saved = os.dup(2)
    try:
        os.dup2(1, 2)
        yield
    finally:
        if sys.__stderr__ is not None:
            try:
                sys.__stderr__.flush()
            except (OSError, ValueError):
                pass
        os.dup2(saved, 2)
        os.close(saved)


def _finish_saving(session: ReadingSession | None, store_path: Path, status: int | None) -> tuple[list[str], bool]:
    """Write what the reader kept back while another program held the store, waiting for it up to
    :data:`~tui.store.connect.BUSY_MS` with a line saying so (Ctrl+C gives up); returns what could not
    be saved, for a person, and whether Ctrl+C stopped the wait. After a hangup nobody reads the
    line: the wait is silent."""
    from tui.store.connect import BUSY_MS
    from tui.ui.session import BUSY_NOTICE, REMOVED_NOTICE

    if session is None:
        return [], False
    hung_up = status == 128 + signal.SIGHUP

    def waiting() -> None:
        if not hung_up:
            line = f"saving the reading state: waiting for {store_path}, which another program is writing"
            print(f"brief: {safe_line(line)} (Ctrl+C gives up)", file=sys.stderr, flush=True)

    stopped = session.finish(BUSY_MS / 1000, waiting)
    if hung_up:
        return [], False  # no terminal to say it on: the exit status (129) says how it ended
    problems = [e for e in session.errors if e not in (BUSY_NOTICE, REMOVED_NOTICE)]
    if session.pending:
        held = "" if stopped else f" for more than {BUSY_MS // 1000} s"
        problems.insert(
            0, f"not saved: {session.unsaved()}: {store_path} was kept locked by another program (an import?){held}"
        )
    return problems, stopped


def run_reader(*, store_path: Path, bidi: str | None = None, initial_id: str | None = None) -> int:
    """Run the reader on the store at ``store_path``; returns the exit status (0 after ``q``).

    ``bidi`` ("app" or "terminal") overrides the config's; ``initial_id`` is the brief to open first.
    """
    from tui.emoji_mode import use_emoji
    from tui.errors import EXIT_INTERRUPTED, EXIT_USAGE, UsageError
    from tui.startup import open_store
    from tui.ui.config import load_config

    config_path = default_config_path()
    config, notices = load_config(config_path)
    bidi = bidi or config.bidi
    store = open_store(store_path, announce=False)
    if initial_id is not None and not store.exists(initial_id):
        store.close()  # named before the screen is taken, as brief show names it
        raise UsageError(f"no brief with id '{shown_arg(initial_id)}' in {store_path}; see 'brief list'")
    mode = BidiMode()
    probe = ExitStack()
    try:
        measured = None
        if config.emoji == "auto" and sys.stdin.isatty():
            from tui.emoji_probe import measured_terminal

            # how this terminal draws emoji sequences, asked just before the screen is taken
            measured = probe.enter_context(measured_terminal())
        use_emoji(config.emoji, measured=measured)
        from tui.ui.app import BriefApp
        from tui.ui.input_bytes import tolerate_bad_bytes

        tolerate_bad_bytes()

        app = BriefApp(
            store, config, shaped=bidi != "terminal", initial_id=initial_id, notices=notices, freeze_garbage=True
        )
        if bidi == "app":
            mode.enter()
        with _screen_on_stderr():
            result = app.run()
        unsaved, stopped = _finish_saving(app.session, store_path, app.return_code)
    finally:
        mode.leave()
        store.close()
        probe.close()  # the terminal's modes as they were before the question
    if app.notices_cut:
        for line in app.notices:
            print(f"brief: {safe_line(line)}", file=sys.stderr)
    if app.failure is not None:
        raise app.failure
    for problem in unsaved:
        print(f"brief: {safe_line(problem)}", file=sys.stderr)
    if stopped:
        return EXIT_INTERRUPTED
    if unsaved:
        return EXIT_USAGE
    if app.return_code not in (None, 0):
        return int(app.return_code)
    return int(result or 0)
