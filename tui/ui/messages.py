"""Messages shared by the reader's screens (widget messages live nested in their widget)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StoreChanged(Message):
    """Another process committed to the store (``brief import`` while the reader is open)."""

    version: int
    """The store's new data version."""


@dataclass
class OpenBrief(Message):
    """Ask the main screen to open a brief (from search results, links, the command line)."""

    brief_id: str
    """The brief to open."""
    find: str | None = None
    """Start find on this query and scroll to its first match."""
