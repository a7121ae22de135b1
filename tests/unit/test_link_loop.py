"""A symbolic link loop in a folder is reported, and every other file of the folder is imported.

Real links on disk: ``loop.txt`` points at itself, so asking whether it is a file raises ELOOP.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.importers.load import LoadFailure, locate_brief_files


def test_a_link_loop_is_reported_and_the_rest_of_its_folder_found(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    names = [f"b{i:03d}.txt" for i in range(200)]
    for name in names:
        (folder / name).write_text("---\ntitle: خبر\n---\nنص.\n", encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("ping.txt", folder / "pong.txt")
    os.symlink("pong.txt", folder / "ping.txt")
    files, failures = locate_brief_files([folder])
    assert sorted(Path(path).name for path, _ in files) == names
    assert sorted(failures, key=lambda f: f.path) == [
        LoadFailure(str(folder / name), "symbolic link loop") for name in ("loop.txt", "ping.txt", "pong.txt")
    ]
