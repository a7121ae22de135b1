"""The search query language: words (all must match), ``"quoted phrases"`` and ``prefix*``.

Everything else a user types (FTS5 operators, column filters, stray quotes, punctuation) is treated
as plain words or ignored. A query becomes a list of :class:`Term`, each the search keys of its
words (:func:`tui.text.normalize.word_spans`); :mod:`tui.store.search` turns them into an FTS5
expression and :mod:`tui.text.matching` finds them in a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.text.normalize import screen_to_logical, word_spans
from tui.text.stem import Stemmer, no_stem, strip_prefix

MIN_PREFIX = 3
"""A ``prefix*`` needs this many letters (the index keeps their three-letter prefixes); a shorter
one is searched as a whole word: two letters such as ``ال*`` would match nearly every brief."""

_QUOTE_CHARS = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"})
_QUERY_PARTS = re.compile(r'"([^"]*)"(\*?)|([^\s"]+)')


class QueryError(ValueError):
    """A query with nothing to search for; the message is for a person."""


@dataclass(frozen=True)
class Term:
    """One thing every hit must contain: a word or a phrase, the last word maybe a prefix."""

    keys: tuple[str, ...]
    """The search keys of the words, in order."""
    prefix: bool = False
    """True when the last word is a prefix (``word*``)."""


def parse_query(query: str) -> list[Term]:
    """The terms of a query: words, ``"phrases"`` and ``prefix*``; raises :class:`QueryError` when none.

    A bare chunk that folds to several words (``covid-19``, ``title:x``) is searched as a phrase.
    A quote without its pair is ignored, as are all FTS5 operators' special meanings. A term given
    twice (the same words, after folding) is kept once. Arabic pasted from a screen that shapes it
    is read in logical order first (:func:`~tui.text.normalize.screen_to_logical`).
    """
    terms: list[Term] = []
    for m in _QUERY_PARTS.finditer(screen_to_logical(query).translate(_QUOTE_CHARS)):
        if m.group(1) is not None:
            chunk, star = m.group(1), bool(m.group(2))
        else:
            chunk = m.group(3)
            star = False
            words = word_spans(chunk)
            if words and chunk[words[-1][2] :].startswith("*"):
                star = True
        keys = tuple(k for k, _, _ in word_spans(chunk))
        if keys:
            terms.append(Term(keys, star and len(keys[-1]) >= MIN_PREFIX))
    if not terms:
        raise QueryError('nothing to search for: type a word, a "phrase" or a prefix*')
    # Each term once: every hit must hold every term, so a repeated one adds nothing but work (a
    # word pasted five thousand times made FTS5 and the highlighting take seconds).
    return list(dict.fromkeys(terms))


def query_stems(term: Term, stem: Stemmer) -> tuple[str, ...]:
    """What the term looks for among stems, with ``stem`` (the store's stemmer): a prefix is only
    stripped of its article."""
    *head, last = term.keys
    if term.prefix:
        tail = last if stem is no_stem else strip_prefix(last)
        if len(tail) < MIN_PREFIX:
            tail = last  # "بالب*" must not become "ب*"
    else:
        tail = stem(last)
    return (*(stem(k) for k in head), tail)
