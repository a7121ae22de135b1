"""A deterministic synthetic corpus of Arabic briefs for the scale benchmark.

Words come from the sample briefs (``articles/*.txt``, harakat kept as written) followed by a long
tail of made-up words, drawn with Zipf-like weights by a seeded generator; about one paragraph in
four is a real sentence-paragraph of the samples, so phrases such as "وقف إطلاق النار" recur the way
they do in news. Each brief is 3-5 KB, one paragraph per line, with front matter (title, date,
source, tags). About one brief in three has a read-also line naming another generated brief's
title; about 2% of those name a title that is in no brief (a dangling link). Every title carries a
number unique to its brief (news titles often hold a number), which the benchmark uses to find the
brief on the screen, and which keeps fuzzy link matching honest (numbers must agree).

Files are named ``b000123.txt``. A corpus is written once into ``ROOT/corpus-N-sSEED-vV`` (by
default under ``/tmp/brief-bench``) and reused: ``manifest.json``, written last, marks it complete
and holds what the benchmark needs (the list's first rows, the queries, a 4 KB brief).

Run ``python bench/corpus.py N [--root DIR] [--seed S]`` to make one and print its folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT / "articles"
DEFAULT_ROOT = Path("/tmp/brief-bench")
DEFAULT_SEED = 20240501
VERSION = 2
"""Bump when the output of :func:`generate` changes, so old cached corpora are not reused."""

STREAM_WORDS = 1_000_003
"""Length of the pre-drawn word stream that paragraphs are sliced from (drawing per word is slow)."""
EXTRA_WORDS = 60_000
"""Made-up words after the samples' own: the long tail of names and rare terms."""
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءةى"
SOURCES = ("عنب بلدي", "الجزيرة", "بي بي سي عربي", "فرانس 24", "سكاي نيوز عربية", "العربي الجديد", "wire")
READ_ALSO = "اقرأ أيضاً"
LINK_SHARE = 3
"""One brief in LINK_SHARE has a read-also line."""
DANGLING_PERCENT = 2
"""Per cent of read-also lines that name a title in no brief."""
RARE_WORD = "زمرذيلوق"
"""A made-up word planted in exactly RARE_COUNT briefs: the benchmark's rare-word query."""
RARE_COUNT = 5
PHRASE = "وقف إطلاق النار"
"""The phrase query: it recurs in the sample briefs, so in about one generated brief in six."""
TOP_ROWS = 200
"""How many of the list's first rows the manifest records (id, date, title number)."""

_LINK_STARTS = ("اقرأ", "إقرأ", "اقرا", "إقرا", "read also", "see also", "related")
_ARABIC = re.compile("[\u0621-\u064a]")
_WORD = re.compile("[\u0621-\u065f\u0670\u0640]+")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Vocabulary:
    """Words, their cumulative Zipf weights, and the samples' paragraphs."""

    words: list[str]
    cum: list[float]
    paragraphs: list[str]
    titles: list[str]


def vocabulary(seed: int = DEFAULT_SEED) -> Vocabulary:
    """The samples' Arabic words by frequency, then made-up words; Zipf weights; sample paragraphs."""
    counts: dict[str, int] = {}
    paragraphs: list[str] = []
    titles: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^title:\s*(.+)$", text, re.M)
        if m:
            titles.append(m.group(1).strip())
        body = _FRONT.sub("", text)
        for line in body.splitlines():
            line = line.strip()
            if not line or line.lower().startswith(_LINK_STARTS):  # read-also lines of the samples
                continue
            if _ARABIC.search(line):
                paragraphs.append(line)
            for w in _WORD.findall(line):
                counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    rng = random.Random(seed + 1)
    seen = set(words)
    seen.add(RARE_WORD)
    target = len(words) + EXTRA_WORDS
    while len(words) < target:
        w = "".join(rng.choices(LETTERS, k=rng.randint(4, 8)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(words))))
    return Vocabulary(words, cum, paragraphs, titles)


@dataclass(frozen=True)
class Corpus:
    """A generated corpus on disk and what the benchmark needs to know about it."""

    folder: Path
    """The folder holding the ``b*.txt`` files."""
    manifest: dict

    @property
    def size(self) -> int:
        """How many briefs."""
        return int(self.manifest["n"])


def corpus_folder(n: int, root: Path = DEFAULT_ROOT, seed: int = DEFAULT_SEED) -> Path:
    """Where the corpus of ``n`` briefs with ``seed`` lives."""
    return Path(root) / f"corpus-{n}-s{seed}-v{VERSION}"


def ensure_corpus(n: int, root: Path = DEFAULT_ROOT, seed: int = DEFAULT_SEED, *, quiet: bool = False) -> Corpus:
    """The corpus of ``n`` briefs, generated unless a complete one is cached."""
    folder = corpus_folder(n, root, seed)
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        return Corpus(folder / "briefs", json.loads(manifest_path.read_text(encoding="utf-8")))
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    tmp = folder.with_name(folder.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "briefs").mkdir(parents=True)
    manifest = generate(n, tmp / "briefs", seed)
    manifest["generated_seconds"] = round(time.perf_counter() - t0, 2)
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.rename(folder)
    if not quiet:
        print(f"corpus of {n} briefs generated in {manifest['generated_seconds']:.1f} s: {folder}", file=sys.stderr)
    return Corpus(folder / "briefs", manifest)


def generate(n: int, out: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write ``n`` briefs into ``out``; returns the manifest."""
    vocab = vocabulary(seed)
    rng = random.Random(seed)
    words, cum = vocab.words, vocab.cum
    # One long pre-drawn stream; paragraphs and titles are slices at random offsets. Drawing each
    # word on its own would make the 100k corpus take minutes.
    stream = rng.choices(words, cum_weights=cum, k=STREAM_WORDS)
    plain = [w for w in words[:400] if len(w) >= 3]  # frequent words, for titles and tags

    def slice_words(k: int) -> list[str]:
        start = rng.randrange(STREAM_WORDS - k)
        return stream[start : start + k]

    # Title numbers: unique, spread out, never a prefix of another's digits at the same length.
    if n < 89_000:
        numbers = rng.sample(range(10_000, 99_999), n)
    elif n < 890_000:
        numbers = rng.sample(range(100_000, 999_999), n)
    else:  # eight digits: the dangling links' seven-digit numbers stay apart
        numbers = rng.sample(range(10_000_000, 99_999_999), n)
    titles: list[str] = []
    for i in range(n):
        head = rng.choice(plain)
        tail = slice_words(rng.randint(4, 8))
        titles.append(f"{head} {numbers[i]} " + " ".join(tail))
    used_numbers = set(numbers)

    rare_hosts = set(rng.sample(range(n), min(RARE_COUNT, n)))
    dates = []
    start_day = Date(2014, 1, 1).toordinal()  # ten years of dates from here

    links = 0
    dangling = 0
    for i in range(n):
        day = Date.fromordinal(start_day + rng.randrange(3650)).isoformat()
        dates.append(day)
        source = rng.choice(SOURCES)
        tags = ", ".join(dict.fromkeys(rng.sample(plain, rng.randint(1, 4))))
        target_bytes = rng.randint(3000, 5000)
        paras: list[str] = []
        size = 0
        while size < target_bytes:
            if rng.random() < 0.25:
                para = rng.choice(vocab.paragraphs)
            else:
                w = slice_words(rng.randint(20, 70))
                para = " ".join(w)
                if rng.random() < 0.5:
                    cut = rng.randrange(5, len(w) - 3)
                    para = " ".join(w[:cut]) + "، " + " ".join(w[cut:])
                para += "."
            paras.append(para)
            size += len(para.encode("utf-8")) + 1
        if i in rare_hosts:
            p = rng.randrange(len(paras))
            ws = paras[p].split(" ")
            ws.insert(rng.randrange(len(ws)), RARE_WORD)
            paras[p] = " ".join(ws)
        if rng.randrange(LINK_SHARE) == 0:
            links += 1
            if rng.randrange(100) < DANGLING_PERCENT:
                dangling += 1
                num = rng.randrange(1_000_000, 9_999_999)
                while num in used_numbers:
                    num += 1
                title = f"{rng.choice(plain)} {num} " + " ".join(slice_words(rng.randint(4, 8)))
            else:
                j = rng.randrange(n - 1) if n > 1 else 0
                if j >= i:
                    j += 1
                title = titles[min(j, n - 1)]
            paras.insert(rng.randint(1, len(paras)), f"{READ_ALSO}: {title}")
        text = f"---\ntitle: {titles[i]}\ndate: {day}\nsource: {source}\ntags: {tags}\n---\n" + "\n".join(paras) + "\n"
        with open(out / f"b{i:06d}.txt", "w", encoding="utf-8") as fh:
            fh.write(text)

    ids = [f"b{i:06d}" for i in range(n)]
    # The reader's list order: newest first, then by id (all briefs are dated).
    order = sorted(range(n), key=lambda i: ids[i])
    order.sort(key=lambda i: dates[i], reverse=True)
    top = [{"id": ids[i], "date": dates[i], "number": str(numbers[i]), "title": titles[i]} for i in order[:TOP_ROWS]]
    four_kb = _nearest_size(out, ids, 4096)
    common = vocab.words[1] if len(vocab.words[1]) >= 2 else vocab.words[2]
    prefix_src = next(w for w in vocab.words[10:] if len(w) >= 5)
    phrase = PHRASE if any(PHRASE in p for p in vocab.paragraphs) else " ".join(vocab.paragraphs[0].split()[:2])
    return {
        "n": n,
        "seed": seed,
        "version": VERSION,
        "links": links,
        "dangling_links": dangling,
        "top": top,
        "four_kb_id": four_kb,
        "queries": {
            "rare word": RARE_WORD,
            "common word": common,
            "phrase": f'"{phrase}"',
            "prefix*": prefix_src[:3] + "*",
        },
        "grep": {
            "rare word": RARE_WORD,
            "common word": common,
            "phrase": phrase,
            "prefix*": prefix_src[:3],
        },
    }


def _nearest_size(out: Path, ids: list[str], size: int) -> str:
    """The id among the first briefs whose file is nearest ``size`` bytes."""
    best = min(ids[:200], key=lambda i: abs((out / f"{i}.txt").stat().st_size - size))
    return best


def main() -> None:
    """Make a corpus and print its folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    corpus = ensure_corpus(args.n, args.root, args.seed)
    print(corpus.folder)


if __name__ == "__main__":
    main()
