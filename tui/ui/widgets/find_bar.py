"""The find bar: a one-line query input under the reading pane with a "k/N" counter.

The bar only reports what the user does, as messages nested in it (:class:`FindBar.Changed`,
:class:`FindBar.Next`, :class:`FindBar.Previous`, :class:`FindBar.Closed`); the screen computes the
matches and calls :meth:`FindBar.set_counter`. Inside the input, Enter ends the typing
(:class:`FindBar.Done`: the focus goes back to the brief, where ``n``/``N`` step), Down and Up
(or Shift+Enter) are next and previous match, Escape closes. The query is shown shaped and right to left when it is
Arabic (:class:`~tui.ui.widgets.shaped_input.ShapedInput`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from tui.text.find import counter_text
from tui.ui.widgets.shaped_input import ShapedInput

PROMPT = "Find: "
PLACEHOLDER = "find in this brief (Enter, then n/N: next/previous; Esc close)"


class FindBar(Horizontal):
    """A docked bar: prompt, query input, match counter."""

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        width: 1fr;
        background: $panel;
    }
    FindBar > #find-prompt {
        width: auto;
        padding: 0 0 0 1;
        color: $text-muted;
    }
    FindBar > #find-input {
        width: 1fr;
    }
    FindBar > #find-counter {
        width: auto;
        min-width: 5;
        padding: 0 1;
        color: $text-muted;
    }
    FindBar > #find-counter.-none {
        color: $warning;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close find", show=False, id="find_close"),
        Binding("shift+enter,up", "previous", "Previous match", show=False, id="find_previous"),
        Binding("down", "next", "Next match", show=False, id="find_next"),
    ]

    class Changed(Message):
        """The query was edited by the user."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query
            """The query as typed (logical order)."""

    class Next(Message):
        """Go to the next match."""

    class Previous(Message):
        """Go to the previous match."""

    class Closed(Message):
        """The user closed the bar (Escape)."""

    class Done(Message):
        """The user finished typing the query (Enter): back to the brief to step with n/N."""

    def __init__(self, *, shaped: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""
        self._query = ""
        """The last query reported or set (a programmatic set is not reported)."""
        self._counter = ""

    def compose(self) -> ComposeResult:
        """Prompt, input, counter."""
        yield Static(Text(PROMPT), id="find-prompt")
        yield ShapedInput(placeholder=PLACEHOLDER, shaped=self.shaped, compact=True, id="find-input")
        yield Static(Text(""), id="find-counter")

    @property
    def input(self) -> ShapedInput:
        """The query input."""
        return self.query_one("#find-input", ShapedInput)

    @property
    def value(self) -> str:
        """The query."""
        return self._query

    @value.setter
    def value(self, query: str) -> None:
        """Show ``query`` without posting :class:`Changed` (the caller acts on it already)."""
        self._query = query
        if self.is_mounted:
            self.input.value = query
            self.input.cursor_position = len(query)

    def on_mount(self) -> None:
        """Show a query set before the bar was mounted."""
        if self._query:
            self.input.value = self._query

    def focus(self, scroll_visible: bool = True) -> FindBar:
        """Focus the query input, at once: keys read with the ``/`` that opened the bar (typed fast,
        pasted) go to it, not to the brief (see :meth:`tui.ui.app.BriefApp.on_event`)."""
        if self.is_mounted:
            self.screen.set_focus(self.input, scroll_visible)
        return self

    @property
    def counter(self) -> str:
        """The counter's text ("3/7", "no matches" or "")."""
        return self._counter

    def set_counter(self, current: int, total: int) -> None:
        """Show "current/total" (1-based), "no matches" when total is 0 for a non-empty query."""
        self._counter = counter_text(current - 1 if total else None, total, self._query)
        label = self.query_one("#find-counter", Static)
        label.update(Text(self._counter))
        label.set_class(total == 0 and bool(self._counter), "-none")

    @on(Input.Changed, "#find-input")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._query:
            self._query = event.value
            self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_close(self) -> None:
        """Escape: ask the screen to close find."""
        self.post_message(self.Closed())

    def action_next(self) -> None:
        """Next match."""
        self.post_message(self.Next())

    def action_previous(self) -> None:
        """Previous match."""
        self.post_message(self.Previous())
