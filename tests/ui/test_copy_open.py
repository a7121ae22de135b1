"""Copy (`y`, `Y`, a mouse selection), open (`o`) and edit (`e`) in the reader, with the OSC 52
sequence the app writes decoded and compared with the fixture file."""

from __future__ import annotations

import base64
import re
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.cells import cell_len
from ui_helpers import notices

from tui.importing.run import import_articles, run_import
from tui.models import Article, Block

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "copy_mixed.txt"
OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def _paragraph() -> str:
    """The fixture's first body line (Arabic, numbers, Latin, brackets), decoded here."""
    lines = FIXTURE.read_bytes().decode("utf-8").split("\n")
    return lines[lines.index("---", 1) + 1]


@pytest.fixture
def copy_store(tmp_path):
    from tui.store.store import Store

    brief = tmp_path / "copy_mixed.txt"
    shutil.copy(FIXTURE, brief)
    store = Store.open(tmp_path / "copy.db")
    run_import(store, [brief], progress=False, out=None)
    feed_brief = Article(
        id="from_feed",
        title="Feed entry",
        blocks=(Block("text", "A paragraph."),),
        feed="https://feed.example/rss",
        url="javascript:alert(1)",
    )
    no_url = Article(id="no_url", title="No link", blocks=(Block("text", "Nothing to open."),))
    import_articles(store, [feed_brief, no_url])
    yield store, brief
    store.close()


def _osc52(app) -> list[str]:
    """Record the OSC 52 sequences the app writes to its terminal, decoded."""
    written: list[str] = []
    real = app._driver.write

    def write(data: str) -> None:
        written.extend(base64.b64decode(m).decode("utf-8") for m in OSC52.findall(data))
        real(data)

    app._driver.write = write
    return written


async def _open(app, pilot, brief_id: str = "copy_mixed"):
    await pilot.pause()
    app.screen.open_brief(brief_id)
    await pilot.pause()
    return app.screen


@pytest.mark.parametrize("shaped", [True, False])
async def test_y_with_a_match_copies_its_paragraph_as_in_the_file(copy_store, shaped):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    app = BriefApp(store, shaped=shaped)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot)
        written = _osc52(app)
        await pilot.press("slash", *"OPEC", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        expected = _paragraph()
        assert written == [expected]
        assert written[0].encode("utf-8") == expected.encode("utf-8")
        assert f"copied {len(expected)} characters (the paragraph of the match)" in notices(app)
        await pilot.press("escape")  # find closed: y copies the whole brief
        await pilot.press("y")
        await pilot.pause()
        assert written[-1].startswith("ارتفاع أسعار النفط (برنت) إلى 85 دولاراً\n\n" + expected + "\n\n")
        await pilot.press("Y")
        await pilot.pause()
        assert written[-1] == "https://example.org/oil?id=85&lang=ar"


async def test_a_mouse_selection_copies_logical_text(copy_store):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot)
        written = _osc52(app)
        reader = screen.reader
        line = reader.laid[0].rendered.lines[0]
        shown = " " * line.indent + line.text
        # drag from the 8 of "85" to the bracket drawn after برنت (the pane has one cell of padding)
        # (cells, not characters: the tanween of دولاراً before them takes no cell)
        first, last = cell_len(shown[: shown.index("8")]), cell_len(shown[: shown.index(")")])
        await pilot.mouse_down(reader, offset=(first + 1, 0))
        await pilot.hover(reader, offset=(last + 1, 0))
        await pilot.mouse_up(reader, offset=(last + 1, 0))
        await pilot.pause()
        assert written == ["(برنت) إلى 85"]
        assert "copied 13 characters" in notices(app)
        assert reader.text_selection is not None
        await pilot.press("ctrl+c")  # copies the selection again, and does not quit
        await pilot.pause()
        assert written == ["(برنت) إلى 85"] * 2
        assert app.is_running and app.return_code is None
        # a drag that ends on the read-also line selects; it does not follow the link
        link_line = next(b.first_line for b in reader.laid if b.is_link)
        await pilot.mouse_down(reader, offset=(5, link_line - 2))
        await pilot.hover(reader, offset=(20, link_line))
        await pilot.mouse_up(reader, offset=(20, link_line))
        await pilot.pause()
        assert reader.article.id == "copy_mixed"
        assert not any(n.startswith("not in the store") for n in notices(app))  # no link followed
        assert written[-1].startswith("analysts at Reuters (London) expect $90 by June.\n")
        assert written[-1].endswith("موجود في المخزن)")  # the left end of the RTL link line
        screen.open_brief("no_url")  # another brief: the selection covered the old one's text
        await pilot.pause()
        assert reader.text_selection is None
        await pilot.press("ctrl+c")  # nothing selected: Ctrl+C quits, as before
        await pilot.pause()
    assert app.return_code == 130


async def test_without_a_brief_or_a_url(copy_store):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "no_url")
        written = _osc52(app)
        await pilot.press("Y")
        assert notices(app)[-1] == "this brief has no URL"
        await pilot.press("o")
        assert notices(app)[-1] == "this brief has no URL to open"
        await pilot.press("e")
        assert notices(app)[-1] == "this brief has no file to edit"
        await pilot.pause()
        assert written == []
        screen.reader.show_message("nothing open")
        screen.session.current = None
        for key in ("y", "Y", "o", "e"):
            await pilot.press(key)
            assert notices(app)[-1] == "open a brief first", key
        await _open(app, pilot, "from_feed")
        await pilot.press("Y")
        await pilot.pause()
        assert written == ["javascript:alert(1)"]  # copying it is harmless; opening it is refused


async def test_o_opens_http_urls_only(copy_store, monkeypatch):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opened == ["https://example.org/oil?id=85&lang=ar"]
        await _open(app, pilot, "from_feed")
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://example.org/oil?id=85&lang=ar"]
        assert "only http and https" in notices(app)[-1] and "javascript" in notices(app)[-1]


async def test_o_says_when_no_browser_starts(copy_store, monkeypatch):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: False)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert "no browser could be started (set $BROWSER)" in notices(app)


@contextmanager
def _no_suspend():
    yield


def _opec_editor(tmp_path: Path, monkeypatch) -> Path:
    """$EDITOR set to a script that writes أوبك+ for OPEC+ in the file it is given and notes that
    file's path in ``<script>.log``."""
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "$1" > "$0.log"\nsed -i "s/OPEC+/أوبك+/" "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(editor))
    return editor


async def _edit(app, pilot, monkeypatch):
    """Open the first brief, press ``e`` (the reader's suspension left out) and wait for the import."""
    screen = await _open(app, pilot)
    monkeypatch.setattr(app, "suspend", _no_suspend)
    await pilot.press("e")
    await app.workers.wait_for_complete()
    for _ in range(5):
        await pilot.pause()
    return screen


async def test_e_edits_the_file_and_shows_the_change(copy_store, tmp_path, monkeypatch):
    from tui.ui.app import BriefApp

    store, path = copy_store
    editor = _opec_editor(tmp_path, monkeypatch)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _edit(app, pilot, monkeypatch)
        assert Path(f"{editor}.log").read_text(encoding="utf-8").strip() == str(path)
        assert "copy_mixed.txt: imported again" in notices(app)
        assert "أوبك+" in screen.reader.article.blocks[0].text
        assert "أوبك+" in path.read_text(encoding="utf-8")
        assert store.get("copy_mixed").blocks[0].text == _paragraph().replace("OPEC+", "أوبك+")


async def test_e_on_a_bundled_sample_edits_a_copy_beside_the_store(tmp_path, monkeypatch):
    """A sample belongs to brief's installation (or its source tree): ``e`` copies it beside the
    store and edits the copy; the sample itself, which every new store starts from, is unchanged."""
    from tui.store.store import Store
    from tui.ui.app import BriefApp
    from tui.ui.screens import opening

    samples = tmp_path / "installed" / "samples"
    samples.mkdir(parents=True)
    sample = samples / "copy_mixed.txt"
    shutil.copy(FIXTURE, sample)
    before = sample.read_bytes()
    monkeypatch.setattr(opening, "samples_dir", lambda: samples)
    store = Store.open(tmp_path / "data" / "store.db")
    run_import(store, [samples], progress=False, out=None)
    editor = _opec_editor(tmp_path, monkeypatch)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _edit(app, pilot, monkeypatch)
        copy = tmp_path / "data" / "samples" / "copy_mixed.txt"
        assert Path(f"{editor}.log").read_text(encoding="utf-8").strip() == str(copy)
        assert f"a bundled sample: editing your copy, {copy}" in notices(app)
        assert "copy_mixed.txt: imported again" in notices(app)
        assert "أوبك+" in screen.reader.article.blocks[0].text
    assert sample.read_bytes() == before
    assert "أوبك+" in copy.read_text(encoding="utf-8")
    assert store.get("copy_mixed").path == str(copy)
    store.close()


def _suspend_as_textual(log: list[str]):
    """Stands in for ``App.suspend`` as Textual writes it: the screen is given back (``resumed``)
    only when the block ends without an exception; one that leaves it leaves the terminal blank."""

    @contextmanager
    def suspend():
        log.append("suspended")
        yield
        log.append("resumed")

    return suspend


async def _press_e(app, pilot, monkeypatch) -> list[str]:
    """Open the first brief and press ``e`` with :func:`_suspend_as_textual` standing in for
    ``App.suspend``; returns what it logged."""
    await _open(app, pilot)
    log: list[str] = []
    monkeypatch.setattr(app, "suspend", _suspend_as_textual(log))
    await pilot.press("e")
    await pilot.pause()
    return log


@pytest.mark.parametrize("editor", ["/nonexistent/editor", "/nonexistent/editor --flag", "no-such-editor-for-brief"])
async def test_e_names_an_editor_that_is_not_found_without_suspending(copy_store, monkeypatch, editor):
    from tui.ui.app import BriefApp

    store, path = copy_store
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", editor)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _press_e(app, pilot, monkeypatch)
        assert log == []  # the reader was never handed over
        name = editor.split()[0]
        assert notices(app)[-1] == f"the editor '{name}' was not found; set $EDITOR to your editor"
        await pilot.press("Y")  # and still answers its keys
        assert notices(app)[-1].startswith("copied ")
    assert path.read_bytes() == before


async def test_e_gives_the_screen_back_when_the_editor_cannot_start(copy_store, tmp_path, monkeypatch):
    from tui.ui.app import BriefApp

    store, _path = copy_store
    editor = tmp_path / "not-a-program"
    editor.write_bytes(b"\x00\x01 not a program\n")  # executable, but no program the kernel can run
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _press_e(app, pilot, monkeypatch)
        assert log == ["suspended", "resumed"]
        assert notices(app)[-1] == f"could not start the editor '{editor}': Exec format error"


async def test_e_refuses_feed_briefs_missing_files_and_no_editor(copy_store, monkeypatch):
    from tui.ui.app import BriefApp

    store, path = copy_store
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = BriefApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "from_feed")
        await pilot.press("e")
        assert notices(app)[-1] == "this brief comes from a feed: nothing to edit"
        await _open(app, pilot)
        await pilot.press("e")
        assert "EDITOR" in notices(app)[-1]
        path.unlink()
        monkeypatch.setenv("VISUAL", "true")
        await pilot.press("e")
        # the path set apart (FSI … PDI): an Arabic folder name would turn the English line around
        assert notices(app)[-1] == f"\u2068{path}\u2069 no longer exists: nothing to edit"


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("https://example.org/a?b=1#c", None),
        ("HTTP://example.org/", None),
        ("file:///etc/passwd", "not file"),
        ("javascript:alert(1)", "not javascript"),
        ("ftp://example.org/x", "not ftp"),
        ("//example.org/x", "a URL without a scheme"),
        ("https:///nohost", "names no host"),
        ("https://example.org/a b", "spaces or control characters"),
        ("https://example.org/\x1b]52;c;eA==\x07", "spaces or control characters"),
    ],
)
def test_only_http_urls_with_a_host_are_opened(url, refused):
    from tui.ui.screens.opening import openable_url

    why = openable_url(url)
    assert (why is None) if refused is None else (why is not None and refused in why)


def test_the_editor_comes_from_editor_then_visual(monkeypatch):
    from tui.ui.screens.opening import editor_command

    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    assert editor_command() is None
    monkeypatch.setenv("VISUAL", "vi")
    assert editor_command() == ["vi"]
    monkeypatch.setenv("EDITOR", "code --wait 'my dir/x'")
    assert editor_command() == ["code", "--wait", "my dir/x"]
