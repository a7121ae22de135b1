"""Lay out a paragraph for the terminal: shape, wrap, reorder, align, map positions.

The paragraph direction comes from its first strong character and holds for
every line. The logical text is sanitized and shaped, its bidi levels are
resolved on the whole paragraph, it is wrapped by cells and then each line is
reordered on its own with the paragraph's levels (UAX #9 L1-L4); right-to-left
lines are right-aligned.
:class:`RenderedParagraph` maps logical offsets to screen cells and back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from unicodedata import bidirectional

from rich.cells import cell_len

from tui.text.bidi import cluster_classes, is_rtl, line_of_paragraph, resolve_levels
from tui.text.sanitize import BIDI_CONTROLS, safe_line, sanitize
from tui.text.shape import shape_with_map
from tui.text.wrap import BREAK_SPACES, cell_widths, clusters, wrap_spans

ELLIPSIS = "\u2026"
"""Appended at the logical end of a cut line."""


@dataclass(frozen=True)
class VisualLine:
    """One screen line of a paragraph, ready to print."""

    text: str
    """Visual-order string: shaped, mirrored, sanitized, no bidi controls, no padding."""
    cells: int
    """Cell width of :attr:`text`."""
    indent: int
    """Cells of padding to its left inside the paragraph width."""
    start: int
    """First logical offset of the paragraph covered by this line."""
    end: int
    """Logical offset just past this line (break spaces included)."""
    origins: tuple[int, ...] = field(default=(), repr=False)
    """For each character of :attr:`text`, the logical offset it shows."""
    content_end: int = field(default=-1, repr=False)
    """Logical offset where the shown part ends; [content_end, end) are hidden break spaces."""


@dataclass(frozen=True)
class _CellTable:
    """Per-cell facts of one line, counted from the end of its indent."""

    origins: tuple[int, ...]
    """Logical offset shown in each cell."""
    chars: tuple[int, ...]
    """Index in the line text of the first character of the cluster in each cell."""
    owners: dict[int, int]
    """First cell of each logical offset that has cells."""


def _cell_table(text: str, origins: tuple[int, ...]) -> _CellTable:
    """Build the per-cell table of a visual line."""
    cell_origins: list[int] = []
    cell_chars: list[int] = []
    for start, width in enumerate(cell_widths(text)):
        cell_origins.extend([origins[start]] * width)
        cell_chars.extend([start] * width)
    owners: dict[int, int] = {}
    for cell, offset in enumerate(cell_origins):
        owners.setdefault(offset, cell)
    return _CellTable(tuple(cell_origins), tuple(cell_chars), owners)


@dataclass(frozen=True)
class RenderedParagraph:
    """A paragraph laid out in visual lines, with its position map."""

    lines: tuple[VisualLine, ...]
    """The screen lines, top to bottom."""
    rtl: bool
    """Paragraph direction."""
    width: int
    """Width in cells the lines were laid out for."""
    source: str
    """The logical paragraph text."""

    def padded(self) -> list[str]:
        """Return each line with its indent as leading spaces, no trailing spaces.

        A space that reordering put at the right end of a line is dropped
        here too; cell columns of the remaining characters are unchanged.
        """
        return [(" " * line.indent + line.text).rstrip(" ") for line in self.lines]

    @cached_property
    def _tables(self) -> tuple[_CellTable, ...]:
        """Cell tables of all lines, built on first use."""
        return tuple(_cell_table(line.text, line.origins) for line in self.lines)

    @cached_property
    def _positions(self) -> list[tuple[int, int]]:
        """Screen position of every logical offset, built on first use."""
        positions: list[tuple[int, int]] = []
        for number, (line, table) in enumerate(zip(self.lines, self._tables)):
            shown = sorted(table.owners)
            k = 0
            for offset in range(line.start, line.end):
                while k + 1 < len(shown) and shown[k + 1] <= offset:
                    k += 1
                cell = table.owners[shown[k]] if shown else 0
                positions.append((number, line.indent + cell))
        return positions

    def to_visual(self, offset: int) -> tuple[int, int]:
        """Map a logical offset to (line index, cell column including indent).

        A character without a cell of its own (a mark, the alef of a lam-alef,
        a bidi control, a hidden break space) maps to the cell of the nearest
        shown character before it on its line, or after it when none is
        before. Offsets outside ``0 <= offset < len(source)`` raise
        IndexError, except 0 in an empty paragraph.
        """
        if not self.source and offset == 0:
            return (0, self.lines[0].indent)
        if not 0 <= offset < len(self.source):
            raise IndexError(f"offset {offset} outside paragraph of {len(self.source)}")
        return self._positions[offset]

    def to_logical(self, line: int, cell: int) -> int | None:
        """Map a screen cell (column including indent) to the logical offset shown there.

        Returns None for padding, cells past the text and lines that do not exist.
        """
        if not 0 <= line < len(self.lines):
            return None
        column = cell - self.lines[line].indent
        origins = self._tables[line].origins
        return origins[column] if 0 <= column < len(origins) else None

    def char_range(self, line: int, cell_start: int, cell_end: int) -> tuple[int, int]:
        """Map cells [cell_start, cell_end) of a line (columns including indent) to a slice of its text."""
        visual = self.lines[line]
        chars = self._tables[line].chars
        first = min(max(cell_start - visual.indent, 0), len(chars))
        last = min(max(cell_end - visual.indent, 0), len(chars))
        start = chars[first] if first < len(chars) else len(visual.text)
        stop = chars[last] if last < len(chars) else len(visual.text)
        return start, max(start, stop)

    def _cluster_ranges(self, number: int) -> tuple[dict[int, int], dict[int, int]]:
        """For each offset shown on line ``number`` (which must show one), where the logical range of
        its cluster starts and ends: from its own offset (the line's start for the first) to the
        next shown offset of the line (the end of its shown part for the last)."""
        line = self.lines[number]
        shown = sorted(self._tables[number].owners)
        stop = line.content_end if line.content_end >= 0 else line.end
        upper = {o: (shown[k + 1] if k + 1 < len(shown) else stop) for k, o in enumerate(shown)}
        lower = {o: o for o in shown}
        lower[shown[0]] = line.start
        return lower, upper

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Return the cells showing logical [start, end) as (line, cell_start, cell_end) runs.

        A cell counts when the logical range of its cluster meets [start, end);
        that range runs from its own offset to the next shown offset of the
        line, so marks and ligature halves light up their glyph. Columns
        include the indent; a line may hold several runs in mixed text.
        """
        runs: list[tuple[int, int, int]] = []
        if start >= end:
            return runs
        for number, (line, table) in enumerate(zip(self.lines, self._tables)):
            if line.start >= end or line.end <= start or not table.origins:
                continue
            lower, upper = self._cluster_ranges(number)
            run_start = -1
            for cell, offset in enumerate((*table.origins, None)):
                hit = offset is not None and lower[offset] < end and upper[offset] > start
                if hit and run_start < 0:
                    run_start = cell
                elif not hit and run_start >= 0:
                    runs.append((number, line.indent + run_start, line.indent + cell))
                    run_start = -1
        return runs

    def runs_of(self, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        """:meth:`spans` of many logical ranges, as ``(range index, line, cell_start, cell_end)`` runs.

        For ranges in order that do not overlap (find's matches, a search's highlights), each line
        is read once and its cells are given to the ranges by bisection: the cost follows the
        paragraph's cells, where :meth:`spans` of each range reads every line for every range (a
        hostile brief of one 300,000-letter word, found letter by letter, took minutes to draw). A
        cell that two such ranges both meet (a ligature or a mark between two matches) goes to the
        later one, as it does when each range's runs are drawn over the earlier ones'. Other
        ranges: :meth:`spans` of each, in order.
        """
        if any(ranges[k][0] < ranges[k - 1][1] for k in range(1, len(ranges))):
            return [(k, *run) for k, (start, end) in enumerate(ranges) for run in self.spans(start, end)]
        index = [k for k, (start, end) in enumerate(ranges) if start < end]
        starts = [ranges[k][0] for k in index]
        ends = [ranges[k][1] for k in index]
        runs: list[tuple[int, int, int, int]] = []
        for number, (line, table) in enumerate(zip(self.lines, self._tables)):
            first = bisect_right(ends, line.start)  # the first range that ends after the line starts
            last = bisect_left(starts, line.end)  # past the last range that starts before it ends
            if first >= last or not table.origins:
                continue
            lower, upper = self._cluster_ranges(number)
            owner, run_start = -1, -1
            for cell, offset in enumerate((*table.origins, None)):
                hit = -1
                if offset is not None:  # the last range that starts before the cell's text ends:
                    j = bisect_left(starts, upper[offset], first, last) - 1
                    if j >= first and ends[j] > lower[offset]:
                        hit = j
                if hit != owner:
                    if owner >= 0:
                        runs.append((index[owner], number, line.indent + run_start, line.indent + cell))
                    owner, run_start = hit, cell
        return runs


def render_paragraph(
    text: str, width: int, *, shaped: bool = True, rtl: bool | None = None, url: bool = False
) -> RenderedParagraph:
    """Lay out one logical paragraph in lines of at most ``width`` cells.

    With ``shaped=False`` the lines stay in logical order, unshaped and
    left-aligned, for terminals that do bidi themselves; they are still
    sanitized, wrapped and free of bidi controls. ``rtl`` forces the
    paragraph direction instead of taking it from the first strong character.
    With ``url`` the text is an address, cut after its slashes when too wide
    (:func:`~tui.text.wrap.wrap_spans`).
    """
    width = max(1, width)
    clean = sanitize(text)
    base_rtl = is_rtl(clean) if rtl is None else rtl
    if shaped:
        shown, origin = shape_with_map(clean)
    else:
        shown, origin = clean, list(range(len(clean)))
    classes = cluster_classes(shown, [bidirectional(ch) or "L" for ch in shown]) if shaped else []
    spans = wrap_spans(shown, width, url=url)
    # Levels are resolved on the whole paragraph, then each line is reordered (UAX #9, L1-L4).
    levels = resolve_levels(shown, base_rtl, classes) if shaped else []
    total = len(text)
    # A line ends after its last hidden space; anything the shaping dropped
    # (a ZWJ) between that space and the next shown character starts the next line.
    bounds = [0] + [origin[end - 1] + 1 if end > stop else origin[end] for _, stop, end in spans[:-1]] + [total]
    lines = []
    for number, (start, stop, _) in enumerate(spans):
        part = shown[start:stop]
        if shaped:
            visual, order = line_of_paragraph(part, levels[start:stop], base_rtl, classes[start:stop])
        else:
            order = [i for i, ch in enumerate(part) if ch not in BIDI_CONTROLS]
            visual = "".join(part[i] for i in order)
        cells = cell_len(visual)
        content_end = origin[stop] if stop < len(shown) else total
        lines.append(
            VisualLine(
                text=visual,
                cells=cells,
                indent=max(0, width - cells) if base_rtl and shaped else 0,
                start=bounds[number],
                end=bounds[number + 1],
                origins=tuple(map(origin[start:stop].__getitem__, order)),
                content_end=max(bounds[number], min(content_end, bounds[number + 1])),
            )
        )
    return RenderedParagraph(lines=tuple(lines), rtl=base_rtl, width=width, source=text)


def truncate_logical(text: str, width: int, *, shaped: bool = True) -> str:
    """Cut logical text to fit ``width`` cells once shaped, keeping its beginning.

    The cut falls at a space when the first word fits, otherwise between two
    clusters; trailing spaces before the cut are dropped and ``…`` is added at
    the logical end. Text that fits is returned unchanged. With
    ``shaped=False`` widths are measured on the unshaped text.
    """
    if width <= 0:
        return ""
    clean = sanitize(text)
    shown, origin = shape_with_map(clean) if shaped else (clean, list(range(len(clean))))
    if cell_len(shown) <= width:
        return text
    budget = width - 1
    used = 0
    word_cut = cluster_cut = 0
    in_word = False
    for start, end, cells in clusters(shown):
        is_space = end - start == 1 and shown[start] in BREAK_SPACES
        if is_space and in_word:
            word_cut = start
        in_word = in_word or not is_space
        if used + cells > budget:
            break
        used += cells
        if not is_space:
            cluster_cut = end
    cut = word_cut or cluster_cut
    logical = origin[cut] if cut < len(shown) else len(text)
    return text[:logical].rstrip("".join(BREAK_SPACES)) + ELLIPSIS


def render_line(text: str, width: int, *, shaped: bool = True, rtl: bool | None = None) -> VisualLine:
    """Lay out a single line (a title, a list entry) cut to ``width`` cells.

    The beginning of the logical text is kept and ``…`` marks a cut (see
    :func:`truncate_logical`). The result maps into ``text``: the ``…``
    shows the offset where the cut happened.
    """
    width = max(1, width)
    cut = truncate_logical(text, width, shaped=shaped)
    direction = is_rtl(sanitize(text)) if rtl is None else rtl
    rendered = render_paragraph(cut, width, shaped=shaped, rtl=direction)
    line = rendered.lines[0]
    if cut == text:
        return line
    kept = len(cut) - len(ELLIPSIS)
    return VisualLine(line.text, line.cells, line.indent, 0, kept, line.origins, kept)


def output_line(text: str, cells: int, *, shaped: bool) -> str:
    """``text`` as one line of a command's output: shaped, ordered and cut to ``cells`` when shaped
    (a terminal, or ``--bidi app``), or in logical order and cut to fit on a terminal that does bidi
    itself; whole and logical into a pipe or a file (``grep`` finds its words)."""
    import sys

    if not shaped and not sys.stdout.isatty():
        return safe_line(text)
    return render_line(text, cells, shaped=shaped).text
