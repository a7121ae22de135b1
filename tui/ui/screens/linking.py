"""The link panel of the main screen (``l``): filled for the open brief, kept up with the store while
shown, closed, and the links followed from it or from the reading pane.

The panel lists the open brief's read-also links, the briefs that link to it, its same-story copies
and related briefs (:mod:`tui.ui.story_links`); Enter follows one, pushing the history, and a line
that names a brief the store does not hold says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.ui.widgets.link_panel import LinkPanel

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen


class LinkController:
    """The link panel for the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        """The main screen."""

    @property
    def panel(self) -> LinkPanel:
        """The panel widget."""
        return self.screen.query_one(LinkPanel)

    def show(self) -> None:
        """``l``: show the links of the open brief, the panel in focus."""
        screen = self.screen
        current = screen.open_article()
        if current is None:
            return
        panel = self.panel
        panel.display = True
        screen.show_pane("reader")
        self._fill(current.id)
        panel.focus()

    def _fill(self, brief_id: str) -> None:
        """The panel's lines for the brief ``brief_id``, as the store has them now."""
        from tui.ui.story_links import story_links

        store = self.screen.store
        stories = story_links(store, brief_id)
        outgoing, incoming = store.outgoing(brief_id), store.incoming(brief_id)
        self.panel.set_links(outgoing, incoming, stories.same_story, stories.related, stories.sources)

    def refresh(self) -> None:
        """The panel, when shown, as the store has the links now (a brief another program imported
        may be the one a read-also line names), the highlight kept on its line."""
        panel = self.panel
        current = self.screen.session.current
        if not panel.display or current is None:
            return
        highlighted = panel.highlighted
        self._fill(current.id)
        if (
            highlighted is not None
            and highlighted < panel.option_count
            and not panel.get_option_at_index(highlighted).disabled
        ):
            panel.highlighted = highlighted

    def hide(self) -> None:
        """Hide the panel (Escape in it): the reading pane takes the focus."""
        self.panel.display = False
        self.screen.reader.focus()

    def close(self) -> None:
        """Hide the panel (when shown), the focus going to the reading pane if it had it."""
        screen = self.screen
        panel = self.panel
        if panel.display:
            had_focus = screen.focused is not None and (screen.focused is panel or panel in screen.focused.ancestors)
            panel.display = False
            if had_focus:
                screen.set_focus(screen.reader)

    def chosen(self, target: str | None, text: str) -> None:
        """A line of the panel chosen: the panel closes when it leads somewhere, and it is followed."""
        if target is not None:
            self.panel.display = False
        self.follow(target, text)

    def follow(self, target: str | None, text: str) -> None:
        """Open a link's target, pushing the history; say so when the store does not hold it."""
        screen = self.screen
        if target is None:
            screen.notify(
                f"not in the store: {screen._isolated(text)}. Import that brief and the link opens it.",
                severity="warning",
            )
            return
        screen.open_brief(target)
