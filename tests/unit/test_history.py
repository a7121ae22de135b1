"""The navigator's back/forward history (a plain class, no terminal needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.ui.navigation import History, HistoryEntry


def test_empty_history_goes_nowhere():
    h = History()
    assert h.current is None
    assert h.back() is None and h.forward() is None
    assert not h.can_go_back and not h.can_go_forward


def test_back_and_forward_return_entries_with_scroll():
    h = History()
    h.push("a", 0)
    h.update_scroll(7)
    h.push("b", 2)
    assert h.back() == HistoryEntry("a", 7)
    assert h.current == HistoryEntry("a", 7)
    assert h.forward() == HistoryEntry("b", 2)
    assert h.forward() is None
    assert h.current == HistoryEntry("b", 2)


def test_push_after_back_drops_the_forward_branch():
    h = History()
    for brief in "abc":
        h.push(brief)
    h.back()
    h.back()
    h.push("d")
    assert [e.brief_id for e in h.entries()] == ["a", "d"]
    assert not h.can_go_forward
    assert h.back().brief_id == "a"


def test_pushing_the_current_brief_only_updates_its_scroll():
    h = History()
    h.push("a", 1)
    h.push("a", 5)
    assert h.entries() == [HistoryEntry("a", 5)]


def test_bounded_history_forgets_the_oldest():
    h = History(maximum=3)
    for brief in "abcde":
        h.push(brief)
    assert [e.brief_id for e in h.entries()] == ["c", "d", "e"]
    assert h.back().brief_id == "d"
    assert h.back().brief_id == "c"
    assert h.back() is None


def test_remove_a_vanished_brief():
    h = History()
    for brief in "abcb":
        h.push(brief)
    h.back()  # at c
    h.remove("b")
    assert [e.brief_id for e in h.entries()] == ["a", "c"]
    assert h.current.brief_id == "c"
    h.remove("c")
    assert h.current.brief_id == "a"
    h.remove("a")
    assert h.current is None and len(h) == 0


def test_maximum_must_be_positive():
    with pytest.raises(ValueError):
        History(0)


@given(st.lists(st.one_of(st.tuples(st.just("push"), st.sampled_from("abcdef")),
                          st.just(("back",)), st.just(("forward",))), max_size=60))
def test_history_matches_a_list_model(ops):
    """Against a browser-history model: a list and an index, no bound."""
    h = History(maximum=1000)
    model: list[str] = []
    index = -1
    for op in ops:
        if op[0] == "push":
            if index >= 0 and model[index] == op[1]:
                continue
            h.push(op[1])
            del model[index + 1:]
            model.append(op[1])
            index = len(model) - 1
        elif op[0] == "back":
            got = h.back()
            if index > 0:
                index -= 1
                assert got.brief_id == model[index]
            else:
                assert got is None
        else:
            got = h.forward()
            if index < len(model) - 1:
                index += 1
                assert got.brief_id == model[index]
            else:
                assert got is None
        assert [e.brief_id for e in h.entries()] == model
        assert (h.current.brief_id if h.current else None) == (model[index] if index >= 0 else None)
