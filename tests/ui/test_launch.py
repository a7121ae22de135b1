"""run_reader: explicit bidi mode on the terminal for the life of the reader, given back always."""

from __future__ import annotations

import io
import sys

import pytest

from tui.ui import launch


class FakeTty(io.StringIO):
    """A stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def tty(monkeypatch):
    out = FakeTty()
    monkeypatch.setattr(sys, "__stdout__", out)
    monkeypatch.setattr(launch.atexit, "register", lambda fn: None)
    return out


def _args(tmp_path, bidi=None):
    return {"store_path": tmp_path / "s.db", "bidi": bidi}


def _fake_run(result=0, exc=None):
    def run(self, *a, **k):
        if exc is not None:
            raise exc
        self._return_code = result
        return result

    return run


def test_app_mode_sends_explicit_then_implicit(tmp_path, tty, monkeypatch):
    from tui.ui.app import BriefApp

    monkeypatch.setattr(BriefApp, "run", _fake_run(0))
    assert launch.run_reader(**_args(tmp_path)) == 0
    assert tty.getvalue() == launch.BIDI_EXPLICIT + launch.BIDI_IMPLICIT


def test_implicit_mode_is_restored_after_a_crash(tmp_path, tty, monkeypatch):
    from tui.ui.app import BriefApp

    monkeypatch.setattr(BriefApp, "run", _fake_run(exc=KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        launch.run_reader(**_args(tmp_path))
    assert tty.getvalue() == launch.BIDI_EXPLICIT + launch.BIDI_IMPLICIT


def test_terminal_mode_sends_nothing(tmp_path, tty, monkeypatch):
    from tui.ui.app import BriefApp

    seen = {}

    def run(self, *a, **k):
        seen["shaped"] = self.shaped
        return 0

    monkeypatch.setattr(BriefApp, "run", run)
    assert launch.run_reader(**_args(tmp_path, bidi="terminal")) == 0
    assert tty.getvalue() == ""
    assert seen["shaped"] is False


def test_config_bidi_is_used_and_cli_overrides_it(tmp_path, tty, monkeypatch):
    from tui.ui.app import BriefApp

    (tmp_path / "config.toml").write_text('bidi = "terminal"\n', encoding="utf-8")
    monkeypatch.setenv("BRIEF_CONFIG", str(tmp_path / "config.toml"))
    shaped = []
    monkeypatch.setattr(BriefApp, "run", lambda self, *a, **k: shaped.append(self.shaped) or 0)
    launch.run_reader(**_args(tmp_path))
    launch.run_reader(**_args(tmp_path, bidi="app"))
    assert shaped == [False, True]


def test_leave_is_idempotent(tty):
    mode = launch.BidiMode()
    mode.enter()
    mode.leave()
    mode.leave()
    assert tty.getvalue() == launch.BIDI_EXPLICIT + launch.BIDI_IMPLICIT


async def test_the_started_reader_keeps_what_exists_out_of_the_collector(make_app, monkeypatch):
    """run_reader's app freezes the objects alive once it has started and collects young objects
    less often; an app made without it leaves the collector as it was."""
    import gc

    from tui.ui import app as app_module

    monkeypatch.setattr(app_module, "STARTED_AFTER", 0.05)
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        plain = make_app()
        async with plain.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.3)
            assert (gc.get_freeze_count(), gc.get_threshold()) == (0, threshold)
        started = make_app(freeze_garbage=True)
        async with started.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.3)
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (app_module.YOUNG_OBJECTS, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_run_reader_asks_for_it(tmp_path, monkeypatch, tty):
    made = {}

    def run(self, *a, **k):
        made["freeze"] = self.freeze_garbage
        return 0

    monkeypatch.setattr("tui.ui.app.BriefApp.run", run)
    assert launch.run_reader(**_args(tmp_path)) == 0
    assert made == {"freeze": True}


def test_brief_read_of_an_unknown_id_is_named_before_the_reader_starts(tmp_path, monkeypatch) -> None:
    """As ``brief show`` does: exit 2 naming the id (the reader opened on a notice instead)."""
    from tui.errors import UsageError

    def no_app(*_: object, **__: object) -> None:
        raise AssertionError("the reader was started")

    monkeypatch.setattr("tui.ui.app.BriefApp", no_app)
    with pytest.raises(UsageError, match=r"no brief with id 'nope\\u202e' in .*s\.db; see 'brief list'") as caught:
        launch.run_reader(store_path=tmp_path / "s.db", initial_id="nope\u202e")
    assert caught.value.exit_code == 2
