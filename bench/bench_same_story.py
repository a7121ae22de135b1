"""Same-story grouping on the labelled set: precision and recall of the pairs brief groups.

Imports ``tests/data/same_story/briefs`` into a fresh store (the import brief runs for any file),
then counts, over every pair of briefs, those grouped as one story (same group in the store)
against the labels: precision = grouped pairs that are the same story / grouped pairs, recall =
grouped same-story pairs / same-story pairs. It also prints the hard negatives (same topic, another
story) that were grouped, which must be none, and, for choosing the threshold, precision and recall
of the sketch similarity alone at several thresholds (pairs compared directly, no grouping).

Run ``python bench/bench_same_story.py``; targets: precision >= 0.97, recall >= 0.9, no hard
negative grouped.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tui.importers.load import load_file  # noqa: E402
from tui.importing import run_import  # noqa: E402
from tui.store.index import article_columns  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text import story  # noqa: E402
from tui.text.stem import get_stemmer  # noqa: E402

SET = PROJECT / "tests" / "data" / "same_story"


def labels() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Brief id -> story, and the hard-negative story pairs."""
    data = json.loads((SET / "labels.json").read_text(encoding="utf-8"))
    return data["story"], [tuple(pair) for pair in data["hard_negatives"]]


def grouped_pairs(store: Store, ids: list[str]) -> set[frozenset[str]]:
    """The pairs of briefs the store put in one same-story group."""
    pairs: set[frozenset[str]] = set()
    for brief_id in ids:
        for other, _score in store.same_story(brief_id):
            pairs.add(frozenset((brief_id, other)))
    return pairs


def scores(predicted: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float]:
    """(precision, recall) of predicted pairs against true pairs."""
    hit = len(predicted & truth)
    return (hit / len(predicted) if predicted else 1.0, hit / len(truth) if truth else 1.0)


def main() -> int:
    """Print the tables; exit 1 when a target is missed."""
    story_of, hard = labels()
    ids = sorted(story_of)
    truth = {frozenset(p) for p in itertools.combinations(ids, 2) if story_of[p[0]] == story_of[p[1]]}
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "set.db") as store:
            run_import(store, [SET / "briefs"], progress=False, out=io.StringIO())
            predicted = grouped_pairs(store, ids)
    precision, recall = scores(predicted, truth)
    hard_stories = {frozenset(p) for p in hard}
    hard_grouped = sorted(tuple(sorted(p)) for p in predicted if frozenset(story_of[i] for i in p) in hard_stories)
    idlib = frozenset(("001_turkey_idlib_first_military_step", "002_erdogan_idlib_emergency"))
    idlib_grouped = [p for p in hard_grouped if frozenset(story_of[i] for i in p) == idlib]
    print(f"labelled set: {len(ids)} briefs, {len(set(story_of.values()))} stories, {len(truth)} same-story pairs")
    print()
    print(f"| grouping (store, threshold {story.SAME_STORY:.2f}) | value | target |")
    print("| --- | --- | --- |")
    print(f"| precision | {precision:.3f} | >= 0.97 |")
    print(f"| recall | {recall:.3f} | >= 0.9 |")
    print(f"| hard-negative pairs grouped | {len(hard_grouped)} | 0 |")
    print(f"| 001/002 (Idlib) pairs grouped | {len(idlib_grouped)} | 0 |")
    print()
    missed = sorted(tuple(sorted(p)) for p in truth - predicted)
    for a, b in missed[:10]:
        print(f"missed: {a} ~ {b}")
    for a, b in sorted(tuple(sorted(p)) for p in predicted - truth)[:10]:
        print(f"wrongly grouped: {a} ~ {b}")
    stem = get_stemmer("light10")
    sketches = {
        p.stem: story.sketch(article_columns(load_file(p), stem)[3]) for p in sorted((SET / "briefs").glob("*.txt"))
    }
    sims = {frozenset(p): story.similarity(sketches[p[0]], sketches[p[1]]) for p in itertools.combinations(ids, 2)}
    print()
    print("| threshold (sketches alone) | precision | recall | hard negatives above |")
    print("| --- | --- | --- | --- |")
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        above = {p for p, s in sims.items() if s >= threshold}
        p, r = scores(above, truth)
        n_hard = sum(1 for q in above if frozenset(story_of[i] for i in q) in hard_stories)
        print(f"| {threshold:.2f} | {p:.3f} | {r:.3f} | {n_hard} |")
    worst_positive = min(sims[p] for p in truth)
    best_negative = max(s for p, s in sims.items() if p not in truth)
    print()
    print(f"lowest same-story similarity {worst_positive:.3f}; highest other-story similarity {best_negative:.3f}")
    for pair, s in sorted(((p, s) for p, s in sims.items() if p not in truth), key=lambda x: -x[1])[:3]:
        print(f"  other story at {s:.3f}: {' ~ '.join(sorted(pair))}")
    ok = precision >= 0.97 and recall >= 0.9 and not hard_grouped
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
