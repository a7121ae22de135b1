"""Running an import: brief files now, feed entries next, into the store.

One package runs every import, above both the importers (files into articles) and the store (the
writer): :func:`run_import` finds and loads files (in a worker pool when there are many,
:mod:`tui.importing.pool`), :func:`import_articles` takes articles already parsed (from fetched feed
entries, say); both write through the store's batch writer, report failures and progress the same
way and return the same :class:`ImportSummary`. No Textual here: the reader seeds a new store
through the same function as ``brief import``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.importing.run import ImportSummary, import_articles, run_import

__all__ = ["ImportSummary", "import_articles", "run_import"]


def __getattr__(name: str) -> Any:
    """The file import's names, loaded when first used: fetching feeds needs none of them."""
    if name in __all__:
        from tui.importing import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
