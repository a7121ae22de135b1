"""A store brief may not write: reading works, writing says why, nothing is changed.

As root every file is writable, so the commands run as the unprivileged user ``nobody`` against a
store owned by root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def as_nobody(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), HOME="/nonexistent")
    cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-m", "tui", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd="/", timeout=120)


@pytest.fixture
def shared_tmp():
    """A folder every user can enter (pytest's own temporary folders are private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="brief-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def root_owned_store(shared_tmp: Path) -> Path:
    tmp_path = shared_tmp
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run brief as another user")
    probe = as_nobody("--version", store=tmp_path / "x.db")
    if probe.returncode != 0:
        pytest.skip(f"the user nobody cannot run this Python: {probe.stderr.strip()[:200]}")
    folder = tmp_path / "ro"
    folder.mkdir()
    store = folder / "store.db"
    r = subprocess.run(
        [sys.executable, "-m", "tui", "list"],
        env=dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    for path in (tmp_path, folder):
        path.chmod(0o755)
    for f in folder.iterdir():
        f.chmod(0o644)
    return store


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_reading_commands_work_and_import_explains(root_owned_store: Path, shared_tmp: Path) -> None:
    tmp_path = shared_tmp
    before = digest(root_owned_store.parent)
    listed = as_nobody("list", "--json", store=root_owned_store)
    assert listed.returncode == 0, listed.stderr
    assert "000_6b818919d795fa73" in listed.stdout
    assert as_nobody("show", "000_6b818919d795fa73", store=root_owned_store).returncode == 0
    assert as_nobody("search", "إدلب", "--json", store=root_owned_store).returncode == 0
    brief_file = tmp_path / "mine.txt"
    brief_file.write_text("A brief of mine.\n", encoding="utf-8")
    brief_file.chmod(0o644)
    imported = as_nobody("import", str(brief_file), store=root_owned_store)
    assert imported.returncode == 2
    assert "read-only" in imported.stderr and str(root_owned_store) in imported.stderr
    assert "Traceback" not in imported.stderr
    assert digest(root_owned_store.parent) == before


def test_an_unreachable_store_path_is_explained(tmp_path: Path) -> None:
    """pytest's folder is private to root: as nobody, the store path cannot even be looked at."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run brief as another user")
    tmp_path.chmod(0o700)
    r = as_nobody("list", store=tmp_path / "s.db")
    if "No module named" in r.stderr:
        pytest.skip("the user nobody cannot import brief from this checkout")
    assert r.returncode == 2
    assert "s.db" in r.stderr and "permission" in r.stderr.lower()
    assert "Traceback" not in r.stderr
