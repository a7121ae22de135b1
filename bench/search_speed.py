"""Search speed on a synthetic store: p50/p95 of :func:`tui.store.search.search` per kind of query.

Briefs are made from the sample briefs (``articles/*.txt``): their paragraphs with a third of the
words swapped for words drawn (Zipf-like weights, seeded) from their vocabulary plus a long tail of
made-up words, 3-5 KB each, written through ``import_articles`` like real imports.
Run: ``python bench/search_speed.py [N ...] [--db PATH]`` (default 10000 100000; ``--db`` keeps
one store at PATH and reuses it on the next run). Not a timed test: it prints a table.
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

from tui.importing import import_articles  # noqa: E402
from tui.models import Article, Block  # noqa: E402
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


def sample_paragraphs() -> list[list[str]]:
    """The Arabic paragraphs (and titles) of the sample briefs, as lists of space-separated words."""
    out = []
    for path in sorted((ROOT / "articles").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.removeprefix("title:").strip()
            if ARABIC.search(line) and len(line.split()) >= 6:
                out.append(line.split())
    return out


def make_articles(n: int, words: list[str], weights: list[float]) -> list[Article]:
    """``n`` briefs of 3-5 KB with a fixed seed.

    Each paragraph is a sample paragraph with about a third of its words replaced by words drawn
    from the vocabulary (Zipf weights), so real phrases and real word frequencies both occur.
    """
    rng = random.Random(SEED)
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    paragraphs = sample_paragraphs()

    def paragraph(max_words: int = 1000) -> str:
        base = rng.choice(paragraphs)[:max_words]
        swaps = rng.choices(words, cum_weights=cum, k=len(base))
        swap = rng.choices((True, False), (35, 65), k=len(base))
        return " ".join(s if x else w for w, s, x in zip(base, swaps, swap))

    out = []
    for i in range(n):
        title = paragraph(max_words=rng.randint(5, 9))
        body: list[str] = []
        size = 0
        target = rng.randint(3000, 5000)
        while size < target:
            body.append(paragraph())
            size += len(body[-1].encode("utf-8"))
        out.append(
            Article(
                id=f"syn{i:06d}",
                title=title,
                blocks=tuple(Block("text", p) for p in body),
                date=f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                source="synthetic",
                content_hash=f"h{i}",
            )
        )
    return out


def queries(words: list[str]) -> dict[str, list[str]]:
    """Queries by kind: fixed words and phrases of the sample briefs, made-up rare words."""
    tail = words[-1:-50_000:-9_000]
    return {
        "rare word": tail,
        "mid word": ["الكازاخية", "قزح", "الخوارزمي", "أسطورة"],
        "common word": ["الدول", "إدلب", "في", "العربية"],
        "two words": ["تركيا إدلب", "القهوة اليمن", "الخط العربي"],
        "phrase": ['"الدول الضامنة"', '"وقف إطلاق النار"', '"قوس قزح"', '"في العاصمة"'],
        "prefix*": ["ترك*", "الض*", "مكت*", "خوارز*"],
    }


def timed(store: Store, q: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        store.search(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(n: int, words: list[str], weights: list[float], keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "speed.db"
        reuse = path.exists()
        store = Store.open(path)
        t0 = time.perf_counter()
        if not reuse:
            articles = make_articles(n, words, weights)
            t1 = time.perf_counter()
            for start in range(0, n, BATCH):
                import_articles(store, articles[start : start + BATCH])
            del articles
        else:
            t1 = t0
        t2 = time.perf_counter()
        size = path.stat().st_size / 1e6
        print(f"\nN={store.count()}: generated in {t1 - t0:.0f} s, imported in {t2 - t1:.0f} s, file {size:.0f} MB")
        print(f"{'query kind':<12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  queries")
        all_times: list[float] = []
        for kind, qs in queries(words).items():
            times: list[float] = []
            for q in qs:
                store.search(q)  # warm the page cache
                times += timed(store, q, 10)
            all_times += times
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{kind:<12} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}  {' | '.join(qs)}")
        p95 = statistics.quantiles(all_times, n=20)[-1]
        print(f"{'all':<12} {statistics.median(all_times):8.1f} {p95:8.1f} {max(all_times):8.1f}")
        store.close()


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--db" in args:  # --db PATH: keep the store there, and reuse it when it exists
        i = args.index("--db")
        keep = Path(args[i + 1])
        del args[i : i + 2]
    sizes = [int(a) for a in args] or [10_000, 100_000]
    words, weights = vocabulary()
    print(f"vocabulary: {len(words)} words from articles/*.txt")
    for n in sizes:
        run(n, words, weights, keep)


if __name__ == "__main__":
    main()
