"""``brief check [--repair] [--output PATH]``: is the store damaged, and saving what can be read.

The check runs SQLite's integrity check, reads every brief's stored text, recounts the counts of
briefs the store keeps for the list (:mod:`tui.store.tallies`) and runs the search index's check; it
changes nothing. A repair
never touches the original: it copies every brief that can still be read into a new store
(``store.repaired.db`` beside it, unless ``--output`` says where), which builds a fresh search
index. Exit 0 when the store is sound, 2 when it is damaged (the repair done or not), when it is
another program's database or a newer brief's, or when it cannot be read (the disk failing or full).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from tui.errors import EXIT_OK, EXIT_USAGE, UsageError
from tui.output import say


def repaired_path(path: Path) -> Path:
    """A file name for the repaired copy of ``path`` that is not taken yet."""
    candidate = path.with_name(f"{path.stem}.repaired{path.suffix or '.db'}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.repaired-{n}{path.suffix or '.db'}")
        n += 1
    return candidate


def cmd_check(store_path: Path, *, repair: bool = False, output: Path | None = None) -> int:
    """Check the store at ``store_path``; with ``repair``, save its readable briefs into a new file."""
    from tui.store.check import check_with_notes, repair_file
    from tui.store.connect import check_is_sqlite

    if not store_path.exists():
        raise UsageError(f"{store_path}: no store there")
    check_is_sqlite(store_path)
    problems, notes = check_with_notes(store_path)
    if not problems:
        say(f"ok: {store_path} is sound")
    else:
        say(f"damaged: {store_path}")
        for problem in problems:
            say(f"  {problem}")
    for note in notes:
        say(f"note: {note}")
    if not repair:
        if problems:
            where = shlex.quote(str(store_path))
            say(f"save what can be read into a new file with:  brief check --store {where} --repair")
        return EXIT_USAGE if problems else EXIT_OK
    target = output if output is not None else repaired_path(store_path)
    report = repair_file(store_path, target)
    say(
        f"repaired: {report.saved} briefs saved into {report.output}"
        f" ({report.lost} could not be read); {store_path} was not changed"
    )
    return EXIT_USAGE if problems else EXIT_OK
