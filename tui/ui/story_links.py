"""The link panel's "Same story" and "Related" sections, read from the store for one brief."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.models import LinkRef
from tui.store.store import Store


@dataclass(frozen=True)
class StoryLinks:
    """A brief's same-story group and related briefs, as the link panel shows them."""

    same_story: list[LinkRef] = field(default_factory=list)
    """The other briefs of its group, most similar first (text: the title)."""
    related: list[LinkRef] = field(default_factory=list)
    """Related briefs, best first."""
    sources: dict[str, str] = field(default_factory=dict)
    """Brief id -> its source, for the briefs above that have one."""


def story_links(store: Store, brief_id: str, related_limit: int = 8) -> StoryLinks:
    """The :class:`StoryLinks` of a brief."""
    links = StoryLinks()
    for found, refs in (
        (store.same_story(brief_id), links.same_story),
        (store.related(brief_id, related_limit), links.related),
    ):
        for other, _score in found:
            row = store.summary(other)
            if row is None:  # deleted meanwhile
                continue
            refs.append(LinkRef(text=row.title, target=other))
            if row.source:
                links.sources[other] = row.source
    return links
