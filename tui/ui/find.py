"""Find in the open brief: matches in the laid-out blocks, their screen cells, stepping through them.

Plain logic, no Textual: the reader and the find bar get data from here. Matching is
:func:`tui.text.normalize.find_all` on each block's displayed logical text, so a query typed without
hamza or harakat finds the word written with them. A match is ``(laid_pos, start, end)``: the
position of the block in the laid list and a logical range of its text; the position map of the
block's rendered paragraph turns it into document lines and cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.text.document import LaidBlock
from tui.text.lazydoc import LazyLayout
from tui.text.normalize import find_all

Match = tuple[int, int, int]
"""A find match: (position in the laid blocks, logical start, logical end)."""


Spans = Callable[[str, str], list[tuple[int, int]]]
"""A matcher: ``(text, query)`` to the logical ``[start, end)`` ranges of the matches in ``text``."""


def find_matches(
    laid: Sequence[LaidBlock],
    query: str,
    stop: Callable[[], bool] | None = None,
    spans: Spans = find_all,
) -> list[Match]:
    """Every match of ``query`` in the laid blocks, in reading order; ``[]`` for a blank query.

    ``spans`` finds the matches in one block's text: :func:`~tui.text.normalize.find_all` (the
    query as typed, folded) or, for a brief opened from a store search,
    :func:`tui.store.snippets.match_spans` (the search's words, phrases, prefixes and stems).
    A :class:`~tui.text.lazydoc.LazyLayout` is searched in all its blocks, counted or not, without
    rendering any. ``stop`` is asked before each block; once it is true the search gives up and
    returns ``[]`` (a worker whose query is out of date).
    """
    if not query or not query.strip():
        return []
    if isinstance(laid, LazyLayout):
        texts: Sequence[str] = [source.text for source in laid.sources]
    else:
        texts = [block.text for block in laid]
    matches: list[Match] = []
    for pos, text in enumerate(texts):
        if stop is not None and stop():
            return []
        matches.extend((pos, start, end) for start, end in spans(text, query))
    return matches


def match_cells(laid: Sequence[LaidBlock], match: Match) -> list[tuple[int, int, int]]:
    """The cells showing a match as ``(document line, cell_start, cell_end)`` runs, top to bottom.

    Cells count from the left edge of the laid-out width (right-to-left lines include their
    indent). A match split over two lines, or over two runs of one mixed-direction line, gives
    several runs.
    """
    pos, start, end = match
    block = laid[pos]
    return [(block.first_line + line, c0, c1) for line, c0, c1 in block.rendered.spans(start, end)]


def match_line(laid: Sequence[LaidBlock], match: Match) -> int:
    """The document line where a match starts (to scroll to it)."""
    pos, start, _ = match
    block = laid[pos]
    line, _ = block.rendered.to_visual(start)
    return block.first_line + line


def next_index(current: int | None, total: int) -> int | None:
    """The match after ``current``, wrapping to the first; None when there are none."""
    if total <= 0:
        return None
    if current is None:
        return 0
    return (current + 1) % total


def prev_index(current: int | None, total: int) -> int | None:
    """The match before ``current``, wrapping to the last; None when there are none."""
    if total <= 0:
        return None
    if current is None:
        return total - 1
    return (current - 1) % total


def counter_text(current: int | None, total: int, query: str) -> str:
    """What the find bar's counter says: "k/N", "no matches", or nothing for an empty query."""
    if not query.strip():
        return ""
    if total == 0:
        return "no matches"
    return f"{(current or 0) + 1}/{total}"
