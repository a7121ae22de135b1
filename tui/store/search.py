"""Full-text search over the store: queries against the index of :mod:`tui.store.index`.

A query word matches a brief when its search key (Lucene's Arabic folding, harakat and tatweel
removed, Latin case folded, Arabic-Indic digits as ASCII) is in the key columns or its stem in the
stem columns. Results come in two tiers: briefs where every query word is found as typed (after
folding) first, then briefs found only through stems; within a tier FTS5's bm25 ranks them, a title
match weighing ten times a body match.

The query language is in :mod:`tui.text.query`; everything a user types reaches FTS5 only as the
quoted keys of the MATCH expression built here, never as syntax. Snippets are in
:mod:`tui.store.snippets`, the spans of the matches in a text in :mod:`tui.text.matching`.
"""

from __future__ import annotations

import sqlite3

from tui.models import SearchHit
from tui.store.index import TABLE, brief_blocks, stemmer_name
from tui.store.snippets import make_snippet
from tui.text.matching import term_spans
from tui.text.normalize import search_folded
from tui.text.query import QueryError, Term, parse_query, query_stems
from tui.text.stem import Stemmer, get_stemmer, light10, no_stem

RANK_CAP = 2000
"""Queries matching more briefs than this are not ranked by bm25 (see :func:`search`)."""


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
        stemmed = f"{stem_cols} : " + _fts_string(query_stems(term, stem), term.prefix)
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
    # every match would read every match's position lists when few titles have the words. They are
    # read upwards from the bound: read downwards, FTS5 tests the bound only on a match, so a
    # phrase no title holds would be tested in every brief below it (130 ms at a million briefs).
    above = conn.execute(match + " AND rowid > ? ORDER BY rowid", (title_expr, newest[RANK_CAP])).fetchall()
    rowids = [r for (r,) in reversed(above[-n:])]
    seen = set(rowids)
    rowids += [r for r in newest[: n + len(rowids)] if r not in seen]
    rowids = rowids[:n]
    return [(r, 0.9 * (1.0 - i / (len(rowids) + 1))) for i, r in enumerate(rowids)]


def _hit(conn: sqlite3.Connection, rowid: int, score: float, terms: list[Term], stem: Stemmer) -> SearchHit:
    """A search hit with its snippet, reading only this brief's paragraphs."""
    brief_id, title, date, source = conn.execute(
        "SELECT id, title, coalesce(written_date, date), source FROM briefs WHERE rowid = ?", (rowid,)
    ).fetchone()
    blocks = brief_blocks(conn, brief_id)
    needles = _needles(terms, stem)
    blocks_to_scan = (b for b in blocks if not needles or any(n in search_folded(b) for n in needles))
    snippet = None
    for text in blocks_to_scan:
        spans = term_spans(text, terms, stem)
        if spans:
            snippet = make_snippet(text, spans)
            break
    if snippet is None:
        spans = term_spans(title, terms, stem)
        snippet = make_snippet(title if spans else (blocks[0] if blocks else ""), spans)
    return SearchHit(
        id=brief_id,
        title=title,
        score=score,
        snippet=snippet,
        date=date,
        source=source,
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
    return [max(query_stems(term, stem), key=len) for term in terms]
