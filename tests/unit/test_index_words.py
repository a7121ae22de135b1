"""The memoised index words give exactly the keys and stems of the whole-text folding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.index_words import keys_and_stems
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
    assert keys_and_stems(text, get_stemmer(stem_name)) == reference(text, stem_name)


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
