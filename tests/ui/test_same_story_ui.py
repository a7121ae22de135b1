"""Same story in the reader: the link panel's "Same story" and "Related" sections, followed with Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import ROOT, screen_text

SET = ROOT / "tests" / "data" / "same_story" / "briefs"
STORY = "001_turkey_idlib_first_military_step"
FILES = {
    "idlib": f"{STORY}__original",
    "idlib_agency": f"{STORY}__retitled",
    "idlib_outlet_b": f"{STORY}__dropped",
    "syria_clashes": "cnn_syria_clashes__original",
}
"""A story, two republished copies and a brief on the same topic (Syria) that no link names."""


@pytest.fixture
def story_store(tmp_path: Path):
    from tui.importing import run_import
    from tui.store.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, source in FILES.items():
        (folder / f"{name}.txt").write_bytes((SET / f"{source}.txt").read_bytes())
    store = Store.open(tmp_path / "story.db")
    run_import(store, [folder], progress=False, out=None)
    yield store
    store.close()


async def test_link_panel_shows_the_same_story_and_related_and_follows_them(story_store) -> None:
    from tui.ui.app import BriefApp

    app = BriefApp(story_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.open_brief("idlib")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        panel = screen.query_one("#link-panel")
        assert panel.display and app.focused is panel
        # The read-also link of 001 names a brief that is not here: the copies come first.
        assert panel.targets == ["idlib_agency", "idlib_outlet_b", "syria_clashes"]
        text = screen_text(app)
        assert "Same story" in text and "Related" in text
        assert "agency" in text and "outlet-b" in text  # each copy with its source
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reader.article.id == "idlib_agency" and not panel.display
        await pilot.press("l")
        await pilot.pause()
        assert panel.targets == ["idlib", "idlib_outlet_b", "syria_clashes"]
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert screen.reader.article.id == "syria_clashes"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.reader.article.id == "idlib_agency"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.reader.article.id == "idlib"
