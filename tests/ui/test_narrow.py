"""Small terminals: the header cuts an Arabic title at its logical end, the help's Action column
keeps its words, and the empty store's hint wraps instead of being cut."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ui_helpers import help_screen_text, screen_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines  # noqa: E402


@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
async def test_header_keeps_the_start_of_an_arabic_title(make_app, ui_store):
    brief_id = "000_6b818919d795fa73"
    title = ui_store.get(brief_id).title
    first_words = " ".join(title.split()[:2])
    app = make_app(initial_id=brief_id)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert fribidi_lines([first_words], rtl=True)[0] in header, header


async def test_help_action_column_keeps_its_words_at_40_columns(make_app):
    text = await help_screen_text(make_app, (40, 10))
    assert "Action" in text and "List: Next" in text


async def test_empty_store_hint_wraps(tmp_path, make_app):
    from tui.store.store import Store

    store = Store.open(tmp_path / "empty.db")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = " ".join(line.strip(" ▕") for line in screen_text(app).splitlines())
        assert "brief import FOLDER" in text
    store.close()
