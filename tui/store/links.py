"""Resolution of read-also links to briefs in the store, by normalised title.

A link's text is folded with :func:`tui.text.normalize.normalize_title` and matched against the
stored titles folded the same way: an exact match first, then a fuzzy one (rapidfuzz) above a high
threshold that also requires the same numbers, so "الجولة 12" never finds "الجولة 13". Ties go to
the brief whose date is nearest the linking brief's date.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import date as Date

FUZZY_THRESHOLD = 90.0
"""Lowest rapidfuzz ratio (0-100) for a fuzzy match."""
MIN_FUZZY_LENGTH = 8
"""Titles shorter than this (folded) are only matched exactly."""

_DIGITS = re.compile(r"\d+")
_DANGLING = (
    "SELECT l.brief_id, l.pos, l.text_norm, b.date, l.href FROM links l JOIN briefs b ON b.id = l.brief_id"
    " WHERE l.target IS NULL"
)
"""Every unresolved link: (brief, position, folded text, the linking brief's date, linked URL)."""


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


class TitleIndex:
    """The stored titles, loaded once per resolution run for the fuzzy pass, grouped by their numbers."""

    def __init__(
        self, conn: sqlite3.Connection, *, fuzzy: bool = True, numbers: set[tuple[str, ...]] | None = None
    ) -> None:
        """Resolve against the titles in ``conn``; ``fuzzy`` False matches exact titles only.

        ``numbers``, when given, are the only number groups fuzzy matching will be asked about: the
        titles of other groups are not loaded (a million titles would take hundreds of MB).
        """
        self._conn = conn
        self.fuzzy = fuzzy
        """False to match exact folded titles only (the fuzzy pass then runs once, later)."""
        self._numbers = numbers
        self._by_numbers: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]] | None = None

    def _groups(self) -> dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]]:
        """Folded titles and their (id, date), grouped by the numbers in the title, in order.

        A fuzzy match needs the same numbers, so a link is only compared with its own group.
        """
        if self._by_numbers is None:
            groups: dict[tuple[str, ...], tuple[list[str], list[tuple[str, str | None]]]] = {}
            wanted = self._numbers
            for norm, brief_id, day in self._conn.execute("SELECT title_norm, id, date FROM briefs"):
                numbers = tuple(_DIGITS.findall(norm))
                if wanted is not None and numbers not in wanted:
                    continue
                norms, refs = groups.setdefault(numbers, ([], []))
                norms.append(norm)
                refs.append((brief_id, day))
            self._by_numbers = groups
        return self._by_numbers

    def resolve(self, text_norm: str, near: str | None, href: str | None = None) -> str | None:
        """The id of the brief a link with folded text ``text_norm`` points to, or None.

        A link that came with a URL (a feed entry's read-also line) goes first to the brief whose
        ``url`` it is, then by title like any other.
        """
        if href:
            by_url = self._conn.execute(
                "SELECT id, date FROM briefs WHERE url IN (?, ?)", (href, _other_slash(href))
            ).fetchall()
            if by_url:
                return _nearest(by_url, near)
        exact = self._conn.execute("SELECT id, date FROM briefs WHERE title_norm = ?", (text_norm,)).fetchall()
        if exact:
            return _nearest(exact, near)
        if not self.fuzzy or len(text_norm) < MIN_FUZZY_LENGTH:
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
    index = TitleIndex(conn, fuzzy=fuzzy)
    todo: dict[tuple[str, int], tuple[str, str | None, str | None, str | None]] = {}
    query = (
        "SELECT l.brief_id, l.pos, l.text_norm, l.target, b.date, l.href"
        " FROM links l JOIN briefs b ON b.id = l.brief_id WHERE "
    )
    for chunk in _chunks(changed):
        marks = ",".join("?" * len(chunk))
        for sql in (f"l.brief_id IN ({marks})", f"l.target IN ({marks})"):
            for bid, pos, norm, target, day, href in conn.execute(query + sql, chunk):
                todo[(bid, pos)] = (norm, target, day, href)
    moved = 0
    for (bid, pos), (norm, target, day, href) in todo.items():
        new = index.resolve(norm, day, href)
        if new != target:
            conn.execute("UPDATE links SET target = ? WHERE brief_id = ? AND pos = ?", (new, bid, pos))
            moved += 1
    return moved + _resolve_dangling(conn, index, changed)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _resolve_dangling(conn: sqlite3.Connection, index: TitleIndex, changed: list[str]) -> int:
    """Try the store's unresolved links against the titles of the changed briefs."""
    titles: dict[str, None] = {}
    urls: dict[str, None] = {}
    for chunk in _chunks(changed):
        marks = ",".join("?" * len(chunk))
        for norm, url in conn.execute(f"SELECT title_norm, url FROM briefs WHERE id IN ({marks})", chunk):
            titles[norm] = None
            if url:
                urls[url] = urls[_other_slash(url)] = None
    candidates: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    norms = list(titles)
    for column, values in (("l.text_norm", norms), ("l.href", list(urls))):
        for chunk in _chunks(values):
            marks = ",".join("?" * len(chunk))
            for bid, pos, norm, day, href in conn.execute(f"{_DANGLING} AND {column} IN ({marks})", chunk):
                candidates[(bid, pos)] = (norm, day, href)
    if index.fuzzy and norms:
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
    return _apply(conn, index, candidates)


def _apply(
    conn: sqlite3.Connection, index: TitleIndex, links: dict[tuple[str, int], tuple[str, str | None, str | None]]
) -> int:
    """Resolve each unresolved link given and store the targets found; returns how many."""
    moved = 0
    for (bid, pos), (norm, day, href) in links.items():
        new = index.resolve(norm, day, href)
        if new is not None:
            conn.execute("UPDATE links SET target = ? WHERE brief_id = ? AND pos = ?", (new, bid, pos))
            moved += 1
    return moved


def resolve_dangling(conn: sqlite3.Connection) -> int:
    """Try every unresolved link against every stored title, fuzzy pass included.

    Ends a bulk import whose batches matched exact titles only. Runs inside the caller's
    transaction; returns how many links were resolved.
    """
    links = {(bid, pos): (norm, day, href) for bid, pos, norm, day, href in conn.execute(_DANGLING)}
    numbers = {tuple(_DIGITS.findall(norm)) for norm, _, _ in links.values()}
    return _apply(conn, TitleIndex(conn, numbers=numbers), links)
