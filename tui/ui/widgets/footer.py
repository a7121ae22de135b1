"""The footer: Textual's, rebuilt only when the keys it shows change, and showing whole keys only.

Textual's :class:`~textual.widgets.Footer` removes and mounts all its keys whenever the screen's
bindings may have changed: at every change of focus, so at every Enter that opens a brief and
every Tab between the panes, though the list and the reading pane show the same keys. Mounting a
dozen keys and styling each was a fifth of the reader's work on those keys. This footer compares
what it would show with what it shows and rebuilds only when they differ.

In a narrow terminal Textual's footer cuts the key that reaches its right end (``/ Fi`` at 50
columns); this one leaves out the keys that do not fit whole, so that each key shown is read with
its description (the help screen, ``?``, and the palette list them all).
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys to the new width."""
        self.fit_keys()

    async def recompose(self) -> None:
        """Rebuild the keys (Textual's), then fit them."""
        await super().recompose()
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show the keys, in order, that fit whole beside the palette's key; hide the rest."""
        room = self.size.width
        keys = []
        for key in self.query(FooterKey):
            width = key.render().cell_len + key.styles.gutter.width + key.styles.margin.width
            if key.has_class("-command-palette"):
                room -= width
            else:
                keys.append((key, width))
        used = 0
        for key, width in keys:
            used += width
            key.display = used <= room
