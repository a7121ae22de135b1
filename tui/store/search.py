"""Full-text search over the store: queries against the index of :mod:`tui.store.index`.

A query word matches a brief when its search key (Lucene's Arabic folding, harakat and tatweel
removed, Latin case folded, Arabic-Indic digits as ASCII) is in the key columns or its stem in the
stem columns. Results come in two tiers: briefs where every query word is found as typed (after
folding) first, then briefs found only through stems; within a tier FTS5's bm25 ranks them, a title
match weighing ten times a body match.

The query language is deliberately small: words (all must match), ``"quoted phrases"`` and
``prefix*``. Everything else a user types — FTS5 operators, column filters, stray quotes,
punctuation — is treated as plain words or ignored, and never reaches FTS5 as syntax: the MATCH
expression is built here from quoted keys.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from tui.models import SearchHit
from tui.store.index import TABLE, brief_blocks, stemmer_name
from tui.text.normalize import search_folded, word_spans
from tui.text.stem import DEFAULT_STEMMER, Stemmer, get_stemmer, light10, no_stem, strip_prefix

SNIPPET_WORDS = 12
"""About how many words a snippet shows."""
SNIPPET_CHARS = 160
"""The most characters of text a snippet shows (markers and ellipses not counted)."""
MARK_OPEN = "["
MARK_CLOSE = "]"
"""The snippet's match markers: ``[`` before and ``]`` after each match (logical order)."""
ELLIPSIS = "\u2026"
RANK_CAP = 2000
"""Queries matching more briefs than this are not ranked by bm25 (see :func:`search`)."""
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


# -- queries ---------------------------------------------------------------------------------


def parse_query(query: str) -> list[Term]:
    """The terms of a query: words, ``"phrases"`` and ``prefix*``; raises :class:`QueryError` when none.

    A bare chunk that folds to several words (``covid-19``, ``title:x``) is searched as a phrase.
    A quote without its pair is ignored, as are all FTS5 operators' special meanings.
    """
    terms: list[Term] = []
    for m in _QUERY_PARTS.finditer(query.translate(_QUOTE_CHARS)):
        if m.group(1) is not None:
            chunk, star = m.group(1), bool(m.group(2))
        else:
            chunk = m.group(3)
            star = False
            words = word_spans(chunk)
            if words and chunk[words[-1][2]:].startswith("*"):
                star = True
        keys = tuple(k for k, _, _ in word_spans(chunk))
        if keys:
            terms.append(Term(keys, star and len(keys[-1]) >= MIN_PREFIX))
    if not terms:
        raise QueryError("nothing to search for: type a word, a \"phrase\" or a prefix*")
    return terms


def _stems(term: Term, stem: Stemmer) -> tuple[str, ...]:
    """What the term looks for in the stem columns (a prefix is only stripped of its article)."""
    *head, last = term.keys
    if term.prefix:
        tail = last if stem is no_stem else strip_prefix(last)
        if len(tail) < MIN_PREFIX:
            tail = last  # "بالب*" must not become "ب*"
    else:
        tail = stem(last)
    return (*(stem(k) for k in head), tail)


def _fts_string(keys: tuple[str, ...], prefix: bool) -> str:
    """An FTS5 string literal (``"`` doubled inside), with ``*`` when its last token is a prefix."""
    return '"' + " ".join(keys).replace('"', '""') + '"' + ("*" if prefix else "")


def _expressions(terms: list[Term], stem: Stemmer, title_only: bool = False) -> tuple[str, str]:
    """The MATCH expressions for exact (folded) matches only, and for exact-or-stem matches."""
    keys_cols, stem_cols = ("{title}", "{title_stem}") if title_only else ("{title body}", "{title_stem body_stem}")
    exact: list[str] = []
    either: list[str] = []
    for term in terms:
        surface = f"{keys_cols} : " + _fts_string(term.keys, term.prefix)
        stemmed = f"{stem_cols} : " + _fts_string(_stems(term, stem), term.prefix)
        exact.append(surface)
        either.append(f"({surface} OR {stemmed})")
    return " AND ".join(exact), " AND ".join(either)


def search(conn: sqlite3.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    """The briefs matching ``query``, best first; ``[]`` for a query with nothing to search for.

    ``score`` is higher for better hits: 1 + s for briefs where every word matched as typed
    (after folding), s for briefs found only through stems, with s in [0, 1). Up to
    :data:`RANK_CAP` matches, s grows with FTS5's bm25 (title weighing ten times the body).
    Beyond that bm25 is not computed — FTS5 reads every match to weigh a word, too slow for a
    word in tens of thousands of briefs — and the order is: among the newest-imported
    :data:`RANK_CAP` matches, those with every word in the title, then the rest of the matches,
    each newest-imported first.
    """
    try:
        terms = parse_query(query)
    except QueryError:
        return []
    if limit <= 0:
        return []
    stem = get_stemmer(stemmer_name(conn))
    tiers = zip((1.0, 0.0), _expressions(terms, stem), _expressions(terms, stem, title_only=True))
    ranked: dict[int, float] = {}
    for tier, expr, title_expr in tiers:
        for rowid, s in _ranked(conn, expr, title_expr, limit + len(ranked)):
            if rowid not in ranked and len(ranked) < limit:
                ranked[rowid] = tier + s
        if len(ranked) >= limit:
            break
    return [_hit(conn, rowid, score, terms, stem) for rowid, score in ranked.items()]


def _ranked(conn: sqlite3.Connection, expr: str, title_expr: str, n: int) -> list[tuple[int, float]]:
    """The best ``n`` matches of ``expr`` as ``(rowid, s)``, s in [0, 1) falling with the order."""
    match = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?"
    # Enough of the newest matches to know whether there are more than RANK_CAP and to fill the page.
    want = max(RANK_CAP + 1, 2 * n)
    newest = [r for (r,) in conn.execute(match + " ORDER BY rowid DESC LIMIT ?", (expr, want))]
    if len(newest) <= RANK_CAP:
        out = []
        for rowid, rank in conn.execute(
            f"SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH ? ORDER BY rank LIMIT ?", (expr, n)
        ):
            x = max(0.0, -float(rank))
            out.append((rowid, x / (1.0 + x)))
        return out
    # Only the newest RANK_CAP matches are screened for title matches: a title-only query over
    # every match would read every match's position lists when few titles have the words.
    rowids = [
        r for (r,) in conn.execute(match + " AND rowid > ? ORDER BY rowid DESC LIMIT ?", (title_expr, newest[RANK_CAP], n))
    ]
    seen = set(rowids)
    rowids += [r for r in newest[: n + len(rowids)] if r not in seen]
    rowids = rowids[:n]
    return [(r, 0.9 * (1.0 - i / (len(rowids) + 1))) for i, r in enumerate(rowids)]


def _hit(conn: sqlite3.Connection, rowid: int, score: float, terms: list[Term], stem: Stemmer) -> SearchHit:
    """A search hit with its snippet, reading only this brief's paragraphs."""
    brief_id, title, date, source = conn.execute(
        "SELECT id, title, date, source FROM briefs WHERE rowid = ?", (rowid,)
    ).fetchone()
    blocks = brief_blocks(conn, brief_id)
    needles = _needles(terms, stem)
    blocks_to_scan = (b for b in blocks if not needles or any(n in search_folded(b) for n in needles))
    snippet = None
    for text in blocks_to_scan:
        spans = _spans(text, terms, stem)
        if spans:
            snippet = make_snippet(text, spans)
            break
    if snippet is None:
        spans = _spans(title, terms, stem)
        snippet = make_snippet(title if spans else (blocks[0] if blocks else ""), spans)
    return SearchHit(
        id=brief_id, title=title, score=score, snippet=snippet, date=date, source=source,
        extra={"exact": score >= 1.0},
    )


def _needles(terms: list[Term], stem: Stemmer) -> list[str]:
    """Folded strings of which a block with a match must contain at least one, or [] if unknown.

    Tokenising every paragraph of a hit to find its first match costs more than the FTS5 query, so
    paragraphs are first screened by substring: light10 only cuts letters off a key's ends, so the
    stem of every matching word is inside the paragraph folded by
    :func:`~tui.text.normalize.search_folded`. Snowball's stems are not always
    substrings, so with it every paragraph is tokenised.
    """
    if stem is not light10 and stem is not no_stem:
        return []
    return [max(_stems(term, stem), key=len) for term in terms]


# -- matches in original text ----------------------------------------------------------------


def match_spans(text: str, query: str, stemmer: str = DEFAULT_STEMMER) -> list[tuple[int, int]]:
    """Logical ``[start, end)`` ranges of every match of the query's words and phrases in ``text``.

    The same folding and stemming as :func:`search`, so a word found by search is highlighted
    whole as written (prefixes, suffixes and harakat included). ``[]`` for an empty query.
    """
    try:
        terms = parse_query(query)
    except QueryError:
        return []
    return _spans(text, terms, get_stemmer(stemmer))


def _spans(text: str, terms: list[Term], stem: Stemmer) -> list[tuple[int, int]]:
    words = word_spans(text)
    if not words:
        return []
    keys = [k for k, _, _ in words]
    stems = [stem(k) for k in keys]
    found: list[tuple[int, int]] = []
    for term in terms:
        targets = ((keys, term.keys), (stems, _stems(term, stem)))
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


def make_snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """About :data:`SNIPPET_WORDS` words of ``text`` around the first span, matches in ``[`` ``]``.

    Cut ends get an ellipsis; line breaks become spaces. Without spans: the start of the text.
    """
    words = word_spans(text)
    if not words:
        return " ".join(text.split())[:SNIPPET_CHARS]
    if spans:
        s0, e0 = spans[0]
        i = next((n for n, w in enumerate(words) if w[2] > s0), 0)
        j = max(i, max((n for n, w in enumerate(words) if w[1] < e0), default=i))
    else:
        i = j = 0
    lo = max(0, i - SNIPPET_WORDS // 3)
    hi = min(len(words), max(j + 1, lo + SNIPPET_WORDS))
    lo = max(0, min(lo, hi - SNIPPET_WORDS))
    while words[hi - 1][2] - words[lo][1] > SNIPPET_CHARS and (lo < i or hi - 1 > j):
        if hi - 1 > j and (hi - 1 - j >= i - lo or lo >= i):
            hi -= 1
        else:
            lo += 1
    start = 0 if lo == 0 else words[lo][1]
    end = len(text) if hi == len(words) else words[hi - 1][2]
    out: list[str] = []
    pos = start
    for s, e in spans:
        if s >= start and e <= end:
            out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
            pos = e
    out.append(text[pos:end])
    piece = " ".join("".join(out).split())
    if text[:start].strip():
        piece = ELLIPSIS + piece
    if text[end:].strip():
        piece += ELLIPSIS
    return piece


def split_snippet(snippet: str, query: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip the match markers from a snippet: (text shown, logical spans of the marked matches).

    The backend marks each match as ``[match]`` but leaves brackets of the brief itself alone, so
    a pair of markers is taken as such only when the text it encloses is a match of ``query``
    (the innermost pair wins: ``[[bold]]`` is a marked ``[bold]`` whose inner word matched).
    Brackets that are not markers stay in the text.
    """
    pairs: list[tuple[int, int]] = []
    opens: list[int] = []
    for i, ch in enumerate(snippet):
        if ch == MARK_OPEN:
            opens.append(i)
        elif ch == MARK_CLOSE and opens:
            start = opens.pop()
            inside = snippet[start + 1 : i]
            if inside and _whole_match(inside, query):
                pairs.append((start, i))
                opens.clear()  # markers never nest: anything open before is literal
    markers = {p for pair in pairs for p in pair}
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    span_start = 0
    for i, ch in enumerate(snippet):
        if i not in markers:
            out.append(ch)
        elif ch == MARK_OPEN:
            span_start = len(out)
        else:
            spans.append((span_start, len(out)))
    return "".join(out), spans


def _whole_match(text: str, query: str) -> bool:
    """True when ``query`` matches ``text`` from its first character to its last."""
    spans = match_spans(text, query)
    return bool(spans) and spans[0][0] == 0 and spans[-1][1] == len(text)
