"""One input value laid out on a single visual line: the geometry a shaped text input needs.

A value typed into a search or find box stays logical (the order it was typed); it is shown shaped
and reordered by :func:`~tui.text.layout.render_paragraph` on one line that never wraps. This
module maps between the two (cursor positions, clicked cells, selections) and picks the window of
the line an input of a given width shows. No Textual here: the widget,
:class:`tui.ui.widgets.shaped_input.ShapedInput`, only draws what these give it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from tui.text.layout import RenderedParagraph, render_paragraph

UNBOUNDED = 1_000_000
"""Layout width for the whole value: wide enough that it never wraps."""


@dataclass(frozen=True)
class InputLine:
    """A value laid out on one unbounded visual line, plus one cell for the cursor at its end.

    Cells here are "virtual": counted from the left of the whole line, end slot included.
    Right-to-left text has the slot at cell 0 and the text after it; left-to-right text has the
    text first and the slot at cell :attr:`cells`.
    """

    value: str
    """The logical value."""
    rendered: RenderedParagraph
    """The layout of :attr:`value` (a single line)."""

    @property
    def rtl(self) -> bool:
        """True when the value's first strong character is right to left."""
        return self.rendered.rtl

    @property
    def cells(self) -> int:
        """Cell width of the shown text (without the end slot)."""
        return self.rendered.lines[0].cells

    @property
    def width(self) -> int:
        """Cells of the virtual line: the text and the end slot."""
        return self.cells + 1

    @property
    def slot(self) -> int:
        """The virtual cell of the cursor at the logical end."""
        return 0 if self.rtl else self.cells

    @property
    def _shift(self) -> int:
        """Virtual cell of the text's first cell."""
        return 1 if self.rtl else 0

    @cached_property
    def visual(self) -> str:
        """The virtual line as a string: the visual text with a space in the end slot."""
        text = self.rendered.lines[0].text
        return " " + text if self.rtl else text + " "

    def cursor_cell(self, position: int) -> int:
        """The virtual cell where the cursor at logical ``position`` is drawn."""
        if position >= len(self.value) or not self.value:
            return self.slot
        _, cell = self.rendered.to_visual(max(0, position))
        return cell - self.rendered.lines[0].indent + self._shift

    def position_at(self, cell: int) -> int:
        """The logical cursor position for a click on virtual ``cell``."""
        if cell < 0:
            return len(self.value) if self.rtl else 0
        if cell >= self.width:
            return 0 if self.rtl else len(self.value)
        if cell == self.slot:
            return len(self.value)
        line = self.rendered.lines[0]
        offset = self.rendered.to_logical(0, cell - self._shift + line.indent)
        return len(self.value) if offset is None else offset

    def char_range(self, cell_start: int, cell_end: int) -> tuple[int, int]:
        """The slice of :attr:`visual` drawn in virtual cells ``[cell_start, cell_end)``."""
        if cell_end <= cell_start:
            return (0, 0)
        line = self.rendered.lines[0]
        text_start = max(cell_start, self._shift) - self._shift + line.indent
        text_end = min(cell_end, self._shift + self.cells) - self._shift + line.indent
        if text_end > text_start:
            first, last = self.rendered.char_range(0, text_start, text_end)
            first, last = first + self._shift, last + self._shift
        else:
            first = last = -1
        if self.slot in range(cell_start, cell_end):
            slot_char = 0 if self.rtl else len(self.visual) - 1
            if first < 0:
                return (slot_char, slot_char + 1)
            return (min(first, slot_char), max(last, slot_char + 1))
        return (max(first, 0), max(last, 0))

    def selection_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Slices of :attr:`visual` that show logical ``[start, end)`` (several in mixed text)."""
        line = self.rendered.lines[0]
        ranges = []
        for _, c0, c1 in self.rendered.spans(start, end):
            c0, c1 = c0 - line.indent + self._shift, c1 - line.indent + self._shift
            ranges.append(self.char_range(c0, c1))
        return ranges


def layout_value(value: str, *, shaped: bool = True) -> InputLine:
    """Lay out an input value on one unbounded line (see :class:`InputLine`)."""
    return InputLine(value, render_paragraph(value, UNBOUNDED, shaped=shaped))


def window_start(line: InputLine, cursor_cell: int, width: int, previous: int | None) -> int:
    """The first virtual cell to show in ``width`` cells so that the cursor stays visible.

    ``previous`` is the last window start (None: show the logical start of the text). The window
    moves only as far as it must, like a scrolling input. A line that fits starts at 0.
    """
    if line.width <= width:
        return 0
    most = line.width - width
    start = (most if line.rtl else 0) if previous is None else previous
    start = min(max(start, 0), most)
    if cursor_cell < start:
        start = cursor_cell
    elif cursor_cell >= start + width:
        start = cursor_cell - width + 1
    return start
