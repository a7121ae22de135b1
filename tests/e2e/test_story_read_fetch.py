"""A story read is read in every copy: a fetched entry that joins a same-story group the reader has
read arrives read (``mark_story_read``, on by default), an entry of another story arrives unread,
and ``mark_story_read = false`` leaves every new entry unread.

The briefs are the labelled same-story set's (``tests/data/same_story``): the Idlib brief as first
written, imported as a file and read, then two republished variants of it (retitled, a paragraph
dropped) and a brief of another story arriving by feed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from feed_fixtures import Brief
from feed_server import Reply, feed_server, rss

from tui.importers.load import load_file
from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
BRIEFS = ROOT / "tests" / "data" / "same_story" / "briefs"
ORIGINAL = BRIEFS / "001_turkey_idlib_first_military_step__original.txt"


def _item(name: str, base: str, date: str) -> dict[str, str]:
    """An RSS item carrying the labelled set's brief ``name`` (its title, its paragraphs)."""
    article = load_file(BRIEFS / name)
    html = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return {"guid": name, "title": escape(article.title), "link": f"{base}/{name}", "date": date, "html": html}


def _brief(tmp_path: Path, config: str, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    done = Brief(tmp_path / "store.db", tmp_path / "config.toml")(*args)
    assert done.returncode == 0, done.stderr
    return done


def _read_original(tmp_path: Path, config: str) -> str:
    """Import the original as a file and read it; its id."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / ORIGINAL.name).write_bytes(ORIGINAL.read_bytes())
    _brief(tmp_path, config, "import", str(folder))
    with Store.open(tmp_path / "store.db") as store:
        (row,) = store.list_rows()
        store.set_read(row.id)
        return row.id


def _read_flags(tmp_path: Path) -> dict[str, bool]:
    """Each brief's read flag, by the labelled set's file name (the entry's guid) or the file's id."""
    with Store.open(tmp_path / "store.db") as store:
        return {(r.url or r.id).rsplit("/", 1)[-1]: r.read for r in store.list_rows()}


def test_a_copy_of_a_read_story_arrives_read_and_another_story_unread(tmp_path: Path) -> None:
    original = _read_original(tmp_path, "")
    with feed_server() as server:
        first = [
            _item("001_turkey_idlib_first_military_step__retitled.txt", server.base, "Mon, 30 Nov 2026 10:00:00 +0300"),
            _item("004_arabic_script_letters__original.txt", server.base, "Mon, 30 Nov 2026 09:00:00 +0300"),
        ]
        url = server.set("/wire.xml", Reply(body=rss("وكالة", first)))
        done = _brief(tmp_path, "", "feeds", "add", url)
        assert done.stdout.splitlines()[-1] == "fetched 1 feeds, failed 0, new 2, updated 0"
        assert _read_flags(tmp_path) == {
            original: True,
            "001_turkey_idlib_first_military_step__retitled.txt": True,  # the story, read already
            "004_arabic_script_letters__original.txt": False,  # another story
        }
        # The next fetch brings a third copy: read as well (by `brief fetch`, the reader's `r` too).
        dropped = _item("001_turkey_idlib_first_military_step__dropped.txt", server.base, "Tue, 01 Dec 2026 08:00:00 Z")
        server.set("/wire.xml", Reply(body=rss("وكالة", [dropped, *first])))
        done = _brief(tmp_path, "", "fetch")
        assert done.stdout.splitlines()[-1] == "fetched 1 feeds, failed 0, new 1, updated 0"
        assert _read_flags(tmp_path)["001_turkey_idlib_first_military_step__dropped.txt"] is True
        with Store.open(tmp_path / "store.db") as store:
            assert len(store.same_story(original)) == 2


def test_a_copy_stays_unread_when_the_story_is_not_all_read_or_the_setting_is_off(tmp_path: Path) -> None:
    off = "mark_story_read = false\n"
    original = _read_original(tmp_path, off)
    with feed_server() as server:
        item = _item("001_turkey_idlib_first_military_step__retitled.txt", server.base, "Mon, 30 Nov 2026 10:00:00 Z")
        url = server.set("/wire.xml", Reply(body=rss("وكالة", [item])))
        _brief(tmp_path, off, "feeds", "add", url)
        assert _read_flags(tmp_path) == {original: True, "001_turkey_idlib_first_military_step__retitled.txt": False}
        # The setting back on: a group with an unread copy in it is not a story read.
        dropped = _item("001_turkey_idlib_first_military_step__dropped.txt", server.base, "Tue, 01 Dec 2026 08:00:00 Z")
        server.set("/wire.xml", Reply(body=rss("وكالة", [dropped, item])))
        _brief(tmp_path, "mark_story_read = true\n", "fetch")
        assert _read_flags(tmp_path)["001_turkey_idlib_first_military_step__dropped.txt"] is False
