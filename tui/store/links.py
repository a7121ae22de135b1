"""Resolution of read-also links to briefs in the store, by normalised title.

A link's text is folded with :func:`tui.text.normalize.normalize_title` and matched against the
stored titles folded the same way: an exact match first, then a fuzzy one (rapidfuzz) above a high
threshold that also requires the same numbers, so "الجولة 12" never finds "الجولة 13". Ties go to
the brief whose date is nearest the linking brief's date.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable
from datetime import date as Date
from typing import NamedTuple
from urllib.parse import unquote

from tui.store.params import chunks

FUZZY_THRESHOLD = 90.0
"""Lowest rapidfuzz ratio (0-100) for a fuzzy match."""
MIN_FUZZY_LENGTH = 8
"""Titles shorter than this (folded) are only matched exactly."""
BANDED_GROUPS = 8
"""A fuzzy pass asked about at most this many number groups has SQLite pick the titles that may be
close (:meth:`TitleIndex._banded_titles`, one pass over the titles' index: 0.5 s for one group at a
million briefs, about 0.25 s more for each further group); more, and it reads every title once in
Python (5 s at a million)."""

_DIGITS = re.compile(r"\d+")
_BRIEF_FILE = re.compile(r"([^/?#:]+)\.md")
"""A brief's Markdown file name as ``brief export`` writes a link's destination (``id.md``, the id
percent-encoded): no scheme, no folder."""
_DANGLING = (
    "SELECT l.brief_id, l.pos, l.text_norm, b.date, l.href FROM links l JOIN briefs b ON b.id = l.brief_id"
    " WHERE l.target IS NULL"
)
"""Every unresolved link: (brief, position, folded text, the linking brief's date, linked URL)."""
_DANGLING_ROWID = (
    "SELECT l.brief_id, l.pos, l.text_norm, b.date, l.href, b.rowid FROM links l JOIN briefs b ON b.id = l.brief_id"
    " WHERE l.target IS NULL"
)
"""Every unresolved link, and its brief's rowid."""


def _other_slash(url: str) -> str:
    """The same URL with its trailing slash removed, or added: sites link both ways."""
    return url[:-1] if url.endswith("/") else url + "/"


def _day(value: str | None) -> int | None:
    """The date's day number, for measuring how near two dates are."""
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _nearest(candidates: list[tuple[str, str | None]], near: str | None) -> str:
    """The candidate id whose date is nearest ``near``; undated ones last, then by id."""
    day = _day(near)

    def key(item: tuple[str, str | None]) -> tuple[int, int, str]:
        cand_day = _day(item[1])
        if day is None or cand_day is None:
            return (1 if cand_day is None else 0, 0, item[0])
        return (0, abs(cand_day - day), item[0])

    return min(candidates, key=key)[0]


class Written(NamedTuple):
    """The briefs one import wrote: those added after a rowid, and those it updated."""

    after_rowid: int
    """The largest rowid in ``briefs`` before the import (its new briefs come after it)."""
    updated: frozenset[str]
    """The ids of the briefs it updated in place."""

    def holds(self, rowid: int, brief_id: str) -> bool:
        """Whether the brief of that rowid and id is one of them."""
        return rowid > self.after_rowid or brief_id in self.updated


class TitleIndex:
    """The stored titles, loaded once per resolution run for the fuzzy pass, grouped by their numbers."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        fuzzy: bool = True,
        numbers: set[tuple[str, ...]] | None = None,
        written: Written | None = None,
        bands: dict[tuple[str, ...], tuple[int, int]] | None = None,
    ) -> None:
        """Resolve against the titles in ``conn``; ``fuzzy`` False matches exact titles only.

        ``numbers``, when given, are the only number groups fuzzy matching will be asked about: the
        titles of other groups are not loaded (a million titles would take hundreds of MB).
        ``written``, when given, limits fuzzy matching to the titles of those briefs: the others were
        tried already (exact titles are always looked up among all). ``bands``, when given, holds for
        each number group the shortest and longest folded text fuzzy matching will be asked about in
        it: titles that cannot be close to any are then left out by SQLite itself (:func:`_bands_of`).
        """
        self._conn = conn
        self.fuzzy = fuzzy
        """False to match exact folded titles only (the fuzzy pass then runs once, later)."""
        self._numbers = numbers
        self._written = written
        self._bands = bands
        self._by_numbers: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]] | None = None
        self._by_url: dict[str, list[tuple[str, str | None]]] = {}
        self._by_title: dict[str, list[tuple[str, str | None]]] = {}

    def prefetch(self, links: Iterable[tuple[str, str | None]]) -> None:
        """Look up, in a few statements, the briefs that the (folded text, URL) ``links`` name
        exactly, by URL and by title, for :meth:`resolve` to find here: one statement or two a link
        cost more than the rest of resolving them (a fetch of 10,000 briefs resolves thousands)."""
        norms: dict[str, None] = {}
        urls: dict[str, None] = {}
        for norm, href in links:
            norms[norm] = None
            if href:
                urls[href] = urls[_other_slash(href)] = None
        for column, values, found in (("url", urls, self._by_url), ("title_norm", norms, self._by_title)):
            todo = [v for v in values if v not in found]
            for value in todo:
                found[value] = []
            for chunk in chunks(todo):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT {column}, id, date FROM briefs WHERE {column} IN ({marks})"
                for key, brief_id, day in self._conn.execute(sql, chunk):
                    found[key].append((brief_id, day))

    def _groups(self) -> dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]]:
        """Folded titles and their (id, date), grouped by the numbers in the title, in order.

        A fuzzy match needs the same numbers, so a link is only compared with its own group.
        """
        if self._by_numbers is None:
            groups: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]] = {}
            wanted = self._numbers
            for norm, brief_id, day in self._titles():
                numbers = tuple(_DIGITS.findall(norm))
                if wanted is not None and numbers not in wanted:
                    continue
                norms, refs = groups.setdefault(numbers, ([], []))
                norms.append(norm)
                refs.append((brief_id, day))
            self._by_numbers = groups
        return self._by_numbers

    def _titles(self) -> Iterable[tuple[str, str, str | None]]:
        """(folded title, id, date) of every brief fuzzy matching may choose."""
        sql = "SELECT title_norm, id, date FROM briefs"
        if self._written is None and self._bands is not None and len(self._bands) <= BANDED_GROUPS:
            yield from self._banded_titles(self._bands)
            return
        if self._written is None:
            yield from self._conn.execute(sql)
            return
        yield from self._conn.execute(f"{sql} WHERE rowid > ?", (self._written.after_rowid,))
        updated = list(self._written.updated)
        for chunk in chunks(updated):
            marks = ",".join("?" * len(chunk))
            yield from self._conn.execute(
                f"{sql} WHERE id IN ({marks}) AND rowid <= ?", (*chunk, self._written.after_rowid)
            )

    def _banded_titles(self, bands: dict[tuple[str, ...], tuple[int, int]]) -> Iterable[tuple[str, str, str | None]]:
        """The titles that hold the digits of one of ``bands``' groups (in order) and whose length is in
        that group's band: one pass of SQLite over the titles' own index, not a million rows in Python."""
        if not bands:
            return
        tests: list[str] = []
        args: list[object] = []
        for numbers, (shortest, longest) in bands.items():
            low, high = _length_band(shortest, longest)
            if numbers:
                tests.append("(length(title_norm) BETWEEN ? AND ? AND title_norm GLOB ?)")
                args += [low, high, f"*{'*'.join(numbers)}*"]
            else:
                tests.append("(length(title_norm) BETWEEN ? AND ? AND title_norm NOT GLOB '*[0-9]*')")
                args += [low, high]
        where = " OR ".join(tests)
        # In rowid order, as a whole scan of the table gives them (the index gives them by title).
        rowids = sorted(r for (r,) in self._conn.execute(f"SELECT rowid FROM briefs WHERE {where}", args))
        for chunk in chunks(rowids):
            marks = ",".join("?" * len(chunk))
            yield from self._conn.execute(f"SELECT title_norm, id, date FROM briefs WHERE rowid IN ({marks})", chunk)

    def resolve(self, text_norm: str, near: str | None, href: str | None = None) -> str | None:
        """The id of the brief a link with folded text ``text_norm`` points to, or None.

        A link that came with a URL (a feed entry's read-also line) goes first to the brief whose
        ``url`` it is; one that came with a brief's file name (``id.md``, as ``brief export``
        writes it) to the brief of that id; then by title like any other.
        """
        if href:
            other = _other_slash(href)
            if href in self._by_url and other in self._by_url:
                by_url = self._by_url[href] + self._by_url[other]
            else:
                by_url = self._conn.execute("SELECT id, date FROM briefs WHERE url IN (?, ?)", (href, other)).fetchall()
            if by_url:
                return _nearest(by_url, near)
            named = _BRIEF_FILE.fullmatch(href)
            if named and self._conn.execute("SELECT 1 FROM briefs WHERE id = ?", (unquote(named.group(1)),)).fetchone():
                return unquote(named.group(1))
        if text_norm in self._by_title:
            exact = self._by_title[text_norm]
        else:
            exact = self._conn.execute("SELECT id, date FROM briefs WHERE title_norm = ?", (text_norm,)).fetchall()
        if exact:
            return _nearest(exact, near)
        return self.closest(text_norm, near) if self.fuzzy else None

    def closest(self, text_norm: str, near: str | None) -> str | None:
        """The id of the brief whose title is closest to ``text_norm`` and within
        :data:`FUZZY_THRESHOLD` of it, with the same numbers (the nearest in date among equals), or None."""
        if len(text_norm) < MIN_FUZZY_LENGTH:
            return None
        group = self._groups().get(tuple(_DIGITS.findall(text_norm)))
        if group is None:
            return None
        from rapidfuzz import fuzz, process

        norms, refs = group
        matches = process.extract(text_norm, norms, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=20)
        if not matches:
            return None
        best = max(score for _, score, _ in matches)
        return _nearest([refs[i] for _, score, i in matches if score == best], near)


def resolve_links(conn: sqlite3.Connection, changed: Iterable[str], *, fuzzy: bool = True) -> int:
    """Bring link targets up to date after the briefs ``changed`` were added, updated or retitled.

    The changed briefs' own links and the links that pointed at them (a retitled brief frees or
    moves them) are resolved afresh; every other unresolved link is tried against the changed
    titles only, so the cost follows the size of the change, not of the store. Returns how many
    links changed target. Runs inside the caller's transaction.

    With ``fuzzy`` False only exact folded titles are matched; a bulk import does that for each
    batch and calls :func:`resolve_dangling` once at its end.
    """
    changed = list(dict.fromkeys(changed))
    if not changed:
        return 0
    todo: dict[tuple[str, int], tuple[str, str | None, str | None, str | None]] = {}
    query = (
        "SELECT l.brief_id, l.pos, l.text_norm, l.target, b.date, l.href"
        " FROM links l JOIN briefs b ON b.id = l.brief_id WHERE "
    )
    for chunk in chunks(changed):
        marks = ",".join("?" * len(chunk))
        for sql in (f"l.brief_id IN ({marks})", f"l.target IN ({marks})"):
            for bid, pos, norm, target, day, href in conn.execute(query + sql, chunk):
                todo[(bid, pos)] = (norm, target, day, href)
    index = _index_for(conn, (item[0] for item in todo.values()), fuzzy=fuzzy)
    index.prefetch((norm, href) for norm, _, _, href in todo.values())
    updates: list[tuple[str | None, str, int]] = []
    for (bid, pos), (norm, target, day, href) in todo.items():
        new = index.resolve(norm, day, href)
        if new != target:
            updates.append((new, bid, pos))
    conn.executemany("UPDATE links SET target = ? WHERE brief_id = ? AND pos = ?", updates)
    return len(updates) + _resolve_dangling(conn, changed, fuzzy=fuzzy)


def _resolve_dangling(conn: sqlite3.Connection, changed: list[str], *, fuzzy: bool) -> int:
    """Try the store's unresolved links against the titles of the changed briefs."""
    titles: dict[str, None] = {}
    urls: dict[str, None] = {}
    for chunk in chunks(changed):
        marks = ",".join("?" * len(chunk))
        for norm, url in conn.execute(f"SELECT title_norm, url FROM briefs WHERE id IN ({marks})", chunk):
            titles[norm] = None
            if url:
                urls[url] = urls[_other_slash(url)] = None
    candidates: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    norms = list(titles)
    for column, values in (("l.text_norm", norms), ("l.href", list(urls))):
        for chunk in chunks(values):
            marks = ",".join("?" * len(chunk))
            for bid, pos, norm, day, href in conn.execute(f"{_DANGLING} AND {column} IN ({marks})", chunk):
                candidates[(bid, pos)] = (norm, day, href)
    if fuzzy and norms:
        from rapidfuzz import fuzz, process

        # A fuzzy match needs the same numbers (see TitleIndex.resolve): each dangling link is only
        # compared with the changed titles that hold its numbers, not with all of them.
        by_numbers: dict[tuple[str, ...], list[str]] = {}
        for title in norms:
            by_numbers.setdefault(tuple(_DIGITS.findall(title)), []).append(title)
        for bid, pos, norm, day, href in conn.execute(_DANGLING):
            group = by_numbers.get(tuple(_DIGITS.findall(norm)))
            if (
                group
                and len(norm) >= MIN_FUZZY_LENGTH
                and process.extractOne(norm, group, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD) is not None
            ):
                candidates[(bid, pos)] = (norm, day, href)
    return _apply(conn, _index_for(conn, (link[0] for link in candidates.values()), fuzzy=fuzzy), candidates)


def _apply(
    conn: sqlite3.Connection,
    index: TitleIndex,
    links: dict[tuple[str, int], tuple[str, str | None, str | None]],
    *,
    exact: bool = True,
) -> int:
    """Resolve each unresolved link given and store the targets found; returns how many. With
    ``exact`` False only the fuzzy match is tried (the URL and the exact title were tried already)."""
    if exact:
        index.prefetch((norm, href) for norm, _, href in links.values())
    updates: list[tuple[str, str, int]] = []
    for (bid, pos), (norm, day, href) in links.items():
        new = index.resolve(norm, day, href) if exact else index.closest(norm, day)
        if new is not None:
            updates.append((new, bid, pos))
    conn.executemany("UPDATE links SET target = ? WHERE brief_id = ? AND pos = ?", updates)
    return len(updates)


def resolve_dangling(conn: sqlite3.Connection, written: Written | None = None) -> int:
    """Try the unresolved links against the stored titles, fuzzy pass included.

    Ends a bulk import whose batches matched exact titles only. Without ``written``, every
    unresolved link is tried against every title. With it (what the import wrote), only the
    written briefs' own links are tried against every title, and the store's other unresolved
    links against the written briefs' titles alone: they have been tried against the rest before,
    and an import of one file into a million-brief store then reads a handful of titles, not a
    million (5 s). Runs inside the caller's transaction; returns how many links were resolved.
    """
    if written is None:
        links = {(bid, pos): (norm, day, href) for bid, pos, norm, day, href in conn.execute(_DANGLING)}
        return _apply(conn, _index_for(conn, (link[0] for link in links.values())), links)
    own: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    others: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    for bid, pos, norm, day, href, rowid in conn.execute(_DANGLING_ROWID):
        (own if written.holds(rowid, bid) else others)[(bid, pos)] = (norm, day, href)
    moved = _apply(conn, _index_for(conn, (link[0] for link in own.values())), own) if own else 0
    if others:
        # Each was looked up by its exact title when the batch that wrote these titles committed.
        index = TitleIndex(conn, numbers=_numbers_of(link[0] for link in others.values()), written=written)
        moved += _apply(conn, index, others, exact=False)
    return moved


def links_to_feed(conn: sqlite3.Connection, url: str) -> list[tuple[str, int]]:
    """(brief, position) of the links that point at a brief of the feed ``url``."""
    return [
        (bid, int(pos))
        for bid, pos in conn.execute(
            "SELECT l.brief_id, l.pos FROM briefs b JOIN links l ON l.target = b.id WHERE b.feed = ?", (url,)
        )
    ]


def resolve_freed(conn: sqlite3.Connection, freed: Iterable[tuple[str, int]]) -> int:
    """Resolve afresh the links given, now that the briefs they pointed at are deleted (another brief
    may bear the title): those links alone, since nothing else was added. Returns how many found one."""
    links: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    for bid, pos in freed:
        row = conn.execute(f"{_DANGLING} AND l.brief_id = ? AND l.pos = ?", (bid, pos)).fetchone()
        if row is not None:
            links[(bid, pos)] = (row[2], row[3], row[4])
    return _apply(conn, _index_for(conn, (link[0] for link in links.values())), links) if links else 0


def _index_for(conn: sqlite3.Connection, norms: Iterable[str], *, fuzzy: bool = True) -> TitleIndex:
    """A :class:`TitleIndex` that will be asked about these folded link texts only."""
    norms = list(norms)
    return TitleIndex(conn, fuzzy=fuzzy, numbers=_numbers_of(norms), bands=_bands_of(norms))


def _bands_of(norms: Iterable[str]) -> dict[tuple[str, ...], tuple[int, int]]:
    """Per number group of these folded link texts (those long enough to be matched fuzzily), the
    lengths of the shortest and the longest."""
    bands: dict[tuple[str, ...], tuple[int, int]] = {}
    for norm in norms:
        if len(norm) < MIN_FUZZY_LENGTH:
            continue
        key = tuple(_DIGITS.findall(norm))
        low, high = bands.get(key, (len(norm), len(norm)))
        bands[key] = (min(low, len(norm)), max(high, len(norm)))
    return bands


def _length_band(shortest: int, longest: int) -> tuple[int, int]:
    """The lengths a title can have and still reach :data:`FUZZY_THRESHOLD` against a text of
    ``shortest`` to ``longest`` characters: the ratio is at most ``1 - |a - b| / (a + b)``."""
    r = FUZZY_THRESHOLD / 100
    return math.floor(shortest * r / (2 - r)), math.ceil(longest * (2 - r) / r)


def _numbers_of(norms: Iterable[str]) -> set[tuple[str, ...]]:
    """The number groups of these folded link texts (the only groups fuzzy matching needs)."""
    return {tuple(_DIGITS.findall(norm)) for norm in norms}
