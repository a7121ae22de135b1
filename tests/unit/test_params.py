"""Long lists of values cut into slices SQLite can bind."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.store.params import CHUNK, chunks


@given(st.lists(st.integers(), max_size=1_300), st.integers(min_value=1, max_value=600))
def test_slices_give_back_the_items_in_order_and_none_too_long(items: list[int], size: int) -> None:
    parts = list(chunks(items, size))
    assert [x for part in parts for x in part] == items
    assert all(0 < len(part) <= size for part in parts)
    assert len(parts) == -(-len(items) // size)


def test_the_default_slice_stays_under_sqlites_oldest_bound() -> None:
    # SQLite before 3.32 takes at most 999 parameters a statement.
    assert [len(p) for p in chunks(range(1_001))] == [CHUNK, CHUNK, 1]
    assert CHUNK < 999
