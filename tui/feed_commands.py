"""The feed subcommands: ``brief feeds add|list|remove|keep``, ``brief fetch`` and ``brief opml import|export``.

None of them imports Textual. Every string that came from a feed or a server passes through
:func:`tui.text.sanitize.safe_line` before it reaches the terminal; JSON output is escaped as the
other commands' is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.errors import EXIT_OK, EXIT_SOME_FAILED, UsageError
from tui.feeds.urls import canonical_url, is_http_url
from tui.text.sanitize import safe_json as dumps
from tui.text.sanitize import safe_line, shown_arg
from tui.text.urls import hide_passwords

if TYPE_CHECKING:  # the fetching machinery is imported only by the commands that fetch
    from tui.feeds.request import FetchSettings
    from tui.importing.outcomes import RefreshSummary
    from tui.models import Feed
    from tui.store.store import Store


FEED_NAME_HELP = "a feed's URL, or its title as brief feeds list shows it"
"""How the feed commands' ``URL_OR_TITLE`` is given."""


def _for_a_person(line: str) -> str:
    """A line of output for a person: safe for the terminal, a feed's password shown as ``***``."""
    return safe_line(hide_passwords(line))


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
    p.add_argument("file", help="the OPML file")
    p = action("export", "write the subscriptions as OPML 2.0 (stdout without FILE)")
    p.add_argument("file", nargs="?", help="write here instead of stdout")


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


MAX_TIMEOUT = 86_400
"""The longest ``--timeout`` (a day): a bound is the point of a timeout."""
MIN_TIMEOUT = 0.1
"""The shortest (a tenth of a second: no server answers sooner, even on this machine)."""


def fetch_settings(timeout: float = 30.0, connect_timeout: float = 10.0) -> FetchSettings:
    """The fetch settings for the given timeouts; a usage error for one that is not positive."""
    from tui.feeds.request import FetchSettings

    for name, value in (("--timeout", timeout), ("--connect-timeout", connect_timeout)):
        if not MIN_TIMEOUT <= value <= MAX_TIMEOUT:  # nan and inf too: a feed that drips would never end
            raise UsageError(f"{name} must be a number of seconds from {MIN_TIMEOUT} to {MAX_TIMEOUT:,}")
    return FetchSettings(connect_timeout=min(connect_timeout, timeout), total_timeout=timeout)


def _one_feed(store: Store, name: str) -> Feed:
    """The feed called ``name`` (URL or title); a usage error when none or several are."""
    found = store.find_feeds(name)
    if not found and is_http_url(name.strip()):
        found = store.find_feeds(canonical_url(name))
    if not found:
        raise UsageError(f"no feed '{shown_arg(name)}' is subscribed; see 'brief feeds list'")
    if len(found) > 1:
        raise UsageError(f"several feeds are called '{shown_arg(name)}'; give the URL")
    return found[0]


def cmd_feeds_add(
    store_path: Path,
    url: str,
    *,
    title: str | None = None,
    tags: Sequence[str] = (),
    fulltext: bool = False,
    settings: FetchSettings | None = None,
) -> int:
    """``brief feeds add URL [--title T] [--tag T]... [--fulltext]``."""
    from tui.importing.story_read import story_read_setting
    from tui.importing.subscribe import SubscribeError, subscribe
    from tui.paths import default_config_path
    from tui.startup import open_store

    with open_store(store_path, seed=False) as store:
        store.require_writable()
        try:
            story_read = story_read_setting(default_config_path())
            if sys.stderr.isatty():  # a slow server would otherwise leave the terminal silent for half a minute
                from tui.feeds.request import FetchSettings
                from tui.feeds.urls import canonical_url, show_url, url_problem

                limit = (settings or FetchSettings()).total_timeout
                if url_problem(url.strip()) is None and store.feed(canonical_url(url.strip())) is None:
                    line = hide_passwords(f"fetching {show_url(url.strip())} (each request at most {limit:g} s)…")
                    print(line, file=sys.stderr, flush=True)
            outcome = subscribe(
                store, url, title=title, tags=tags, fulltext=fulltext, settings=settings, story_read=story_read
            )
        except SubscribeError as exc:
            raise UsageError(str(exc)) from None
        for line in outcome.lines:
            print(_for_a_person(line))
        if outcome.summary is not None:
            _print_summary(outcome.summary, sys.stdout)
    return EXIT_OK


def cmd_feeds_remove(store_path: Path, name: str, *, purge: bool = False) -> int:
    """``brief feeds remove URL_OR_TITLE [--purge]``."""
    from tui.startup import open_store

    with open_store(store_path, seed=False) as store:
        store.require_writable()
        feed = _one_feed(store, name)
        removed = store.remove_feed(feed.url, purge=purge)
        kept = f"; its {feed.items} briefs stay (--purge deletes them)" if feed.items else ""
        done = f"unsubscribed from {feed.url}" + (f"; {removed} briefs deleted" if purge else kept)
        print(_for_a_person(done))
    return EXIT_OK


def cmd_feeds_list(store_path: Path, *, as_json: bool = False, shaped: bool = True) -> int:
    """``brief feeds list [--json]``."""
    from tui.startup import open_store

    with open_store(store_path, seed=False) as store:
        return _feeds_list(store, as_json, shaped)


def _feeds_list(store: Store, as_json: bool, shaped: bool) -> int:
    """The feeds as JSON or as two lines each."""
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
    from tui.text.layout import output_line

    for f in feeds:
        state = f"fetched {f.last_fetch}" if f.last_fetch else "not fetched yet"
        if f.error:
            state = f"error: {f.error} ({state.replace('fetched', 'tried', 1)})"
        title = output_line(f.name, 50, shaped=shaped)
        print(f"{title}  {f.unread}/{f.items} unread  {safe_line(state)}")
        tags = f"  [{output_line(', '.join(f.tags), 200, shaped=shaped)}]" if f.tags else ""
        print(f"    {_for_a_person(f.url)}{tags}")
    return EXIT_OK


def cmd_fetch(
    store_path: Path,
    names: Sequence[str] = (),
    *,
    as_json: bool = False,
    events: bool = False,
    settings: FetchSettings | None = None,
    shaped: bool = True,
) -> int:
    """``brief fetch [URL_OR_TITLE...] [--json]``; ``events`` (the reader's ``r``) prints one JSON
    object a line as the fetch goes (``progress``, ``written``) and the outcome last (``summary``);
    ``shaped`` False (``--bidi terminal``) leaves the names beside the bar in logical order."""
    from tui.importing.feeds import COMMIT_SECONDS, Refresh
    from tui.importing.story_read import story_read_setting
    from tui.paths import default_config_path
    from tui.startup import open_store

    def event(kind: str, **values: object) -> None:
        print(json.dumps({"event": kind, **values}), flush=True)

    if events:  # for the reader: below it, so that it keeps answering keys while this works
        try:
            os.nice(EVENTS_NICE)
        except (AttributeError, OSError):
            pass

    with open_store(store_path, seed=False) as store:
        store.require_writable()
        feeds = [_one_feed(store, name) for name in names] if names else store.feeds()
        if not feeds and not events:
            print("no feeds to fetch; subscribe with: brief feeds add URL", file=sys.stderr)
        bar = _progress(len(feeds)) if not (as_json or events) else None
        refresh = Refresh(
            store,
            feeds,
            settings=settings,
            on_written=(lambda count: event("written", count=count)) if events else None,
            commit_seconds=EVENTS_COMMIT_SECONDS if events else COMMIT_SECONDS,
            story_read=story_read_setting(default_config_path()),
        )
        if events:
            refresh.on_progress = lambda done, answered, total: event(  # noqa: E731
                "progress", done=done, answered=answered, total=total, waiting=refresh.waiting()
            )
        elif bar is not None:
            refresh.on_progress = lambda done, answered, total: bar.update(  # noqa: E731
                bar.task_ids[0], completed=done, waiting=_waiting_line(refresh.waiting(), shaped)
            )
        try:
            summary = refresh.run()
        finally:
            if bar is not None:
                bar.stop()
        pruned = _keep_days(store)
    if as_json or events:
        outcome = summary_json(summary)
        if events:  # the reader says what its fetch pruned
            print(json.dumps({"event": "summary", **outcome, "pruned": pruned}), flush=True)
        else:
            print(dumps(outcome), flush=True)
    else:
        _print_summary(summary, sys.stdout)
        if pruned:
            print(f"pruned {pruned} brief{'' if pruned == 1 else 's'} older than keep_days")
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _keep_days(store: Store) -> int:
    """Prune by the ``keep_days`` settings after a fetch (:mod:`tui.importing.keeping`); how many
    briefs went. A bad setting is said on stderr and prunes nothing."""
    from tui.importing.keeping import apply_keep_days, keep_days_setting
    from tui.paths import default_config_path

    try:
        removed = apply_keep_days(store, keep_days_setting(default_config_path()))
    except UsageError as exc:
        print(f"brief: {safe_line(str(exc))}; nothing was pruned", file=sys.stderr)
        return 0
    return removed.count if removed is not None else 0


EVENTS_NICE = 5
"""How much lower a fetch for the reader runs than the reader."""
EVENTS_COMMIT_SECONDS = 2.0
"""For the reader, fetched briefs are committed at least this often, so that they show up in its list
as they arrive; not more often, as each commit costs the fetch (and the reader's cores) a rewrite
of the index pages it touched (see :data:`tui.importing.feeds.COMMIT_SECONDS`)."""


def summary_json(summary: RefreshSummary) -> dict[str, object]:
    """The outcome of a fetch as ``brief fetch --json`` prints it."""
    return {
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
                "skipped": o.skipped,
                "moved_to": o.moved_to,
                "notes": list(o.notes),
            }
            for o in summary.outcomes
        ],
    }


def _print_summary(summary: RefreshSummary, out: TextIO) -> None:
    """One line per failed feed and per note, then the summary line."""
    for o in summary.outcomes:
        if o.error is not None:
            print(_for_a_person(f"failed: {o.feed.url}: {o.error}"), file=out)
        if o.skipped is not None:
            print(_for_a_person(f"skipped: {o.feed.url}: {o.skipped}"), file=out)
        for note in o.notes:
            print(_for_a_person(note), file=out)
    print(summary.line(), file=out)


def _progress(count: int):  # type: ignore[no-untyped-def]
    """A progress bar on stderr when both outputs are a terminal, else None: feeds done of all, the
    time so far (a time left would be a guess: the last feed may take its whole timeout), and the
    last feeds awaited (:func:`_waiting_line`)."""
    if count < 2 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[waiting]}", markup=False),
        console=Console(stderr=True),
        transient=True,
    )
    bar.add_task("fetching", total=count, waiting="")
    bar.start()
    return bar


def _waiting_line(names: Sequence[str], shaped: bool = True) -> str:
    """``waiting for NAME, NAME`` (each safe and cut to 30 cells, shaped unless ``--bidi terminal``:
    the bar is on a terminal), or ``""``."""
    if not names:
        return ""
    from tui.text.layout import render_line

    return "waiting for " + ", ".join(render_line(name, 30, shaped=shaped).text for name in names)


def cmd_opml_export(store_path: Path, file: str | None = None) -> int:
    """``brief opml export [FILE]``: OPML 2.0 on stdout, or in FILE."""
    from tui.feeds.opml import Subscription, write_opml
    from tui.startup import open_store

    with open_store(store_path, seed=False) as store:
        text = write_opml([Subscription(f.url, f.title, f.tags) for f in store.feeds()])
    if file:
        Path(file).write_text(text, encoding="utf-8")
    elif sys.stdout.isatty():  # titles and tags come from feeds: no control of theirs reaches a terminal
        sys.stdout.write("\n".join(safe_line(line) for line in text.split("\n")))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_opml_import(store_path: Path, file: str) -> int:
    """``brief opml import FILE``: subscribe to every feed in it, without fetching."""
    from tui.feeds.opml import OpmlError, parse_opml
    from tui.startup import open_store

    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    try:
        document = parse_opml(data, str(path))
    except OpmlError as exc:
        raise UsageError(str(exc)) from None
    subscribed = already = 0
    with open_store(store_path, seed=False) as store:
        store.require_writable()
        for sub in document.subscriptions:
            if store.add_feed(sub.url, title=sub.title, tags=sub.tags):
                subscribed += 1
            else:
                already += 1
    if document.skipped:
        n = document.skipped
        named = ", ".join(repr(url[:100]) for url in document.skipped_urls)
        more = f" and {n - len(document.skipped_urls)} more" if n > len(document.skipped_urls) else ""
        outlines = (
            "1 outline is not an http or https feed URL that can be fetched"
            if n == 1
            else f"{n} outlines are not http or https feed URLs that can be fetched"
        )
        print(safe_line(f"failed: {path}: {outlines} ({named}{more}); skipped"), file=sys.stderr)
    if document.beyond:
        from tui.feeds.opml import MAX_OPML_FEEDS

        print(
            safe_line(f"failed: {path}: {document.beyond:,} feeds past the first {MAX_OPML_FEEDS:,}; skipped"),
            file=sys.stderr,
        )
    if document.searches:
        folders = "1 search folder" if document.searches == 1 else f"{document.searches} search folders"
        print(safe_line(f"note: {path}: {folders}, not feeds; left out"), file=sys.stderr)
    failed = document.skipped + document.beyond
    print(f"subscribed {subscribed}, already {already + document.duplicates}, failed {failed}")
    return EXIT_SOME_FAILED if failed else EXIT_OK  # as import and fetch: the rest are in
