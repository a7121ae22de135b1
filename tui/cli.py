"""The ``brief`` command: the reader, and subcommands to import, list, show, search and follow links.

This module alone reads the command line: it parses it and calls the reader
(:func:`tui.ui.launch.run_reader`) or a subcommand (:mod:`tui.commands`) with explicit arguments.
Exit codes (:mod:`tui.errors`): 0 success; 1 some files could not be imported (the rest were); 2 a
usage error, an unknown id, or a store that cannot be used; 130 interrupted with Ctrl+C.
Subcommands that print do not import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from tui import __version__, stop_signals
from tui.arg_types import nonempty_path
from tui.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, BriefError, Interrupted

DESCRIPTION = """\
brief: a terminal reader for news briefs that shows Arabic shaped, joined and right to left.

Run with no subcommand to open the reader. On first run the store is created with the bundled
sample briefs."""

EPILOG = """\
store: --store PATH, else $BRIEF_STORE, else the user data folder (brief/store.db).
config: $BRIEF_CONFIG, else the user config folder (brief/config.toml).
exit codes: 0 ok, 1 some files, feeds or OPML outlines failed (the rest were taken), 2 usage error /
unknown id / unusable store, 130 interrupted (Ctrl+C), 143 / 129 ended by SIGTERM / SIGHUP (a command
first says what it kept, as after Ctrl+C)."""


MAX_LIMIT = 100_000
"""The largest ``--limit``: more results than any screen or script reads, and SQLite's integers
hold it (a 20-digit limit ended in a traceback)."""


MIN_WIDTH, MAX_WIDTH = 10, 1_000
"""The narrowest and widest ``--width``: wider than any terminal, and the lines of a brief laid out
that wide are still a few megabytes (two million cells took 24 GB)."""


def _whole(text: str, least: int, most: int, what: str = "whole number") -> int:
    """``text`` as a whole number from ``least`` to ``most``, else an error argparse names the option in."""
    from tui.text.limits import whole_number

    value = whole_number(text)
    if value is None or not least <= value <= most:
        raise argparse.ArgumentTypeError(f"give a {what} from {least} to {most:,}, not {text!r}")
    return value


def _count(text: str) -> int:
    """A ``--limit`` of ``related``: 0 (the same story only) to :data:`MAX_LIMIT`."""
    return _whole(text, 0, MAX_LIMIT)


def _positive_count(text: str) -> int:
    """A ``--limit`` of ``search``: at least 1 (a search for no results at all is no search)."""
    return _whole(text, 1, MAX_LIMIT)


def _width(text: str) -> int:
    """A ``--width``: a whole number of cells from :data:`MIN_WIDTH` to :data:`MAX_WIDTH`."""
    return _whole(text, MIN_WIDTH, MAX_WIDTH, "whole number of cells")


_store_path = nonempty_path("the store file's path")
"""A ``--store``: any path but an empty one (an empty ``$BRIEF_STORE`` is as good as unset, but an
empty ``--store ""``, a variable that was meant to hold a path, must not open the default store)."""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose error messages are made safe for the terminal: "unrecognized
    arguments" repeats them as typed, escape sequences included."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message (its control characters shown as glyphs), exit 2. A word
        that starts with ``-`` but is no option (``-قهوة``) is taken for one by argparse: the message
        says how to give it."""
        from tui.text.sanitize import safe_line

        hint = self._dash_hint(message, sys.argv[1:])
        super().error(safe_line(message + hint))

    def _dash_hint(self, message: str, args: list[str]) -> str:
        """``; a word that starts with '-' goes after '--': brief search قهوة -- -مخا`` when a word of
        ``args`` that starts with ``-`` was taken for an option by a command that takes words."""
        if "unrecognized arguments: " in message:
            unknown = set(message.split("unrecognized arguments: ", 1)[1].split())
        elif "the following arguments are required" in message:
            unknown = {a for a in args if a not in self._option_string_actions}
        else:
            return ""
        words = [a for a in args if a in unknown and a.startswith("-") and not a.startswith("--") and len(a) > 1]
        command = self._command(args)
        if not words or command is None or all(action.option_strings for action in command._actions):
            return ""
        rest = [a for a in args if a not in words]
        return f"; a word that starts with '-' goes after '--': brief {' '.join([*rest, '--', *words])}"

    def _command(self, args: list[str]) -> argparse.ArgumentParser | None:
        """The parser of the subcommand ``args`` names (this one when it is a subcommand's)."""
        if self._subparsers is None:
            return self
        for action in self._subparsers._group_actions:
            choices = getattr(action, "choices", None) or {}
            found = next((choices[a] for a in args if a in choices), None)
            if found is not None:
                return found  # type: ignore[no-any-return]
        return None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``brief`` and every subcommand."""

    def global_options(default: object) -> argparse.ArgumentParser:
        # The subcommands repeat the global options so they may come after the subcommand too;
        # their default is SUPPRESS so that they never overwrite a value given before it.
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument(
            "--store",
            metavar="PATH",
            type=_store_path,
            default=default,
            help="the store file (default: $BRIEF_STORE or the user data folder)",
        )
        common.add_argument(
            "--bidi",
            choices=("app", "terminal"),
            default=default,
            help="app: brief shapes and orders Arabic itself (the default on a terminal); terminal: "
            "send logical text for terminals that do bidi themselves (the default into a pipe or a file)",
        )
        return common

    common = global_options(argparse.SUPPRESS)
    parser = _Parser(
        prog="brief",
        description=DESCRIPTION,
        epilog=EPILOG,
        parents=[global_options(None)],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"brief {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[common],  # type: ignore[list-item]  # argparse takes any parser as a parent
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = add("read", "open the reader (the same as running brief with no subcommand)")
    p.add_argument("id", nargs="?", help="open this brief first")

    p = add("import", "import brief files (.txt, .md) and folders (recursive) into the store")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", type=nonempty_path("a file or folder"), help="files and folders to import"
    )
    p.add_argument("--samples", action="store_true", help="also import the bundled sample briefs")
    p.epilog = (
        "Prints one line per failed file, then: imported N, updated N, unchanged N, failed N.\n"
        "Exit 0 when nothing failed, 1 when some files failed (the rest are imported), 2 on usage errors."
    )

    p = add("list", "list the briefs, newest first (undated last)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {id, title, date, source, read, bookmarked, url, feed}",
    )

    p = add("show", "print one brief, shaped and ordered for the terminal")
    p.add_argument("id", help="the brief's id (its file name without extension)")
    p.add_argument("--width", type=_width, metavar="N", help="line width in cells (default: the terminal's, or 80)")
    p.add_argument(
        "--logical",
        action="store_true",
        help="print the stored text in logical order, one paragraph per line (unwrapped), for pipes",
    )

    p = add("search", "search the store (Arabic-aware: hamza forms, harakat, prefixes...)")
    p.add_argument("query", nargs="+", help='words (all must match), "quoted phrases", prefix* (three letters or more)')
    p.add_argument(
        "--json", action="store_true", help="print a JSON array of {id, title, score, snippet, date, source}"
    )
    p.add_argument("--limit", type=_positive_count, default=20, metavar="N", help="at most N results (default 20)")
    p.add_argument("--width", type=_width, metavar="N", help="line width in cells (default: the terminal's, or 80)")

    p = add("links", "print a brief's read-also links and the briefs that link to it")
    p.add_argument("id", help="the brief's id")
    p.add_argument(
        "--json", action="store_true", help='print {"id", "outgoing": [{text, target}], "incoming": [{id, title}]}'
    )
    p = add("related", "print the briefs that are the same story as a brief, and related briefs")
    p.add_argument("id", help="the brief's id")
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"id", "same_story": [{id, title, source, score}], "related": [{id, title, source, score}]}',
    )
    p.add_argument(
        "--limit",
        type=_count,
        default=8,
        metavar="N",
        help="at most N related briefs (default 8; 0: the same story only)",
    )
    p = add("check", "check the store for damage; --repair saves what can be read into a new file")
    p.add_argument(
        "--repair", action="store_true", help="copy every readable brief into a new store (the original is not changed)"
    )
    p.add_argument(
        "--output",
        metavar="PATH",
        help="the repaired store (default: beside the store, store.db saved as store.repaired.db)",
    )
    from tui.feed_parsers import add_parsers

    add_parsers(add, [common])
    from tui import keep_parsers

    keep_parsers.add_parsers(add)
    keep_parsers.add_export_parser(add)
    return parser


def _closed_streams_to_devnull() -> None:
    """Give standard streams that were closed when brief started (``brief list >&-``; Python then
    has ``sys.stdout`` None) the null device: what brief writes there goes nowhere, no traceback;
    and no file brief opens later takes their descriptor, where a write meant for the screen would land."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))


def main(argv: list[str] | None = None) -> int:
    """Run ``brief``; returns the exit code."""
    _closed_streams_to_devnull()
    try:
        # Parsing is inside: building the parser imports the feed commands, and Ctrl+C may come then.
        return _dispatch(build_parser().parse_args(argv))
    except BriefError as exc:
        if isinstance(exc, Interrupted) and stop_signals.received is not None:
            _error(f"{exc} ({stop_signals.name()})")
            return stop_signals.exit_code() or exc.exit_code
        _error(str(exc))
        return exc.exit_code
    except UnicodeEncodeError as exc:
        if "surrogate" in exc.reason:  # bytes of an argument that are not UTF-8 (Python keeps them so)
            bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
            _error(f"an argument holds bytes that are not UTF-8 text ({bad}); give it in UTF-8")
        else:  # an output told to use an encoding without Arabic (PYTHONIOENCODING=latin-1)
            _error(
                f"the output's encoding ({exc.encoding}) cannot hold the text to print;"
                " use UTF-8 (unset PYTHONIOENCODING, or set it to utf-8)"
            )
        return EXIT_USAGE
    except BrokenPipeError:  # before OSError, its base class
        # The reader of our output went away (brief list | head): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A file brief was told to use cannot be reached (permissions, a full disk...).
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        if stop_signals.received is not None:
            _error(f"interrupted ({stop_signals.name()})")
            return stop_signals.exit_code() or EXIT_INTERRUPTED
        _error("interrupted")
        return EXIT_INTERRUPTED


def _dispatch(args: argparse.Namespace) -> int:
    """Run the reader or the subcommand ``args`` asks for, with the arguments it needs."""
    from tui.config_file import bidi_setting
    from tui.emoji_mode import emoji_setting, use_emoji
    from tui.output import use_bidi
    from tui.paths import default_config_path
    from tui.startup import on_terminal, resolve_store_path

    # --bidi, else the config's bidi = "terminal": the commands' lines logical on a terminal too (into
    # a pipe or a file they are logical anyway).
    bidi = args.bidi
    if bidi is None and (on_terminal(sys.stdout) or on_terminal(sys.stderr)):
        bidi = bidi_setting(default_config_path())
    use_bidi(bidi)
    if args.command not in (None, "read"):
        stop_signals.stop_like_ctrl_c()  # the reader handles them itself
        # Emoji sequences as single emoji only for a terminal that would measure them otherwise
        # (the reader takes the setting with its others); into a pipe or a file, the text as written.
        use_emoji(emoji_setting(default_config_path()) if sys.stdout.isatty() else "whole")
    store_path = resolve_store_path(args.store)
    if args.command in (None, "read"):
        from tui.ui.launch import check_terminal, run_reader

        check_terminal()
        initial_id = args.id if args.command == "read" else None
        return run_reader(store_path=store_path, bidi=args.bidi, initial_id=initial_id)
    if args.command == "check":
        from tui.check_command import cmd_check

        output = Path(args.output).expanduser() if args.output else None
        return cmd_check(store_path, repair=args.repair, output=output)
    from tui import commands

    # Shaped for a terminal; into a pipe or a file, the text itself (grep finds its words), unless
    # --bidi app asks for the terminal's form there too (a pager).
    shaped = bidi == "app" or (bidi is None and sys.stdout.isatty())
    if args.command == "import":
        return commands.cmd_import(store_path, args.paths, samples=args.samples)
    if args.command == "list":
        return commands.cmd_list(store_path, as_json=args.json, shaped=shaped)
    if args.command == "show":
        return commands.cmd_show(store_path, args.id, width=args.width, logical=args.logical, shaped=shaped)
    if args.command == "search":
        query = " ".join(args.query)
        return commands.cmd_search(
            store_path, query, as_json=args.json, limit=args.limit, width=args.width, shaped=shaped
        )
    if args.command == "links":
        return commands.cmd_links(store_path, args.id, as_json=args.json, shaped=shaped)
    if args.command == "related":
        from tui.related_command import cmd_related

        return cmd_related(store_path, args.id, as_json=args.json, limit=args.limit, shaped=shaped)
    if args.command in ("feeds", "fetch", "opml"):
        return _dispatch_feeds(args, store_path, shaped)
    if args.command in ("rm", "prune", "stats", "export"):
        return _dispatch_keep(args, store_path, shaped)
    raise AssertionError(f"no such command: {args.command}")


def _dispatch_feeds(args: argparse.Namespace, store_path: Path, shaped: bool) -> int:
    """``brief feeds ...``, ``brief fetch`` and ``brief opml ...``."""
    from tui import feed_commands as fc

    if args.command == "fetch":
        from tui.fetch_command import cmd_fetch

        settings = fc.fetch_settings(args.timeout, args.connect_timeout)
        return cmd_fetch(
            store_path, args.feeds, as_json=args.json, events=args.events, settings=settings, shaped=shaped
        )
    if args.command == "opml":
        if args.opml_command == "import":
            return fc.cmd_opml_import(store_path, args.file)
        return fc.cmd_opml_export(store_path, args.file)
    if args.feeds_command == "add":
        settings = fc.fetch_settings(args.timeout, args.connect_timeout)
        return fc.cmd_feeds_add(
            store_path, args.url, title=args.title, tags=args.tag, fulltext=args.fulltext, settings=settings
        )
    if args.feeds_command == "remove":
        return fc.cmd_feeds_remove(store_path, args.feed, purge=args.purge)
    if args.feeds_command == "keep":
        from tui.keep_commands import cmd_feeds_keep

        return cmd_feeds_keep(store_path, args.feed, args.days)
    return fc.cmd_feeds_list(store_path, as_json=args.json, shaped=shaped)  # argparse allows only the ones above


def _dispatch_keep(args: argparse.Namespace, store_path: Path, shaped: bool) -> int:
    """``brief rm``, ``brief prune``, ``brief stats`` and ``brief export``."""
    from tui import keep_commands as kc

    if args.command == "rm":
        return kc.cmd_rm(store_path, args.ids, as_json=args.json, shaped=shaped)
    if args.command == "stats":
        return kc.cmd_stats(store_path, as_json=args.json)
    if args.command == "export":
        from tui.export_command import cmd_export

        return cmd_export(store_path, args.ids, fmt=args.format, out=args.out, every=args.all)
    from tui.paths import default_config_path

    return kc.cmd_prune(
        store_path,
        older_than=args.older_than,
        keep_bookmarked=args.keep_bookmarked,
        feed=args.feed,
        dry_run=args.dry_run,
        as_json=args.json,
        config=default_config_path(),
        shaped=shaped,
    )


def _error(message: str) -> None:
    """Print an error for a person on stderr, safe for the terminal (Arabic in it shaped there), a
    feed's password hidden."""
    from tui.output import say
    from tui.text.urls import hide_passwords

    say(f"brief: {hide_passwords(message)}", sys.stderr)
