"""Find in the open brief: matches in the laid-out blocks, where they are drawn, stepping through them.

The one owner of find, free of Textual: the reading pane draws and scrolls to what this module
computes and the main screen's find controller keeps a :class:`FindState`. Matching runs on each
block's displayed logical text, with :func:`tui.text.matching.find_all` (the query as typed,
folded, so a query typed without hamza or harakat finds the word written with them) or
:func:`tui.text.matching.match_spans` (a store search's words, stems and prefixes). A match is
``(laid_pos, start, end)``: the position of the block in the laid list and a logical range of its
text; the position map of the block's rendered paragraph turns it into document lines and cells.
Briefs over :data:`~tui.text.lazydoc.HUGE_CHARS` are searched off the event loop
(:func:`search_in_worker`), cancellable through ``stop``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.text.document import LaidBlock
from tui.text.lazydoc import HUGE_CHARS, LazyLayout
from tui.text.matching import find_all, match_spans

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

    ``spans`` finds the matches in one block's text (see :data:`Spans`). A
    :class:`~tui.text.lazydoc.LazyLayout` is searched in all its blocks, counted or not, without
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


def search_in_worker(laid: Sequence[LaidBlock], query: str) -> bool:
    """Whether finding ``query`` in ``laid`` should run in a worker thread (a huge brief)."""
    if not query.strip() or not isinstance(laid, LazyLayout):
        return False
    return laid.chars > HUGE_CHARS


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


def step_index(current: int | None, delta: int, total: int) -> int | None:
    """The match ``delta`` steps from ``current`` (1 next, -1 previous), wrapping around.

    With no current match the first step forward lands on the first match and the first step
    back on the last. None when there are no matches.
    """
    if total <= 0:
        return None
    if current is None:
        return 0 if delta > 0 else total - 1
    return (current + delta) % total


def counter_text(current: int | None, total: int, query: str) -> str:
    """What the find bar's counter says: "k/N", "no matches", or nothing for an empty query."""
    if not query.strip():
        return ""
    if total == 0:
        return "no matches"
    return f"{(current or 0) + 1}/{total}"


class FindState:
    """Find in one brief: the query, how it is matched, its matches and the current one."""

    def __init__(self) -> None:
        self.query: str = ""
        """The query being found ("" when find is off)."""
        self.as_search: bool = False
        """True while the query is a store search's, matched the way the search matched it."""
        self.matches: list[Match] = []
        """The matches of :attr:`query`, in reading order."""
        self.current: int | None = None
        """The index in :attr:`matches` of the current match; None when there is none."""

    @property
    def active(self) -> bool:
        """Whether there is a query to find."""
        return bool(self.query)

    @property
    def spans(self) -> Spans:
        """How matches are found: the query as typed (folded), or as the store search matched it."""
        return match_spans if self.as_search else find_all

    def find(self, laid: Sequence[LaidBlock], stop: Callable[[], bool] | None = None) -> list[Match]:
        """The matches of the current query in ``laid`` (not stored: see :meth:`show`)."""
        return find_matches(laid, self.query, stop=stop, spans=self.spans)

    def show(self, matches: list[Match]) -> int | None:
        """Take ``matches`` as the current ones; the first becomes current (None when empty)."""
        self.matches = list(matches)
        self.current = 0 if matches else None
        return self.current

    def step(self, delta: int) -> int | None:
        """Move to the next (1) or previous (-1) match, wrapping around; the new current index."""
        self.current = step_index(self.current, delta, len(self.matches))
        return self.current

    def clear(self) -> None:
        """Find off: no query, no matches."""
        self.query = ""
        self.as_search = False
        self.matches = []
        self.current = None
