"""The reader on a damaged store (a page overwritten on disk) ends with the store named, not a traceback."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import pytest
from textual.pilot import WaitForScreenTimeout

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from damage_helpers import damaged_store  # noqa: E402

from tui.store.errors import StoreDamagedError  # noqa: E402
from tui.store.store import Store  # noqa: E402
from tui.ui.app import BriefApp  # noqa: E402


@pytest.mark.parametrize("open_first", [True, False])
async def test_opening_a_damaged_brief_ends_the_reader_with_the_store_named(tmp_path: Path, open_first: bool) -> None:
    path, _, bad = damaged_store(tmp_path, 200)
    store = Store.open(path)
    app = BriefApp(store, initial_id=bad[0] if open_first else None)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            if not open_first:
                await pilot.pause()
                app.screen.article_list.cursor = app.store.index_of(bad[0])
                # The key as the binding runs it; pilot.press would wait 30 s for a screen that
                # the ending reader never settles.
                with contextlib.suppress(WaitForScreenTimeout):
                    await app.screen.run_action("open_brief")
            for _ in range(40):  # until the reader has ended (a broken one would stay up)
                if app._exit_renderables or not app.is_running:
                    break
                await asyncio.sleep(0.05)
    finally:
        store.close()
    assert isinstance(app.failure, StoreDamagedError)
    assert str(app.failure).startswith(f"{path}: the store is damaged (")
    assert app.return_code == 2
