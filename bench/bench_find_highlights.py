"""Time find in one long paragraph: its layout, its matches, and its lines drawn with every match lit.

A hostile brief can be one word of hundreds of thousands of letters, and a find of one of its letters
then matches in every cell. The table gives, for a paragraph of N copies of one Arabic letter found
letter by letter (N matches) and for a news paragraph of a few matches, the milliseconds (best
of ``--repeat``) of ``render_paragraph`` at 60 columns, of ``find_all`` and of ``paragraph_to_text``
with every match highlighted, as the reading pane draws it.
Run with ``python bench/bench_find_highlights.py [--sizes 2000,8000,300000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from tui.text.layout import render_paragraph
from tui.text.matching import find_all
from tui.text.richtext import paragraph_to_text

WIDTH = 60
NEWS = "وقال المتحدث إن الاتفاق يشمل وقف إطلاق النار في المدينة " * 10


def best(run: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` timings of ``run``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def row(name: str, text: str, query: str, repeat: int) -> str:
    """One table row: the paragraph, its matches and the three timings."""
    rendered = render_paragraph(text, WIDTH)
    matches = find_all(text, query)
    lit = [(start, end, "reverse") for start, end in matches]
    layout = best(lambda: render_paragraph(text, WIDTH), repeat)
    found = best(lambda: find_all(text, query), repeat)
    drawn = best(lambda: paragraph_to_text(rendered, highlights=lit), repeat)
    return f"| {name} | {len(text):,} | {len(matches):,} | {layout * 1e3:.1f} | {found * 1e3:.1f} | {drawn * 1e3:.1f} |"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000,300000", help="letters in the one-word paragraphs")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| paragraph | characters | matches | layout ms | find ms | drawn with matches lit ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for size in (int(s) for s in args.sizes.split(",")):
        print(row("one word of ب, find ب", "ب" * size, "ب", args.repeat), flush=True)
    print(row("news paragraph, find المدينة", NEWS, "المدينة", max(args.repeat, 20)))


if __name__ == "__main__":
    main()
