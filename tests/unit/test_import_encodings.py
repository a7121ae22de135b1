"""`brief import` of real-world files: encodings, line ends, and bad files that fail alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "---\ntitle: أمطار غزيرة على المدينة\ndate: 2024-03-23\n---\n"
    "هطلت الأمطار (بغزارة) طوال الليل.\nاقرأ أيضاً: عنوان آخر\n"
)


def test_every_encoding_imports_the_same_brief(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    variants = {
        "utf8": (TEXT.encode("utf-8"), "utf-8"),
        "utf8bom": (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        "utf16le": (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        "utf16be": (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        "cp1256": (TEXT.encode("cp1256"), "cp1256"),
        "crlf": (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    }
    for name, (data, _) in variants.items():
        (folder / f"{name}.txt").write_bytes(data)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nobody.txt").write_text("---\ntitle: front matter only\n---\n", encoding="utf-8")
    store_path = tmp_path / "s.db"
    env = dict(os.environ, BRIEF_STORE=str(store_path), PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-m", "tui", "import", str(folder)], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert lines[-1] == "imported 6, updated 0, unchanged 0, failed 3"
    for bad in ("binary.txt", "empty.txt", "nobody.txt"):
        assert sum(bad in line for line in lines[:-1]) == 1
    with Store.open(store_path) as store:
        for name, (_, encoding) in variants.items():
            article = store.get(name)
            assert article is not None, name
            assert article.title == "أمطار غزيرة على المدينة"
            assert article.paragraphs == ("هطلت الأمطار (بغزارة) طوال الليل.",)
            assert [b.text for b in article.links] == ["عنوان آخر"]
            assert article.encoding == encoding
