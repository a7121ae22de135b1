"""Running an import: brief files and feed entries, into the store.

One package runs every import, above both the importers (files into articles), the feed readers
and the store (the writer): :func:`run_import` finds and loads files (in a worker pool when there
are many, :mod:`tui.importing.pool`), :func:`import_articles` takes articles already parsed;
:class:`tui.importing.feeds.Refresh` fetches subscribed feeds, parses them in worker processes
(:mod:`tui.importing.feed_parsing`) and writes their entries, reporting each feed's outcome
(:mod:`tui.importing.outcomes`). All write through the store's batch writer. No Textual here: the
reader seeds a new store and fetches feeds through the same functions as ``brief import`` and
``brief fetch``."""

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
