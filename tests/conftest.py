"""Shared fixtures: a scratch store and the path of the bundled sample briefs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real store or config."""
    monkeypatch.setenv("BRIEF_STORE", str(tmp_path / "default-store.db"))
    monkeypatch.setenv("BRIEF_CONFIG", str(tmp_path / "config.toml"))


@pytest.fixture(autouse=True)
def _emoji_shown_single() -> Iterator[None]:
    """Every test starts with emoji sequences shown as single emoji (brief's default outside kitty,
    WezTerm, foot and Ghostty), whatever a command run in process before it chose."""
    from tui.text.sanitize import show_emoji_whole

    show_emoji_whole(False)
    yield
    show_emoji_whole(False)


@pytest.fixture
def articles_dir() -> Path:
    """The bundled sample briefs."""
    return ARTICLES


@pytest.fixture
def store(tmp_path: Path):
    """An empty store in a temporary folder."""
    from tui.store.store import Store

    s = Store.open(tmp_path / "store.db")
    yield s
    s.close()


@pytest.fixture
def sample_store(store):
    """A store holding the bundled sample briefs."""
    from tui.importing import run_import

    run_import(store, [ARTICLES], progress=False, out=None)
    return store
