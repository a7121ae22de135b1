"""What fits in the header: Textual's ``Header`` shows ``TITLE — SUB TITLE`` between its icon and
its clock's place, and cuts what does not fit at the line's visual end, which for Arabic is the
text's logical start. brief cuts its titles first, in logical order, to the cells left."""

from __future__ import annotations

from rich.cells import cell_len

HEADER_SIDES = 18
"""Cells of the header that are not its title's: the icon at its left (8) and the clock's place at
its right (10), as Textual's ``Header`` lays them out."""
MIN_SUB_TITLE = 8
"""Cells below which the header leaves the open brief's title out (the reading pane shows it)."""


def room_after(width: int, before: str) -> int:
    """Cells left in the header of a screen ``width`` cells wide once ``before`` is written."""
    return width - HEADER_SIDES - cell_len(before)
