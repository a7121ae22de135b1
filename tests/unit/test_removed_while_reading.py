"""A brief removed by another program (``brief rm``) while the reader shows it: its reading state is
not saved, no raw SQLite error is shown, and every other change is written.

The removal goes through the real ``brief rm`` on its own connection, as from another terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui import cli
from tui.importing import run_import
from tui.store.errors import BriefNotStoredError
from tui.store.store import Store
from tui.ui.session import BUSY_NOTICE, HISTORY_KEY, REMOVED_NOTICE, ReadingSession

OPEN = "005_calligraphy_styles"
"""The brief open in the reader, then removed."""
OTHER = "003_khwarizmi_numbers"
"""A brief that stays."""


@pytest.fixture
def store_path(tmp_path: Path, articles_dir: Path) -> Path:
    """A store of the sample briefs."""
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        run_import(store, [articles_dir], progress=False, out=None)
    return path


def _rm(path: Path, brief_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``brief rm`` from another terminal."""
    assert cli.main(["--store", str(path), "rm", brief_id]) == 0
    assert f"removed {brief_id}" in capsys.readouterr().out


def test_leaving_a_removed_brief_saves_nothing_for_it_and_everything_else(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(store_path) as store:
        session = ReadingSession(store)
        assert session.open(OPEN) is not None
        _rm(store_path, OPEN, capsys)
        session.save_scroll(7)  # what the main screen does on leaving the brief
        opened = session.open(OTHER)
        assert opened is not None and opened.article.id == OTHER
        assert session.errors == []
        assert session.pending == 0
        assert store.state(OPEN) == (False, False, 0)  # no row: the default
        assert store.state(OTHER)[0] is True  # read by opening it
        assert store.last_opened() == OTHER
        history = json.loads(store.meta(HISTORY_KEY) or "{}")
        assert history["entries"][history["current"]][0] == OTHER  # the history was written too


def test_marking_a_removed_brief_says_it_was_removed(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(store_path) as store:
        session = ReadingSession(store)
        session.open(OPEN)
        _rm(store_path, OPEN, capsys)
        assert session.toggle_bookmark(OPEN) is None
        assert session.toggle_read(OPEN) is None
        assert session.errors == [REMOVED_NOTICE, REMOVED_NOTICE]
        session.errors.clear()
        assert session.toggle_bookmark(OTHER) is True  # the store is written as before
        assert session.errors == []
        assert store.state(OTHER)[1] is True


def test_a_change_kept_while_busy_is_dropped_when_its_brief_is_removed_meanwhile(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(store_path) as store, Store.open(store_path) as other:
        session = ReadingSession(store)
        session.open(OPEN)
        with other.writing():  # another program's write transaction holds the store
            assert session.toggle_bookmark(OPEN) is True  # kept for later, shown as done
            session.save_scroll(3)
            session.save_history()
        assert session.errors == [BUSY_NOTICE] and session.pending == 3
        _rm(store_path, OPEN, capsys)
        written, failed = session.flush()
        assert (written, failed) == (1, {("bookmark", OPEN), ("scroll", OPEN)})  # the history is written
        assert session.errors == [BUSY_NOTICE]
        assert session.pending == 0


def test_the_store_writes_no_reading_state_for_a_brief_it_does_not_hold(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(store_path) as store:
        store.mark_opened(OTHER)
        _rm(store_path, OPEN, capsys)
        writes: list[tuple[Callable[..., None], tuple[object, ...]]] = [
            (store.set_scroll, (OPEN, 4)),
            (store.set_read, (OPEN,)),
            (store.set_bookmarked, (OPEN, True)),
            (store.mark_opened, (OPEN,)),
        ]
        for write, args in writes:
            with pytest.raises(BriefNotStoredError, match=f"^{OPEN} is no longer in the store$"):
                write(*args)
        assert store.last_opened() == OTHER
        assert store.meta("last_opened") == OTHER  # mark_opened wrote nothing at all
        store.set_scroll(OTHER, 4)  # a stored brief's state is written as before
        assert store.state(OTHER) == (True, False, 4)
