"""Fixtures for the Textual reader: a store of the sample briefs and an app factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import ARTICLES, record_notices


@pytest.fixture(autouse=True)
def _record_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader's notices are kept for :func:`ui_helpers.notices`, as given (in logical
    order), before :meth:`BriefApp.notify` lays them out for their toast."""
    from tui.ui.app import BriefApp

    monkeypatch.setattr(BriefApp, "notify", record_notices(BriefApp))


@pytest.fixture
def ui_store(tmp_path: Path):
    """A store in ``tmp_path`` holding the bundled sample briefs."""
    from tui.importing import run_import
    from tui.store.store import Store

    store = Store.open(tmp_path / "ui-store.db")
    run_import(store, [ARTICLES], progress=False, out=None)
    yield store
    store.close()


@pytest.fixture
def make_app(ui_store):
    """Build a :class:`BriefApp` on the sample store (keyword arguments go to the app)."""
    from tui.ui.app import BriefApp

    def make(store=None, **kwargs):
        return BriefApp(store or ui_store, **kwargs)

    return make
