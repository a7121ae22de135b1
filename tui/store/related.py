"""Related briefs: the same topic, another story, found by a full-text query of a brief's distinctive words.

The query is made of the brief's most distinctive stems: each stem of its title and body weighed by
how often the brief uses it (a title word counts :data:`TITLE_WEIGHT` times) and by how rare it is
in the store (its document frequency, counted by the search index up to :data:`too_common`, so a
common stem costs no more than a rare one); stems found in more than :data:`MAX_SHARE` of the
briefs say nothing about a topic and are left out (they would also make the query read most of the
index). FTS5's bm25 ranks the briefs matching any
of the :data:`TERMS` best stems; the brief itself, its same-story group and the briefs it links to
or is linked from by read-also lines are left out, and so are the other copies of a linked brief's
story: they are shown elsewhere; of another same-story group only its best ranked brief is kept. A
score is the brief's bm25 over that of the brief itself (which matches every word of the query), so
1 is "as close as the brief to itself". A brief holding fewer than :data:`MIN_TERMS` of the stems
is not related, however it ranks: in a small store bm25 weighs a stem found in half the briefs at
about nothing, so the rank alone cannot tell one shared word from a shared topic.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter

from tui.store.index import TABLE, stored_columns

TERMS = 12
"""Stems in the query."""
TITLE_WEIGHT = 3
"""A title stem counts as this many uses in the body."""
MAX_SHARE = 0.005
"""Stems in more than this share of the briefs (and at least :data:`MIN_COMMON` of them) are left out."""
MIN_COMMON = 20
"""In a small store, a stem in fewer briefs than this is never too common."""
CANDIDATES = 20
"""The brief's most used stems whose document frequency is looked up."""
MIN_TERMS = 2
"""A related brief holds at least this many of the query's stems (all of them when there are
fewer): one shared word does not make a topic. In the sample briefs, the Idlib news brief shared one
word each with the proverbs and with the explainer on the script, and they ranked as its related
briefs; on the labelled set every same-topic pair shares two or more."""


def related(conn: sqlite3.Connection, rowid: int, exclude: set[str], limit: int = 8) -> list[tuple[str, float]]:
    """``(brief_id, score)`` of up to ``limit`` related briefs, best first; score in (0, 1)."""
    columns = stored_columns(conn, rowid)
    if columns is None or limit <= 0:
        return []
    terms = _distinctive(conn, columns[2].split(), columns[3].split())
    if not terms:
        return []
    expr = "{title_stem body_stem} : (" + " OR ".join(map(_quoted, terms)) + ")"
    rows = conn.execute(
        f"SELECT f.rowid, b.id, f.rank, s.story FROM (SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH ?"
        " ORDER BY rank LIMIT ?) f JOIN briefs b ON b.rowid = f.rowid"
        " LEFT JOIN story_sketch s ON s.brief_id = b.id ORDER BY f.rank",
        (expr, 4 * limit + len(exclude) + 1),
    ).fetchall()
    own = conn.execute("SELECT id FROM briefs WHERE rowid = ?", (rowid,)).fetchone()[0]
    # bm25 of the brief itself (it matches every word of the query): the scale of the scores.
    own_rank = next((float(rank) for _, brief_id, rank, _ in rows if brief_id == own), None)
    # The stories of the excluded briefs: a copy of a linked brief is that link's story, not related.
    stories_seen = {
        label
        for (label,) in conn.execute(
            "SELECT DISTINCT story FROM story_sketch WHERE story IS NOT NULL"
            " AND brief_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(exclude)),),
        )
    }
    candidates: list[tuple[int, str, float]] = []
    for other_rowid, brief_id, rank, label in rows:
        if brief_id in exclude or label in stories_seen:
            continue  # one brief of each other story: the best ranked
        if label is not None:
            stories_seen.add(label)
        if own_rank is not None and own_rank < 0:
            score = min(1.0, float(rank) / own_rank)
        else:
            x = max(0.0, -float(rank))
            score = x / (1.0 + x)
        candidates.append((other_rowid, brief_id, round(score, 3)))
    shared = _terms_shared(conn, terms, [r for r, _, _ in candidates])
    need = min(MIN_TERMS, len(terms))
    return [(brief_id, score) for r, brief_id, score in candidates if shared.get(r, 0) >= need][:limit]


def _terms_shared(conn: sqlite3.Connection, terms: list[str], rowids: list[int]) -> dict[int, int]:
    """How many of ``terms`` each of the briefs ``rowids`` holds (a stem of its title or body).

    One query a term, over the term's briefs (no more than :func:`too_common` of them) held
    against the candidates."""
    if not rowids:
        return {}
    wanted = json.dumps(rowids)
    shared: dict[int, int] = {}
    for term in terms:
        for (r,) in conn.execute(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
            ("{title_stem body_stem} : " + _quoted(term), wanted),
        ):
            shared[r] = shared.get(r, 0) + 1
    return shared


def _distinctive(conn: sqlite3.Connection, title: list[str], body: list[str]) -> list[str]:
    """The :data:`TERMS` stems that best tell the brief's topic."""
    uses = Counter(w for w in body if len(w) > 2 and not w.isdigit())
    for w in title:
        if len(w) > 2 and not w.isdigit():
            uses[w] += TITLE_WEIGHT
    if not uses:
        return []
    # The largest rowid: about the number of briefs, without counting them (16 ms at 100,000).
    total = max(1, int(conn.execute("SELECT max(rowid) FROM briefs").fetchone()[0] or 1))
    limit = too_common(total)
    # The most used stems first: a stem used once is a weak sign whatever its rarity.
    candidates = uses.most_common(CANDIDATES)
    probe = f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT {limit + 1})"
    counts = conn.execute(
        "SELECT " + ", ".join(f"({probe})" for _ in candidates),
        ["{title_stem body_stem} : " + _quoted(term) for term, _ in candidates],
    ).fetchone()
    scored = [
        (count * math.log(1 + total / max(1, docs)), term)
        for (term, count), docs in zip(candidates, counts, strict=True)
        if docs <= limit
    ]
    scored.sort(reverse=True)
    return [term for _, term in scored[:TERMS]]


def too_common(total: int) -> int:
    """Briefs a stem may be found in before it is too common to tell a topic, in a store of ``total``."""
    return max(MIN_COMMON, int(total * MAX_SHARE))


def _quoted(term: str) -> str:
    """An FTS5 string literal."""
    return '"' + term.replace('"', '""') + '"'
