"""``brief import`` stopped by SIGTERM (systemd) once some batches are committed: it ends as Ctrl+C
ends it, saying how many briefs it committed (it ended silent), with 143; the store holds exactly
those and is sound."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from store_helpers import count_briefs

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_mid_import_says_what_was_committed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = "\n\n".join(f"فقرة رقم {n} من الموجز عن الطقس والطرق في المدينة" for n in range(30))
    for i in range(8000):
        (folder / f"b{i:05d}.txt").write_text(f"title: موجز رقم {i}\n\n{body}\n", encoding="utf-8")
    store = tmp_path / "store.db"
    env = dict(os.environ, BRIEF_STORE=str(store), BRIEF_CONFIG=str(tmp_path / "none.toml"), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "import", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and count_briefs(store) == 0:
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "Traceback" not in err
    said = re.fullmatch(r"brief: interrupted; (\d+) briefs? committed before it \(SIGTERM\)", err.strip())
    assert said is not None, err
    committed = int(said.group(1))
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < committed == count_briefs(store) < 8000, (err, count_briefs(store))
