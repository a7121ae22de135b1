"""Search speed on a synthetic store: p50/p95 of :func:`tui.store.search.search` per kind of query.

Briefs are made from the sample briefs' vocabulary (``articles/*.txt``), words drawn with Zipf-like
weights by a seeded generator, 3-5 KB each, and written through ``import_batch`` like real imports.
Run: ``python bench/search_speed.py [N ...]`` (default 10000 100000). Not a timed test: it prints a table.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.models import Article, Block  # noqa: E402
from tui.store import search  # noqa: E402
from tui.store.importing import import_batch  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.text.normalize import _WORD  # noqa: E402

SEED = 20240501
BATCH = 2000


ARABIC = re.compile("[\u0621-\u064a]")
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءةى"
EXTRA_WORDS = 60_000
"""Made-up words (names, rare terms) after the sample's own, so rare words are rare."""


def vocabulary() -> tuple[list[str], list[float]]:
    """The sample briefs' Arabic words as written (harakat kept), then made-up words; Zipf weights.

    The sample's words keep their frequency order at the top; the made-up words form the long tail
    a real collection has (a hundred thousand news briefs use far more than the sample's words).
    """
    counts: Counter[str] = Counter()
    for path in sorted((ROOT / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[-1]
        counts.update(w for w in _WORD.findall(text) if ARABIC.search(w))
    words = [w for w, _ in counts.most_common()]
    rng = random.Random(SEED + 1)
    seen = set(words)
    target = len(words) + EXTRA_WORDS
    while len(words) < target:
        w = "".join(rng.choices(LETTERS, k=rng.randint(4, 8)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, weights


def make_articles(n: int, words: list[str], weights: list[float]) -> list[Article]:
    """``n`` briefs of 3-5 KB of words drawn from the vocabulary, with a fixed seed."""
    rng = random.Random(SEED)
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    out = []
    for i in range(n):
        title = " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(5, 9)))
        paragraphs = []
        size = 0
        target = rng.randint(3000, 5000)
        while size < target:
            para = " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(25, 60))) + "."
            paragraphs.append(para)
            size += len(para.encode("utf-8"))
        out.append(
            Article(
                id=f"syn{i:06d}",
                title=title,
                blocks=tuple(Block("text", p) for p in paragraphs),
                date=f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                source="synthetic",
                content_hash=f"h{i}",
            )
        )
    return out


def queries(words: list[str]) -> dict[str, list[str]]:
    """Queries by kind: rare and common words, phrases, prefixes (fixed picks from the vocabulary)."""
    plain = [w for w in words if len(w) >= 4 and w.isalpha()]
    return {
        "rare word": plain[-1:-60:-12] + plain[5000:5001],
        "common word": plain[:5],
        "two words": [f"{plain[3]} {plain[40]}", f"{plain[10]} {plain[200]}"],
        "phrase": [f'"{plain[0]} {plain[1]}"', f'"{plain[2]} {plain[5]}"'],
        "prefix*": [plain[0][:3] + "*", plain[30][:3] + "*", plain[300][:2] + "*"],
    }


def timed(conn, q: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        search.search(conn, q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(n: int, words: list[str], weights: list[float]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "speed.db")
        t0 = time.perf_counter()
        articles = make_articles(n, words, weights)
        t1 = time.perf_counter()
        for start in range(0, n, BATCH):
            import_batch(store, articles[start : start + BATCH])
        t2 = time.perf_counter()
        del articles
        size = (Path(tmp) / "speed.db").stat().st_size / 1e6
        print(f"\nN={n}: generated in {t1 - t0:.0f} s, imported in {t2 - t1:.0f} s, file {size:.0f} MB")
        print(f"{'query kind':<12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  queries")
        all_times: list[float] = []
        for kind, qs in queries(words).items():
            times: list[float] = []
            for q in qs:
                search.search(store.conn, q)  # warm the page cache
                times += timed(store.conn, q, 10)
            all_times += times
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{kind:<12} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}  {' | '.join(qs)}")
        p95 = statistics.quantiles(all_times, n=20)[-1]
        print(f"{'all':<12} {statistics.median(all_times):8.1f} {p95:8.1f} {max(all_times):8.1f}")
        store.close()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    words, weights = vocabulary()
    print(f"vocabulary: {len(words)} words from articles/*.txt")
    for n in sizes:
        run(n, words, weights)


if __name__ == "__main__":
    main()
