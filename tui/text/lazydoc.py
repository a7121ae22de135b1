"""A brief laid out lazily: line counts for every block, rendering only for the blocks drawn.

Rendering a paragraph (shaping, wrapping, reordering each line, building its position map) is the
expensive part of layout and the position maps are large, so a 20 MB brief cannot be rendered whole.
Where a block starts only depends on how many lines the blocks above it wrap to, and that number
comes from the wrapping step alone (:func:`paragraph_line_count`, the same sanitize, shape and
:func:`~tui.text.wrap.wrap_spans` calls :func:`~tui.text.layout.render_paragraph` makes, so the
counts are exact). :class:`LazyLayout` keeps the counts and their prefix sums, finds the block on a
document line by bisection, and renders a block into a :class:`~tui.text.document.LaidBlock` when it
is asked for, keeping the most recently used ones. Counts may arrive in chunks (from a worker), in
which case the layout covers the blocks counted so far.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from tui.text.document import BlockSource, LaidBlock, lay_out_block
from tui.text.sanitize import sanitize
from tui.text.shape import shape_with_map
from tui.text.wrap import wrap_spans

HUGE_CHARS = 200_000
"""Briefs with more characters than this are counted, and searched, in a worker thread."""
BLOCKS_CACHED = 256
"""Rendered blocks kept by a :class:`LazyLayout`."""


def paragraph_line_count(text: str, width: int, *, shaped: bool = True, url: bool = False) -> int:
    """How many lines :func:`~tui.text.layout.render_paragraph` gives ``text`` at ``width`` (an
    address with ``url``, as it is given the brief's URL).

    The direction does not matter: it only changes the order of characters inside a line.
    """
    clean = sanitize(text)
    shown = shape_with_map(clean)[0] if shaped else clean
    return len(wrap_spans(shown, max(1, width), url=url))


def count_lines(
    sources: Iterable[BlockSource], width: int, *, shaped: bool = True, stop: Callable[[], bool] | None = None
) -> Iterator[int]:
    """The line count of each block in turn; ends early once ``stop()`` is true."""
    for source in sources:
        if stop is not None and stop():
            return
        yield paragraph_line_count(source.text, width, shaped=shaped, url=source.kind == "url")


class LazyLayout(Sequence[LaidBlock]):
    """The counted blocks of a brief at one width, rendered on access.

    As a sequence it holds one :class:`LaidBlock` per counted block, the same as
    :func:`~tui.text.document.layout_article` gives for them; :attr:`sources` holds every block,
    counted or not. Document lines are the blocks' lines with one blank line between blocks.
    """

    def __init__(
        self, sources: Sequence[BlockSource], width: int, *, shaped: bool = True, cache_size: int = BLOCKS_CACHED
    ) -> None:
        self.sources: tuple[BlockSource, ...] = tuple(sources)
        """Every block of the brief, in order."""
        self.width = max(1, width)
        """The width in cells the blocks are laid out at."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode: logical order, unshaped."""
        self.cache_size = cache_size
        """How many rendered blocks are kept."""
        self._counts: list[int] = []
        """Lines of each counted block."""
        self._starts: list[int] = []
        """First document line of each counted block (prefix sums of counts and blank lines)."""
        self._cache: OrderedDict[int, LaidBlock] = OrderedDict()
        """Rendered blocks, least recently used first."""

    # -- counting ----------------------------------------------------------------------------

    def add_counts(self, counts: Iterable[int]) -> None:
        """Record the line counts of the next blocks (from :func:`count_lines`)."""
        for count in counts:
            if len(self._counts) >= len(self.sources):
                raise ValueError("more line counts than blocks")
            self._starts.append(self.line_count + 1 if self._counts else 0)
            self._counts.append(count)

    def count_all(self) -> LazyLayout:
        """Count the blocks not counted yet, here and now (for briefs of ordinary size)."""
        self.add_counts(count_lines(self.sources[len(self._counts) :], self.width, shaped=self.shaped))
        return self

    @property
    def complete(self) -> bool:
        """Whether every block has been counted."""
        return len(self._counts) == len(self.sources)

    @property
    def line_count(self) -> int:
        """Document lines of the counted blocks."""
        return self._starts[-1] + self._counts[-1] if self._counts else 0

    @property
    def chars(self) -> int:
        """The size of the brief's displayed text in characters."""
        return sum(len(source.text) for source in self.sources)

    # -- positions ---------------------------------------------------------------------------

    def first_line(self, pos: int) -> int:
        """The document line where counted block ``pos`` starts."""
        return self._starts[pos]

    def block_at(self, line: int) -> int | None:
        """The counted block drawn on document ``line`` (a blank line belongs to the block above it);
        None before the first block or when nothing is counted."""
        pos = bisect_right(self._starts, line) - 1
        return pos if pos >= 0 else None

    # -- the sequence ------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of counted blocks."""
        return len(self._counts)

    @overload
    def __getitem__(self, pos: int) -> LaidBlock: ...

    @overload
    def __getitem__(self, pos: slice) -> list[LaidBlock]: ...

    def __getitem__(self, pos: int | slice) -> LaidBlock | list[LaidBlock]:
        """Counted block ``pos``, rendered now unless it is in the cache."""
        if isinstance(pos, slice):
            return [self[i] for i in range(*pos.indices(len(self)))]
        if pos < 0:
            pos += len(self)
        if not 0 <= pos < len(self):
            raise IndexError(f"block {pos} not counted ({len(self)} are)")
        block = self._cache.get(pos)
        if block is not None:
            self._cache.move_to_end(pos)
            return block
        block = lay_out_block(self.sources[pos], self.width, self._starts[pos], shaped=self.shaped)
        self._cache[pos] = block
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return block
