"""The ``brief`` command as a user runs it: exit codes, the summary line, JSON shapes, first run."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"^imported (\d+), updated (\d+), unchanged (\d+), failed (\d+)$")


def brief(*args: str, store: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), COLUMNS="100")
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=60,
    )


def summary(out: str) -> tuple[int, ...]:
    last = out.strip().splitlines()[-1]
    m = SUMMARY.match(last)
    assert m, f"last line is not the summary: {last!r}"
    return tuple(int(g) for g in m.groups())


def sample_ids(articles_dir: Path) -> set[str]:
    return {p.stem for p in articles_dir.glob("*.txt")} | {p.stem for p in articles_dir.glob("*.md")}


def test_version_and_help(tmp_path: Path) -> None:
    r = brief("--version", store=tmp_path / "s.db")
    assert r.returncode == 0 and r.stdout.startswith("brief ")
    r = brief("--help", store=tmp_path / "s.db")
    assert r.returncode == 0
    for word in ("import", "list", "show", "search", "links", "exit codes"):
        assert word in r.stdout
    for sub in ("import", "list", "show", "search", "links"):
        r = brief(sub, "--help", store=tmp_path / "s.db")
        assert r.returncode == 0 and "usage: brief" in r.stdout


def test_first_run_of_a_reading_command_imports_the_samples(tmp_path: Path, articles_dir: Path) -> None:
    r = brief("list", "--json", store=tmp_path / "new" / "s.db")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {row["id"] for row in rows} == sample_ids(articles_dir)
    assert r.stderr == ""  # not a terminal: nothing said (see the test below)
    for row in rows:
        assert set(row) >= {"id", "title", "date", "source"}
        assert row["date"] is None or isinstance(row["date"], str)
    dated = [row["date"] for row in rows if row["date"]]
    assert dated == sorted(dated, reverse=True)
    assert all(row["date"] is None for row in rows[len(dated) :])  # undated last


def test_a_store_file_of_no_bytes_is_a_new_store(tmp_path: Path, articles_dir: Path) -> None:
    """``touch store.db`` (or a store whose making was cut short) leaves a file of no bytes: the
    reading commands make it a new store with the samples, as when there is no file (it stayed an
    empty store for good)."""
    store = tmp_path / "s.db"
    store.touch()
    r = brief("list", "--json", store=store)
    assert r.returncode == 0, r.stderr
    assert {row["id"] for row in json.loads(r.stdout)} == sample_ids(articles_dir)


def test_import_on_a_missing_store_creates_it_empty(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "one.txt").write_text("---\ntitle: One\n---\nBody of one.\n", encoding="utf-8")
    store = tmp_path / "s.db"
    r = brief("import", str(mine), store=store)
    assert r.returncode == 0, r.stderr
    assert summary(r.stdout) == (1, 0, 0, 0)
    rows = json.loads(brief("list", "--json", store=store).stdout)
    assert [row["id"] for row in rows] == ["one"]
    r = brief("import", "--samples", store=store)
    assert summary(r.stdout)[0] >= 11


def test_import_summary_and_exit_codes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("First brief. More text.\n", encoding="utf-8")
    (src / "sub" / "b.md").write_text("# Bee\n\nBody.\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe\x00" * 50)
    (src / "empty.txt").write_bytes(b"")
    store = tmp_path / "s.db"
    r = brief("import", str(src), str(tmp_path / "missing.txt"), store=store)
    assert r.returncode == 1
    assert summary(r.stdout) == (2, 0, 0, 3)
    failures = [l for l in r.stdout.splitlines()[:-1] if "failed" in l]
    assert any("bad.txt" in l for l in failures)
    assert any("empty.txt" in l for l in failures)
    assert any("missing.txt" in l for l in failures)
    # Unchanged files change nothing; a changed one is updated in place.
    (src / "a.txt").write_text("First brief, rewritten.\n", encoding="utf-8")
    r = brief("import", str(src / "a.txt"), str(src / "sub"), store=store)
    assert r.returncode == 0 and summary(r.stdout) == (0, 1, 1, 0)
    # The same file name from another folder updates that brief and says so.
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Another a.\n", encoding="utf-8")
    r = brief("import", str(other), store=store)
    assert summary(r.stdout) == (0, 1, 0, 0)
    assert "updated a from" in r.stdout
    assert brief("import", store=store).returncode == 2


@pytest.mark.parametrize(("zone", "day"), [("UTC0", "2015-11-07"), ("AST-3", "2015-11-08")])
def test_list_prints_the_day_the_reader_shows(tmp_path: Path, zone: str, day: str) -> None:
    """A brief dated at midnight in UTC+01:00 is listed on the day that moment falls on here, as the
    reader's list shows it; its JSON keeps the date as written."""
    src = tmp_path / "paris.md"
    src.write_text("---\ntitle: Midnight in Paris\ndate: 2015-11-08T00:00:00+01:00\n---\n\nBody.\n", encoding="utf-8")
    store = tmp_path / "s.db"
    assert brief("import", str(src), store=store).returncode == 0
    env = dict(os.environ, BRIEF_STORE=str(store), PYTHONPATH=str(ROOT), TZ=zone)
    listed = subprocess.run(
        [sys.executable, "-m", "tui", "list"], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert listed.stdout.split()[:2] == [day, "paris"]
    as_json = brief("list", "--json", store=store)
    assert json.loads(as_json.stdout)[0]["date"] == "2015-11-08T00:00:00+01:00"
    found = subprocess.run(
        [sys.executable, "-m", "tui", "search", "Paris"], capture_output=True, text=True, env=env, timeout=60
    )
    assert found.stdout.splitlines()[0].startswith(f"paris  ({day}, score ")  # the same day as the list


def test_list_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from tui.cli import main; rc = main(['list']);"
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr


def test_the_parser_is_built_without_the_store_or_the_exporters() -> None:
    """Every command builds the whole parser first, so what it imports every command pays for."""
    check = (
        "import sys, io, contextlib\n"
        "from tui.cli import build_parser\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        build_parser().parse_args(['export', '--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert '{md,html,txt}' in out.getvalue(), out.getvalue()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tui.store', 'tui.exporting', 'tui.importing', 'sqlite3'))))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_export_offers_the_formats_the_exporters_write() -> None:
    from tui.exporting import FORMATS
    from tui.keep_parsers import EXPORT_FORMATS

    assert EXPORT_FORMATS == tuple(FORMATS)


def test_an_older_store_is_upgraded_with_a_notice(tmp_path: Path, articles_dir: Path) -> None:
    import sqlite3

    sys.path.insert(0, str(Path(__file__).parent))
    from index_entries import make_version_3_index

    path = tmp_path / "old.db"
    assert brief("import", str(articles_dir), store=path).returncode == 0
    conn = sqlite3.connect(path)
    make_version_3_index(conn)
    conn.close()
    r = brief("search", "إدلب", store=path)
    assert r.returncode == 0, r.stderr
    assert f"brief: upgrading {path}" in r.stderr and "search index" in r.stderr
    assert r.stdout.strip()  # found
    r = brief("search", "إدلب", store=path)
    assert r.returncode == 0 and r.stderr == ""  # once


@pytest.mark.parametrize("args", [(), ("read", "nope")])
def test_the_reader_without_a_terminal_says_so_and_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    """From cron or a script (no terminal for input or output) the reader would wait for keys forever."""
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stdout == "" and "\x1b" not in r.stderr
    assert r.stderr.startswith("brief: the reader needs a terminal") and "brief list" in r.stderr


def test_show_and_links_unknown_id(tmp_path: Path) -> None:
    for cmd in (("show", "nope"), ("links", "nope"), ("links", "nope", "--json")):
        r = brief(*cmd, store=tmp_path / "s.db")
        assert r.returncode == 2
        assert "nope" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "ً"])
def test_search_with_nothing_to_search_for_is_a_usage_error(tmp_path: Path, query: str) -> None:
    """A query with no word in it (empty, a lone quote or star, a haraka alone) said "no matches",
    exit 0, as if the store had been searched."""
    r = brief("search", query, store=tmp_path / "s.db")
    assert r.returncode == 2
    assert r.stderr.strip() == 'brief: nothing to search for: type a word, a "phrase" or a prefix*'
    assert r.stdout == ""


def test_links_json_shape(tmp_path: Path) -> None:
    r = brief("links", "000_6b818919d795fa73", "--json", store=tmp_path / "s.db")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"id", "outgoing", "incoming"} and data["id"] == "000_6b818919d795fa73"
    assert [o["text"] for o in data["outgoing"]] == [
        "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري",
        "أردوغان يكشف عن ما ستفعله تركيا عند حدوث أي طارئ في إدلب",
    ]
    assert all(isinstance(o["target"], str) for o in data["outgoing"])
    for item in data["incoming"]:
        assert set(item) == {"id", "title"}


def test_bad_store_file_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all " * 40)
    before = bad.read_bytes()
    r = brief("list", store=bad)
    assert r.returncode == 2
    assert str(bad) in r.stderr and "Traceback" not in r.stderr
    assert bad.read_bytes() == before


def test_wheel_contains_the_sample_briefs(tmp_path: Path, articles_dir: Path) -> None:
    """A non-editable install must carry the bundled briefs (they live in tui/samples in the wheel)."""
    import zipfile

    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    wheel = next(tmp_path.glob("brief-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in sample_ids(articles_dir):
        assert f"tui/samples/{name}.txt" in names


def test_store_option_before_or_after_the_subcommand(tmp_path: Path) -> None:
    env_store = tmp_path / "env.db"
    for args, expected in (
        (("--store", str(tmp_path / "a.db"), "list"), tmp_path / "a.db"),
        (("list", "--store", str(tmp_path / "b.db")), tmp_path / "b.db"),
    ):
        r = brief(*args, store=env_store)
        assert r.returncode == 0, r.stderr
        assert expected.exists()
    assert not env_store.exists()  # --store wins over $BRIEF_STORE


def test_closed_output_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`brief list | head -1`: when the reader of the output goes away, brief stops quietly."""
    script = (
        "import sys, tui.commands as commands, tui.cli as cli\n"
        "def closed(*args, **options):\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
        "commands.cmd_list = closed\n"
        "sys.exit(cli.main(['list']))\n"
    )
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert (r.returncode, r.stderr) == (0, "")


def test_a_store_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    """A file where the store's folder should be: exit 2, the store and its folder named, nothing made."""
    (tmp_path / "file").write_text("in the way")
    store = tmp_path / "file" / "brief" / "store.db"
    result = brief("list", store=store)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"brief: {store}: cannot make the store's folder {store.parent} (Not a directory);"
        " give a store in a writable folder with --store or BRIEF_STORE"
    )
    assert (tmp_path / "file").read_text() == "in the way"


def _on_a_terminal(*args: str, store: Path, config: Path | None = None) -> str:
    """``brief ARGS`` with its output on a pseudo-terminal, as a person runs it; what it printed."""
    import pty

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), COLUMNS="100")
    if config is not None:
        env["BRIEF_CONFIG"] = str(config)
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--store", str(store), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert done.returncode == 0, done.stderr
    return out.decode("utf-8").replace("\r\n", "\n")


def test_text_into_a_pipe_is_the_text_itself_and_shaped_on_a_terminal(tmp_path: Path) -> None:
    """grep finds an Arabic word in what brief list and brief search print into a pipe (the letters
    as written, in reading order); on a terminal the same lines are shaped (presentation forms) and
    ordered for the screen; --bidi app shapes into a pipe too, for a pager."""
    store = tmp_path / "s.db"
    word = "إدلب"
    shaped_forms = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
    for args in (("list",), ("search", word)):
        piped = brief(*args, store=store)
        assert piped.returncode == 0, piped.stderr
        assert word in piped.stdout and not shaped_forms.search(piped.stdout), args
        shaped = brief(*args, "--bidi", "app", store=store).stdout
        assert word not in shaped and shaped_forms.search(shaped), args
        on_screen = _on_a_terminal(*args, store=store)
        assert word not in on_screen and shaped_forms.search(on_screen), args
    # Into a pipe a title is whole; on the terminal it is cut to the line.
    title = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري"
    assert f"001_turkey_idlib_first_military_step  {title}\n" in brief("list", store=store).stdout
    (row,) = [line for line in _on_a_terminal("list", store=store).splitlines() if "001_turkey" in line]
    assert "…" in row and len(row) <= 100  # the title's end cut off, to the 100 columns


def test_the_config_bidi_terminal_sends_logical_text_to_a_terminal(tmp_path: Path) -> None:
    """``bidi = "terminal"`` in the config, as ``--bidi terminal``: a terminal that does bidi itself gets
    the letters in reading order, unshaped (the config was read by the reader alone, and the commands'
    lines were reversed twice there); ``--bidi app`` still overrides it."""
    store = tmp_path / "s.db"
    config = tmp_path / "config.toml"
    config.write_text('bidi = "terminal"\n', encoding="utf-8")
    word = "إدلب"
    shaped_forms = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
    for args in (("list",), ("search", word)):
        logical = _on_a_terminal(*args, store=store, config=config)
        assert word in logical and not shaped_forms.search(logical), args
        assert logical == _on_a_terminal(*args, "--bidi", "terminal", store=store)
        shaped = _on_a_terminal(*args, "--bidi", "app", store=store, config=config)
        assert word not in shaped and shaped_forms.search(shaped), args
    config.write_text('bidi = "app"\n', encoding="utf-8")
    assert shaped_forms.search(_on_a_terminal("list", store=store, config=config))


def test_every_text_command_prints_whole_logical_titles_into_a_pipe(tmp_path: Path) -> None:
    """links, search, feeds list and a dry run of prune, as list: whole titles a grep finds; and
    --bidi app shapes them in a pipe too."""
    store = tmp_path / "s.db"
    long_title = "عنوان طويل جدا عن الاقتصاد والسياسة والمجتمع في المنطقة العربية خلال العقد الأخير من الزمن"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.md").write_text(
        f"---\ntitle: {long_title}\ndate: 2001-01-01\n---\nنص عن الاقتصاد.\n\n"
        "اقرأ أيضاً: تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري\n",
        encoding="utf-8",
    )
    assert brief("list", store=store).returncode == 0  # the samples
    assert brief("import", str(folder), store=store).returncode == 0
    opml = tmp_path / "f.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="{long_title}" xmlUrl="http://127.0.0.1:9/f.xml"/></body></opml>',
        encoding="utf-8",
    )
    assert brief("opml", "import", str(opml), store=store).returncode == 0
    shaped_forms = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
    for args in (
        ("links", "001_turkey_idlib_first_military_step"),
        ("search", "الاقتصاد"),
        ("feeds", "list"),
        ("prune", "--older-than", "3650", "--dry-run"),
    ):
        piped = brief(*args, store=store)
        assert piped.returncode == 0, (args, piped.stderr)
        assert long_title in piped.stdout and not shaped_forms.search(piped.stdout), (args, piped.stdout)
        shaped = brief(*args, "--bidi", "app", store=store)
        assert long_title not in shaped.stdout and shaped_forms.search(shaped.stdout), (args, shaped.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "x", "--limit", "99999999999999999999"],  # past SQLite's integers: a traceback before
        ["search", "x", "--limit", "-1"],
        ["search", "x", "--limit", "0"],  # said "must be at least 1" where -1 said "from 0"
        ["search", "x", "--limit", "²"],  # a digit int() refuses: argparse's own "invalid value"
        ["show", "001_turkey_idlib_first_military_step", "--width", "2000000"],  # 24 GB before
        ["show", "001_turkey_idlib_first_military_step", "--width", "999999999999999999999"],  # a traceback
        ["search", "x", "--width", "9"],
        ["related", "001_turkey_idlib_first_military_step", "--limit", "9223372036854775808"],
        ["fetch", "--timeout", "inf"],  # a feed that drips would never end
        ["fetch", "--timeout", "1e400"],
        ["fetch", "--connect-timeout", "nan"],
    ],
)
def test_out_of_range_numbers_are_usage_errors_naming_the_option(tmp_path: Path, args: list[str]) -> None:
    env = dict(os.environ, BRIEF_STORE=str(tmp_path / "s.db"), BRIEF_CONFIG=str(tmp_path / "none.toml"))
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    option = next(a for a in args if a.startswith("--"))
    assert option in r.stderr and ("whole number" in r.stderr or "seconds" in r.stderr), r.stderr
    if option == "--limit" and args[0] == "search":
        assert "from 1 to 100,000" in r.stderr, r.stderr
    if option == "--width":
        assert "from 10 to 1,000" in r.stderr, r.stderr


@pytest.mark.parametrize("args", [["--store", "", "list"], ["import", "x.txt", "--store", " "]])
def test_an_empty_store_path_is_a_usage_error_not_the_default_store(tmp_path: Path, args: list[str]) -> None:
    """``--store ""`` (a variable meant to hold a path, left empty) named no store: the default one was
    opened, and an import wrote into it."""
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), BRIEF_CONFIG=str(tmp_path / "none.toml"))
    env.pop("BRIEF_STORE", None)
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2, r.stderr
    assert "argument --store: an empty path; give the store file's path" in r.stderr, r.stderr
    assert not home.exists()  # no default store made


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["import", ""], "argument PATH: an empty path; give a file or folder"),
        (["import", "a.txt", " "], "argument PATH: an empty path; give a file or folder"),
        (["export", "--all", "--out", ""], "argument --out: an empty path; give the folder to write into"),
        (["opml", "import", ""], "argument file: an empty path; give the OPML file's path"),
        (["opml", "export", ""], "argument file: an empty path; give a file to write"),
    ],
)
def test_an_empty_path_is_a_usage_error_not_the_working_directory(tmp_path: Path, args: list[str], said: str) -> None:
    """``brief import "$DIR"`` with ``DIR`` empty imported everything under the working directory, and
    ``export --out ""`` wrote into it."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("نص الموجز\n", encoding="utf-8")
    (work / "b.txt").write_text("another brief\n", encoding="utf-8")
    store = tmp_path / "s.db"
    env = dict(os.environ, BRIEF_CONFIG=str(tmp_path / "none.toml"), PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-m", "tui", "--store", str(store), *args], capture_output=True, text=True, env=env, cwd=work
    )
    assert r.returncode == 2, r.stderr
    assert said in r.stderr, r.stderr
    assert sorted(p.name for p in work.iterdir()) == ["a.txt", "b.txt"]  # nothing written there
    assert not store.exists()  # nor a store opened


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["search", "-قهوة"], "brief search -- -قهوة"),
        (["search", "قهوة", "-مخا"], "brief search قهوة -- -مخا"),  # the top level's "unrecognized"
        (["search", "-cafe"], "brief search -- -cafe"),
        (["search", "cafe", "-Café", "--json"], "brief search cafe --json -- -Café"),
        (["list", "-x"], None),  # list takes no words: -x is a wrong option
        (["search", "--jsn", "x"], None),  # a long option mistyped, not a word
    ],
)
def test_a_word_that_starts_with_a_dash_is_told_to_go_after_two(
    tmp_path: Path, args: list[str], hint: str | None
) -> None:
    r = brief(*args, store=tmp_path / "s.db")
    assert r.returncode == 2
    said = "a word that starts with '-' goes after '--'"
    if hint is None:
        assert said not in r.stderr, r.stderr
    else:
        assert f"{said}: {hint}" in r.stderr, r.stderr


def test_a_query_after_two_dashes_is_searched(tmp_path: Path) -> None:
    r = brief("search", "--", "-قهوة", store=tmp_path / "s.db")
    assert r.returncode == 0 and "القهوة" in r.stdout, r.stdout + r.stderr  # the samples' coffee brief


def test_arguments_argparse_does_not_know_are_repeated_safely(tmp_path: Path) -> None:
    """argparse repeats unrecognized arguments as typed: an escape sequence in one reached the terminal."""
    r = brief("list", "\x1b]0;owned\x07", "\u202eevil", "\x9b31m", store=tmp_path / "s.db")
    assert r.returncode == 2
    assert "unrecognized arguments" in r.stderr and "owned" in r.stderr
    assert not set("\x1b\x07\u202e\x9b").intersection(r.stderr), repr(r.stderr)


class _TtyErr(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_new_store_is_announced_on_a_terminal_once(tmp_path: Path, monkeypatch, articles_dir: Path) -> None:
    """A mistyped --store makes a new store: on a terminal brief says so, with the samples it took."""
    from tui.startup import open_store

    err = _TtyErr()
    monkeypatch.setattr(sys, "stderr", err)
    path = tmp_path / "typo" / "s.db"
    with open_store(path) as store:
        samples = store.count()
    assert samples == len(sample_ids(articles_dir))
    assert err.getvalue() == f"brief: made a new store at {path} with {samples} sample briefs\n"
    with open_store(path):
        pass
    with open_store(tmp_path / "empty.db", seed=False):
        pass
    assert err.getvalue().splitlines()[1:] == [f"brief: made a new store at {tmp_path / 'empty.db'}"]


def test_links_cut_each_title_to_the_width_its_id_leaves(tmp_path: Path) -> None:
    """``brief links`` lines fit the width (80 cells out of a terminal) as ``brief list``'s do, whatever
    the length of the id in front of the title: a line the terminal wraps begins a right-to-left
    title on the next line."""
    from rich.cells import cell_len

    long_id = "a_very_long_brief_identifier_of_fifty_characters_x"
    title = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري بعد أسابيع من التوتر الكبير"
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / f"{long_id}.txt").write_text(f"---\ntitle: {title}\n---\nنص.\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"---\ntitle: linker\n---\nاقرأ أيضاً: {title}\n", encoding="utf-8")
    store = tmp_path / "s.db"
    assert brief("import", str(folder), store=store).returncode == 0
    r = brief("links", "b", "--bidi", "app", store=store)
    assert r.returncode == 0, r.stderr
    line = next(line for line in r.stdout.splitlines() if long_id in line)
    assert cell_len(line) <= 80 and "…" in line, line


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "too large", "missing"])
def test_opml_import_of_what_is_no_opml_file_says_so_at_once(tmp_path: Path, kind: str) -> None:
    """A FIFO would wait for a writer for ever and /dev/zero fill the memory: each is refused at once,
    named, with exit 2 and nothing subscribed."""
    path = tmp_path / "list.opml"
    expected = "not a regular file (a folder, a pipe or a device)"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "folder":
        path.mkdir()
        expected = "is a folder, not a file"
    elif kind == "too large":
        # a valid OPML list padded past 20 MB: its size alone refuses it
        head = b'<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1:9/f.xml"/></body>'
        path.write_bytes(head + b" " * (20 * 2**20) + b"</opml>")
        expected = "larger than 20 MB: not an OPML list of feeds"
    else:
        expected = "no such file or folder"
    store = tmp_path / "store.db"
    done = brief("opml", "import", str(path), store=store)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"brief: {path}: {expected}\n")
    assert brief("feeds", "list", "--json", store=store).stdout.strip() == "[]"


@pytest.mark.parametrize("where", ["folder", "no folder", "device"])
def test_opml_export_to_a_path_that_cannot_be_written_names_it(tmp_path: Path, where: str) -> None:
    target = {"folder": tmp_path, "no folder": tmp_path / "none" / "x.opml", "device": Path("/proc/version")}[where]
    reason = {
        "folder": "is a folder, not a file",
        "no folder": "no such file or folder",
        "device": "(permission denied|input/output error)",
    }[where]
    done = brief("opml", "export", str(target), store=tmp_path / "store.db")
    assert done.returncode == 2
    assert re.fullmatch(re.escape(f"brief: {target}: cannot be written (") + reason + r"\)\n", done.stderr)
