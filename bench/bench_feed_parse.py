"""Feed parsing speed: feedparser, fastfeedparser and brief's own reader on 100 KB Arabic feeds.

Prints two tables. The first: milliseconds per feed (median over the sample) to parse one ~100 KB
feed of 50 Arabic entries (``bench/feeds_corpus.py``) with feedparser, with fastfeedparser, with
brief's lxml reader alone (:func:`tui.feeds.xmlfeed.read_xml_feed`), and end to end with
:func:`tui.feeds.parse.parse_feed` (decode, read, HTML to paragraphs, articles), plus the same end
to end through the feedparser fallback for comparison. The second: wall and CPU time to parse N feeds
(default 200) in this process and with :func:`tui.feeds.parse.parse_many` in a pool of 2 workers
(pool start-up and pickling included), the fastest of ``--repeat`` runs: on a shared machine the
other runs measure the neighbours.

Run: ``.venv/bin/python bench/bench_feed_parse.py [--feeds 200] [--sample 20]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import feeds_corpus

from tui.feeds.entries import entry_article
from tui.feeds.loose import read_loose_feed
from tui.feeds.parse import ParseJob, parse_feed, parse_many
from tui.feeds.xmlfeed import read_xml_feed

FETCHED = "2026-12-01T12:00:00+00:00"


def _median_ms(run: Callable[[str, bytes], object], feeds: list[tuple[str, bytes]]) -> float:
    """Median milliseconds of ``run`` over the feeds (one warm-up call first)."""
    run(*feeds[0])
    times = []
    for url, body in feeds:
        start = time.perf_counter()
        run(url, body)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _feedparser(url: str, body: bytes) -> object:
    """feedparser alone."""
    import feedparser  # type: ignore[import-untyped]

    return feedparser.parse(body)


def _fastfeedparser(url: str, body: bytes) -> object:
    """fastfeedparser alone."""
    import fastfeedparser  # type: ignore[import-untyped]

    return fastfeedparser.parse(body)


def _loose_end_to_end(url: str, body: bytes) -> object:
    """The feedparser fallback, then articles, as parse_feed would with it."""
    raw = read_loose_feed(body, url)
    return [
        entry_article(e, feed_url=url, source="s", tags=(), fetched_at=FETCHED, encoding="utf-8") for e in raw.entries
    ]


def main() -> None:
    """Print the two tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the batch; the fastest is shown")
    args = parser.parse_args()
    sample = feeds_corpus.make_feeds(args.sample)
    rss = [f for i, f in enumerate(sample) if i % 5 != 4]
    size = statistics.mean(len(b) for _, b in sample) / 1000
    print(f"## One feed: {len(sample)} feeds of 50 Arabic entries, {size:.0f} KB on average; median ms per feed\n")
    print("| parser | ms per feed | entries |")
    print("| --- | ---: | ---: |")
    rows: list[tuple[str, Callable[[str, bytes], object], Callable[[object], int]]] = [
        ("feedparser 6 (parse only)", _feedparser, lambda r: len(r.entries)),  # type: ignore[attr-defined]
        ("fastfeedparser (parse only)", _fastfeedparser, lambda r: len(r.entries)),  # type: ignore[attr-defined]
        ("brief lxml reader (read_xml_feed only)", lambda u, b: read_xml_feed(b, u), lambda r: len(r.entries)),  # type: ignore[attr-defined]
        (
            "brief parse_feed (end to end: articles)",
            lambda u, b: parse_feed(b, u, fetched_at=FETCHED),
            lambda r: len(r.articles),
        ),  # type: ignore[attr-defined]
        ("feedparser fallback end to end (articles)", _loose_end_to_end, len),  # type: ignore[arg-type]
    ]
    for name, run, count in rows:
        try:
            ms = _median_ms(run, rss)
        except ImportError:
            print(f"| {name} | not installed | |")
            continue
        print(f"| {name} | {ms:.1f} | {count(run(*rss[0]))} |")

    feeds = feeds_corpus.make_feeds(args.feeds)
    jobs = [ParseJob(body, url, FETCHED) for url, body in feeds]
    total_mb = sum(len(j.body) for j in jobs) / 1e6
    print(f"\n## {args.feeds} feeds ({total_mb:.1f} MB): time to parse them all, best of {args.repeat}\n")
    print("| how | wall seconds | CPU seconds (this process + workers) | articles |")
    print("| --- | ---: | ---: | ---: |")
    for name, workers in (("in this process", 1), ("parse_many, pool of 2 workers (pool start included)", 2)):
        best: tuple[float, float] | None = None
        for _ in range(args.repeat):
            cpu = _cpu_seconds()
            start = time.perf_counter()
            results = parse_many(jobs, workers=workers)
            run = (time.perf_counter() - start, _cpu_seconds() - cpu)
            best = run if best is None or run[0] < best[0] else best
        assert best is not None
        print(f"| {name} | {best[0]:.2f} | {best[1]:.2f} | {sum(len(r.articles) for r in results)} |")
    load = os.getloadavg()[0]
    print(f"\nLoad average during the run: {load:.1f} on {os.cpu_count()} cores (other work slows the wall times).")


def _cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
