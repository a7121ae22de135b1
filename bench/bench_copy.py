"""Time what copying adds to the reader and print a table.

* **repaint**: drawing one screen of the reading pane (34 lines of the sample brief at 78 columns)
  from Rich lines (new strips each time, as after scrolling to lines not drawn yet), as
  :meth:`ReaderView.render_line` does, without and with the selection
  offsets Textual needs (``Strip.apply_offsets``) to tell which character the mouse is on;
* **selection**: :func:`tui.text.copying.selected_text` over a whole screen (the position maps
  read back into logical text);
* **y**: :func:`tui.text.copying.brief_text` of the sample brief, made safe to paste.

Milliseconds, median and 95th percentile over repeated runs. Run with
``python bench/bench_copy.py [--repeat N]``. Not a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.style import Style
from textual.strip import Strip

from tui.importers.load import load_file
from tui.text.copying import brief_text, clipboard_safe, selected_text
from tui.text.document import article_sources, block_style
from tui.text.lazydoc import LazyLayout
from tui.text.richtext import paragraph_to_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "articles" / "000_6b818919d795fa73.txt"
WIDTH, HEIGHT = 78, 34


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and p95 in milliseconds of ``work()``."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    article = load_file(SAMPLE)
    laid = LazyLayout(article_sources(article), WIDTH).count_all()
    console = Console(width=WIDTH, color_system="truecolor", force_terminal=True)
    base = Style(color="white", bgcolor="black")
    lines = []
    for pos in range(len(laid)):
        block = laid[pos]
        lines.extend(paragraph_to_text(block.rendered, style=block_style(block)))
        lines.append(None)
    texts = lines[:HEIGHT]

    def repaint(offsets: bool) -> Callable[[], object]:
        def run() -> object:
            out = []
            for y, text in enumerate(texts):
                strip = Strip(list(text.render(console, end=""))) if text is not None else Strip([])
                drawn = strip.crop_extend(0, WIDTH, base).apply_style(base)
                out.append(drawn.apply_offsets(0, y) if offsets else drawn)
            return out

        return run

    rows = [
        ("repaint, one screen, no offsets", repaint(False)),
        ("repaint, one screen, with offsets", repaint(True)),
        ("selection over a whole screen -> logical text", lambda: selected_text(laid, (0, 3), (HEIGHT - 1, 40))),
        ("y: the whole sample brief", lambda: clipboard_safe(brief_text(article))),
    ]
    print(f"bench_copy: sample brief {SAMPLE.name}, {WIDTH}x{HEIGHT}, load {os.getloadavg()[0]:.1f}")
    print()
    print("| case | median ms | p95 ms |")
    print("| --- | --- | --- |")
    for name, work in rows:
        median, p95 = timed(work, args.repeat)
        print(f"| {name} | {median:.3f} | {p95:.3f} |")


if __name__ == "__main__":
    main()
