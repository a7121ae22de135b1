"""Debouncing: run a callback once the user has stopped typing for a moment.

The search screen restarts a :class:`Debounce` on every keystroke and runs its query when it
fires. :class:`TimerDebounce` does it with a Textual timer; tests hand the screen their own
:class:`Debounce` and fire it when they choose, so nothing waits on the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debounce(Protocol):
    """Runs the last callback started, ``delay`` seconds after the last start, unless cancelled."""

    def start(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing any callback waiting."""

    def cancel(self) -> None:
        """Forget the callback waiting, if any."""


class TimerDebounce:
    """A :class:`Debounce` on a Textual timer of ``owner`` (the timer stops with its owner)."""

    def __init__(self, owner: MessagePump, name: str = "debounce") -> None:
        self.owner: MessagePump = owner
        """The widget or screen whose timer runs the callback."""
        self.name: str = name
        """The timer's name (seen in Textual's devtools)."""
        self._timer: Timer | None = None

    def start(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing any callback waiting."""
        self.cancel()

        def fire() -> None:
            self._timer = None
            callback()

        self._timer = self.owner.set_timer(delay, fire, name=self.name)

    def cancel(self) -> None:
        """Stop the timer, if one is running."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
