"""An import that fails while worker processes are busy ends its process at once, never hanging at exit.

Each case runs in a real process: the hang was in the interpreter's own exit, joining the pool's
threads after its workers were killed in the middle of sending a result.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.importing import pool

SCRIPT = """
import sys
from tui.importing.pool import Preparer
files = sorted(str(p) for p in __import__("pathlib").Path(sys.argv[1]).iterdir())
try:
    with Preparer(files, "light10", workers=2) as prepared:
        for n, item in enumerate(prepared):
            if n == 5:
                raise OSError(28, "No space left on device")
except OSError:
    print("failed cleanly", flush=True)
"""


def _big_briefs(folder: Path, n: int) -> Path:
    """``n`` briefs of about 15 KB each: results (1.5 MB a task) that fill the pool's pipes while the writer stops."""
    folder.mkdir()
    paragraph = " ".join(f"كلمة{i} word{i}" for i in range(1000))
    for i in range(n):
        (folder / f"b{i:04d}.txt").write_text(f"---\ntitle: خبر {i}\n---\n{paragraph} {i}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("attempt", range(3))
def test_a_failure_during_a_pooled_import_ends_the_process_promptly(tmp_path: Path, attempt: int) -> None:
    folder = _big_briefs(tmp_path / "briefs", pool.POOL_MIN_FILES + 100)
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the process hung at exit after the failure")
    assert done.stdout.strip() == "failed cleanly"
    assert "Traceback" not in done.stderr
