"""The footer: Textual's, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` removes and mounts all its keys whenever the screen's
bindings may have changed: at every change of focus, so at every Enter that opens a brief and
every Tab between the panes, though the list and the reading pane show the same keys. Mounting a
dozen keys and styling each was a fifth of the reader's work on those keys. This footer compares
what it would show with what it shows and rebuilds only when they differ.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str, object], ...]
"""What the footer shows: (key, description, action, enabled, tooltip, group) of each shown binding."""


class KeysFooter(Footer):
    """A :class:`~textual.widgets.Footer` that is not rebuilt while its keys stay the same."""

    _shown: Shown | None = None

    @staticmethod
    def shown(screen: Screen[object]) -> Shown:
        """The bindings of ``screen`` a footer shows, in the order it shows them."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip, binding.group)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild (as Textual's footer does) unless the shown keys are the ones shown already."""
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = self.shown(screen)
            if shown == self._shown and self.children:
                return
            self._shown = shown
        super().bindings_changed(screen)
