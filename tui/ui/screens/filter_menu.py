"""The dialogs of the list's filters and order: the filter menu, a chooser, a typed range of days.

:class:`FilterMenuDialog` lists the filters with a key each (``u`` unread, ``b`` bookmarked,
``t`` tag, ``s`` source, ``d`` date, ``c`` clear); :class:`PickDialog` chooses one value from a
list (tags, sources, date presets, orders), narrowed by what is typed above it;
:class:`DaysDialog` reads a typed range of days and says what is wrong with it. Tags and sources
come from briefs and feeds: they are shaped and ordered like every other Arabic text, never read as
markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.store.day_ranges import parse_days
from tui.text.normalize import normalize_for_search
from tui.ui.screens.chooser import ChooserScreen
from tui.ui.widgets.shaped_input import ShapedInput

MENU_ITEMS = (
    ("u", "unread", "Unread only"),
    ("b", "bookmarked", "Bookmarked only"),
    ("t", "tag", "By tag…"),
    ("s", "source", "By source…"),
    ("d", "date", "By date…"),
    ("c", "clear", "Clear every filter"),
)
"""(key, choice, label) of each line of the filter menu."""
ARABIC_MENU_KEYS = {"ع": "u", "\ufefb": "b", "ف": "t", "س": "s", "ي": "d", "ؤ": "c"}
"""The Arabic-layout letters on the menu's keys."""
PICK_LIMIT = 500
"""Lines a chooser shows at once (typing narrows the rest)."""


def shaped(text: str, width: int, on: bool) -> str:
    """Text from a brief, shaped and ordered for the terminal (``on``), cut to ``width`` cells."""
    from tui.text.layout import render_line

    return render_line(text, width, shaped=on).text


def _menu_bindings() -> list[Binding]:
    """A binding for each line's key and its Arabic-layout twin.

    Bindings, not a key handler: a key typed in the same burst as the ``\\`` that opens the menu
    reaches the list before the menu is up and comes back to the app, which looks it up among the
    bindings of the screen on top by then; a key handler of the menu never sees it."""
    twins = {latin: arabic for arabic, latin in ARABIC_MENU_KEYS.items()}
    return [
        Binding(f"{key},{twins[key]}", f"choose('{choice}')", label, show=False) for key, choice, label in MENU_ITEMS
    ]


class FilterMenuDialog(ChooserScreen):
    """The filters, each with its key and whether it is on; dismisses with the choice, None to cancel."""

    BINDINGS = [
        Binding("escape,q,ض", "cancel", "Close", id="filter_menu.close"),
        *_menu_bindings(),
    ]

    def __init__(self, states: dict[str, str]) -> None:
        """``states`` maps a choice to what it is set to now ("on", a tag...), shown beside it."""
        super().__init__()
        self.states = states
        """What each filter is set to now (already shaped)."""

    def compose(self) -> ComposeResult:
        """The title and the menu."""
        with Vertical(classes="dialog-body"):
            yield Static("Filter the list (a key or Enter chooses, Esc closes)", classes="dialog-title")
            options = []
            for key, choice, label in MENU_ITEMS:
                line = Text(f"{key}  {label}")
                if self.states.get(choice):
                    line.append(f"   {self.states[choice]}", style="bold")
                options.append(Option(line, id=choice))
            yield OptionList(*options)

    def on_mount(self) -> None:
        """The menu has the focus."""
        self.query_one(OptionList).focus()

    def action_choose(self, choice: str) -> None:
        """A menu key chooses its line at once (Arabic layout too)."""
        self.dismiss(choice)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class PickDialog(ChooserScreen):
    """Choose one of ``choices`` ((value, label, count)); typing narrows them. Dismisses with the value.

    Without the narrowing box (the orders, the ranges of days), ``j`` and ``k`` (ت and ن) move as in
    the list; with it they are letters typed into the box."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="pick.close")]

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str, str]],
        current: str | None = None,
        *,
        narrow: bool = False,
        shaped_text: bool = True,
    ) -> None:
        """``narrow`` shows a box whose text narrows the choices (folded as search folds Arabic)."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        """(value, label as stored, a note such as a count) of each choice."""
        self.current = current
        """The value chosen now, highlighted."""
        self.narrow = narrow
        self.shaped_text = shaped_text
        """False in ``--bidi terminal`` mode."""

    def compose(self) -> ComposeResult:
        """The title, the narrowing box and the choices."""
        with Vertical(classes="dialog-body"):
            yield Static(self.title_text, classes="dialog-title")
            if self.narrow:
                yield ShapedInput(placeholder="type to narrow", shaped=self.shaped_text, id="pick-filter")
            yield OptionList(*self._options(""))

    def _options(self, typed: str) -> list[Option]:
        """The choices whose label holds ``typed`` (folded), at most :data:`PICK_LIMIT`."""
        wanted = normalize_for_search(typed.strip())
        options = []
        for value, label, note in self.choices:
            if wanted and wanted not in normalize_for_search(label):
                continue
            line = Text(shaped(label, 50, self.shaped_text))
            if note:
                line.append(f"   {note}", style="dim")
            options.append(Option(line, id=value))
            if len(options) >= PICK_LIMIT:
                break
        return options

    def on_mount(self) -> None:
        """Highlight the current choice; focus the box (or the list)."""
        options = self.query_one(OptionList)
        ids = [o.id for o in options.options]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        (self.query_one(ShapedInput) if self.narrow else options).focus()

    @on(Input.Changed, "#pick-filter")
    def _typed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_key(self, event: events.Key) -> None:
        """Up and Down move through the choices while the box has the focus."""
        if self.narrow and event.key in ("up", "down"):
            event.stop()
            options = self.query_one(OptionList)
            if event.key == "up":
                options.action_cursor_up()
            else:
                options.action_cursor_down()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)


class DaysDialog(ModalScreen[tuple[str | None, str | None] | None]):
    """A typed range of days; Enter applies it (or says what is wrong), Escape closes."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="days.close")]
    HINT = (
        "2024-03-01..2024-03-07, a day (2024-03-23 or 23/03/2024), a month (2024-03), a year (2024),"
        " or one open end (2024-03-01..)"
    )

    def compose(self) -> ComposeResult:
        """The box and the line under it that explains or complains."""
        with Vertical(classes="dialog-body"):
            yield Static("Briefs dated (Enter applies, Esc closes):", classes="dialog-title")
            yield ShapedInput(placeholder="2024-03-01..2024-03-07", id="days-input", shaped=self._shaped)
            yield Static(self.HINT, id="days-hint")

    @property
    def _shaped(self) -> bool:
        """Arabic typed here is drawn joined and right to left, as in the other inputs (not in
        ``--bidi terminal`` mode)."""
        return bool(getattr(self.app, "shaped", True))

    def on_mount(self) -> None:
        """The box has the focus."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            days = parse_days(event.value)
        except ValueError as exc:
            hint = self.query_one("#days-hint", Static)
            hint.update(Text(shaped(str(exc), 100, self._shaped), style="red"))
            return
        self.dismiss(days)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
