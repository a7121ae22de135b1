"""Greedy word wrapping of logical text by terminal cells.

Widths are Rich's cell widths, measured on the text as it will be shown
(after shaping). Lines break at runs of spaces; a word wider than the line
is cut between grapheme clusters. Nothing is dropped: the spaces at a break
stay in the line they end but are not shown, so they never count towards
its width. An address (``url=True``) too wide for its line is cut where a
person would cut it: after its slashes (``https://``, ``/news/``) or before
``? # &``, between clusters only where a part is wider than the line, and so
that no line is one mark alone (the ``/`` that closes the address, on a line of
its own).
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


def _address_break(token: str, before: tuple[int, int, int], after: tuple[int, int, int]) -> bool:
    """Whether an address may be cut between the clusters ``before`` and ``after`` of ``token``:
    after a run of slashes (so ``//`` stays whole), or before the ``?``, ``#`` or ``&`` that begins
    its query, fragment or next parameter."""
    last, first = token[before[1] - 1], token[after[0]]
    return (last == "/" and first != "/") or first in _ADDRESS_BREAKS_BEFORE


_ADDRESS_BREAKS_BEFORE = frozenset("?#&")
"""Where an address's query, fragment and parameters begin: it may be cut before them."""


def _address_pieces(token: str, width: int) -> list[tuple[int, int]]:
    """Cut ``token`` (an address wider than ``width``) into pieces of at most ``width`` cells, as
    (end, cells) per piece, each ending where the next begins.

    Each piece takes as many clusters as fit, then gives back those after the last place
    :func:`_address_break` allows, as long as what it keeps has a letter or a digit; a piece without
    such a place is cut between clusters. The last piece, when it would be punctuation alone (the
    ``/`` that closes ``oil-prices/``), takes clusters from the end of the piece before it until it
    holds a word too (``oil-price`` / ``s/``), as far as the width allows and as long as the piece
    before keeps a word or two cells (``___0/``: ``___`` / ``0/``).
    """
    spans = clusters(token)
    count = len(spans)
    # next_word[i]: the first cluster from i on with a letter or a digit (count when none), so that
    # "clusters i to j hold a word" is next_word[i] < j, without reading them again at every cut.
    next_word = [count] * (count + 1)
    for index in range(count - 1, -1, -1):
        start, end, _cells = spans[index]
        next_word[index] = index if any(char.isalnum() for char in token[start:end]) else next_word[index + 1]
    pieces: list[tuple[int, int]] = []  # (first cluster, cluster after the last) of each piece
    first = 0
    while first < count:
        stop, cells = first, 0
        while stop < count and (stop == first or cells + spans[stop][2] <= width):
            cells += spans[stop][2]
            stop += 1
        if stop < count:
            for cut in range(stop, first, -1):
                if next_word[first] < cut and _address_break(token, spans[cut - 1], spans[cut]):
                    stop = cut
                    break
        pieces.append((first, stop))
        first = stop
    if len(pieces) > 1:  # the last piece takes clusters from the one before while it has no word
        (before, start), (_, end) = pieces[-2], pieces[-1]
        cells = sum(spans[index][2] for index in range(start, end))
        kept = sum(spans[index][2] for index in range(before, start))
        while next_word[start] == count and start - 1 > before and cells + spans[start - 1][2] <= width:
            given = spans[start - 1][2]
            if next_word[before] >= start - 1 and kept - given < 2:
                break  # the piece before would be one mark alone in turn
            start -= 1
            cells += given
            kept -= given
        pieces[-2:] = [(before, start), (start, end)]
    return [(spans[stop - 1][1], sum(spans[index][2] for index in range(first, stop))) for first, stop in pieces]


def wrap_spans(text: str, width: int, *, url: bool = False) -> list[LineSpan]:
    """Wrap ``text`` into lines of at most ``width`` cells.

    Returns one (start, content_end, end) triple per line. The ranges
    [start, end) follow each other and cover the whole text; the part shown
    is [start, content_end). There is always at least one line. A single
    cluster wider than ``width`` (a wide character in a one-cell line) is
    put on a line of its own. With ``url``, a word wider than the line is cut
    as an address (:func:`_address_pieces`) instead of at the last cluster that fits.
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
            elif url:
                *full, (last_end, last_cells) = _address_pieces(token, width)
                for piece_end, _cells in full:
                    lines.append((line_start, start + piece_end, start + piece_end))
                    line_start = start + piece_end
                used, content_end = last_cells, start + last_end
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
