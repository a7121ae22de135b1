"""Light stemming of normalised search keys, so that an Arabic prefix or suffix does not hide a word.

Two stemmers are offered and were compared on the sample briefs (``bench/search_eval.py``):
``light10`` — Lucene's ``ArabicStemmer``, itself Larkey's light10 — and Snowball's Arabic stemmer
(PyStemmer). ``none`` keeps the key as it is. Every stemmer takes a key that has already been through
:func:`tui.text.normalize.search_key` (so ``ة`` is already ``ه`` and ``ى`` already ``ي``) and leaves
keys that are not purely Arabic letters (Latin words, numbers) alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

Stemmer = Callable[[str], str]

DEFAULT_STEMMER = "light10"
"""The stemmer a new store's index uses: chosen by measured recall and precision (see the README)."""

STEMMERS = ("none", "light10", "snowball")
"""The names :func:`get_stemmer` knows."""

# Lucene ArabicStemmer order matters: the first matching prefix is the only one removed.
PREFIXES = (
    "\u0627\u0644",
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0644\u0644",
    "\u0648",
)
"""ال وال بال كال فال لل و — in Lucene's order."""
SUFFIXES = (
    "\u0647\u0627",
    "\u0627\u0646",
    "\u0627\u062a",
    "\u0648\u0646",
    "\u064a\u0646",
    "\u064a\u0647",
    "\u064a\u0629",
    "\u0647",
    "\u0629",
    "\u064a",
)
"""ها ان ات ون ين يه ية ه ة ي — each tried once, in this order."""

_ARABIC_WORD = re.compile("[\u0621-\u064a]+")


def _is_arabic(word: str) -> bool:
    return _ARABIC_WORD.fullmatch(word) is not None


def strip_prefix(word: str) -> str:
    """Light10's prefix step alone: remove the first of ال وال بال كال فال لل و that may go.

    Like Lucene, a two- or three-letter prefix must leave at least two letters and و needs a word
    of at least four letters (three left).
    """
    if not _is_arabic(word):
        return word
    return _strip_prefix(word)


def _strip_prefix(word: str) -> str:
    """:func:`strip_prefix` of a word known to be Arabic letters only."""
    if not word.startswith(_PREFIX_STARTS):  # most words: no prefix at all
        return word
    for prefix in PREFIXES:
        if len(prefix) == 1 and len(word) < 4:
            continue
        if len(word) < len(prefix) + 2:
            continue
        if word.startswith(prefix):
            return word[len(prefix) :]
    return word


_PREFIX_STARTS = tuple({prefix[0] for prefix in PREFIXES})


@lru_cache(maxsize=200_000)
def light10(word: str) -> str:
    """Lucene's ArabicStemmer: one prefix, then each suffix in turn, each keeping two letters."""
    if not _is_arabic(word):
        return word
    word = _strip_prefix(word)
    if not word.endswith(_SUFFIX_ENDS):  # no suffix to try
        return word
    for suffix in SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


_SUFFIX_ENDS = tuple({suffix[-1] for suffix in SUFFIXES})


@lru_cache(maxsize=1)
def _snowball_stemmer() -> object:
    import Stemmer as pystemmer  # PyStemmer; imported only when Snowball is asked for

    return pystemmer.Stemmer("arabic")


@lru_cache(maxsize=200_000)
def snowball(word: str) -> str:
    """Snowball's Arabic stemmer (PyStemmer) on an Arabic key; other keys are kept."""
    if not _is_arabic(word):
        return word
    stemmed = _snowball_stemmer().stemWord(word)  # type: ignore[attr-defined]
    return stemmed or word


def no_stem(word: str) -> str:
    """The identity: the "no stemming" baseline."""
    return word


def get_stemmer(name: str) -> Stemmer:
    """The stemmer called ``name`` (one of :data:`STEMMERS`); ValueError for another name."""
    try:
        stemmers: dict[str, Stemmer] = {"none": no_stem, "light10": light10, "snowball": snowball}
        return stemmers[name]
    except KeyError:
        raise ValueError(f"unknown stemmer {name!r}; choose one of {', '.join(STEMMERS)}") from None
