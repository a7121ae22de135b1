"""Stress the store's failure paths with real processes; prints tried / survived, hangs, tracebacks, lost briefs.

Four kinds of trouble, each against real ``brief`` processes and real SQLite files:

- first opens: N processes open a store that does not exist yet, all at once;
- kill -9: an import killed at a random moment (the briefs another connection saw committed must
  all be there afterwards, and the store must pass ``brief check``);
- disk full: an import into a small tmpfs (root only: exit 2 naming the cause, and exactly the
  briefs it says it committed in the store);
- Ctrl+C: SIGINT at a random moment (exit 130, and exactly the briefs it says it committed).

A run "survives" when it ends within the time limit (no hang), prints no traceback, exits with the
code expected and loses no committed brief. The default run takes two to four minutes on 2 cores.

    .venv/bin/python bench/stress.py [--opens 20] [--kills 20] [--full 10] [--sigint 10] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 60.0
"""A process still running after this long is a hang (it is then killed)."""
COMMITTED = re.compile(r"; (\d+) briefs? committed before it")
SUMMARY = re.compile(r"^imported (\d+), updated (\d+),", re.MULTILINE)


@dataclass
class Tally:
    """Counts for one kind of trouble."""

    tried: int = 0
    survived: int = 0
    hangs: int = 0
    tracebacks: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def record(self, *, hang: bool, traceback: bool, lost: int, ok: bool, note: str = "") -> None:
        """Add one run."""
        self.tried += 1
        self.hangs += hang
        self.tracebacks += traceback
        self.lost += max(0, lost)
        if ok and not hang and not traceback and lost <= 0:
            self.survived += 1
        elif note and len(self.notes) < 3:
            self.notes.append(note)


def brief_command(store: Path, *args: str) -> list[str]:
    """The command line of ``brief --store STORE ARGS``."""
    return [sys.executable, "-m", "tui", "--store", str(store), *args]


def env() -> dict[str, str]:
    """The environment of the processes started (brief from this checkout)."""
    return dict(os.environ, PYTHONPATH=str(PROJECT), COLUMNS="100")


def finish(proc: subprocess.Popen[str], limit: float = TIME_LIMIT) -> tuple[bool, str, str]:
    """(hung, stdout, stderr) of ``proc``; a hung process is killed."""
    try:
        out, err = proc.communicate(timeout=limit)
        return False, out, err
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return True, out, err


def start(store: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``brief`` in its own process group (so a hang can be killed whole)."""
    return subprocess.Popen(
        brief_command(store, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
        start_new_session=True,
    )


def count_briefs(store: Path) -> int:
    """Briefs in the store (0 when there is none), read by a plain connection."""
    if not store.exists():
        return 0
    conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'briefs'").fetchone() is None:
            return 0  # stopped before it made its tables
        return int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
    finally:
        conn.close()


def count_copy(store: Path, work: Path) -> int:
    """Briefs in a copy of ``store`` and its WAL, made where there is room to read it."""
    copy = work / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for suffix in ("", "-wal"):
        if Path(f"{store}{suffix}").exists():
            shutil.copy(f"{store}{suffix}", copy / f"s.db{suffix}")
    return count_briefs(copy / "s.db")


def first_opens(work: Path, n: int) -> Tally:
    """``n`` processes open the same new store at once; each must succeed, the samples stored once."""
    tally = Tally()
    samples = len([p for p in (PROJECT / "articles").iterdir() if p.suffix in (".txt", ".md")])
    for round_ in range(max(1, n // 20) if n else 0):
        store = work / f"first-{round_}.db"
        procs = [start(store, "list", "--json") for _ in range(min(20, n))]
        results = [finish(p) for p in procs]
        stored = count_briefs(store)
        for proc, (hung, _, err) in zip(procs, results, strict=True):
            ok = proc.returncode == 0 and stored == samples
            tally.record(hang=hung, traceback="Traceback" in err, lost=samples - stored, ok=ok, note=err[-300:])
    return tally


def kills(work: Path, corpus: Path, n: int, rng: random.Random) -> Tally:
    """Imports killed with SIGKILL at random moments; every brief seen committed must remain."""
    tally = Tally()
    store = work / "killed.db"
    for _ in range(n):
        before = count_briefs(store)
        proc = start(store, "import", str(corpus))
        deadline = time.monotonic() + rng.uniform(0.3, 4.0)
        seen = before
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                seen = max(seen, count_briefs(store))
            except sqlite3.Error:
                pass
            time.sleep(0.05)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        hung, _, err = finish(proc)
        check = subprocess.run(brief_command(store, "check"), capture_output=True, text=True, env=env(), timeout=120)
        after = count_briefs(store)
        ok = check.returncode == 0 or not store.exists()  # killed before it made the store
        traceback = "Traceback" in err + check.stderr
        tally.record(hang=hung, traceback=traceback, lost=seen - after, ok=ok, note=check.stdout + check.stderr)
    return tally


def disk_full(work: Path, corpus: Path, n: int) -> Tally:
    """Imports into a small tmpfs: exit 2, the cause named, the briefs said committed all there."""
    tally = Tally()
    mount = work / "tmpfs"
    mount.mkdir()
    for _ in range(n):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True)
        if done.returncode != 0:
            tally.notes.append(f"skipped: cannot mount a tmpfs ({done.stderr.decode().strip()})")
            return tally
        try:
            store = mount / "s.db"
            proc = start(store, "import", str(corpus))
            hung, _, err = finish(proc)
            match = COMMITTED.search(err)
            said = int(match.group(1)) if match else -1
            stored = count_copy(store, work)
            ok = proc.returncode == 2 and f"disk full: {store}" in err and said == stored
            tally.record(hang=hung, traceback="Traceback" in err, lost=said - stored, ok=ok, note=err[-300:])
        finally:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)
    return tally


def interrupts(work: Path, corpus: Path, n: int, rng: random.Random) -> Tally:
    """SIGINT (Ctrl+C) at random moments: exit 130, and the briefs said committed all there."""
    tally = Tally()
    for i in range(n):
        store = work / f"sigint-{i}.db"
        proc = start(store, "import", str(corpus))
        time.sleep(rng.uniform(0.2, 4.0))
        os.killpg(proc.pid, signal.SIGINT)  # the whole group, as a terminal's Ctrl+C does
        hung, out, err = finish(proc)
        stored = count_briefs(store)
        if proc.returncode == 130:
            match = COMMITTED.search(err)
            said = int(match.group(1)) if match else (0 if "interrupted" in err else -1)
            ok = said == stored
        elif proc.returncode == -signal.SIGINT:
            # Killed by the signal itself: it came as the interpreter ended, after brief's code
            # (Python gives SIGINT its default action back then); a shell shows 130 too.
            match = SUMMARY.search(out)
            said = int(match.group(1)) + int(match.group(2)) if match else stored
            ok = True
        else:  # finished before the signal came: every brief imported
            said, ok = stored, proc.returncode == 0
        tally.record(hang=hung, traceback="Traceback" in err, lost=said - stored, ok=ok, note=err[-300:] + out[-200:])
    return tally


def main() -> int:
    """Run every kind of trouble and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opens", type=int, default=20)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--full", type=int, default=10)
    parser.add_argument("--sigint", type=int, default=10)
    parser.add_argument("--briefs", type=int, default=3000, help="briefs in the corpus imported")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="brief-stress-") as tmp:
        work = Path(tmp)
        made = subprocess.run(
            [sys.executable, str(PROJECT / "bench" / "corpus.py"), str(options.briefs), "--root", str(work / "corpus")],
            capture_output=True,
            text=True,
            check=True,
        )
        corpus = Path(made.stdout.strip().splitlines()[-1])
        started = time.monotonic()
        rows = [
            ("first opens", first_opens(work, options.opens)),
            ("kill -9 imports", kills(work, corpus, options.kills, rng)),
            ("disk-full imports", disk_full(work, corpus, options.full)),
            ("Ctrl+C imports", interrupts(work, corpus, options.sigint, rng)),
        ]
        elapsed = time.monotonic() - started
    total = Tally()
    for _, tally in rows:
        total.tried += tally.tried
        total.survived += tally.survived
        total.hangs += tally.hangs
        total.tracebacks += tally.tracebacks
        total.lost += tally.lost
    print(f"{'trouble':<20} {'tried':>6} {'survived':>9} {'hangs':>6} {'tracebacks':>11} {'lost':>5}")
    for name, t in [*rows, ("total", total)]:
        print(f"{name:<20} {t.tried:>6} {t.survived:>9} {t.hangs:>6} {t.tracebacks:>11} {t.lost:>5}")
    print(f"({elapsed:.0f} s)")
    for name, tally in rows:
        for note in tally.notes:
            print(f"{name}: {note.strip()}")
    return 0 if total.survived == total.tried else 1


if __name__ == "__main__":
    raise SystemExit(main())
