"""A text input that shows Arabic joined and right to left while its value stays logical.

Textual's :class:`~textual.widgets.Input` prints the value as stored: Arabic letters unjoined and
running left to right. :class:`ShapedInput` keeps every editing behaviour of ``Input`` (the value,
the cursor and the selection are logical offsets, so typing, Backspace, Delete, Home and End work
unchanged) and replaces only the drawing: the value is laid out (:mod:`tui.text.input_line`) on one
unbounded line (shaped, reordered, sanitized), right-aligned when its first strong character is
right to left, and a window of the input's width is cut from that line around the cursor. The
cursor is drawn on the cell that shows the logical character after it (the position map's
``to_visual``), or on a one-cell slot after the text's logical end: left of right-to-left text,
right of left-to-right text. Left and Right move the logical cursor the way the arrow points in a
right-to-left value, as Arabic editors do.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import Input

from tui.text.input_line import UNBOUNDED, InputLine, layout_value, window_start
from tui.text.layout import render_line, render_paragraph
from tui.text.normalize import from_screen


class ShapedInput(Input):
    """An :class:`~textual.widgets.Input` that draws its value and placeholder through the text pipeline.

    With ``shaped=False`` (a terminal that does bidi itself) it is a plain ``Input``.
    """

    def __init__(self, value: str | None = None, placeholder: str = "", *, shaped: bool = True, **kwargs: Any) -> None:
        self.shaped = shaped
        """False to draw the value as stored (the terminal shapes and reorders)."""
        self._line_cache: InputLine | None = None
        self._window: int | None = None
        """First virtual cell shown when the value is wider than the input (None: not scrolled yet)."""
        super().__init__(value, placeholder, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        """Paste the first line, as ``Input`` does; Arabic copied from a screen that shapes it (this
        one: presentation forms, last letter first) goes in as the letters in logical order, as if
        typed (:func:`~tui.text.normalize.from_screen`), so the box shows it as it was on screen."""
        if event.text:
            line = from_screen(event.text.splitlines()[0] if event.text.splitlines() else "")
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *selection)
        event.stop()
        event.prevent_default()  # Input's own handler would paste it again

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
    """Index of the character of ``text`` drawn at ``cell`` (the last one when past the end).

    Cells are counted as Textual draws them (:func:`tui.text.wrap.cell_widths`, Rich's
    ``cell_len`` with its grapheme folding: ``☺️`` is 2 cells, not ☺ 1 + U+FE0F 0).
    """
    from tui.text.wrap import cell_widths

    used = 0
    for index, size in enumerate(cell_widths(text)):
        if size and used + size > cell:
            return index
        used += size
    return max(0, len(text) - 1)
