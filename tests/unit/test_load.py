"""Finding and loading brief files: folders, missing paths, unreadable and bad files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from load_helpers import find_brief_files, iter_articles

from tui.importers.load import LoadError, LoadFailure, load_file
from tui.models import Article

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def write(path: Path, data: bytes | str) -> Path:
    """Create ``path`` (and its folders) holding ``data``; text is written as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of briefs with a subfolder, hidden entries and files of other kinds."""
    root = tmp_path / "briefs"
    write(root / "b.txt", "Second brief. Body.\n")
    write(root / "a.md", "# Markdown title\nBody.\n")
    write(root / "sub" / "c.txt", "Third.\n")
    write(root / "sub" / "deeper" / "d.TXT", "Fourth.\n")
    write(root / "notes.pdf", b"%PDF-1.4")
    write(root / ".hidden.txt", "hidden\n")
    write(root / ".git" / "e.txt", "in a hidden folder\n")
    return root


def test_folder_recursion_sorted_skipping_hidden(tree: Path) -> None:
    files, failures = find_brief_files([tree])
    assert files == [tree / "a.md", tree / "b.txt", tree / "sub" / "c.txt", tree / "sub" / "deeper" / "d.TXT"]
    assert failures == []


def test_missing_path_and_wrong_extension(tree: Path) -> None:
    missing = tree / "nope.txt"
    files, failures = find_brief_files([missing, tree / "notes.pdf", str(tree / "b.txt")])
    assert files == [tree / "b.txt"]
    assert failures == [
        LoadFailure(str(missing), "no such file or folder"),
        LoadFailure(str(tree / "notes.pdf"), "not a .txt or .md file"),
    ]


def test_broken_link_in_a_folder_is_a_failure(tree: Path) -> None:
    """A link to a brief file that is gone is reported, not skipped in silence; the rest is listed."""
    (tree / "sub" / "gone.txt").symlink_to(tree / "nowhere.txt")
    files, failures = find_brief_files([tree])
    assert failures == [LoadFailure(str(tree / "sub" / "gone.txt"), "broken link")]
    assert len(files) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_device_named_like_a_brief_is_a_failure_never_opened(tree: Path) -> None:
    """A FIFO (reading it waits for a writer) and a link to /dev/zero (it never ends) in a folder:
    each is named, none is opened, the rest is listed."""
    os.mkfifo(tree / "sub" / "pipe.txt")
    (tree / "sub" / "zero.md").symlink_to("/dev/zero")
    files, failures = find_brief_files([tree])
    reason = "not a regular file (a pipe, a device or a socket)"
    assert failures == [
        LoadFailure(str(tree / "sub" / "pipe.txt"), reason),
        LoadFailure(str(tree / "sub" / "zero.md"), reason),
    ]
    assert len(files) == 4


def test_same_file_twice_is_listed_once(tree: Path) -> None:
    files, _ = find_brief_files([tree / "b.txt", tree])
    assert files.count(tree / "b.txt") == 1
    assert len(files) == 4


def test_hidden_file_named_explicitly_is_loaded(tree: Path) -> None:
    files, failures = find_brief_files([tree / ".hidden.txt"])
    assert (files, failures) == ([tree / ".hidden.txt"], [])


def test_load_file_fields(tmp_path: Path) -> None:
    data = "---\ntitle: العنوان\ndate: 2020-01-02\n---\nفقرة.\n".encode()
    path = write(tmp_path / "my-brief.txt", data)
    a = load_file(path)
    assert a.id == "my-brief"
    assert a.title == "العنوان"
    assert a.content_hash == hashlib.sha256(data).hexdigest()
    assert a.path == str(path.resolve())
    assert a.encoding == "utf-8"


def test_load_file_cp1256_and_markdown(tmp_path: Path) -> None:
    body = "# عنوان المقال\nهذه فقرة عربية مكتوبة بترميز ويندوز، وفيها كلمات كافية للتعرف عليها.\n"
    a = load_file(write(tmp_path / "old.md", body.encode("cp1256")))
    assert (a.encoding, a.title) == ("cp1256", "عنوان المقال")
    assert a.paragraphs == ("هذه فقرة عربية مكتوبة بترميز ويندوز، وفيها كلمات كافية للتعرف عليها.",)


def test_load_sample_brief() -> None:
    a = load_file(ARTICLES / "000_6b818919d795fa73.txt")
    assert a.id == "000_6b818919d795fa73"
    assert len(a.links) == 2


def test_permission_denied_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", "text\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)  # load_file reads through open (at most the size limit)
    with pytest.raises(LoadError, match="^permission denied$"):
        load_file(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file; the simulated test covers this")
def test_permission_denied_real(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "text\n")
    path.chmod(0)
    try:
        with pytest.raises(LoadError, match="^permission denied$"):
            load_file(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "not text (binary data)"),
        (b"---\ntitle: x\n", "front matter not closed (no second ---)"),
        (b"---\ntitle: x\n---\n", "no body text"),
    ],
)
def test_load_errors_carry_the_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_file(write(tmp_path / "bad.txt", data))
    assert str(caught.value) == reason
    assert caught.value.reason == reason


def test_iter_articles_continues_past_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "mix"
    write(root / "1_good.txt", "First good brief.\n")
    write(root / "2_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / "3_empty.md", b"   \n")
    write(root / "4_locked.txt", "locked\n")
    write(root / "5_good.md", "# Last\nBody.\n")
    missing = tmp_path / "missing"
    real_open = Path.open

    def open_file(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "4_locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_file)
    results = list(iter_articles([missing, root]))
    summary = [(r.id, r.title) if isinstance(r, Article) else (Path(r.path).name, r.reason) for r in results]
    assert summary == [
        ("missing", "no such file or folder"),
        ("1_good", "First good brief"),
        ("2_binary.txt", "not text (binary data)"),
        ("3_empty.md", "empty file"),
        ("4_locked.txt", "permission denied"),
        ("5_good", "Last"),
    ]


def test_iter_articles_over_samples() -> None:
    results = list(iter_articles([ARTICLES]))
    assert results and all(isinstance(r, Article) for r in results)
    assert len({r.id for r in results}) == len(results)
