"""Many values bound to one kind of statement: SQLite takes a bounded number of parameters a
statement (999 before 3.32), so a long ``IN (...)`` list is made in slices of :data:`CHUNK`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

CHUNK = 500
"""Values bound to one ``IN (...)`` list."""


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``size``, in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
