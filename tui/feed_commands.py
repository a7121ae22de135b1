"""The subscription commands: ``brief feeds add|list|remove`` and ``brief opml import|export``, and
what ``brief fetch`` (:mod:`tui.fetch_command`) shares with them: its timeouts, a feed named by
URL or title, the lines that say how a fetch went.

None of them imports Textual. Every string that came from a feed or a server passes through
:func:`tui.output.message` (safe, and Arabic shaped on a terminal) before it reaches the terminal;
JSON output is escaped as the other commands' is. Their arguments and help: :mod:`tui.feed_parsers`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.errors import EXIT_OK, EXIT_SOME_FAILED, UsageError
from tui.feeds.urls import canonical_url, is_http_url
from tui.importing.outcomes import with_remedy
from tui.output import message
from tui.text.sanitize import safe_json as dumps
from tui.text.sanitize import safe_line, shown_arg
from tui.text.urls import hide_passwords

if TYPE_CHECKING:  # the fetching machinery is imported only by the commands that fetch
    from tui.feeds.request import FetchSettings
    from tui.importing.outcomes import RefreshSummary
    from tui.models import Feed
    from tui.store.store import Store


def _for_a_person(line: str, stream: TextIO | None = None) -> str:
    """A line of output for a person on ``stream`` (stdout by default): safe for the terminal (Arabic
    in it shaped there: :func:`tui.output.message`), a feed's password shown as ``***``."""
    return message(hide_passwords(line), stream)


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


def one_feed(store: Store, name: str) -> Feed:
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
            print_summary(outcome.summary, sys.stdout)
    return EXIT_OK


def cmd_feeds_remove(store_path: Path, name: str, *, purge: bool = False) -> int:
    """``brief feeds remove URL_OR_TITLE [--purge]``."""
    from tui.startup import open_store

    with open_store(store_path, seed=False) as store:
        store.require_writable()
        feed = one_feed(store, name)
        removed = store.remove_feed(feed.url, purge=purge)
        kept = f"; its {feed.items} briefs stay (--purge deletes them)" if feed.items else ""
        done = f"unsubscribed from {feed.url}" + (f"; {removed} briefs deleted" if purge else kept)
        print(_for_a_person(done))
    return EXIT_OK


def cmd_feeds_list(store_path: Path, *, as_json: bool = False, shaped: bool = True) -> int:
    """``brief feeds list [--json]``."""
    from tui.startup import open_store

    with open_store(store_path, seed=False, reading=True) as store:
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
        if f.last_status == "interrupted":
            state = f"fetch interrupted {f.last_fetch}; the next fetch gets it whole"
        if f.error:
            state = f"error: {f.error} ({state.replace('fetched', 'tried', 1)})"
        title = output_line(f.name, 50, shaped=shaped)
        print(f"{title}  {f.unread}/{f.items} unread  {safe_line(state)}")
        tags = f"  [{output_line(', '.join(f.tags), 200, shaped=shaped)}]" if f.tags else ""
        print(f"    {_for_a_person(f.url)}{tags}")
    return EXIT_OK


def print_summary(summary: RefreshSummary, out: TextIO) -> None:
    """One line per failed feed and per note, then the summary line."""
    for o in summary.outcomes:
        if o.error is not None:
            print(_for_a_person(f"failed: {o.feed.url}: {with_remedy(o.error)}", out), file=out)
        if o.skipped is not None:
            print(_for_a_person(f"skipped: {o.feed.url}: {o.skipped}", out), file=out)
        for note in o.notes:
            print(_for_a_person(note, out), file=out)
    print(summary.line(), file=out)


def cmd_opml_export(store_path: Path, file: str | None = None) -> int:
    """``brief opml export [FILE]``: OPML 2.0 on stdout, or in FILE."""
    from tui.feeds.opml import Subscription, write_opml
    from tui.startup import open_store

    with open_store(store_path, seed=False, reading=True) as store:
        text = write_opml([Subscription(f.url, f.title, f.tags) for f in store.feeds()])
    if file:
        from tui.files import reason, write_in_place

        try:
            write_in_place(Path(file), text)
        except OSError as exc:
            raise UsageError(f"{file}: cannot be written ({reason(exc)})") from None
    elif sys.stdout.isatty():  # titles and tags come from feeds: no control of theirs reaches a terminal
        sys.stdout.write("\n".join(safe_line(line) for line in text.split("\n")))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_opml_import(store_path: Path, file: str) -> int:
    """``brief opml import FILE``: subscribe to every feed in it, without fetching."""
    from tui.feeds.opml import MAX_OPML_BYTES, OpmlError, parse_opml
    from tui.files import TooLarge, read_small_file, reason
    from tui.startup import open_store

    path = Path(file)
    try:
        data = read_small_file(path, MAX_OPML_BYTES)
    except TooLarge:
        raise UsageError(f"{path}: larger than {MAX_OPML_BYTES // 2**20} MB: not an OPML list of feeds") from None
    except OSError as exc:
        raise UsageError(f"{path}: {reason(exc)}") from None
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
        print(_for_a_person(f"failed: {path}: {outlines} ({named}{more}); skipped", sys.stderr), file=sys.stderr)
    if document.beyond:
        from tui.feeds.opml import MAX_OPML_FEEDS

        beyond = f"failed: {path}: {document.beyond:,} feeds past the first {MAX_OPML_FEEDS:,}; skipped"
        print(_for_a_person(beyond, sys.stderr), file=sys.stderr)
    if document.searches:
        folders = "1 search folder" if document.searches == 1 else f"{document.searches} search folders"
        print(_for_a_person(f"note: {path}: {folders}, not feeds; left out", sys.stderr), file=sys.stderr)
    failed = document.skipped + document.beyond
    print(f"subscribed {subscribed}, already {already + document.duplicates}, failed {failed}")
    return EXIT_SOME_FAILED if failed else EXIT_OK  # as import and fetch: the rest are in
