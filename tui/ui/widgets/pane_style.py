"""A Line API pane that computes its style once per repaint rather than once per line.

Textual computes a widget's style from its ancestors' each time ``rich_style`` is read: 70 µs, most
of what drawing a cached line costs. The list and the reading pane read it for every line they draw.
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip


class StyledOncePane(ScrollView):
    """A scrolling pane whose :attr:`line_style` is computed once for all the lines of a repaint."""

    _pass_style: Style | None = None
    """The pane's style while :meth:`render_lines` draws."""

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in ``crop``, the pane's style computed once for all of them."""
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    @property
    def line_style(self) -> Style:
        """The pane's style, as :meth:`render_line` applies it to a line."""
        return self.rich_style if self._pass_style is None else self._pass_style
