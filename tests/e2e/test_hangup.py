"""A reader whose terminal goes away without a SIGHUP reaching it leaves all the same.

The reader runs in a session of its own with a pseudo-terminal that is not its controlling
terminal (as under ``setsid``, or ``sh -c`` started in another session): closing the terminal's
master side hangs the terminal up and sends no signal. Before the reader watched for that, it went
on reading the hung-up terminal forever, a core at 100%.
"""

from __future__ import annotations

import os
import select
import time
from pathlib import Path

import pytest
from pty_helpers import reader_on_a_pty

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_the_reader_leaves_when_its_terminal_hangs_up_without_a_signal(tmp_path: Path) -> None:
    reader, master = reader_on_a_pty(tmp_path)
    try:
        shown, deadline = b"", time.monotonic() + 30
        while b"unread" not in shown and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                shown += os.read(master, 65536)
        assert b"unread" in shown  # the reader is up, its list painted
        os.close(master)
        master = -1
        hung = time.monotonic()
        status = reader.wait(timeout=15)
        # as on SIGHUP: 128 + 1, within about the watch's period (1 s), not spinning until killed
        assert status == 129
        assert time.monotonic() - hung < 10
    finally:
        if master >= 0:
            os.close(master)
        if reader.poll() is None:
            ticks = _cpu_ticks(reader.pid)
            reader.kill()
            reader.wait()
            pytest.fail(f"the reader was still running after its terminal hung up ({ticks} ticks of CPU)")
