"""The feed subcommands: ``brief feeds add|list|remove``, ``brief fetch`` and ``brief opml import|export``.

None of them imports Textual. Every string that came from a feed or a server passes through
:func:`tui.text.sanitize.safe_line` before it reaches the terminal; JSON output is escaped as the
other commands' is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tui.errors import EXIT_OK, EXIT_SOME_FAILED, UsageError
from tui.importing.feeds import Refresh, RefreshSummary
from tui.importing.subscribe import SubscribeError, subscribe
from tui.models import Feed
from tui.store.store import Store
from tui.text.sanitize import safe_line

OpenStore = Callable[[argparse.Namespace], Store]


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add ``feeds``, ``fetch`` and ``opml`` with ``add(name, help)`` (the CLI's subparser maker)."""
    feeds = add("feeds", "feed subscriptions: add, list, remove")
    sub = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    p = sub.add_parser("add", help="subscribe to a feed (or the feed a web page names) and fetch it")
    p.add_argument("url", help="the feed's URL (http or https), or a page that links to its feed")
    p.add_argument("--title", help="the name to show for it (default: the feed's own title)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag for its briefs (repeatable)")
    p.add_argument("--fulltext", action="store_true", help="fetch each new entry's page and keep the article text")
    p = sub.add_parser("list", help="one row per feed: briefs, unread, last fetch and its error")
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {url, title, tags, items, unread, last_fetch, last_status, error}",
    )
    p = sub.add_parser("remove", help="unsubscribe (its briefs stay unless --purge)")
    p.add_argument("feed", metavar="URL_OR_TITLE")
    p.add_argument("--purge", action="store_true", help="delete the feed's briefs too")

    p = add("fetch", "fetch every feed (or those named) and import new and changed entries")
    p.add_argument("feeds", nargs="*", metavar="URL_OR_TITLE", help="only these feeds")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.epilog = (
        "Prints one line per failed feed (failed: URL: reason), then:\n"
        "fetched N feeds, failed N, new N, updated N\n"
        "Exit 0 when no feed failed, 1 when some did, 2 on usage errors."
    )

    opml = add("opml", "import or export subscriptions as OPML")
    sub = opml.add_subparsers(dest="opml_command", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="subscribe to every feed of an OPML file (without fetching)")
    p.add_argument("file", help="the OPML file")
    p = sub.add_parser("export", help="write the subscriptions as OPML 2.0 (stdout without FILE)")
    p.add_argument("file", nargs="?", help="write here instead of stdout")


def _one_feed(store: Store, name: str) -> Feed:
    """The feed called ``name`` (URL or title); a usage error when none or several are."""
    found = store.find_feeds(name)
    if not found:
        raise UsageError(f"no feed {safe_line(name)!r} is subscribed; see 'brief feeds list'")
    if len(found) > 1:
        raise UsageError(f"several feeds are called {safe_line(name)!r}; give the URL")
    return found[0]


def cmd_feeds(args: argparse.Namespace, open_store: OpenStore) -> int:
    """``brief feeds add|list|remove``."""
    with open_store(args) as store:
        if args.feeds_command == "list":
            return _feeds_list(store, args.json)
        store.require_writable()
        if args.feeds_command == "remove":
            feed = _one_feed(store, args.feed)
            removed = store.remove_feed(feed.url, purge=args.purge)
            kept = "" if args.purge else f"; its {feed.items} briefs stay (--purge deletes them)"
            print(safe_line(f"unsubscribed from {feed.url}" + (f"; {removed} briefs deleted" if args.purge else kept)))
            return EXIT_OK
        try:
            outcome = subscribe(store, args.url, title=args.title, tags=args.tag, fulltext=args.fulltext)
        except SubscribeError as exc:
            raise UsageError(str(exc)) from None
        for line in outcome.lines:
            print(safe_line(line))
        if outcome.summary is not None:
            _print_summary(outcome.summary, sys.stdout)
    return EXIT_OK


def _feeds_list(store: Store, as_json: bool) -> int:
    """``brief feeds list [--json]``."""
    from tui.commands import dumps

    feeds = store.feeds()
    if as_json:
        print(
            dumps(
                [
                    {
                        "url": f.url,
                        "title": f.title,
                        "tags": list(f.tags),
                        "items": f.items,
                        "unread": f.unread,
                        "last_fetch": f.last_fetch,
                        "last_status": f.last_status,
                        "error": f.error,
                    }
                    for f in feeds
                ]
            )
        )
        return EXIT_OK
    if not feeds:
        print("no feeds; subscribe with: brief feeds add URL")
        return EXIT_OK
    from tui.text.layout import render_line

    for f in feeds:
        state = f"error: {f.error}" if f.error else (f"fetched {f.last_fetch}" if f.last_fetch else "not fetched yet")
        title = render_line(f.name, 50).text
        print(f"{title}  {f.unread}/{f.items} unread  {safe_line(state)}")
        print(f"    {safe_line(f.url)}" + (f"  [{safe_line(', '.join(f.tags))}]" if f.tags else ""))
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, open_store: OpenStore) -> int:
    """``brief fetch [URL_OR_TITLE...] [--json]``."""
    with open_store(args) as store:
        store.require_writable()
        feeds = [_one_feed(store, name) for name in args.feeds] if args.feeds else store.feeds()
        if not feeds:
            print("no feeds to fetch; subscribe with: brief feeds add URL", file=sys.stderr)
        bar = _progress(len(feeds)) if not args.json else None
        try:
            summary = Refresh(
                store,
                feeds,
                on_progress=(lambda done, total: bar.update(bar.task_ids[0], completed=done)) if bar else None,
            ).run()
        finally:
            if bar is not None:
                bar.stop()
    if args.json:
        from tui.commands import dumps

        print(
            dumps(
                {
                    "fetched": summary.fetched,
                    "failed": summary.failed,
                    "new": summary.new,
                    "updated": summary.updated,
                    "feeds": [
                        {
                            "url": o.feed.url,
                            "title": o.feed.title,
                            "error": o.error,
                            "new": o.new,
                            "updated": o.updated,
                            "not_modified": o.not_modified,
                        }
                        for o in summary.outcomes
                    ],
                }
            )
        )
    else:
        _print_summary(summary, sys.stdout)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _print_summary(summary: RefreshSummary, out: TextIO) -> None:
    """One line per failed feed and per note, then the summary line."""
    for o in summary.outcomes:
        if o.error is not None:
            print(safe_line(f"failed: {o.feed.url}: {o.error}"), file=out)
        for note in o.notes:
            print(safe_line(note), file=out)
    print(summary.line(), file=out)


def _progress(count: int):  # type: ignore[no-untyped-def]
    """A progress bar on stderr when both outputs are a terminal, else None."""
    if count < 2 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    bar.add_task("fetching", total=count)
    bar.start()
    return bar


def cmd_opml(args: argparse.Namespace, open_store: OpenStore) -> int:
    """``brief opml import FILE`` / ``brief opml export [FILE]``."""
    from tui.feeds.opml import OpmlError, Subscription, parse_opml, write_opml

    if args.opml_command == "export":
        with open_store(args) as store:
            text = write_opml([Subscription(f.url, f.title, f.tags) for f in store.feeds()])
        if args.file:
            Path(args.file).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    try:
        document = parse_opml(data, str(path))
    except OpmlError as exc:
        raise UsageError(str(exc)) from None
    subscribed = already = failed = 0
    with open_store(args) as store:
        store.require_writable()
        for sub in document.subscriptions:
            if store.add_feed(sub.url, title=sub.title, tags=sub.tags):
                subscribed += 1
            else:
                already += 1
    failed = document.skipped
    if document.skipped:
        print(
            f"failed: {safe_line(str(path))}: {document.skipped} outlines are not http or https feeds", file=sys.stderr
        )
    print(f"subscribed {subscribed}, already {already + document.duplicates}, failed {failed}")
    return EXIT_OK
