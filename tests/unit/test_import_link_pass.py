"""The fuzzy link pass that ends an import: the import's own links against every title, the store's
other unresolved links against the import's titles, and every link after an import that stopped
before its pass.

Real imports of files (``run_import``), fuzzy variants that only the pass can match (not equal after
folding, so no batch matches them exactly).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.importing.run as import_run
import tui.store.links as links_module
from tui.store.links import TitleIndex
from tui.store.store import Store
from tui.text.normalize import normalize_title

TITLE = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري"
VARIANT = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب و الشمال السوريه"
"""A spelling of ``TITLE`` that folds to another string but is within the fuzzy threshold."""


def _files(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _titled(title: str, body: str = "نص.") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


def _linking(link: str) -> str:
    return f"---\ntitle: مصدر يشير إلى خبر\n---\nنص.\nاقرأ أيضاً: {link}\n"


def _import(store: Store, folder: Path) -> None:
    import_run.run_import(store, [folder], progress=False, out=None, workers=0)


def _target(store: Store, brief_id: str) -> str | None:
    return store.outgoing(brief_id)[0].target


def test_a_new_link_finds_an_old_title(store: Store, tmp_path: Path) -> None:
    _import(store, _files(tmp_path / "one", {"t": _titled(TITLE), "x": _titled("خبر آخر تماماً")}))
    _import(store, _files(tmp_path / "two", {"s": _linking(VARIANT)}))
    assert _target(store, "s") == "t"


def test_an_old_link_finds_a_new_title(store: Store, tmp_path: Path) -> None:
    _import(store, _files(tmp_path / "one", {"s": _linking(VARIANT)}))
    assert _target(store, "s") is None
    _import(store, _files(tmp_path / "two", {"t": _titled(TITLE)}))
    assert _target(store, "s") == "t"


def test_an_old_link_finds_an_updated_title(store: Store, tmp_path: Path) -> None:
    _import(store, _files(tmp_path / "one", {"s": _linking(VARIANT), "t": _titled("عنوان أول لا يشبه شيئاً")}))
    assert _target(store, "s") is None
    _import(store, _files(tmp_path / "two", {"t": _titled(TITLE, "نص جديد.")}))
    assert _target(store, "s") == "t"


def test_an_import_stopped_before_its_pass_has_its_links_tried_by_the_next(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first import's batches commit, then it stops before its pass: its link and the title it
    names (both its own) were never compared. The next import, of an unrelated brief, compares them."""
    with monkeypatch.context() as patched:
        patched.setattr(import_run, "finish_import", lambda store, written=None: 0)
        _import(store, _files(tmp_path / "one", {"s": _linking(VARIANT), "t": _titled(TITLE)}))
    assert _target(store, "s") is None
    _import(store, _files(tmp_path / "two", {"u": _titled("خبر لا علاقة له بما سبق")}))
    assert _target(store, "s") == "t"
    # The pass done, the mark is gone: an import after it tries only its own briefs' links again.
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM meta WHERE key = 'links_fuzzy_pending'").fetchone()[0] == 0


def test_an_import_that_changes_nothing_leaves_no_mark(store: Store, tmp_path: Path) -> None:
    """Importing the same files again writes nothing, so there is no pass to leave pending."""
    folder = _files(tmp_path / "one", {"s": _linking(VARIANT), "t": _titled(TITLE)})
    _import(store, folder)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(import_run, "finish_import", lambda store, written=None: pytest.fail("nothing to finish"))
        _import(store, folder)
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM meta WHERE key = 'links_fuzzy_pending'").fetchone()[0] == 0


WORDS = ["تركيا", "إدلب", "الجولة", "محادثات", "أستانة", "بيان", "خبر", "العاجل", "news", "round", "١٢", "12", "7"]


def _close_variant(draw: st.DrawFn, title: str) -> str:
    """``title`` with a character or two dropped, doubled or swapped for another: often still close."""
    chars = list(title)
    for _ in range(draw(st.integers(0, 2))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        chars[i : i + 1] = draw(st.sampled_from([[], [chars[i]] * 2, ["ا"], ["x"]]))
    return "".join(chars)


@st.composite
def titles_and_links(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    titles = [
        " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7)))
        for _ in range(draw(st.integers(1, 12)))
    ]
    links = [_close_variant(draw, draw(st.sampled_from(titles))) for _ in range(draw(st.integers(1, 6)))]
    return titles, links


@settings(max_examples=150, deadline=None)
@given(titles_and_links())
def test_titles_picked_by_sqlite_resolve_as_all_titles_do(case: tuple[list[str], list[str]]) -> None:
    """Leaving out, in SQLite, the titles whose numbers or length rule a fuzzy match out changes no
    link's target: each link resolves as it does against every title read in Python."""
    titles, links = case
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE briefs (id TEXT, title_norm TEXT, date TEXT, url TEXT)")
    conn.executemany(
        "INSERT INTO briefs VALUES (?, ?, ?, NULL)",
        [(f"t{i}", normalize_title(t), f"2024-01-{1 + i % 28:02d}") for i, t in enumerate(titles)],
    )
    norms = [normalize_title(text) for text in links]
    banded = links_module._index_for(conn, norms)
    everything = TitleIndex(conn)
    for norm in norms:
        assert banded.resolve(norm, "2024-01-15") == everything.resolve(norm, "2024-01-15"), norm
