"""The memoised index words give exactly the keys and stems of the whole-text folding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import index_words
from tui.text.index_words import keys_and_stems, keys_and_stems_utf8
from tui.text.normalize import search_keys
from tui.text.stem import get_stemmer

WORDY = st.text(
    alphabet=st.sampled_from(
        list("ابتةثجحخدذرسشصطعغفقكلمنهويىأإآءـوالبال")
        + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0653\u0670\u06d6\u200c\u200d\u200e\u200f\u202e\u2066")
        + list("aİßŉ\u0301\u0345e\u0308_-٣۴0,.:«» \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2000\u2001\u2028\u3000")
    ),
    max_size=80,
)


def reference(text: str, stem_name: str) -> tuple[str, str]:
    """The columns as the index computed them before the memo: fold the whole text, then stem each key."""
    keys = search_keys(text)
    stem = get_stemmer(stem_name)
    return " ".join(keys), " ".join(stem(key) for key in keys)


@settings(max_examples=400)
@given(WORDY, st.sampled_from(["light10", "snowball", "none"]))
def test_keys_and_stems_equal_the_whole_text_folding(text: str, stem_name: str) -> None:
    expected = reference(text, stem_name)
    assert keys_and_stems(text, get_stemmer(stem_name)) == expected
    assert keys_and_stems_utf8(text, get_stemmer(stem_name)) == (expected[0].encode(), expected[1].encode())


@given(st.text(max_size=80))
def test_keys_and_stems_equal_the_whole_text_folding_on_any_text(text: str) -> None:
    assert keys_and_stems(text, get_stemmer("light10")) == reference(text, "light10")


def test_hand_checked_words_and_repeats() -> None:
    # "وَالكِتابُ" folds to والكتاب, light10 strips وال; the repeat comes from the memo, the same.
    stem = get_stemmer("light10")
    text = "وَالكِتابُ — الكتاب،\u200fوالكتاب  ١٢ Hello"
    assert keys_and_stems(text, stem) == (
        "والكتاب الكتاب والكتاب 12 hello",
        "كتاب كتاب كتاب 12 hello",
    )
    assert keys_and_stems(text, stem) == keys_and_stems(text, stem)
    assert keys_and_stems(" — ، ", stem) == ("", "")


def test_a_memo_started_afresh_gives_the_same_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past MEMO_SIZE words the memo is replaced: the words of the text in hand are computed again.
    stem = get_stemmer("light10")
    monkeypatch.setattr(index_words, "MEMO_SIZE", 3)
    texts = ["وَالكِتابُ الكتاب Hello", "سلام عليكم ورحمة الله وبركاته", "١٢ — والكتاب"]
    for text in texts * 2:
        assert keys_and_stems(text, stem) == reference(text, "light10")
        assert len(index_words._MEMOS[stem]) <= 3 + len(text.split())
