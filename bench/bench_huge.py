"""Huge briefs: time and peak memory of ``brief import`` and ``brief show`` for one-paragraph briefs.

Briefs larger than the documented limit (2 MB, :data:`tui.importers.load.MAX_FILE_BYTES`) are
refused at import, unread; this measures that refusal for a 5 MB paragraph and a 50 MB brief, and
what the largest brief allowed (one 2 MB paragraph) costs to import and to print. Each command
runs in its own process, measured with ``wait4`` (peak RSS). Prints a table.

    .venv/bin/python bench/bench_huge.py [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
WORD = "كلمة ".encode()


def make_brief(path: Path, size: int) -> Path:
    """A brief of ``size`` bytes: front matter and one paragraph of Arabic words."""
    head = f"---\ntitle: {path.stem}\n---\n".encode()
    room = size - len(head) - 1
    chunk = WORD * (2**20 // len(WORD))
    # Written a chunk at a time: this process's own peak would be inherited by the ones it starts
    # (Linux keeps the peak RSS across exec).
    with path.open("wb") as fh:
        fh.write(head)
        while room >= len(chunk):
            fh.write(chunk)
            room -= len(chunk)
        tail = WORD * (room // len(WORD))
        fh.write(tail + b"x" * (room - len(tail)) + b"\n")
    return path


def measure(args: list[str], store: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, last line of output) of ``brief ARGS``."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT), COLUMNS="100")
    command = [sys.executable, "-m", "tui", "--store", str(store), *args]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = proc.stdout.read() if proc.stdout is not None else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    lines = out.decode(errors="replace").strip().splitlines()
    last = lines[-1] if lines else ""
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), last[:70]


def main() -> int:
    """Run the cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=options.workdir) as tmp:
        work = Path(tmp)
        store = work / "s.db"
        cases = [
            ("import 2 MB paragraph", ["import", str(make_brief(work / "p2mb.txt", 2 * 2**20))]),
            ("show 2 MB paragraph", ["show", "p2mb", "--width", "100"]),
            ("import 5 MB paragraph", ["import", str(make_brief(work / "p5mb.txt", 5 * 2**20))]),
            ("import 50 MB brief", ["import", str(make_brief(work / "b50mb.txt", 50 * 2**20))]),
        ]
        print(f"{'case':<24} {'seconds':>8} {'peak MB':>8} {'exit':>5}  last line")
        for name, args in cases:
            seconds, peak, code, last = measure(args, store)
            print(f"{name:<24} {seconds:>8.2f} {peak:>8.0f} {code:>5}  {last}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
