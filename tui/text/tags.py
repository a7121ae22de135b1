"""A brief's tags as its file writes them: separated by commas (``,`` or the Arabic ``،``), a tag
that holds one (or starts with a double quote) in double quotes, ``\\"`` and ``\\\\`` inside.
:mod:`tui.importers.parse` reads them back; the reading pane shows them the same way."""

from __future__ import annotations

TAG_SEPARATORS = ",\u060c"
"""What separates tags in a ``tags`` value: the comma and the Arabic comma."""


def quote_tag(tag: str) -> str:
    """``tag`` as written in a ``tags`` value so that reading the value gives it back whole."""
    tag = tag.strip()
    if any(char in tag for char in TAG_SEPARATORS) or tag.startswith('"'):
        return '"' + tag.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return tag
