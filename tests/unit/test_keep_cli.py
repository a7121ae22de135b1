"""``brief rm``, ``brief prune``, ``brief stats`` and ``brief feeds keep`` as a user runs them (in
process): exit codes, what is removed and kept, and figures checked against SQLite's own counts."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from feed_server import RSS, Reply, feed_server, rss
from store_helpers import import_batch

from tui.cli import main
from tui.models import Article, Block
from tui.store.store import Store

TODAY = datetime.now(UTC).date()


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


AGES = {"old-400": 400, "old-100": 100, "recent-10": 10, "today": 0}
"""Briefs by how many days ago they are dated."""


def make_store(path: Path) -> Path:
    with Store.open(path) as store:
        import_batch(
            store,
            [
                Article(id=i, title=f"خبر {i}", blocks=(Block("text", f"نص الخبر {i} عن المدينة."),), date=day(n))
                for i, n in AGES.items()
            ]
            + [Article(id="undated", title="بلا تاريخ", blocks=(Block("text", "نص بلا تاريخ."),))],
        )
        store.set_bookmarked("old-400", True)
        store.set_read("today", True)
    return path


def run(store: Path, *args: str) -> int:
    return main(["--store", str(store), *args])


def ids(store: Path) -> set[str]:
    with sqlite3.connect(store) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM briefs")}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_store(tmp_path / "s.db")


def test_rm_removes_and_prints_each_brief(db: Path, capsys) -> None:
    assert run(db, "rm", "old-100", "today") == 0
    assert capsys.readouterr().out.splitlines() == [
        "removed old-100: خبر old-100",
        "removed today: خبر today",
        "removed 2 briefs",
    ]
    assert ids(db) == {"old-400", "recent-10", "undated"}
    assert run(db, "check") == 0


@pytest.mark.parametrize(
    ("command", "gone"),
    [(["rm", "old-100", "today"], {"old-100", "today"}), (["prune", "--older-than", "50"], {"old-400", "old-100"})],
)
def test_a_removal_whose_space_cannot_be_given_back_says_what_it_removed(
    db: Path, capsys, monkeypatch, command: list[str], gone: set[str]
) -> None:
    """The briefs are removed (committed) before their pages are given back; a full disk then
    fails the giving back only: the removal is reported, with a warning, not called a failure."""
    from tui import keep_commands
    from tui.store import pruning

    def full(*_args, **_kwargs) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(keep_commands, "reclaim", full)
    monkeypatch.setattr(pruning, "is_incremental", lambda store: True)
    assert run(db, *command) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1].startswith("removed 2 briefs")
    assert err == (
        f"brief: warning: the removed briefs' space was not given back (disk full: {db} (free some space on that"
        " disk and try again)); the next imports reuse it, and brief prune gives it back later\n"
    )
    assert ids(db) == (set(AGES) | {"undated"}) - gone
    assert run(db, "check") == 0


def test_damage_found_while_giving_the_space_back_is_said_as_damage(db: Path, capsys, monkeypatch) -> None:
    from tui import keep_commands
    from tui.store import pruning

    def damaged(*_args, **_kwargs) -> int:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(keep_commands, "reclaim", damaged)
    monkeypatch.setattr(pruning, "is_incremental", lambda store: True)
    assert run(db, "rm", "today") == 2
    assert "the store is damaged" in capsys.readouterr().err


def test_rm_json(db: Path, capsys) -> None:
    assert run(db, "rm", "today", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"removed": [{"id": "today", "title": "خبر today"}], "unlinked": 0}


def test_rm_an_unknown_id_exits_2_naming_it_and_removes_nothing(db: Path, capsys) -> None:
    assert run(db, "rm", "today", "missing\x1b[31m") == 2
    err = capsys.readouterr().err
    assert f"no brief with id 'missing␛[31m' in {db};" in err and "nothing was removed (see 'brief list')" in err
    assert ids(db) == set(AGES) | {"undated"}


def test_prune_older_than_removes_old_briefs_bookmarked_too(db: Path, capsys) -> None:
    assert run(db, "prune", "--older-than", "30") == 0
    (out,) = capsys.readouterr().out.splitlines()  # --dry-run lists them
    assert out.startswith(f"removed 2 briefs dated before {day(30)}; the store is ")
    assert ids(db) == {"recent-10", "today", "undated"}  # undated: imported today


def test_prune_keep_bookmarked(db: Path) -> None:
    assert run(db, "prune", "--older-than", "30", "--keep-bookmarked") == 0
    assert ids(db) == {"old-400", "recent-10", "today", "undated"}


def test_prune_dry_run_lists_and_removes_nothing(db: Path, capsys) -> None:
    assert run(db, "prune", "--older-than", "5", "--dry-run") == 0
    assert capsys.readouterr().out.splitlines() == [
        "would remove old-400: خبر old-400",
        "would remove old-100: خبر old-100",
        "would remove recent-10: خبر recent-10",
        f"would remove 3 briefs dated before {day(5)}",
    ]
    assert ids(db) == set(AGES) | {"undated"}


def test_prune_gives_the_space_back_and_switches_to_incremental_vacuum(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    body = tuple(Block("text", f"فقرة طويلة رقم {n} " * 40) for n in range(20))
    with Store.open(path) as store:
        import_batch(store, [Article(id=f"b{i}", title=f"خبر {i}", blocks=body, date=day(i)) for i in range(200)])
    size = path.stat().st_size
    index_bytes = "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'briefs_fts%'"
    with sqlite3.connect(path) as conn:
        index_before = conn.execute(index_bytes).fetchone()[0]
    assert run(path, "prune", "--older-than", "100") == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        # Half the briefs went: the index was merged, so their entries left it too.
        assert conn.execute(index_bytes).fetchone()[0] < index_before * 0.75
    assert path.stat().st_size < size * 0.75
    # The next prune gives pages back step by step.
    assert run(path, "prune", "--older-than", "50") == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert ids(path) == {f"b{i}" for i in range(51)}
    assert run(path, "check") == 0


def test_prune_says_how_much_smaller_the_store_file_became(tmp_path: Path, capsys) -> None:
    """The bytes said freed are those the file lost (the write-ahead log the removal filled, given
    back with it, was counted as freed too: more than the whole store)."""
    path = tmp_path / "big.db"
    body = tuple(Block("text", f"فقرة طويلة رقم {n} " * 40) for n in range(20))
    with Store.open(path) as store:
        import_batch(store, [Article(id=f"b{i}", title=f"خبر {i}", blocks=body, date=day(i)) for i in range(200)])
    for days in ("150", "100"):
        size = path.stat().st_size
        assert not path.with_name(path.name + "-wal").exists() or not path.with_name(path.name + "-wal").stat().st_size
        capsys.readouterr()
        assert run(path, "prune", "--older-than", days, "--json") == 0
        freed = json.loads(capsys.readouterr().out)["freed_bytes"]
        assert 0 < freed == size - path.stat().st_size


def test_a_prune_gives_back_the_space_a_stopped_removal_left(tmp_path: Path, capsys) -> None:
    """Briefs removed by a removal that ended before giving their pages back (killed): the next
    prune, though it removes nothing, gives them back."""
    from tui.store.removal import delete

    path = tmp_path / "big.db"
    body = tuple(Block("text", f"فقرة طويلة رقم {n} " * 40) for n in range(20))
    with Store.open(path) as store:
        import_batch(store, [Article(id=f"b{i}", title=f"خبر {i}", blocks=body, date=day(i)) for i in range(100)])
        delete(store, [f"b{i}" for i in range(50)])  # committed, the pages not given back
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] > 0
    size = path.stat().st_size
    capsys.readouterr()
    assert run(path, "prune", "--older-than", "1000", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["removed"] == [] and 0 < report["freed_bytes"] == size - path.stat().st_size
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prune", "--older-than", "-1"], "--older-than: give a whole number of days"),
        (["prune", "--older-than", "abc"], "--older-than: give a whole number of days from 0 to 100000, not 'abc'"),
        (["prune", "--older-than", "²"], "--older-than: give a whole number of days from 0 to 100000, not '²'"),
        (["prune", "--older-than", "100001"], "--older-than: give a whole number of days from 0 to 100000, not 100001"),
        (["prune"], "give --older-than DAYS, or set keep_days"),
        (["prune", "--older-than", "3", "--feed", "nope"], "no feed 'nope' is subscribed"),
    ],
)
def test_prune_mistakes_exit_2(db: Path, capsys, args: list[str], message: str) -> None:
    try:
        code = run(db, *args)
    except SystemExit as exc:  # argparse's own exit, for a value its type refuses
        code = int(exc.code or 0)
    assert code == 2
    assert message in capsys.readouterr().err
    assert ids(db) == set(AGES) | {"undated"}


def test_prune_without_older_than_applies_keep_days_and_keeps_bookmarks(db: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"  # BRIEF_CONFIG (tests/conftest.py)
    config.write_text("keep_days = 50\n", encoding="utf-8")
    assert run(db, "prune") == 0
    assert ids(db) == {"old-400", "recent-10", "today", "undated"}  # old-400 is bookmarked
    config.write_text('keep_days = "soon"\n', encoding="utf-8")
    assert run(db, "prune") == 2


def test_stats_against_sqlite_counts(db: Path, capsys) -> None:
    assert run(db, "rm", "recent-10") == 0
    capsys.readouterr()
    assert run(db, "stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    with sqlite3.connect(db) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        fts = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'briefs_fts%'").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    assert {k: stats[k] for k in ("briefs", "feeds", "unread", "bookmarked", "schema_version")} == {
        "briefs": 4,  # five imported, one removed
        "feeds": 0,
        "unread": 3,  # "today" was read
        "bookmarked": 1,
        "schema_version": version,
    }
    assert version >= 7  # the store has the removal table and per-feed keep_days
    sizes = stats["bytes"]
    assert sizes["file"] == page * pages and sizes["free"] == page * free
    assert sizes["text"] + sizes["index"] + sizes["other"] + sizes["free"] == sizes["file"]
    assert sizes["index"] == fts and stats["method"] == "dbstat"


def test_stats_without_dbstat_estimates_the_same_parts(db: Path) -> None:
    from tui.store.stats import measure

    with sqlite3.connect(db) as conn:
        exact, estimate = measure(conn), measure(conn, use_dbstat=False)
    assert estimate.method == "estimate" and exact.method == "dbstat"
    assert estimate.file_bytes == exact.file_bytes and estimate.briefs == exact.briefs
    # By content length the parts are smaller than by page, never larger.
    assert 0 < estimate.text_bytes <= exact.text_bytes and 0 < estimate.index_bytes <= exact.index_bytes


def _feed(base: str, now: datetime) -> bytes:
    """Three entries 200, 40 and 1 days before ``now`` (fixed for a test: each answer the same bytes,
    or a fetch a second later would find every entry changed)."""

    def item(n: int, days_ago: int) -> dict[str, str]:
        when = now - timedelta(days=days_ago)
        return {
            "guid": f"g{n}",
            "title": f"خبر الموجز {n}",
            "link": f"{base}/e{n}",
            "date": format_datetime(when),
            "html": f"<p>نص الخبر {n}.</p>",
        }

    return rss("موجز", [item(1, 200), item(2, 40), item(3, 1)])


def test_keep_days_after_each_fetch_per_feed_and_pruned_entries_stay_away(tmp_path: Path, capsys) -> None:
    store = tmp_path / "f.db"
    config = tmp_path / "config.toml"
    with feed_server() as server:
        now = datetime.now(UTC)
        url = server.set("/feed.xml", lambda request: Reply(200, _feed(server.base, now), RSS))
        assert run(store, "feeds", "add", url) == 0
        assert len(ids(store)) == 3
        config.write_text("keep_days = 100\n", encoding="utf-8")
        assert run(store, "fetch") == 0
        assert capsys.readouterr().out.splitlines()[-1] == "pruned 1 brief older than keep_days"
        assert len(ids(store)) == 2
        assert run(store, "feeds", "keep", url, "10") == 0  # the feed's own setting wins
        assert capsys.readouterr().out.strip() == f"{url}: 10 days"
        assert run(store, "fetch") == 0  # the feed answers with all three entries again
        titles = json.loads(_out(capsys, store, "list", "--json"))
        assert [b["title"] for b in titles] == ["خبر الموجز 3"]
        assert run(store, "feeds", "keep", url, "never") == 0
        assert run(store, "fetch") == 0  # nothing is pruned now: removed entries do not come back
        assert [b["title"] for b in json.loads(_out(capsys, store, "list", "--json"))] == ["خبر الموجز 3"]
        assert run(store, "feeds", "keep", url, "soon") == 2
        assert "never or default, not 'soon'" in capsys.readouterr().err
        assert run(store, "feeds", "keep", url, "default") == 0  # says what the default is
        assert capsys.readouterr().out.strip() == f"{url}: the global keep_days (100 days)"
        config.unlink()
        assert run(store, "feeds", "keep", url) == 0
        assert capsys.readouterr().out.strip() == f"{url}: the global keep_days (none set: never pruned)"


def test_the_readers_fetch_says_what_keep_days_pruned(tmp_path: Path, capsys) -> None:
    """The reader's ``r`` (``brief fetch --events``) hears how many briefs its fetch pruned, and says so."""
    from tui.ui.fetching import notice_lines

    store = tmp_path / "f.db"
    with feed_server() as server:
        now = datetime.now(UTC)
        url = server.set("/feed.xml", lambda request: Reply(200, _feed(server.base, now), RSS))
        assert run(store, "feeds", "add", url) == 0
        (tmp_path / "config.toml").write_text("keep_days = 100\n", encoding="utf-8")
        capsys.readouterr()
        assert run(store, "fetch", "--events") == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary = next(e for e in events if e["event"] == "summary")
    assert summary["pruned"] == 1
    assert notice_lines(summary)[0] == "fetched 1 feed: 0 new briefs, 1 older than keep_days pruned"


def _out(capsys, store: Path, *args: str) -> str:
    capsys.readouterr()
    assert run(store, *args) == 0
    return capsys.readouterr().out


def test_a_dry_run_lists_the_oldest_moment_first_whatever_its_zone(tmp_path: Path) -> None:
    from tui.store.pruning import PrunePlan, plan_briefs

    store = Store.open(tmp_path / "s.db")
    written = {"east": "2020-05-01T09:00:00+03:00", "west": "2020-05-01T07:00:00Z", "day": "2020-05-01"}
    import_batch(
        store,
        [Article(id=i, title=i, blocks=(Block("text", "نص"),), date=d, content_hash=i) for i, d in written.items()],
    )
    taken = plan_briefs(store, [PrunePlan(days=30)], now=datetime(2021, 1, 1, tzinfo=UTC))
    assert [bid for bid, _ in taken] == ["day", "east", "west"]  # 06:00 UTC before 07:00 UTC
    store.close()


def test_feeds_add_on_a_terminal_says_what_it_waits_for(tmp_path: Path, monkeypatch, capsys) -> None:
    """A slow server would leave the terminal silent for up to 30 s; into a pipe nothing is added."""
    import io
    import sys

    class TtyErr(io.StringIO):
        def isatty(self) -> bool:
            return True

    with feed_server() as server:
        now = datetime.now(UTC)
        url = server.set("/feed.xml", lambda request: Reply(200, _feed(server.base, now), RSS))
        err = TtyErr()
        monkeypatch.setattr(sys, "stderr", err)
        assert run(tmp_path / "f.db", "feeds", "add", url, "--timeout", "12") == 0
        assert err.getvalue().splitlines()[-1] == f"fetching {url} (each request at most 12 s)…"
        assert run(tmp_path / "f.db", "feeds", "add", url) == 0  # subscribed already: nothing fetched, nothing said
        assert len(err.getvalue().splitlines()) == 2  # the new store, then the one fetch
        monkeypatch.undo()
        capsys.readouterr()
        assert run(tmp_path / "g.db", "feeds", "add", url) == 0
        assert "fetching" not in capsys.readouterr().err


def test_the_days_parser_names_the_bound_prune_checks() -> None:
    from tui.importing.keeping import MAX_DAYS
    from tui.keep_parsers import MAX_DAYS_TEXT

    assert int(MAX_DAYS_TEXT) == MAX_DAYS


def test_feeds_keep_hides_a_feeds_password(tmp_path: Path, capsys) -> None:
    """``feeds keep`` names the feed as every other feed command does: its password as ``***``."""
    store = tmp_path / "f.db"
    with feed_server() as server:
        url = server.set("/feed.xml", lambda request: Reply(200, _feed(server.base, datetime.now(UTC)), RSS))
        secret = url.replace("http://", "http://alice:s3cret@")
        assert run(store, "feeds", "add", secret) == 0
        capsys.readouterr()
        assert run(store, "feeds", "keep", secret, "10") == 0
        assert run(store, "feeds", "keep", secret) == 0
    shown = url.replace("http://", "http://alice:***@")
    assert capsys.readouterr().out.splitlines() == [f"{shown}: 10 days", f"{shown}: 10 days"]


@pytest.mark.parametrize(
    "command", [["prune", "--older-than", "50", "--dry-run"], ["rm", "old_brief_with_a_long_id_of_forty_letters"]]
)
def test_a_long_title_is_cut_to_the_terminal_whatever_the_ids_length(
    tmp_path: Path, capsys, monkeypatch, command: list[str]
) -> None:
    """``would remove ID: TITLE`` and ``removed ID: TITLE`` fit the terminal's width, as ``brief
    list``'s lines do: cut after the id, not 40 cells short of the width whatever the id (a line
    the terminal wraps shows a right-to-left title's first words on the next line)."""
    from rich.cells import cell_len

    long_id = "old_brief_with_a_long_id_of_forty_letters"
    title = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري بعد أسابيع من التوتر"
    with Store.open(tmp_path / "s.db") as store:
        import_batch(store, [Article(id=long_id, title=title, blocks=(Block("text", "نص."),), date=day(100))])
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--store", str(tmp_path / "s.db"), "--bidi", "app", *command]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if long_id in line)
    assert cell_len(line) <= 80
    assert "…" in line  # cut, not left whole
