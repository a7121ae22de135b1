"""The help screen: every key, its Arabic-layout twin, and what it does.

Built from :data:`tui.ui.keys.ACTIONS` and the keymap in force, so remapped keys show as remapped.
Arabic letters go through :func:`tui.text.layout.render_line` like all other Arabic on screen.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.keymap import ARABIC_LAYOUT
from tui.ui.keys import ACTIONS, key_label

NOTES = (
    "Arabic keyboard layout: the letter keys work with the Arabic (PC) layout active too; the "
    "Arabic column shows the letter on the same physical key.",
    "b (lam-alef) and shift+g work with the Linux Arabic layout, which sends one character; "
    "Windows' Arabic 101 sends two letters for them, so use PgUp and End there.",
    'Keys can be changed in the config file: [keys] then id = "key,key" (the Config id column).',
    "y, Y and text selected with the mouse in the reading pane are copied as the brief's own text "
    "(logical order, unshaped), to the terminal's clipboard (OSC 52).",
    "The filter menu (\\) has keys of its own: u unread, b bookmarked, t tag, s source, d date, c clear "
    "(Arabic layout: the letters on the same keys).",
    "Ctrl+P opens the command palette with every action, every filter and every order.",
)
"""Lines under the key table."""
NARROW = 70
"""Below this width the help puts each binding id under its action."""


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,ض,arabic_question_mark", "dismiss_help", "Close help", id="help.close"),
    ]

    def __init__(self, keymap: dict[str, str], *, shaped: bool = True) -> None:
        super().__init__()
        self.keymap = keymap
        """Binding id -> keys, from the config file."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""

    def compose(self) -> ComposeResult:
        """A scrolling table of keys."""
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")
            yield Static(self._notes(), id="help-notes")

    def _arabic(self, text: str) -> str:
        """Arabic text shaped and ordered for the terminal."""
        from tui.text.layout import render_line

        return render_line(text, 40, shaped=self.shaped).text if text else ""

    def on_resize(self) -> None:
        """Lay the table out again for the new width."""
        self.query_one("#help-table", Static).update(self._table(self.size.width))

    def _table(self, width: int = 120) -> Table:
        """Key, Arabic-layout key, action and binding id.

        Below :data:`NARROW` cells the binding id goes under the action, dimmed, instead of in a
        column of its own, so that the Action column keeps room for its words; cells wrap at
        spaces and commas rather than being cut.
        """
        narrow = width < NARROW
        table = Table(title="brief: keys", expand=True, show_edge=False)
        table.add_column("Keys", ratio=2, min_width=4)
        table.add_column(self._arabic("عربي") if narrow else "Arabic layout", ratio=2, min_width=4)
        table.add_column("Action", ratio=5, min_width=10)
        if not narrow:
            table.add_column("Config id", style="dim", no_wrap=True)
        for spec in ACTIONS:
            override = self.keymap.get(spec.id)
            keys, arabic = spec.keys, spec.arabic
            if override:
                twins = set(ARABIC_LAYOUT.values())
                keys = ",".join(k for k in override.split(",") if k not in twins)
                arabic = ",".join(k for k in override.split(",") if k in twins)
            action = Text(f"List: {spec.description}. Reader: {spec.in_reader}" if spec.in_reader else spec.description)
            if narrow:
                action.append(f"\n{spec.id}", style="dim")
            cells: list[str | Text] = [
                ", ".join(key_label(k) for k in keys.split(",")),
                "  ".join(self._arabic(key_label(k)) for k in arabic.split(",") if k),
                action,
            ]
            table.add_row(*cells, *([] if narrow else [spec.id]))
        table.add_row("Esc", "", "Close find, links or this help", *([] if narrow else [""]))
        return table

    def _notes(self) -> Text:
        """The notes under the table."""
        return Text("\n".join(f"\u2022 {line}" for line in NOTES), style="dim")

    def action_dismiss_help(self) -> None:
        """Close the help screen."""
        self.dismiss(None)
