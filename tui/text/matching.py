"""Where a query matches in a text: the query as typed, or the store search's words and stems.

:func:`find_all` finds the query as typed after folding both sides (hamza, harakat, tatweel, case),
so a query typed without hamza or harakat finds the word written with them: what find-in-brief
does. :func:`match_spans` finds a store search's terms (words, ``"phrases"``, ``prefix*``) with the
same folding and stemming as :mod:`tui.store.search`, so a brief opened from a search highlights
what the search matched. Both give logical ``[start, end)`` ranges; neither touches the store.
"""

from __future__ import annotations

import re
from unicodedata import combining

from tui.text.normalize import DROPPED, normalize_for_search, normalize_with_map, screen_to_logical, word_spans
from tui.text.query import QueryError, Term, parse_query, query_stems
from tui.text.stem import DEFAULT_STEMMER, Stemmer, get_stemmer


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every match of ``query`` in ``text`` after normalising both, as logical ``[start, end)`` ranges.

    Matches do not overlap. Words of the query may be separated by any run of spaces in the text.
    """
    needle = " ".join(normalize_for_search(screen_to_logical(query)).split())
    if not needle:
        return []
    hay, mapping = normalize_with_map(text)
    pattern = re.compile(r"\s+".join(re.escape(w) for w in needle.split(" ")))
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(hay):
        start = mapping[m.start()]
        end = mapping[m.end() - 1] + 1
        # Harakat and other marks directly after the last matched letter belong to it.
        while end < len(text) and _belongs_to_letter(text[end]):
            end += 1
        spans.append((start, end))
    return spans


def _belongs_to_letter(ch: str) -> bool:
    """Whether ``ch`` after a letter is part of it: a haraka, tatweel or other mark, not a direction mark."""
    return (DROPPED.match(ch) is not None or combining(ch) != 0) and ch not in "\u200e\u200f"


def match_spans(text: str, query: str, stemmer: str = DEFAULT_STEMMER) -> list[tuple[int, int]]:
    """Logical ``[start, end)`` ranges of every match of the query's words and phrases in ``text``.

    The same folding and stemming as :func:`tui.store.search.search`, so a word found by search is
    highlighted whole as written (prefixes, suffixes and harakat included). ``[]`` for an empty
    query.
    """
    try:
        terms = parse_query(query)
    except QueryError:
        return []
    return term_spans(text, terms, get_stemmer(stemmer))


def term_spans(text: str, terms: list[Term], stem: Stemmer) -> list[tuple[int, int]]:
    """Logical ``[start, end)`` ranges of the matches of parsed ``terms`` in ``text``, longest first
    where they overlap (:func:`match_spans` for a query as typed)."""
    words = word_spans(text)
    if not words:
        return []
    keys = [k for k, _, _ in words]
    stems = [stem(k) for k in keys]
    found: list[tuple[int, int]] = []
    for term in terms:
        targets = ((keys, term.keys), (stems, query_stems(term, stem)))
        n = len(term.keys)
        for i in range(len(words) - n + 1):
            for have, want in targets:
                if _matches_at(have, i, want, term.prefix):
                    found.append((words[i][1], words[i + n - 1][2]))
                    break
    found.sort(key=lambda s: (s[0], -s[1]))
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if spans and start < spans[-1][1]:
            continue  # overlaps a longer or earlier match
        spans.append((start, end))
    return spans


def _matches_at(have: list[str], i: int, want: tuple[str, ...], prefix: bool) -> bool:
    last = len(want) - 1
    for j, w in enumerate(want):
        if j == last and prefix:
            if not have[i + j].startswith(w):
                return False
        elif have[i + j] != w:
            return False
    return True
