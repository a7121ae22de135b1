"""Brief files larger than the documented limit (2 MB) are refused by name; the others are imported."""

from __future__ import annotations

from pathlib import Path

from tui.importers.load import MAX_FILE_BYTES, LoadFailure
from tui.importing import run_import
from tui.store.store import Store


def _brief_of_size(path: Path, size: int) -> None:
    head = "---\ntitle: خبر طويل\n---\n".encode()
    word = "كلمة ".encode()
    room = size - len(head) - 1
    body = word * (room // len(word))
    body += b"x" * (room - len(body))  # whole letters only: the file stays UTF-8
    path.write_bytes(head + body + b"\n")
    assert path.stat().st_size == size


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_imported(tmp_path: Path) -> None:
    assert MAX_FILE_BYTES == 2 * 1024 * 1024  # the limit README documents
    folder = tmp_path / "briefs"
    folder.mkdir()
    _brief_of_size(folder / "at_limit.txt", MAX_FILE_BYTES)
    _brief_of_size(folder / "over_limit.txt", MAX_FILE_BYTES + 1)
    _brief_of_size(folder / "huge.txt", 50 * 1024 * 1024)
    with Store.open(tmp_path / "s.db") as store:
        summary = run_import(store, [folder], progress=False, out=None, workers=0)
        assert store.exists("at_limit") and not store.exists("over_limit") and not store.exists("huge")
    reason = "larger than 2 MB: a brief file is at most that; split it"
    assert summary.failures == [
        LoadFailure(str(folder / "huge.txt"), reason),
        LoadFailure(str(folder / "over_limit.txt"), reason),
    ]
