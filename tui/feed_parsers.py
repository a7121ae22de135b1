"""The arguments and help of ``brief feeds add|list|remove|keep``, ``brief fetch`` and
``brief opml import|export``.

The commands are :mod:`tui.feed_commands`, :mod:`tui.fetch_command` and
:func:`tui.keep_commands.cmd_feeds_keep`; building ``brief``'s parser imports none of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from functools import partial

from tui.arg_types import nonempty_path

FEED_NAME_HELP = "a feed's URL, or its title as brief feeds list shows it"
"""How the feed commands' ``URL_OR_TITLE`` is given."""


def add_parsers(
    add: Callable[[str, str], argparse.ArgumentParser], parents: Sequence[argparse.ArgumentParser] = ()
) -> None:
    """Add ``feeds``, ``fetch`` and ``opml`` with ``add(name, help)`` (the CLI's subparser maker);
    ``parents`` give the actions the global options (``--store``, ``--bidi``) too."""
    feeds = add("feeds", "feed subscriptions: add, list, remove, keep")
    sub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    action = partial(_action, sub, parents)
    p = action(
        "add",
        "subscribe to a feed (or the feed a web page names) and fetch it",
        "Prints the fetch's summary line: fetched N feeds, failed N, new N, updated N.\n"
        "Exit 2, nothing subscribed, for a URL that is no feed and names none (the line says why).",
    )
    p.add_argument("url", help="the feed's URL (http or https), or a page that links to its feed")
    p.add_argument("--title", help="the name to show for it (default: the feed's own title)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag for its briefs (repeatable)")
    p.add_argument("--fulltext", action="store_true", help="fetch each new entry's page and keep the article text")
    _timeouts(p)
    p = action("list", "one row per feed: briefs, unread, last fetch and its error")
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {url, title, tags, items, unread, last_fetch, last_status, error}",
    )
    p = action("remove", "unsubscribe (its briefs stay unless --purge)")
    p.add_argument("feed", metavar="URL_OR_TITLE", help=FEED_NAME_HELP)
    p.add_argument("--purge", action="store_true", help="delete the feed's briefs too")
    p = action(
        "keep",
        "show or set how many days a feed's briefs are kept (by brief prune, and after each fetch)",
        "Without a value, prints the feed's setting. DAYS keeps its briefs that many days, never keeps\n"
        "them for good, default follows keep_days in the config file again. Bookmarked briefs are kept.",
    )
    p.add_argument("feed", metavar="URL_OR_TITLE", help=FEED_NAME_HELP)
    p.add_argument(
        "days",
        nargs="?",
        metavar="DAYS|never|default",
        help="a number of days, never, or default (the config file's keep_days); without it, the setting is shown",
    )

    p = add("fetch", "fetch every feed (or those named) and import new and changed entries")
    p.add_argument("feeds", nargs="*", metavar="URL_OR_TITLE", help=f"only these feeds: {FEED_NAME_HELP}")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.add_argument("--events", action="store_true", help=argparse.SUPPRESS)  # the reader's r
    _timeouts(p)
    p.epilog = (
        "Prints one line per failed feed (failed: URL: reason), then:\n"
        "fetched N feeds, failed N, new N, updated N\n"
        "Exit 0 when no feed failed, 1 when some did, 2 on usage errors."
    )

    opml = add("opml", "import or export subscriptions as OPML")
    sub = opml.add_subparsers(dest="opml_command", metavar="ACTION", required=True)
    action = partial(_action, sub, parents)
    p = action(
        "import",
        "subscribe to every feed of an OPML file, without fetching (nested outlines become tags)",
        "Prints lines naming the outlines that could not be subscribed (past 5,000 feeds, or no http\n"
        "or https URL) and counting the search folders, which are not feeds; then: subscribed N,\n"
        "already N, failed N.\n"
        "Exit 0 when none failed, 1 when some did (the rest are subscribed), 2 for a file that is not OPML.",
    )
    p.add_argument("file", type=nonempty_path("the OPML file's path"), help="the OPML file")
    p = action("export", "write the subscriptions as OPML 2.0 (stdout without FILE)")
    p.add_argument("file", nargs="?", type=nonempty_path("a file to write"), help="write here instead of stdout")


def _action(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
    name: str,
    help_text: str,
    epilog: str | None = None,
) -> argparse.ArgumentParser:
    """An action of ``feeds`` or ``opml``: its help line is its description too, and its epilog is
    printed as written."""
    return sub.add_parser(
        name,
        parents=list(parents),
        help=help_text,
        description=help_text,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _timeouts(parser: argparse.ArgumentParser) -> None:
    """``--timeout`` and ``--connect-timeout`` for the commands that fetch."""
    parser.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="seconds a feed may take in all (default 30)"
    )
    parser.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="S", help="seconds to connect (default 10)"
    )
