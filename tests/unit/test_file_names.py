"""File names that are not UTF-8: the file fails alone, and its name is printed escaped, never as raw bytes.

Real files with such names, imported by ``brief import`` in its own process, its output read as bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CP1256_NAME = "خبر".encode("cp1256") + b".txt"
"""خبر.txt written in the Windows Arabic code page: bytes that are not UTF-8."""


def _import(store: Path, *paths: Path, locale: str = "C.UTF-8") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LC_ALL=locale)
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    command = [sys.executable, "-m", "tui", "--store", str(store), "import", *map(str, paths)]
    return subprocess.run(command, capture_output=True, env=env, timeout=60)


def test_a_name_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "good.txt").write_text("---\ntitle: خبر سليم\n---\nنص الخبر.\n", encoding="utf-8")
    (folder / "other.txt").write_text("---\ntitle: خبر آخر\n---\nنص آخر.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), CP1256_NAME), "wb") as fh:
        fh.write("---\ntitle: خبر\n---\nنص.\n".encode())
    done = _import(tmp_path / "s.db", folder)
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode == 1
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines[-1] == "imported 2, updated 0, unchanged 0, failed 1"
    assert lines[0].startswith(f"failed: {folder}/\\xce\\xc8\\xd1.txt: ")


def test_raw_bytes_of_a_name_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "good.txt").write_text("---\ntitle: سليم\n---\nنص.\n", encoding="utf-8")
    # A broken link whose name holds 0x9B, the 8-bit CSI: reported by the folder walk.
    os.symlink(b"/nonexistent", os.path.join(os.fsencode(folder), b"x\x9b31m.txt"))
    for locale in ("C", "C.UTF-8"):
        done = _import(tmp_path / f"s-{locale}.db", folder, locale=locale)
        assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
        assert b"\x9b" not in done.stdout
        assert done.stdout.decode("ascii").splitlines()[0] == f"failed: {folder}/x\\x9b31m.txt: broken link"


def test_a_control_in_a_name_is_written_as_its_code_in_the_brief_id(tmp_path: Path) -> None:
    """The id is what ``brief list`` shows and ``brief show`` takes: a bidi override or an escape in
    the file's name is written as its code (shown stripped, the raw id could not be typed back), and
    two names that differ by one stay two briefs, each imported once."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    for name in ("name\u202etxt.md", "esc\x1b[31mred.txt", "dup.md", "dup\u202e.md", "خبر\u200cعاجل.txt"):
        (folder / name).write_text(f"---\ntitle: خبر {len(name)}\n---\nنص.\n", encoding="utf-8")
    store = tmp_path / "s.db"
    done = _import(store, folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[-1] == "imported 5, updated 0, unchanged 0, failed 0"
    again = _import(store, folder)
    assert again.stdout.decode().splitlines() == ["imported 0, updated 0, unchanged 5, failed 0"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    listed = subprocess.run(
        [sys.executable, "-m", "tui", "--store", str(store), "list", "--json"], capture_output=True, env=env, timeout=60
    )
    ids = sorted(row["id"] for row in json.loads(listed.stdout))
    assert ids == ["dup", "dup\\u202e", "esc\\u001b[31mred", "name\\u202etxt", "خبر\u200cعاجل"]  # ZWNJ: a letter's
    for brief_id in ids:
        show = subprocess.run(
            [sys.executable, "-m", "tui", "--store", str(store), "show", brief_id],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert show.returncode == 0, show.stderr
