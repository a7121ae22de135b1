"""A fetch stopped (Ctrl+C, SIGTERM) while a feed's entries are being written ends with its one
line: the stop reaches the task writing that feed, and asyncio would otherwise print "Task exception
was never retrieved" with the stop's whole traceback when the task is collected."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_fixtures import serve_standard
from feed_server import FeedServer, feed_server

from tui.errors import Interrupted
from tui.importing.feeds import Refresh
from tui.store.store import Store


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def test_a_stop_while_a_feed_is_written_is_one_interruption(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    city, tech = serve_standard(server)
    store = Store.open(tmp_path / "s.db")
    store.add_feed(city)
    store.add_feed(tech)

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt  # what stop_signals raises in the frame a SIGTERM lands in

    monkeypatch.setattr(Refresh, "_finish", stopped)
    caplog.set_level(logging.ERROR, logger="asyncio")
    with pytest.raises(Interrupted):
        Refresh(store, store.feeds(), workers=0).run()
    gc.collect()  # a task holding an exception nobody retrieved says so when it is collected
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []
    store.close()
