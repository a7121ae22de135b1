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


@given(
    st.lists(
        st.one_of(st.tuples(st.just("push"), st.sampled_from("abcdef")), st.just(("back",)), st.just(("forward",))),
        max_size=60,
    )
)
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
            del model[index + 1 :]
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
        peeked = h.peek_back()
        assert (peeked.brief_id if peeked else None) == (model[index - 1] if index > 0 else None)
        ahead = h.peek_forward()
        assert (ahead.brief_id if ahead else None) == (model[index + 1] if index < len(model) - 1 else None)


def test_dump_and_load_keep_entries_scrolls_and_the_current_entry():
    h = History()
    for brief_id, scroll in (("a", 0), ("b", 4), ("c", 9)):
        h.push(brief_id, scroll)
    h.back()
    again = History.load(h.dump())
    assert again.entries() == [HistoryEntry("a", 0), HistoryEntry("b", 4), HistoryEntry("c", 9)]
    assert again.current == HistoryEntry("b", 4)
    assert again.forward() == HistoryEntry("c", 9)


def test_load_drops_briefs_that_are_gone_and_keeps_a_sensible_current_entry():
    h = History()
    for brief_id in "abcd":
        h.push(brief_id)
    h.back()  # current: c
    text = h.dump()
    assert History.load(text, exists=lambda i: i != "c").current == HistoryEntry("b")
    assert History.load(text, exists=lambda i: i == "d").current == HistoryEntry("d")
    assert History.load(text, exists=lambda i: False).current is None
    kept = History.load(text, maximum=2)
    assert kept.entries() == [HistoryEntry("c"), HistoryEntry("d")] and kept.current == HistoryEntry("c")


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[]",
        '{"entries": 3}',
        '{"entries": [["a", "x"], [1, 2], "b", ["c"]]}',
        '{"entries": [["a", true]], "current": 0}',
        '{"entries": [], "current": 5}',
    ],
)
def test_load_of_anything_else_gives_an_empty_history(text):
    h = History.load(text)
    assert h.current is None and h.entries() == []


def test_load_keeps_the_good_entries_of_a_damaged_history():
    h = History.load('{"entries": [["a", 3], ["b", "x"], ["c", -2]], "current": true}')
    assert h.entries() == [HistoryEntry("a", 3), HistoryEntry("c", 0)]
    assert h.current == HistoryEntry("a", 3)


def test_point_at_moves_to_the_nearest_entry_of_a_brief() -> None:
    h = History()
    for brief_id in ("a", "b", "a", "c", "d"):
        h.push(brief_id)
    assert h.point_at("a") and h.current is not None and h.current.brief_id == "a"
    assert h.peek_forward() is not None and h.peek_forward().brief_id == "c"  # the later a: nearer to d
    assert h.point_at("b") and h.peek_back() is not None and h.peek_back().brief_id == "a"
    assert not h.point_at("x") and h.current.brief_id == "b"  # no entry of it: nothing moved
