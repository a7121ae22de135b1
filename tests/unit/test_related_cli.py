"""``brief related``: the JSON shape, the same story and related briefs, exit 2 for an unknown id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "data" / "same_story" / "briefs"
STORY = "001_turkey_idlib_first_military_step"


def brief(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), COLUMNS="100")
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=60)


def test_related_json(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for variant in ("original", "retitled", "combined"):
        name = f"{STORY}__{variant}.txt"
        (folder / name).write_bytes((SET / name).read_bytes())
    # The same topic, another story, under a title no read-also line names.
    text = (SET / "002_erdogan_idlib_emergency__original.txt").read_text(encoding="utf-8")
    lines = ["title: نتائج أستانة" if ln.startswith("title:") else ln for ln in text.splitlines()]
    (folder / "other.txt").write_text("\n".join(ln for ln in lines if not ln.startswith("اقرأ")), encoding="utf-8")
    store = tmp_path / "s.db"
    assert brief("import", str(folder), store=store).returncode == 0
    r = brief("related", f"{STORY}__original", "--json", store=store)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"id", "same_story", "related"} and data["id"] == f"{STORY}__original"
    assert {item["id"] for item in data["same_story"]} == {f"{STORY}__retitled", f"{STORY}__combined"}
    assert [item["id"] for item in data["related"]] == ["other"]
    for item in data["same_story"] + data["related"]:
        assert set(item) == {"id", "title", "source", "score"} and 0 <= item["score"] <= 1
    assert all(item["score"] >= 0.35 for item in data["same_story"])
    by_id = {item["id"]: item for item in data["same_story"]}
    assert by_id[f"{STORY}__retitled"]["source"] == "agency"
    assert by_id[f"{STORY}__retitled"]["title"].startswith("عاجل: ")
    assert brief("related", f"{STORY}__original", "--json", "--limit", "0", store=store).stdout.count('"other"') == 0
    text_out = brief("related", f"{STORY}__original", store=store)
    assert text_out.returncode == 0 and f"{STORY}__combined" in text_out.stdout and "related:" in text_out.stdout


def test_related_unknown_id_and_bad_limit(tmp_path: Path) -> None:
    for args in (("related", "nope"), ("related", "nope", "--json")):
        r = brief(*args, store=tmp_path / "s.db")
        assert r.returncode == 2 and "nope" in r.stderr and "Traceback" not in r.stderr
    r = brief("related", "000_6b818919d795fa73", "--limit", "-1", store=tmp_path / "s.db")
    assert r.returncode == 2 and "--limit" in r.stderr
