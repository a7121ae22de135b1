"""Rows laid out for the width they are finally drawn at.

Shaped, reordered Arabic cannot be wrapped again after layout: cutting a visual line moves its
first logical word to the next line (see ARABIC-NOTES.md, rule 3). A row of an option list is
therefore a :class:`FittedLines`, a Rich renderable that calls its layout function with the width
Rich gives it when it is drawn, and :class:`FittedOptionList` drops its cached rows whenever the
width left for them changes (a vertical scrollbar appearing or going takes two cells without any
resize of the widget itself).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.widgets import OptionList

Layout = Callable[[int], list[Text]]
"""``layout(width)``: the visual lines of a row at ``width`` cells, none wider."""
WIDTHS_CACHED = 4
"""Layouts kept per row (the widths seen lately: with and without a scrollbar, a resize)."""


class FittedLines:
    """A Rich renderable whose lines come from a layout function called with the drawing width."""

    def __init__(self, layout: Layout) -> None:
        self._layout = layout
        """Lays the row out at a given width."""
        self._cache: OrderedDict[int, list[Text]] = OrderedDict()
        """Width -> lines, least recently used first."""

    def lines(self, width: int) -> list[Text]:
        """The row's lines at ``width`` cells (at least one line)."""
        hit = self._cache.get(width)
        if hit is None:
            hit = self._layout(max(1, width)) or [Text()]
            self._cache[width] = hit
            while len(self._cache) > WIDTHS_CACHED:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(width)
        return hit

    @property
    def plain(self) -> str:
        """The text of the row as last laid out (for tests and accessibility)."""
        lines = next(reversed(self._cache.values()), None) or []
        return "\n".join(line.plain for line in lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """One line of segments per laid-out line, cropped (never wrapped) to the width."""
        width = options.max_width
        for line in self.lines(width):
            segments = list(line.render(console, end=""))
            yield from Segment.adjust_line_length(segments, width, pad=False)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """As wide as the widest line at the available width."""
        width = max((line.cell_len for line in self.lines(options.max_width)), default=1)
        return Measurement(1, max(1, min(width, options.max_width)))


class FittedOptionList(OptionList):
    """An option list that lays its rows out again whenever the width they get changes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._laid_width = -1
        """The content width the cached rows were laid out at."""

    def _update_lines(self) -> None:
        """Drop rows laid out at another width before OptionList measures or draws them."""
        width = self.scrollable_content_region.width
        if width != self._laid_width:
            self._laid_width = width
            # OptionList keys its caches by option and style, not by width.
            self._option_render_cache.clear()
            self._line_cache.clear()
            self.refresh()
        super()._update_lines()
