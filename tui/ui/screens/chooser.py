"""A modal list to choose from with the list's own keys: ``j``/``k`` (and their Arabic-layout twins
``ت``/``ن``) move the choice as the arrow keys do, so a reader who moves with ``j`` in the list
does not have to reach for the arrows in a chooser (the feeds, the filters)."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList


class ChooserScreen(ModalScreen[str | None]):
    """A modal screen around one :class:`~textual.widgets.OptionList`; dismisses with a choice."""

    BINDINGS = [
        Binding("j,ت", "choice_down", "Down", show=False, id="chooser.down"),
        Binding("k,ن", "choice_up", "Up", show=False, id="chooser.up"),
    ]

    def action_choice_down(self) -> None:
        """Move to the next choice."""
        self.query_one(OptionList).action_cursor_down()

    def action_choice_up(self) -> None:
        """Move to the previous choice."""
        self.query_one(OptionList).action_cursor_up()
