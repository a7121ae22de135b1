"""A fetch's progress is told before any feed answers, so that a fetch of a few slow feeds names
them at once (the command's bar and the reader's status line: ``waiting for NAME (N s)``) instead of
saying nothing of them until one answers, up to its whole timeout."""

from __future__ import annotations

from pathlib import Path

from feed_server import Reply, feed_server, rss

from tui.importing.feeds import Refresh
from tui.store.store import Store


def test_the_first_progress_comes_before_any_answer_and_names_the_feeds_awaited(tmp_path: Path) -> None:
    body = rss("موجز", [{"title": "خبر", "guid": "g1", "link": "", "date": "", "html": "<p>نص الخبر.</p>"}])
    with feed_server() as server:
        slow = server.set("/slow.xml", Reply(200, body, delay=0.5))
        store = Store.open(tmp_path / "s.db")
        store.add_feed(slow, title="البطيء")
        refresh = Refresh(store, store.feeds(), workers=0)
        seen: list[tuple[int, int, int, list[str]]] = []
        refresh.on_progress = lambda done, answered, total: seen.append((done, answered, total, refresh.waiting()))
        refresh.run()
        store.close()
    assert seen[0] == (0, 0, 1, ["البطيء"])
    assert seen[-1][:3] == (1, 1, 1)
