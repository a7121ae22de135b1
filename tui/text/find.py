"""Find in the open brief: matches in the laid-out blocks, where they are drawn, stepping through them.

The one owner of find, free of Textual: the reading pane draws and scrolls to what this module
computes and the main screen's find controller keeps a :class:`FindState`. Matching runs on each
block's displayed logical text, with :func:`tui.text.matching.find_all` (the query as typed,
folded, so a query typed without hamza or harakat finds the word written with them) or
:func:`tui.text.matching.match_spans` (a store search's words, stems and prefixes). A match is
``(laid_pos, start, end)``: the position of the block in the laid list and a logical range of its
text; the position map of the block's rendered paragraph turns it into document lines and cells.
The pieces of a long paragraph (:func:`~tui.text.document.paragraph_pieces`) give the matches of
the paragraph whole, a phrase across a cut among them: its match starts in one piece and ends past
that piece's text, and :func:`spilled` gives its parts in the pieces after.
Briefs over :data:`~tui.text.lazydoc.HUGE_CHARS` are searched off the event loop
(:func:`search_in_worker`), cancellable through ``stop``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate

from tui.text.document import BlockSource, LaidBlock
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
    blocks = _blocks(laid)
    matches: list[Match] = []
    pos = 0
    while pos < len(blocks):
        run = _pieces_from(blocks, pos)
        found = _find_in_pieces(run, query, spans, stop)
        if found is None:
            return []
        matches.extend((pos + k, start, end) for k, start, end in found)
        pos += len(run)
    return matches


Piece = tuple[str, str]
"""A block's text with what stood before it in its paragraph (``""`` for a paragraph's first)."""


def _blocks(laid: Sequence[LaidBlock]) -> Sequence[BlockSource] | Sequence[LaidBlock]:
    """Every block of ``laid`` with its text and ``joined``: a lazy layout's sources, counted or not."""
    return laid.sources if isinstance(laid, LazyLayout) else laid


def _pieces_from(blocks: Sequence[BlockSource] | Sequence[LaidBlock], pos: int) -> list[Piece]:
    """Block ``pos`` and the pieces of its paragraph that follow it (one block for most)."""
    run = [("", blocks[pos].text)]
    for after in range(pos + 1, len(blocks)):  # by index: a slice would copy the rest at every block
        joined = blocks[after].joined
        if joined is None:
            break
        run.append((joined, blocks[after].text))
    return run


def _find_in_pieces(
    run: list[Piece], query: str, spans: Spans, stop: Callable[[], bool] | None
) -> list[tuple[int, int, int]] | None:
    """The matches in the pieces of one paragraph as ``(piece, start, end)``, as if it were searched
    whole: each piece alone (``stop`` asked before each), and the text around each cut for the matches
    across it. Where two overlap, the one that starts first (the longer at one start) is kept, as a
    search of the whole keeps it. None once ``stop`` is true."""
    if stop is not None and stop():
        return None
    if len(run) == 1:
        return [(0, start, end) for start, end in spans(run[0][1], query)]
    starts = list(accumulate((len(joined) + len(piece) for joined, piece in run), initial=0))
    found: list[tuple[int, int, int]] = []  # (start, end) in the paragraph, and the piece it starts in
    across = False
    for k, (joined, piece) in enumerate(run):
        if k and stop is not None and stop():
            return None
        at = starts[k] + len(joined)
        found += [(at + start, at + end, k) for start, end in spans(piece, query)]
        if k + 1 < len(run):
            crossing = _across(piece, *run[k + 1], query, spans)
            found += [(at + start, at + end, k) for start, end in crossing]
            across = across or bool(crossing)
    if not across:  # each piece's matches in order, none reaching another piece
        return [(k, start - starts[k] - len(run[k][0]), end - starts[k] - len(run[k][0])) for start, end, k in found]
    found.sort(key=lambda match: (match[0], -match[1]))
    kept: list[tuple[int, int, int]] = []
    end_kept = 0
    for start, end, k in found:
        if start < end_kept:
            continue  # overlaps one kept already
        at = starts[k] + len(run[k][0])
        kept.append((k, start - at, end - at))
        end_kept = end
    return kept


def _across(piece: str, joined: str, after: str, query: str, spans: Spans) -> list[tuple[int, int]]:
    """The matches across the cut between ``piece`` and the ``after`` that follows it, found in the
    text around the cut, as ranges of ``piece`` (ending past it).

    The window reaches far enough for a match of the query, harakat and all, and starts and ends at a
    space where one is near, so that its first and last words are whole; a match at an edge that is
    not a space, where a word may be cut, is left out."""
    reach = 64 + 4 * len(query)
    space = piece.rfind(" ", max(0, len(piece) - 2 * reach), max(0, len(piece) - reach))
    left = space + 1 if space >= 0 else max(0, len(piece) - reach)
    space = after.find(" ", reach, 2 * reach)
    right = space if space >= 0 else min(len(after), reach)
    window = piece[left:] + joined + after[:right]
    cut, resumed = len(piece) - left, len(piece) - left + len(joined)
    open_left = left > 0 and piece[left - 1] != " "
    open_right = right < len(after) and after[right] != " "
    return [
        (left + start, left + end)
        for start, end in spans(window, query)
        if start < resumed
        and end > cut  # across the cut, neither piece holds it whole
        and not (open_left and start == 0)
        and not (open_right and end == len(window))
    ]


def spilled(laid: Sequence[LaidBlock], matches: Sequence[Match]) -> dict[int, list[tuple[int, int, int]]]:
    """The parts of ``matches`` (sorted) that reach across a cut: for each piece of a long paragraph,
    the ``(start, end, match index)`` ranges of the matches begun in the pieces before it.

    Only the last matches of a piece can reach past it: this bisects at each cut, whatever the
    number of matches."""
    blocks = _blocks(laid)
    parts: dict[int, list[tuple[int, int, int]]] = {}
    for pos in range(1, len(blocks)):
        joined = blocks[pos].joined
        if joined is None:
            continue
        last = bisect_left(matches, (pos, -1, -1))
        first = bisect_left(matches, (pos - 1, -1, -1), hi=last)
        before = parts.get(pos - 1, []) + [(matches[i][1], matches[i][2], i) for i in range(first, last)]
        shift = len(blocks[pos - 1].text) + len(joined)
        spill = [(max(0, start - shift), end - shift, i) for start, end, i in before if end > shift]
        if spill:
            parts[pos] = spill
    return parts


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
    cells = [(block.first_line + line, c0, c1) for line, c0, c1 in block.rendered.spans(start, end)]
    for later, parts in spilled(laid, [match]).items():
        block = laid[later]
        cells += [(block.first_line + n, c0, c1) for s, e, _ in parts for n, c0, c1 in block.rendered.spans(s, e)]
    return cells


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
