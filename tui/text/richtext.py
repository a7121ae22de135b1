"""Turn a rendered paragraph into Rich ``Text`` lines.

Text objects are built with ``Text()`` and ``append``, never from markup, so
brackets such as ``[bold]`` in an article stay literal. Highlights are given
in logical offsets of the paragraph and land on the cells that show them,
which may be several runs per line in mixed-direction text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from tui.text.layout import RenderedParagraph


def paragraph_to_text(
    rendered: RenderedParagraph,
    *,
    style: str | Style = "",
    highlights: Sequence[tuple[int, int, str | Style]] = (),
    pad: bool = True,
) -> list[Text]:
    """Return one Rich ``Text`` per visual line of ``rendered``.

    With ``pad`` each line starts with its indent as spaces (right-aligned
    RTL lines); without it the line text stands alone. ``highlights`` are
    (start, end, style) triples over logical offsets of ``rendered.source``,
    applied in order on top of ``style``.
    """
    texts: list[Text] = []
    for line in rendered.lines:
        text = Text(style=style, no_wrap=True, overflow="crop", end="")
        if pad and line.indent:
            text.append(" " * line.indent)
        text.append(line.text)
        texts.append(text)
    if not highlights:
        return texts
    for k, number, cell_start, cell_end in rendered.runs_of([(start, end) for start, end, _ in highlights]):
        shift = rendered.lines[number].indent if pad else 0
        first, last = rendered.char_range(number, cell_start, cell_end)
        if last > first:
            texts[number].stylize(highlights[k][2], first + shift, last + shift)
    return texts
