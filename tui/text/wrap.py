"""Greedy word wrapping of logical text by terminal cells.

Widths are Rich's cell widths, measured on the text as it will be shown
(after shaping). Lines break at runs of spaces; a word wider than the line
is cut between grapheme clusters. Nothing is dropped: the spaces at a break
stay in the line they end but are not shown, so they never count towards
its width.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

from tui.text.sanitize import BIDI_CONTROLS

BREAK_SPACES: frozenset[str] = frozenset(
    " \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)
"""Spaces a line may break at (Zs without the no-break ones)."""

_TOKENS = re.compile("[" + "".join(sorted(BREAK_SPACES)) + "]+|[^" + "".join(sorted(BREAK_SPACES)) + "]+")

LineSpan = tuple[int, int, int]
"""(start, content_end, end) string indices of one wrapped line; [content_end, end) are break spaces."""


def cell_widths(text: str) -> list[int]:
    """Return the cells each character of ``text`` adds, summing to Rich's ``cell_len``.

    Zero-width characters (marks, controls, a ZWJ and whatever Rich folds
    into a ZWJ sequence) count 0.
    """
    if "\u200d" not in text and "\ufe0f" not in text:
        return [get_character_cell_size(char) for char in text]
    # Rich's own scan, one character at a time (measuring every prefix took time in the square of
    # the length: seconds for one paragraph of Arabic or Persian holding a ZWJ): a ZWJ and the
    # character after it add nothing; a VS16 makes the character measured before it wide when
    # Rich counts it so (told by measuring the pair).
    widths: list[int] = []
    last = ""
    joined = False
    for char in text:
        if joined:
            widths.append(0)
            joined = False
        elif char == "\u200d":
            widths.append(0)
            joined = True
        elif char == "\ufe0f":
            widths.append(cell_len(last + char) - cell_len(last) if last else 0)
            last = ""
        else:
            width = get_character_cell_size(char)
            widths.append(width)
            if width:
                last = char
    return widths


def clusters(text: str) -> list[tuple[int, int, int]]:
    """Split ``text`` into (start, end, cells) clusters that must not be separated.

    A zero-width character belongs to the cluster before it, except a bidi
    control, which stands alone. Widths follow :func:`cell_widths`.
    """
    spans: list[tuple[int, int, int]] = []
    for index, (char, width) in enumerate(zip(text, cell_widths(text))):
        if width or not spans or char in BIDI_CONTROLS:
            spans.append((index, index + 1, width))
        else:
            start, _, cells = spans[-1]
            spans[-1] = (start, index + 1, cells)
    return spans


def wrap_spans(text: str, width: int) -> list[LineSpan]:
    """Wrap ``text`` into lines of at most ``width`` cells.

    Returns one (start, content_end, end) triple per line. The ranges
    [start, end) follow each other and cover the whole text; the part shown
    is [start, content_end). There is always at least one line. A single
    cluster wider than ``width`` (a wide character in a one-cell line) is
    put on a line of its own.
    """
    width = max(1, width)
    lines: list[LineSpan] = []
    line_start = content_end = 0
    used = 0
    gap_cells = 0
    # With a ZWJ (or VS16), words are measured in the whole text, as :func:`clusters` does: Rich
    # folds the character after a ZWJ into it, even a space, so a word measured alone could count
    # a cell the line does not.
    sums: list[int] | None = None
    if "\u200d" in text or "\ufe0f" in text:
        sums = [0]
        for cells in cell_widths(text):
            sums.append(sums[-1] + cells)
    for match in _TOKENS.finditer(text):
        start, end = match.span()
        token = match.group()
        cells = cell_len(token) if sums is None else sums[end] - sums[start]
        if token[0] in BREAK_SPACES:
            gap_cells = cells
            continue
        if used + gap_cells + cells <= width:
            used += gap_cells + cells
            content_end = end
        else:
            if start > line_start:
                lines.append((line_start, content_end, start))
                line_start = content_end = start
                used = 0
            if cells <= width:
                used, content_end = cells, end
            else:
                for _c_start, c_end, c_cells in clusters(token):
                    if used + c_cells > width and content_end > line_start:
                        lines.append((line_start, content_end, content_end))
                        line_start = content_end
                        used = 0
                    used += c_cells
                    content_end = start + c_end
        gap_cells = 0
    lines.append((line_start, content_end, len(text)))
    return lines
