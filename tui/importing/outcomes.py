"""What a refresh of feeds did: each feed's outcome and the summary line ``brief fetch`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.models import Feed

_REMEDIES = {
    "HTTP 404": "not found: if the feed moved, brief feeds remove it and add its new address",
    "HTTP 401": "the feed needs a login: add it again as https://USER:PASSWORD@HOST/...",
}
"""What a person can do about a failure, by its reason, where brief knows."""


def with_remedy(error: str) -> str:
    """A failure's reason for a person: ``HTTP 404`` says what to do about it too (a feed that
    moved without a redirect fails every fetch until it is removed or added again). The reason
    stored with the feed and given in JSON stays as it is."""
    remedy = _REMEDIES.get(error)
    return f"{error} ({remedy})" if remedy else error


@dataclass
class FeedOutcome:
    """What one feed's fetch did."""

    feed: Feed
    error: str | None = None
    """Why it failed, for a person; None when it answered."""
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    skipped: str | None = None
    """Why the feed was not fetched at all (gone, or its server asked to wait); not a failure."""
    notes: list[str] = field(default_factory=list)
    """Lines for the user that are not failures (a move, full text that could not be extracted)."""
    moved_to: str | None = None
    """The feed's new URL when a permanent redirect moved it (the subscription follows)."""


@dataclass
class RefreshSummary:
    """What a whole refresh did: the summary line's figures and each feed's outcome."""

    outcomes: list[FeedOutcome] = field(default_factory=list)

    @property
    def fetched(self) -> int:
        """Feeds that answered (200 or 304)."""
        return sum(1 for o in self.outcomes if o.error is None and o.skipped is None)

    @property
    def failed(self) -> int:
        """Feeds that failed."""
        return sum(1 for o in self.outcomes if o.error is not None)

    @property
    def new(self) -> int:
        """Briefs added."""
        return sum(o.new for o in self.outcomes)

    @property
    def updated(self) -> int:
        """Briefs whose entry changed."""
        return sum(o.updated for o in self.outcomes)

    def line(self) -> str:
        """The summary line ``brief fetch`` prints."""
        return f"fetched {self.fetched} feeds, failed {self.failed}, new {self.new}, updated {self.updated}"
