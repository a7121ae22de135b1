"""A text input that shows Arabic joined and right to left while its value stays logical.

Textual's :class:`~textual.widgets.Input` prints the value as stored: Arabic letters unjoined and
running left to right. :class:`ShapedInput` keeps every editing behaviour of ``Input`` (the value,
the cursor and the selection are logical offsets, so typing, Backspace, Delete, Home and End work
unchanged) and replaces only the drawing: the value is laid out by :func:`render_paragraph` on one
unbounded line (shaped, reordered, sanitized), right-aligned when its first strong character is
right to left, and a window of the input's width is cut from that line around the cursor. The
cursor is drawn on the cell that shows the logical character after it (the position map's
``to_visual``), or on a one-cell slot after the text's logical end: left of right-to-left text,
right of left-to-right text. Left and Right move the logical cursor the way the arrow points in a
right-to-left value, as Arabic editors do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rich.text import Text
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import Input

from tui.text.layout import RenderedParagraph, render_line, render_paragraph

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


class ShapedInput(Input):
    """An :class:`~textual.widgets.Input` that draws its value and placeholder through the text pipeline.

    With ``shaped=False`` (a terminal that does bidi itself) it is a plain ``Input``.
    """

    def __init__(self, value: str | None = None, placeholder: str = "", *, shaped: bool = True, **kwargs) -> None:
        self.shaped = shaped
        """False to draw the value as stored (the terminal shapes and reorders)."""
        self._line_cache: InputLine | None = None
        self._window: int | None = None
        """First virtual cell shown when the value is wider than the input (None: not scrolled yet)."""
        super().__init__(value, placeholder, **kwargs)

    # -- layout ------------------------------------------------------------------------------

    @property
    def input_line(self) -> InputLine:
        """The current value laid out (cached until the value changes)."""
        cached = self._line_cache
        if cached is None or cached.value != self.value:
            cached = self._line_cache = layout_value(self.value, shaped=self.shaped)
        return cached

    @property
    def value_is_rtl(self) -> bool:
        """True when the value reads right to left."""
        return self.shaped and bool(self.value) and self.input_line.rtl

    @property
    def _view_width(self) -> int:
        """Cells available for the text."""
        return max(1, self.scrollable_content_region.width)

    def _placement(self) -> tuple[int, int]:
        """(window start, left padding) of the virtual line in the input."""
        line = self.input_line
        width = self._view_width
        if line.width <= width:
            self._window = None
            return 0, (width - line.width if line.rtl else 0)
        self._window = window_start(line, line.cursor_cell(self.cursor_position), width, self._window)
        return self._window, 0

    def _visible_cursor_cell(self) -> int:
        """The cursor's cell inside the input's content region."""
        if not self.value:
            return self._placeholder_cursor_cell()
        start, pad = self._placement()
        return self.input_line.cursor_cell(self.cursor_position) - start + pad

    # -- Input internals the drawing depends on ----------------------------------------------

    @property
    def content_width(self) -> int:
        """Never wider than the input, so that ``Input`` never scrolls: the window does it."""
        if not self.shaped:
            return super().content_width
        return min(self.input_line.width, self._view_width)

    @property
    def _cursor_offset(self) -> int:
        """The cursor cell (Input scrolls to it; it is always inside the view)."""
        if not self.shaped:
            return super()._cursor_offset
        return self._visible_cursor_cell()

    @property
    def cursor_screen_offset(self) -> Offset:
        """Where the terminal cursor goes (for input methods)."""
        if not self.shaped:
            return super().cursor_screen_offset
        x, y, _, _ = self.content_region
        return Offset(x + self._visible_cursor_cell(), y)

    def _cell_offset_to_index(self, offset: int) -> int:
        """A click at content cell ``offset`` puts the cursor at the logical position shown there."""
        if not self.shaped:
            return super()._cell_offset_to_index(offset)
        if not self.value:
            return 0
        start, pad = self._placement()
        return self.input_line.position_at(offset - pad + start)

    # -- arrows: the way they point ----------------------------------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        """Move one character towards the left of the screen (forward in right-to-left text)."""
        if self.value_is_rtl:
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        """Move one character towards the right of the screen (backward in right-to-left text)."""
        if self.value_is_rtl:
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        """A word towards the left of the screen."""
        if self.value_is_rtl:
            super().action_cursor_right_word(select)
        else:
            super().action_cursor_left_word(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        """A word towards the right of the screen."""
        if self.value_is_rtl:
            super().action_cursor_left_word(select)
        else:
            super().action_cursor_right_word(select)

    # -- drawing -----------------------------------------------------------------------------

    def _placeholder_line(self) -> tuple[str, int, bool]:
        """(visual text, indent, rtl) of the placeholder laid out in the input's width."""
        if not self.placeholder:
            return "", 0, False
        shown = render_line(self.placeholder, self._view_width)
        direction = render_paragraph(self.placeholder[:200], UNBOUNDED).rtl
        return shown.text, shown.indent, direction

    def _placeholder_cursor_cell(self) -> int:
        """The empty input's cursor: on the placeholder's first logical cell."""
        text, indent, rtl = self._placeholder_line()
        if text and rtl:
            return max(0, self._view_width - 1)
        return 0

    def render_line(self, y: int) -> Strip:
        """Draw the shaped value (or placeholder) with the cursor and selection."""
        if not self.shaped:
            return super().render_line(y)
        width = self._view_width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        if not self.value:
            text = self._render_placeholder(width)
        else:
            text = self._render_value(width)
        console = self.app.console
        segments = console.render(text, self.app.console_options.update(width=width, no_wrap=True))
        strip = Strip(segments).crop(0, width).extend_cell_length(width)
        return strip.apply_style(self.rich_style)

    def _render_placeholder(self, width: int) -> Text:
        """The placeholder shaped and aligned, its first logical cell as cursor when focused."""
        shown, indent, _ = self._placeholder_line()
        text = Text(" " * indent, end="", no_wrap=True)
        text.append(shown or " ")
        text.stylize(self.get_component_rich_style("input--placeholder"))
        if self.has_focus and self._cursor_visible:
            cell = self._placeholder_cursor_cell()
            char = _char_at_cell(text.plain, cell)
            text.stylize(self.get_component_rich_style("input--cursor"), char, char + 1)
        return text

    def _render_value(self, width: int) -> Text:
        """The window of the laid-out value with cursor and selection styles."""
        line = self.input_line
        start, pad = self._placement()
        text = Text(line.visual, end="", no_wrap=True)
        if self.has_focus:
            if not self.selection.is_empty:
                sel_start, sel_end = sorted(self.selection)
                style = self.get_component_rich_style("input--selection")
                for first, last in line.selection_ranges(sel_start, sel_end):
                    text.stylize_before(style, first, last)
            if self._cursor_visible:
                cell = line.cursor_cell(self.cursor_position)
                first, last = line.char_range(cell, cell + 1)
                text.stylize(self.get_component_rich_style("input--cursor"), first, max(last, first + 1))
        first, last = line.char_range(start, start + width)
        window = text[first:last]
        window.end = ""
        if pad:
            window = Text(" " * pad, end="", no_wrap=True) + window
            window.end = ""
        return window


def _char_at_cell(text: str, cell: int) -> int:
    """Index of the character of ``text`` drawn at ``cell`` (the last one when past the end)."""
    from rich.cells import get_character_cell_size

    used = 0
    for index, char in enumerate(text):
        size = get_character_cell_size(char)
        if size and used + size > cell:
            return index
        used += size
    return max(0, len(text) - 1)
