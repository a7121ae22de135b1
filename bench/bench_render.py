"""Time the Arabic rendering pipeline and print a table.

Cases: the sample brief (every paragraph of the first article, laid out one
by one) and a single 4 KB Arabic paragraph made by joining the sample's
paragraphs, each at widths 40, 80, 100 and 120. Figures are milliseconds
per full render: median and 95th percentile over repeated runs.
Run with ``python bench/bench_render.py [--repeat N] [--map]``; ``--map``
also builds the position map and Rich Text lines, as the reader does.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from tui.text.layout import render_paragraph
from tui.text.richtext import paragraph_to_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "articles" / "000_6b818919d795fa73.txt"
WIDTHS = (40, 80, 100, 120)


def four_kb_paragraph(paragraphs: list[str]) -> str:
    """Join paragraphs into one paragraph of at most 4096 UTF-8 bytes, cut at a space."""
    text = " ".join(paragraphs)
    while len((text + " " + text).encode()) < 8192:
        text = text + " " + text
    data = text.encode()[:4096].decode(errors="ignore")
    return data[: data.rfind(" ")]


def time_runs(job: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Return (median, p95) milliseconds of ``repeat`` runs of ``job`` after a warm-up."""
    for _ in range(3):
        job()
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        job()
        samples.append((time.perf_counter() - begin) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--map", action="store_true", help="also build position maps and Rich Text")
    args = parser.parse_args()
    paragraphs = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = {
        f"sample brief ({len(SAMPLE.read_bytes())} B, {len(paragraphs)} paragraphs)": paragraphs,
        "4 KB Arabic paragraph": [four_kb_paragraph(paragraphs)],
    }
    print(f"{'case':<44} {'width':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, texts in cases.items():
        for width in WIDTHS:

            def job(texts: list[str] = texts, width: int = width) -> None:
                """Render every text of the case once."""
                for text in texts:
                    rendered = render_paragraph(text, width)
                    if args.map:
                        rendered.to_visual(0)
                        paragraph_to_text(rendered, highlights=[(0, 5, "reverse")])

            median, p95 = time_runs(job, args.repeat)
            print(f"{name:<44} {width:>5} {median:>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
