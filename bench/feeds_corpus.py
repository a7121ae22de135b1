"""Deterministic synthetic Arabic feeds for the feed benchmarks: N feeds of M entries, about 100 KB each.

Words come from the sample briefs (``articles/*.txt``, harakat kept as written) drawn by a seeded
generator, so the same (feeds, entries, seed) always gives the same bytes. Each feed is RSS 2.0
(every fifth one Atom) with a channel title, and each entry has a title, a link, a guid, an RFC 822
date with a +03:00 offset, two categories and a ``content:encoded`` body of HTML paragraphs in
CDATA (every third entry: an HTML-escaped ``description`` instead, as Arabic blogs serve it), and
one entry in four ends with a read-also paragraph whose link points at another entry. The body
length is tuned so that a feed of 50 entries is about 100 KB.

Use :func:`make_feeds` from another benchmark, or run ``python bench/feeds_corpus.py N M OUTDIR``
to write the feeds as files.
"""

from __future__ import annotations

import html
import random
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT / "articles"
DEFAULT_SEED = 20261201
TARGET_FEED_BYTES = 100_000
"""The size a feed of 50 entries comes to."""


def _words() -> list[str]:
    """The words of the sample briefs, in file order (front matter lines skipped)."""
    words: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if ":" in line[:20] or line.startswith("---"):
                continue
            words.extend(w for w in re.split(r"\s+", line) if w)
    return words or ["خبر", "عاجل", "اليوم", "في", "المدينة"]


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    """A run of ``low``-``high`` consecutive sample words starting at a random place."""
    count = rng.randint(low, high)
    start = rng.randrange(max(1, len(words) - count))
    return " ".join(words[start : start + count])


def _entry_html(rng: random.Random, words: list[str], paragraphs: int, link: str | None) -> str:
    """An entry body: paragraphs of sample words, sometimes bold or a link, maybe a read-also line."""
    parts = []
    for _ in range(paragraphs):
        text = html.escape(_sentence(rng, words, 28, 50))
        if rng.random() < 0.3:
            text = text.replace(" ", " <strong>", 1) + "</strong>"
        parts.append(f"<p>{text}</p>")
    if link:
        parts.append(f'<p>اقرأ أيضاً: <a href="{link}">{html.escape(_sentence(rng, words, 4, 8))}</a></p>')
    return "".join(parts)


def make_feed(index: int, entries: int = 50, seed: int = DEFAULT_SEED, words: list[str] | None = None) -> bytes:
    """Feed number ``index`` of the corpus, as UTF-8 bytes."""
    words = words if words is not None else _words()
    rng = random.Random(seed * 1_000_003 + index)
    site = f"https://site{index}.example"
    per_entry = TARGET_FEED_BYTES // 50
    paragraphs = max(1, per_entry // 420)
    atom = index % 5 == 4
    items = []
    for number in range(entries):
        title = html.escape(_sentence(rng, words, 5, 10))
        link = f"{site}/news/{index}/{number}"
        other = f"{site}/news/{index}/{rng.randrange(entries)}" if number % 4 == 0 else None
        body = _entry_html(rng, words, paragraphs, other)
        day, hour = 1 + number % 28, number % 24
        if atom:
            items.append(
                f"<entry><title>{title}</title><link href='{link}'/><id>{link}</id>"
                f"<published>2026-11-{day:02d}T{hour:02d}:15:00+03:00</published>"
                f"<category term='أخبار'/><category term='تقارير'/>"
                f"<content type='html'>{html.escape(body)}</content></entry>"
            )
            continue
        text = (
            f"<description>{html.escape(body)}</description>"
            if number % 3 == 2
            else f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        )
        items.append(
            f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>Sun, {day:02d} Nov 2026 {hour:02d}:15:00 +0300</pubDate>"
            f"<category>أخبار</category><category>تقارير</category>{text}</item>"
        )
    name = html.escape(_sentence(rng, words, 2, 3))
    if atom:
        doc = (
            f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{name}</title><link href='{site}/'/><id>{site}/</id>{''.join(items)}</feed>"
        )
    else:
        doc = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
            "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
            f"<title>{name}</title><link>{site}/</link><language>en-us</language>{''.join(items)}</channel></rss>"
        )
    return doc.encode("utf-8")


def make_feeds(feeds: int, entries: int = 50, seed: int = DEFAULT_SEED) -> list[tuple[str, bytes]]:
    """``feeds`` feeds as (feed URL, bytes), deterministic for a given seed."""
    words = _words()
    return [(f"https://site{i}.example/feed.xml", make_feed(i, entries, seed, words)) for i in range(feeds)]


def main() -> None:
    """Write N feeds of M entries into OUTDIR."""
    if len(sys.argv) != 4:
        sys.exit("usage: python bench/feeds_corpus.py N M OUTDIR")
    count, entries, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    for i, (_, body) in enumerate(make_feeds(count, entries)):
        (out / f"feed{i:04d}.xml").write_bytes(body)
    print(out)


if __name__ == "__main__":
    main()
