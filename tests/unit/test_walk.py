"""The compact list of brief files (tui.importers.walk): the order and pairs that sorting full paths
gives, each file once, and far less memory than a list of path tuples."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from tui.importers.load import locate_brief_files

TREE = [
    "a.txt",
    "a-1.txt",
    "a/z.txt",
    "a/b/c.md",
    "a/b.txt",
    "a b/x.TXT",
    "ab/y.txt",
    "B.md",
    "zz/deep/er/one.txt",
    "notes.pdf",
    ".hidden/h.txt",
    "a/.h.txt",
    "عربي/خبر.txt",
]


def _tree(root: Path) -> None:
    for rel in TREE:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (root / "link.txt").symlink_to(root / "a" / "z.txt")  # the same file twice: listed once
    (root / "dirlink").symlink_to(root / "a", target_is_directory=True)  # not followed


def _oracle(root: Path) -> list[tuple[str, str]]:
    """What the old walk gave: every brief file under root (hidden skipped, folder links not
    followed), sorted by the components of its path, the first of each resolved file kept."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in {".txt", ".md"}:
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    found.append((path, os.path.realpath(path)))
    found.sort(key=lambda pair: pair[0].split(os.sep))
    seen: set[str] = set()
    out = []
    for path, real in found:
        if real not in seen:
            seen.add(real)
            out.append((path, real))
    return out


def test_files_come_in_path_order_each_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    files, failures = locate_brief_files([tmp_path])
    assert failures == []
    assert list(files) == _oracle(tmp_path)
    assert len(files) == len(_oracle(tmp_path)) == 10
    assert files[0] == (str(tmp_path / "B.md"), str((tmp_path / "B.md").resolve()))
    assert files[-1] == files[len(files) - 1] and files[1:3] == list(files)[1:3]


def test_a_path_given_twice_or_inside_another_is_listed_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    files, _ = locate_brief_files([tmp_path / "a", tmp_path, tmp_path / "a.txt", tmp_path / "a"])
    paths = [path for path, _ in files]
    assert len(paths) == len({real for _, real in files}) == 10
    # The folder given first keeps its own files' paths as found there, first.
    assert paths[:3] == [
        str(tmp_path / "a" / "b" / "c.md"),
        str(tmp_path / "a" / "b.txt"),
        str(tmp_path / "a" / "z.txt"),
    ]


def test_a_symlinked_file_keeps_the_path_it_was_found_at(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "l.txt").symlink_to(tmp_path / "real" / "r.txt")
    files, _ = locate_brief_files([tmp_path / "in", tmp_path / "real"])
    assert list(files) == [(str(tmp_path / "in" / "l.txt"), str((tmp_path / "real" / "r.txt").resolve()))]


def test_the_list_is_compact(tmp_path: Path) -> None:
    folder = tmp_path / "a-rather-long-folder-name-for-the-briefs-of-one-feed" / "2026-12"
    folder.mkdir(parents=True)
    n = 3000
    for i in range(n):
        (folder / f"b{i:07d}.txt").write_bytes(b"x")
    tracemalloc.start()
    files, _ = locate_brief_files([tmp_path])
    kept, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    as_tuples = [tuple(p) for p in files]
    # A list of (path, resolved path) tuples of distinct strings: what the list used to be.
    tuple_bytes = sum(t.__sizeof__() + sum(s.__sizeof__() for s in t) + 8 for t in ((a, b + "") for a, b in as_tuples))
    assert len(files) == n
    assert kept < tuple_bytes / 2, (kept, tuple_bytes)
