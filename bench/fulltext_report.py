"""Extract the article text of saved web pages and compare it with expected text where there is one.

For every ``*.html`` file in the folder: the time, the number of paragraphs and characters, the
first paragraphs; and when ``<name>.expected.txt`` sits beside it, how many of its words come out,
in order (difflib over words), and how many extra words were extracted.

Run: ``.venv/bin/python bench/fulltext_report.py FOLDER``.
"""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

from tui.feeds.fulltext import extract_article


def report(path: Path) -> None:
    """Print the summary of one page."""
    start = time.perf_counter()
    paragraphs = extract_article(path.read_bytes(), "https://example.org/article", None) or []
    ms = (time.perf_counter() - start) * 1000
    print(f"== {path.name} ({ms:.0f} ms): {len(paragraphs)} paragraphs, {sum(map(len, paragraphs))} characters")
    for paragraph in paragraphs[:2]:
        print(f"   {paragraph[:90]}")
    expected_path = path.with_name(path.stem + ".expected.txt")
    if not expected_path.exists():
        return
    expected = expected_path.read_text(encoding="utf-8").split()
    got = " ".join(paragraphs).split()
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    print(f"   expected words found in order: {matched}/{len(expected)}; extra words: {len(got) - matched}")


def main() -> None:
    """Report on every page of the folder."""
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/fulltext_report.py FOLDER")
    for path in sorted(Path(sys.argv[1]).glob("*.html")):
        report(path)


if __name__ == "__main__":
    main()
