"""The arguments and help of ``brief rm``, ``prune``, ``stats`` and ``export``.

Apart from the commands (:mod:`tui.keep_commands`, :mod:`tui.export_command`) so that building
``brief``'s parser imports neither the store nor the exporters: every command, ``brief fetch``
included, starts without them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tui.arg_types import nonempty_path

EXPORT_FORMATS = ("md", "html", "txt")
"""The formats ``brief export`` writes (the keys of :data:`tui.exporting.FORMATS`)."""

RM_HELP = """\
Every id must name a stored brief: one that does not is named (exit 2) and nothing is removed.
Links from other briefs to a removed brief stay in them, shown as not in the store, and resolve
again when a brief with that title is imported. A removed feed entry is not brought back by the
next fetch. Prints one line per removed brief, then: removed N briefs (followed by
"; N links now point to no stored brief" when other briefs linked to them)."""

PRUNE_HELP = """\
A brief's age is its date (an undated brief's: when it was imported). Without --older-than, the
keep_days settings are applied: keep_days = N in the config file for every brief, and
'brief feeds keep FEED N' for one feed; bookmarked briefs are then always kept. Removed briefs
leave the search index, their links, their reading state and the back/forward history; their
feed entries are not fetched again. The freed space is given back to the file system
(incremental vacuum, or once a VACUUM that switches the store to it; after removing 5% of the
briefs or more the search index is merged first), with a progress bar on a terminal.
Prints one line (--dry-run lists the briefs; --json names them). Exit 2 for a bad number of days,
an unknown feed or a bad keep_days."""


MAX_DAYS_TEXT = "100000"
"""The most days ``--older-than`` takes, as :data:`tui.importing.keeping.MAX_DAYS` (not imported:
this module is read by every command)."""


def days(text: str) -> int:
    """``--older-than``: a whole number of days, checked as ``brief prune`` checks it."""
    from tui.text.limits import whole_number

    value = whole_number(text)
    if value is not None:
        return value
    raise argparse.ArgumentTypeError(f"give a whole number of days from 0 to {MAX_DAYS_TEXT}, not {text!r}")


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add ``rm``, ``prune`` and ``stats`` with ``add(name, help)`` (the CLI's subparser maker)."""
    p = add("rm", "remove briefs from the store (all of them or, when an id is unknown, none)")
    p.add_argument("ids", nargs="+", metavar="ID", help="the briefs' ids")
    p.add_argument("--json", action="store_true", help='print {"removed": [{id, title}], "unlinked": N}')
    p.epilog = RM_HELP

    p = add("prune", "remove briefs older than a number of days and give the space back")
    p.add_argument("--older-than", type=days, metavar="DAYS", help="remove briefs dated more than DAYS days ago")
    p.add_argument("--keep-bookmarked", action="store_true", help="keep bookmarked briefs however old")
    p.add_argument("--feed", metavar="URL_OR_TITLE", help="only this feed's briefs")
    p.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"removed": [{id, title}], "unlinked": N, "freed_bytes": N}'
        ' (with --dry-run: {"would_remove": [{id, title}]})',
    )
    p.epilog = PRUNE_HELP

    p = add("stats", "what the store holds and where its bytes go")
    p.add_argument(
        "--json",
        action="store_true",
        help="print {briefs, feeds, unread, bookmarked, schema_version,"
        " bytes: {file, text, index, other, free}, method}",
    )


EXPORT_HELP = """\
md is brief's own file format (front matter, one paragraph per line, read-also lines as Markdown
links to the other exported files; plain on stdout, with no file to link to), importable again with
brief import; html is one page per brief,
each paragraph with dir="auto" and lang set; txt is the logical text.
Exit 2 for an unknown id (nothing is written), a bad format, or an --out that is not a folder
that can be written."""


def add_export_parser(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add ``export`` with ``add(name, help)`` (the CLI's subparser maker)."""
    p = add("export", "write briefs as Markdown, HTML or plain text files")
    p.add_argument("ids", nargs="*", metavar="ID", help="the briefs to export")
    p.add_argument("--all", action="store_true", help="every brief in the store (needs --out)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="md", help="md (default), html or txt")
    p.add_argument(
        "--out",
        metavar="DIR",
        type=nonempty_path("the folder to write into"),
        help="write DIR/ID.md (or .html, .txt) files; default: stdout, one brief",
    )
    p.epilog = EXPORT_HELP
