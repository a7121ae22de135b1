"""A feed unsubscribed by another process while a fetch downloads it (``brief feeds remove --purge``
in another terminal): the fetch writes none of its entries, and says so, instead of bringing back
briefs of a feed nobody subscribes to (which no command could then remove by feed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_fixtures import CITY_PATH, serve_standard
from feed_server import FeedServer, Reply, Request, feed_server

from tui.importing.feeds import Refresh
from tui.store.store import Store


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def test_a_feed_removed_while_it_is_fetched_gets_none_of_its_entries_written(
    server: FeedServer, tmp_path: Path
) -> None:
    city, tech = serve_standard(server)
    store = Store.open(tmp_path / "s.db")
    store.add_feed(city)
    store.add_feed(tech)
    answer = server.routes[CITY_PATH]
    assert isinstance(answer, Reply)

    def removed_then_answered(request: Request) -> Reply:
        with Store.open(tmp_path / "s.db") as other:  # the other terminal, before the answer comes
            other.remove_feed(city, purge=True)
        return answer

    server.set(CITY_PATH, removed_then_answered)
    summary = Refresh(store, store.feeds(), workers=0).run()
    by_url = {outcome.feed.url: outcome for outcome in summary.outcomes}
    assert by_url[city].new == 0 and by_url[city].error is None
    assert by_url[city].notes == [f"{city}: unsubscribed during the fetch; its entries were not written"]
    assert by_url[tech].new == 2
    assert [f.url for f in store.feeds()] == [tech]
    assert store.count(city) == 0 and store.count() == store.count(tech) == 2
    store.close()
