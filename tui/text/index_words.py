"""A text's search keys and their stems as the index stores them, word by word from a memo.

:func:`tui.text.normalize.search_keys` folds a whole text, then splits it into keys; the index then
stems each key. News text repeats its words: a body of 500 words has perhaps 250 distinct ones,
and a fetch of 10,000 entries a few tens of thousands. So :func:`keys_and_stems` splits the text
at whitespace as written and looks each written word up in a memo of its keys and stems, computing
only the words it has not seen. The result is exactly ``" ".join(search_keys(text))`` and the
stems of those keys joined the same way, because folding works character by character and never
makes or removes whitespace: the keys of a text are the keys of its whitespace-separated words, in
order (a property test compares the two on random text).
"""

from __future__ import annotations

from tui.text.normalize import search_keys
from tui.text.stem import Stemmer

MEMO_SIZE = 300_000
"""Written words remembered per stemmer; past that the memo starts afresh (a hostile feed cannot
make it grow without end)."""


class _WordMemo(dict[str, tuple[str, str]]):
    """Written word -> (its keys, their stems), each space separated; ("", "") for a word with no key."""

    def __init__(self, stem: Stemmer) -> None:
        super().__init__()
        self.stem = stem

    def __missing__(self, word: str) -> tuple[str, str]:
        keys = search_keys(word)
        value = (" ".join(keys), " ".join(map(self.stem, keys))) if keys else ("", "")
        self[word] = value
        return value


_MEMOS: dict[Stemmer, _WordMemo] = {}


def keys_and_stems(text: str, stem: Stemmer) -> tuple[str, str]:
    """``text``'s search keys, space separated, and the ``stem`` of each key, space separated.

    The same as ``" ".join(search_keys(text))`` and ``" ".join(map(stem, search_keys(text)))``.
    """
    memo = _MEMOS.get(stem)
    if memo is None or len(memo) > MEMO_SIZE:
        memo = _MEMOS[stem] = _WordMemo(stem)
    found = [pair for pair in map(memo.__getitem__, text.split()) if pair[0]]
    return " ".join([pair[0] for pair in found]), " ".join([pair[1] for pair in found])
