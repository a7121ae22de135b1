"""What brief puts on the clipboard: the stored, logical text, never the glyphs on screen.

A terminal shows Arabic shaped (presentation forms) and in visual order; pasted elsewhere, that is
reversed text no editor or search engine can use. Everything copied comes from the logical text
instead: a whole brief (:func:`brief_text`), one block (:func:`block_text`), or a range selected
on screen (:func:`selected_text`), which the position map of each rendered line
(:attr:`~tui.text.layout.VisualLine.origins`) turns back into logical offsets. The same holds in
``--bidi terminal`` mode, where lines are laid out unshaped in logical order.

Control characters of a brief (hostile input) become the visible stand-ins the screen shows
(:func:`clipboard_safe`), so a pasted brief cannot carry a terminal escape; tabs and line breaks
are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tui.models import Article, Block
from tui.text.document import BlockSource, LaidBlock
from tui.text.layout import RenderedParagraph
from tui.text.sanitize import C1_REPLACEMENT, DEL_REPLACEMENT
from tui.text.wrap import cell_widths

Point = tuple[int, int]
"""A place in the reading pane: (document line, character index in that drawn line, indent
included), as Textual's text selection counts them."""

_CONTROLS = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS[0x7F] = DEL_REPLACEMENT
_CONTROLS.update({code: C1_REPLACEMENT for code in range(0x80, 0xA0)})


def clipboard_safe(text: str) -> str:
    """``text`` with C0 controls (but tab and newline), DEL and C1 controls made visible, one for one."""
    return text.translate(_CONTROLS)


def block_text(block: Block) -> str:
    """A block as the brief's file has it: a paragraph, or ``label: title`` for a read-also line."""
    if block.is_link:
        return f"{block.label}: {block.text}" if block.label else block.text
    return block.text


def brief_text(article: Article) -> str:
    """The whole brief: its title, then its paragraphs and read-also lines in reading order, each
    block its own paragraph (a blank line between)."""
    return "\n\n".join([article.title, *(block_text(block) for block in article.blocks)])


def source_text(article: Article, source: BlockSource) -> str:
    """The stored text of one displayed block: the title, a paragraph, a read-also line as written
    in the file; the metadata and URL lines as shown."""
    if source.kind in ("text", "link") and 0 <= source.index < len(article.blocks):
        return block_text(article.blocks[source.index])
    if source.kind == "title":
        return article.title
    return _without_isolates(source.text) if source.kind == "url" else source.text


def _without_isolates(text: str) -> str:
    """A URL line's text without the isolates that keep its parts in order on screen
    (:func:`tui.text.urls.isolated_parts`): they are for the layout, not for the clipboard."""
    from tui.text.urls import FSI, PDI

    return text.replace(FSI, "").replace(PDI, "")


def line_cells(rendered: RenderedParagraph, number: int, first: int, last: int | None) -> tuple[int, int]:
    """The cells ``[start, end)`` (indent included) under characters ``[first, last)`` of drawn
    line ``number`` (indent included; ``last`` None: to the end of the line).

    Textual counts a selection in characters and points at a cell by the characters before it,
    so a boundary may fall on a zero-width mark: a start there is the cell after the mark's
    letter, an end (exclusive) there takes the cell after it too, where the mouse was.
    """
    line = rendered.lines[number]
    widths = cell_widths(line.text)

    def cell_at(index: int) -> int:
        if index <= line.indent:
            return index
        return line.indent + sum(widths[: index - line.indent])

    start = cell_at(first)
    if last is None:
        return start, line.indent + line.cells
    k = last - 1
    if k < line.indent:
        return start, last
    width = widths[k - line.indent] if k - line.indent < len(widths) else 1
    return start, cell_at(k) + max(1, width)


def line_offsets(rendered: RenderedParagraph, number: int, first: int, last: int | None) -> set[int]:
    """The logical offsets shown by characters ``[first, last)`` of line ``number`` (see
    :func:`line_cells`).

    A selected glyph brings the characters that have no cell of their own with it: the harakat on
    a letter, the alef of a lam-alef, a bidi control, each belonging to the shown character before
    it (the line's first shown character also takes what precedes it on the line).
    """
    line = rendered.lines[number]
    cell_start, cell_end = line_cells(rendered, number, first, last)
    cells = range(line.indent, line.indent + line.cells)
    owners = [rendered.to_logical(number, cell) for cell in cells]
    shown = sorted({offset for offset in owners if offset is not None})
    if not shown:
        return set()
    stop = line.content_end if line.content_end >= 0 else line.end
    upper = {offset: (shown[k + 1] if k + 1 < len(shown) else stop) for k, offset in enumerate(shown)}
    selected: set[int] = set()
    for cell in range(max(cell_start, cells.start), min(cell_end, cells.stop)):
        offset = owners[cell - cells.start]
        if offset is not None:
            selected.update(range(line.start if offset == shown[0] else offset, upper[offset]))
    return selected


def line_highlight(rendered: RenderedParagraph, number: int, first: int, last: int | None) -> tuple[int, int]:
    """The characters (indent included) to draw as selected for characters ``[first, last)`` of
    line ``number``: whole glyphs with their marks, as :func:`line_offsets` reads them."""
    line = rendered.lines[number]
    cell_start, cell_end = line_cells(rendered, number, first, last)
    begin, stop = rendered.char_range(number, cell_start, cell_end)
    if cell_start < line.indent:
        begin = cell_start - line.indent
    return line.indent + begin, line.indent + stop


def paragraph_selection(rendered: RenderedParagraph, spans: dict[int, tuple[int, int | None]]) -> str:
    """The logical text of a paragraph under a selection given as ``{line: (first, last)}`` spans.

    The offsets come back in logical order. The spaces a line was broken at are taken when the
    text on both sides of them is. In mixed-direction text a contiguous run of cells may show
    pieces that are apart in the text; those pieces are joined with a space.
    """
    selected: set[int] = set()
    for number, (first, last) in spans.items():
        if 0 <= number < len(rendered.lines):
            selected |= line_offsets(rendered, number, first, last)
    for line in rendered.lines[:-1]:
        end = line.content_end if line.content_end >= 0 else line.end
        if end - 1 in selected and line.end in selected:
            selected.update(range(end, line.end))
    source = rendered.source
    pieces: list[str] = []
    run_start = previous = -2
    for offset in sorted(selected):
        if offset != previous + 1:
            if run_start >= 0:
                pieces.append(source[run_start : previous + 1])
            run_start = offset
        previous = offset
    if run_start >= 0:
        pieces.append(source[run_start : previous + 1])
    text = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        text += piece if text[-1:].isspace() or piece[:1].isspace() else " " + piece
    return text


class Laid(Protocol):
    """What :func:`selected_text` needs of a layout (a :class:`~tui.text.lazydoc.LazyLayout`)."""

    @property
    def line_count(self) -> int: ...

    def block_at(self, line: int) -> int | None: ...

    def __getitem__(self, pos: int) -> LaidBlock: ...


def line_span(y: int, start: Point, end: Point) -> tuple[int, int | None] | None:
    """The characters of document line ``y`` between ``start`` and ``end`` (end exclusive), as
    Textual's selection takes them: whole lines between the first and the last."""
    (y0, x0), (y1, x1) = start, end
    if y < y0 or y > y1:
        return None
    return (x0 if y == y0 else 0, x1 if y == y1 else None)


def selected_text(laid: Laid, start: Point | None, end: Point | None) -> str:
    """The logical text of the pane between ``start`` and ``end`` (exclusive), in reading order.

    Each block's part is mapped back through its position map (:func:`paragraph_selection`);
    blocks are joined with a line break, the pieces of a long paragraph as the paragraph joined
    them. ``None`` for ``start`` is the top of the brief, for ``end`` its end.
    """
    if laid.line_count == 0:
        return ""
    start = start or (0, 0)
    end = end or (laid.line_count - 1, 1 << 30)
    parts: list[str] = []
    by_block: dict[int, dict[int, tuple[int, int | None]]] = {}
    for y in range(max(0, start[0]), min(end[0], laid.line_count - 1) + 1):
        pos = laid.block_at(y)
        span = line_span(y, start, end)
        if pos is None or span is None:
            continue
        block = laid[pos]
        number = y - block.first_line
        if number < len(block.rendered.lines):
            by_block.setdefault(pos, {})[number] = span
    after = -2  # the position of the last block with selected text
    for pos, spans in by_block.items():
        text = paragraph_selection(laid[pos].rendered, spans)
        if laid[pos].kind == "url":
            text = _without_isolates(text)
        if text:
            joined = laid[pos].joined
            if parts:  # the pieces of one long paragraph as the paragraph had them, other blocks by a line
                parts.append(joined if joined is not None and after == pos - 1 else "\n")
            parts.append(text)
            after = pos
    return "".join(parts)


def match_block_text(article: Article, sources: Sequence[BlockSource], pos: int) -> str:
    """The stored text of the block at ``pos`` of the displayed blocks (where a find match is)."""
    return source_text(article, sources[pos]) if 0 <= pos < len(sources) else ""
