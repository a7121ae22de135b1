"""Recall and precision of search over the sample briefs, per variant class, for each stemmer.

The queries and their hand-judged answers are in ``tests/unit/search_queries.py``. For each stemmer
(none, light10, snowball) a fresh store is built from ``articles/*.txt`` and every query is run with
no result limit. Recall and precision are micro-averaged over the queries of a class (summed true
hits over summed relevant / retrieved briefs). Run: ``python bench/search_eval.py [-v]``; ``-v``
also lists each query's misses and false hits.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "unit")]

from search_queries import QUERIES, VARIANTS, sample_articles, short_id  # noqa: E402

from tui.importing import import_articles  # noqa: E402
from tui.store import index  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.stem import STEMMERS  # noqa: E402

Counts = dict[str, tuple[int, int, int]]
"""Per variant class: (true hits, relevant, retrieved)."""


def retrieved_by(stemmer: str, folder: Path) -> dict[str, set[str]]:
    """Each query's retrieved briefs (short ids) in a store indexed with ``stemmer``."""
    store = Store.open(folder / f"eval-{stemmer}.db")
    conn = store._conn  # switching the stemmer is for experiments only, not a Store method
    conn.execute("BEGIN IMMEDIATE")
    index.set_stemmer(conn, stemmer)
    conn.execute("COMMIT")
    import_articles(store, sample_articles())
    out = {q.query: {short_id(h.id) for h in store.search(q.query, limit=10_000)} for q in QUERIES}
    store.close()
    return out


def evaluate() -> dict[str, dict[str, set[str]]]:
    """Retrieved sets per stemmer and query."""
    with tempfile.TemporaryDirectory() as tmp:
        return {name: retrieved_by(name, Path(tmp)) for name in STEMMERS}


def counts(results: dict[str, set[str]]) -> Counts:
    """Sum true hits, relevant and retrieved per variant class (and ``all``)."""
    table: dict[str, list[int]] = {v: [0, 0, 0] for v in (*VARIANTS, "all")}
    for q in QUERIES:
        got = results[q.query]
        for key in (q.variant, "all"):
            row = table[key]
            row[0] += len(got & q.relevant)
            row[1] += len(q.relevant)
            row[2] += len(got)
    return {k: (v[0], v[1], v[2]) for k, v in table.items()}


def ratio(a: int, b: int) -> float:
    """a / b, with 1.0 for 0 / 0 (nothing to find and nothing found)."""
    return a / b if b else 1.0


def table(all_results: dict[str, dict[str, set[str]]]) -> str:
    """The Markdown table: recall and precision per variant class for each stemmer."""
    per = {name: counts(res) for name, res in all_results.items()}
    n_queries = {v: sum(q.variant == v for q in QUERIES) for v in VARIANTS}
    n_queries["all"] = len(QUERIES)
    head = "| variant class | queries | " + " | ".join(f"{n} R | {n} P" for n in all_results) + " |"
    rule = "|---|---:|" + "---:|---:|" * len(all_results)
    lines = [head, rule]
    for v in (*VARIANTS, "all"):
        cells = []
        for name in all_results:
            tp, rel, ret = per[name][v]
            cells += [f"{ratio(tp, rel):.2f}", f"{ratio(tp, ret):.2f}"]
        label = f"**{v}**" if v == "all" else v
        lines.append(f"| {label} | {n_queries[v]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    results = evaluate()
    print(
        f"{len(QUERIES)} judged queries over {len(sample_articles())} sample briefs;"
        " R = recall, P = precision (micro-averaged per class)\n"
    )
    print(table(results))
    if "-v" in sys.argv[1:]:
        for name, res in results.items():
            print(f"\n{name}:")
            for q in QUERIES:
                got = res[q.query]
                miss, extra = sorted(q.relevant - got), sorted(got - q.relevant)
                if miss or extra:
                    print(f"  {q.variant:<16} {q.query:<20} missed {miss} false {extra}")


if __name__ == "__main__":
    main()
