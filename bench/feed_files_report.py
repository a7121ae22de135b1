"""Parse every file in the given folders as a feed and print one summary per file.

For trying brief's feed parsing on real documents (for instance the collected feeds in a shared
folder): for each file, the time, the feed title and link, the number of articles or the error,
and the first two articles' id, title, date, URL, encoding, tags and first paragraphs. The feed
URL given to the parser is ``https://example.org/<file name>``, so relative links resolve there.

Run: ``.venv/bin/python bench/feed_files_report.py FOLDER [FOLDER...]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tui.feeds.parse import parse_feed

FETCHED = "2026-12-01T15:00:00+00:00"


def report(path: Path) -> None:
    """Print the summary of one file."""
    body = path.read_bytes()
    start = time.perf_counter()
    result = parse_feed(body, f"https://example.org/{path.name}", fetched_at=FETCHED)
    ms = (time.perf_counter() - start) * 1000
    print(f"== {path.parent.name}/{path.name} ({ms:.1f} ms): title={result.title!r} link={result.link!r}")
    print(f"   articles={len(result.articles)} error={result.error!r}")
    for article in result.articles[:2]:
        print(f"   - {article.id} {article.title[:70]!r}")
        print(f"     date={article.date} url={article.url} encoding={article.encoding} tags={article.tags[:4]}")
        print(f"     {len(article.blocks)} blocks: {[b.text[:60] for b in article.blocks[:2]]}")
        for link in article.links[:2]:
            print(f"     link: {link.label}: {link.text[:50]!r} -> {link.href}")


def main() -> None:
    """Report on every file of every folder given."""
    if len(sys.argv) < 2:
        sys.exit("usage: python bench/feed_files_report.py FOLDER [FOLDER...]")
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).iterdir()):
            if path.is_file():
                report(path)


if __name__ == "__main__":
    main()
