"""The feed filter: every subscription with its unread and total counts; Enter shows that feed's briefs.

The first row is "All briefs"; with no subscription, a line below it says how to add one. A feed
whose last fetch failed shows the reason under its name, and feeds that share a name (the same feed
subscribed at two addresses) show their URLs under it. Titles are shaped and ordered like every
other Arabic text on screen, each row when it is first drawn (:class:`FeedRow`): a reader subscribed
to thousands of feeds sees the chooser at once, not after every title is laid out.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Feed
from tui.text.urls import hide_passwords
from tui.ui.screens.chooser import ChooserScreen

ALL = ""
"""The option id of "All briefs" (no filter)."""


NAME_CELLS = 48
"""The most cells a feed's name takes on its row."""
NOTE_CELLS = 70
"""The most cells a line under a name (its URL, its last failure) takes."""


class FeedRow(Visual):
    """A feed's row: its name shaped and cut to fit beside its counts, then its notes (URL, last
    failure), each on a line of its own and cut to fit, never wrapped; so its height is known
    without laying out its text, which is done when the row is first drawn, once for each width."""

    def __init__(self, name: str, counts: str, notes: list[tuple[str, str]], *, shaped: bool) -> None:
        """``counts`` follows the name, dimmed; ``notes`` are (text, style) lines under it."""
        self.name = name
        self.counts = counts
        self.notes = notes
        self.shaped = shaped
        self._drawn: dict[int, Content] = {}
        """The row laid out, by width."""

    def text(self, width: int | None = None) -> Text:
        """The row for ``width`` cells (None: as wide as it wants)."""
        from tui.text.layout import render_line

        suffix = f"   {self.counts}"
        name_cells = NAME_CELLS if width is None else max(1, min(NAME_CELLS, width - len(suffix)))
        note_cells = NOTE_CELLS if width is None else max(1, min(NOTE_CELLS, width - 2))
        row = Text(render_line(self.name, name_cells, shaped=self.shaped).text)
        row.append(suffix, style="dim")
        for note, style in self.notes:
            row.append("\n  ")
            row.append(render_line(note, note_cells, shaped=self.shaped).text, style=style)
        return row

    def __str__(self) -> str:
        """The row as wide as it wants, as plain text."""
        return str(self.text())

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """The row's lines for ``width`` cells: exactly :meth:`get_height` of them."""
        content = self._drawn.get(width)
        if content is None:
            content = self._drawn[width] = Content.from_rich_text(self.text(width))
        strips = content.render_strips(width, height, style, options)[: 1 + len(self.notes)]
        return strips + [Strip.blank(width)] * (1 + len(self.notes) - len(strips))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the longest line may be."""
        return min(container_width, max([NAME_CELLS + 3 + len(self.counts)] + [NOTE_CELLS + 2] * bool(self.notes)))

    def get_height(self, rules: RulesMap, width: int) -> int:
        """A line for the name and one for each note, whatever the width."""
        return 1 + len(self.notes)


class FeedsScreen(ChooserScreen):
    """Choose a feed to filter the list by; dismisses with its URL, ``ALL`` for none, None to cancel."""

    BINDINGS = [Binding("escape,q,ض", "cancel", "Close", id="feeds.close")]

    def __init__(self, feeds: list[Feed], total: tuple[int, int], current: str | None, *, shaped: bool = True) -> None:
        """``total`` is (unread, briefs) of the whole store; ``current`` the feed shown now, or None."""
        super().__init__()
        self.feeds = feeds
        """The subscriptions, with their counts."""
        self.total = total
        """Unread and total briefs in the store."""
        self.current = current
        """The feed the list shows now (None: all)."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""

    def compose(self) -> ComposeResult:
        """A title line and the list of feeds."""
        with Vertical(id="feeds-body"):
            yield Static("Show the briefs of: (Enter chooses, Esc closes)", id="feeds-title")
            yield OptionList(*self._options(), id="feeds-options")

    def _options(self) -> list[Option]:
        """One option per feed, "All briefs" first."""
        unread, briefs = self.total
        options = [Option(Text(f"All briefs   {unread} unread of {briefs}"), id=ALL)]
        names = Counter(feed.name for feed in self.feeds)
        for feed in self.feeds:
            notes = []
            if names[feed.name] > 1 and feed.name != feed.url:
                notes.append((hide_passwords(feed.url), "dim"))
            if feed.error:
                notes.append((f"last fetch failed: {feed.error}", "red"))
            row = FeedRow(hide_passwords(feed.name), f"{feed.unread} unread of {feed.items}", notes, shaped=self.shaped)
            options.append(Option(row, id=feed.url))
        if not self.feeds:
            hint = "No feeds yet: subscribe with  brief feeds add URL  (or brief opml import FILE), then r fetches."
            options.append(Option(Text(hint, style="dim"), disabled=True))
        return options

    def on_mount(self) -> None:
        """Highlight the feed shown now."""
        options = self.query_one(OptionList)
        ids = [ALL, *(f.url for f in self.feeds)]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: filter by that feed."""
        self.dismiss(event.option.id or ALL)

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
