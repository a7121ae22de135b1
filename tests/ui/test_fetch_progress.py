"""The reader's fetch status line under a flood of progress events: redrawn a few times a second,
always ending on the latest figures (the fetch reports twice per feed)."""

from __future__ import annotations

import time
from pathlib import Path


async def test_progress_is_coalesced_and_the_latest_shown(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tui.store.store import Store
    from tui.ui.app import BriefApp
    from tui.ui.fetching import PROGRESS_SECONDS, FetchProgress

    store = Store.open(tmp_path / "s.db")
    app = BriefApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        feeds = app.screen.feeds
        shown: list[str | None] = []
        real = feeds._status
        feeds._status = lambda text: (shown.append(None if text is None else str(text)), real(text))  # type: ignore[method-assign]
        feeds.running = True
        started = time.monotonic()
        for done in range(1, 201):
            feeds.progress(FetchProgress(done, 200, 400))
        assert time.monotonic() - started < PROGRESS_SECONDS  # all of them came within one interval
        assert shown == ["fetching feeds: 200/400 answered, 1 done"]  # the first at once, the rest waits
        deadline = time.monotonic() + 10  # the coalescing timer fires after PROGRESS_SECONDS; a loaded machine is later
        while len(shown) < 2 and time.monotonic() < deadline:
            await pilot.pause(PROGRESS_SECONDS)
        assert shown[-1] == "fetching feeds: 200/400 answered, 200 done"  # then the latest
        assert len(shown) == 2
        status = app.screen.query_one("#fetch-status", Static)
        assert str(status.render()) == "fetching feeds: 200/400 answered, 200 done"
    store.close()
