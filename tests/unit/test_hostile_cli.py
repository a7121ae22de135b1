"""Hostile briefs: escape sequences and markup in a brief never reach the terminal through a command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")

HOSTILE_TITLE = "Evil \x1b]0;pwned\x07 title \x1b]52;c;Y2xpcA==\x07 [bold]x[/bold] \u202eabc"
HOSTILE_BODY = [
    "Clear screen \x1b[2J\x1b[H and CSI \x9b31m red, bell \x07, backspace \x08, CR \r, DEL \x7f.",
    "[link=https://evil.example]click[/link] [@click=app.quit]quit[/] هجوم \x1b[31mأحمر\x1b[0m",
    "Read also: Evil \x1b[5m target",
]


def run(*args: str, store: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, env=env, timeout=60)


def make_store(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "---\ntitle: " + HOSTILE_TITLE + "\ndate: 2020-01-01\nsource: x\x1b[8m\n---\n" + "\n".join(HOSTILE_BODY) + "\n"
    )
    (folder / "evil.txt").write_bytes(text.encode("utf-8"))
    (folder / "bad\x1b[31mname.txt").write_bytes(b"\x00\x00binary\x00" * 20)
    store = tmp_path / "s.db"
    r = run("import", str(folder), store=store)
    assert r.returncode == 1, r.stderr  # the binary file fails, the evil one imports
    assert not CONTROL.search(r.stdout.decode("utf-8").replace("\n", ""))
    return store


def test_no_control_characters_in_any_command_output(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    for args in (
        ("list",),
        ("show", "evil"),
        ("show", "evil", "--logical"),
        ("show", "evil", "--width", "30"),
        ("search", "screen"),
        ("search", "هجوم"),
        ("links", "evil"),
    ):
        r = run(*args, store=store)
        assert r.returncode == 0, (args, r.stderr)
        out = r.stdout.decode("utf-8")
        assert not CONTROL.search(out.replace("\n", "")), (args, out)
        assert "\x1b" not in out and "\x9b" not in out
    shown = run("show", "evil", "--logical", store=store).stdout.decode("utf-8")
    assert "[bold]x[/bold]" in shown and "[link=https://evil.example]" in shown  # markup shown literally
    assert "\u241b" in shown  # ESC shown as the visible SYMBOL FOR ESCAPE


def test_json_keeps_the_original_text_escaped(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    r = run("list", "--json", store=store)
    raw = r.stdout.decode("utf-8")
    assert "\x1b" not in raw and "\x9b" not in raw and "\u202e" not in raw
    rows = json.loads(raw)
    # Nothing lost but the bidi override (names drop them: tui.text.limits.cut_name): the store
    # kept the text as written, the escapes included, and JSON escapes them.
    assert rows[0]["title"] == HOSTILE_TITLE.strip().replace("\u202e", "")
    links = json.loads(run("links", "evil", "--json", store=store).stdout)
    assert links["outgoing"][0]["text"] == "Evil \x1b[5m target"


def test_an_id_or_name_typed_is_named_as_typed_and_cut(tmp_path: Path) -> None:
    """A bidi control in an id is named by its code (it was dropped: 'ab' was named, not what was
    typed); a 100,000-character id is cut (it was echoed whole); many unknown ids are counted."""
    store = tmp_path / "s.db"
    r = run("show", "a\u202eb", store=store)
    assert r.returncode == 2 and "no brief with id 'a\\u202eb' in " in r.stderr.decode()
    r = run("rm", "x" * 100_000, store=store)
    assert r.returncode == 2 and len(r.stderr) < 400 and "'" + "x" * 99 + "…'" in r.stderr.decode()
    r = run("fetch", "ب" * 60_000, store=store)
    assert r.returncode == 2 and len(r.stderr) < 600, r.stderr[:200]
    r = run("rm", *(f"gone{i}" for i in range(8)), store=store)
    err = r.stderr.decode()
    assert r.returncode == 2 and "'gone0', 'gone1', 'gone2', 'gone3', 'gone4', and 3 more" in err


def test_an_output_without_arabic_in_its_encoding_is_named(tmp_path: Path) -> None:
    """PYTHONIOENCODING=latin-1 and an Arabic title to print: a message, not a traceback."""
    store = tmp_path / "s.db"
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), PYTHONIOENCODING="latin-1")
    r = subprocess.run([sys.executable, "-m", "tui", "list"], capture_output=True, env=env, timeout=60)
    err = r.stderr.decode("latin-1")
    assert r.returncode == 2 and "Traceback" not in err
    assert "brief: the output's encoding (latin-1) cannot hold the text to print" in err


def test_an_argument_that_is_not_utf8_is_named_so(tmp_path: Path) -> None:
    """It was blamed on the output's encoding ("utf-8 cannot hold the text")."""
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), PYTHONPATH=str(ROOT))
    for command in (b"show", b"rm"):
        r = subprocess.run([sys.executable.encode(), b"-m", b"tui", command, b"ab\xffc"], capture_output=True, env=env)
        err = r.stderr.decode()
        assert r.returncode == 2 and "Traceback" not in err
        assert err == "brief: an argument holds bytes that are not UTF-8 text (\\xff); give it in UTF-8\n"


def test_a_typed_name_is_cut_between_escapes_never_inside_one() -> None:
    from tui.text.sanitize import shown_arg

    assert shown_arg("x" * 97 + "\u202e" + "yy") == "x" * 97 + "…"  # not "x" * 97 + "\\u2…"
    assert shown_arg("x" * 100) == "x" * 100 and shown_arg("x" * 101) == "x" * 99 + "…"
    assert shown_arg("a\u202eb") == "a\\u202eb"


def test_a_tab_in_a_typed_name_is_shown_as_a_tab() -> None:
    """'a<TAB>b' was named 'a b', another id."""
    from tui.text.sanitize import shown_arg

    assert shown_arg("a\tb") == "a\\tb"


def _closed(fds: tuple[int, ...]):  # type: ignore[no-untyped-def]
    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


def test_a_command_started_with_its_output_or_errors_closed_runs_without_a_traceback(tmp_path: Path) -> None:
    """``brief list >&-`` (Python then has no ``sys.stdout``): it ran into a traceback on stderr."""
    store = tmp_path / "s.db"
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "tui"]
    assert subprocess.run([*command, "import", "--samples"], env=env, capture_output=True).returncode == 0
    for args in (["list"], ["stats"], ["search", "الكوفة"], ["show", "005_calligraphy_styles"]):
        done = subprocess.run([*command, *args], env=env, stderr=subprocess.PIPE, preexec_fn=_closed((1,)))
        assert (done.returncode, done.stderr) == (0, b""), (args, done.stderr)
    # errors closed as well: the exit code still tells
    missing = subprocess.run([*command, "show", "nope"], env=env, stdout=subprocess.PIPE, preexec_fn=_closed((2,)))
    assert (missing.returncode, missing.stdout) == (2, b"")
    # the store, opened after, never takes the closed output's descriptor
    listed = subprocess.run([*command, "list"], env=env, capture_output=True)
    assert listed.returncode == 0 and b"005_calligraphy_styles" in listed.stdout
