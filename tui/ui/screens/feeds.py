"""The feed filter: every subscription with its unread and total counts; Enter shows that feed's briefs.

The first row is "All briefs"; with no subscription, a line below it says how to add one. A feed
whose last fetch failed shows the reason under its name, and feeds that share a name (the same feed
subscribed at two addresses) show their URLs under it. Titles are shaped and ordered like every
other Arabic text on screen.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Feed
from tui.ui.screens.chooser import ChooserScreen

ALL = ""
"""The option id of "All briefs" (no filter)."""


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

    def _line(self, text: str, width: int = 48) -> str:
        """Text shaped and ordered for the terminal, cut to ``width`` cells."""
        from tui.text.layout import render_line

        return render_line(text, width, shaped=self.shaped).text

    def _options(self) -> list[Option]:
        """One option per feed, "All briefs" first."""
        unread, briefs = self.total
        options = [Option(Text(f"All briefs   {unread} unread of {briefs}"), id=ALL)]
        names = Counter(feed.name for feed in self.feeds)
        for feed in self.feeds:
            label = Text(self._line(feed.name))
            label.append(f"   {feed.unread} unread of {feed.items}", style="dim")
            if names[feed.name] > 1 and feed.name != feed.url:
                label.append("\n  ")
                label.append(self._line(feed.url, 70), style="dim")
            if feed.error:
                label.append("\n  ")
                label.append(self._line(f"last fetch failed: {feed.error}", 70), style="red")
            options.append(Option(label, id=feed.url))
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
