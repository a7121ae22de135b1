"""A fetched feed's document parsed, and its entries turned into rows ready to write, in worker
processes: the stage of a refresh between fetching (:mod:`tui.feeds.fetch`) and writing
(:class:`tui.importing.feeds.Refresh`)."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace
from multiprocessing.context import BaseContext
from typing import NamedTuple

from tui.feeds.request import FetchResult
from tui.models import Article, Feed
from tui.store.importing import BriefRows, brief_rows
from tui.text.stem import get_stemmer

POOL_MIN_FEEDS = 8
"""Fewer answered feeds than this are parsed in this process: starting workers costs more."""
MAX_WORKERS = 2
"""Parsing workers; the writer is this process."""


class Prepared(NamedTuple):
    """A parsed feed, its entries as rows ready to write (computed in a worker)."""

    title: str
    error: str | None
    rows: list[BriefRows]
    articles: list[Article]
    """The entries themselves, kept only for feeds that fetch full text."""
    note: str | None = None
    """A line for the user about this feed's full text that is not a failure."""
    skipped: int = 0
    """Entries left out because they have neither a title nor any text."""
    too_large: int = 0
    """Entries left out because they carry more text than a brief may have."""
    beyond: int = 0
    """Entries left out past the most a document is read for (:data:`tui.feeds.parse.MAX_FEED_ENTRIES`)."""


def rebased(feed: Feed, result: FetchResult) -> bool:
    """Whether the feed's briefs may take their ids from the URL a permanent redirect gave (its first
    fetch, subscribed by an OPML file at a URL that has moved), as ``brief feeds add`` of either URL
    would make them: an old copy of the feed's briefs (unsubscribed, not purged) is then found again,
    not stored twice. :func:`settled` decides, knowing the store."""
    return bool(result.permanent_url) and feed.last_fetch is None and feed.id_base == feed.url


def settled(feed: Feed, result: FetchResult, holds_ids: Callable[[str], bool]) -> Feed:
    """The feed as its answered document is parsed and recorded: with the redirect's URL as its
    ``id_base`` when its briefs take their ids from there (:func:`rebased`), unless the store keeps
    briefs bearing the ids of the URL it was subscribed at (``holds_ids(prefix)``: an earlier
    subscription to it, unsubscribed without ``--purge``), which its entries must find again."""
    if not rebased(feed, result) or result.permanent_url is None:
        return feed
    from tui.feeds.entries import feed_id_prefix  # here: rare, and a fetch of 304s never needs it

    if holds_ids(feed_id_prefix(feed.id_base)):
        return feed
    return replace(feed, id_base=result.permanent_url)


def prepare(result: FetchResult, feed: Feed, fetched_at: str, stemmer: str) -> Prepared:
    """Parse one answered document and compute its rows (the function the workers run); ids come
    from ``feed.id_base`` (see :func:`settled`)."""
    from tui.feeds.parse import parse_feed  # here: a fetch where every feed answers 304 never needs it

    parsed = parse_feed(
        result.body or b"",
        result.final_url,
        content_type=result.content_type,
        title=feed.title if feed.user_title else None,
        tags=feed.tags,
        fetched_at=fetched_at,
        id_base=feed.id_base,
        feed=feed.url,
    )
    error = parsed.error
    if error == PAGE_ERROR:
        error = _page_error(result)
    articles = parsed.articles
    stem = get_stemmer(stemmer)
    rows = [] if feed.fulltext else [brief_rows(a, stem) for a in articles]
    return Prepared(
        parsed.title,
        error,
        rows,
        list(articles) if feed.fulltext else [],
        skipped=parsed.skipped,
        too_large=parsed.too_large,
        beyond=parsed.beyond,
    )


PAGE_ERROR = "not a feed: an HTML page"
"""What parsing says of a web page."""


def _page_error(result: FetchResult) -> str:
    """Why a subscription that answers with a web page fails, naming the feed the page names (an OPML
    list may hold a site's address: ``brief feeds add`` of it finds that feed, a fetch says which)."""
    from tui.feeds.discover import find_feed_links

    links = find_feed_links(result.body or b"", result.final_url)
    if not links:
        return f"{PAGE_ERROR} with no feed link"
    feed = links[0].url
    return f"{PAGE_ERROR} naming the feed {feed}; subscribe to that: brief feeds add {feed}"


def parsing_pool(count: int, workers: int | None) -> Executor | None:
    """Worker processes for parsing, or None to parse here (few feeds, or workers=0)."""
    workers = min(MAX_WORKERS, os.cpu_count() or 1) if workers is None else workers
    if workers < 1 or count < POOL_MIN_FEEDS:
        return None
    # fork is fast, but not from a process with threads (the reader runs this in one): forkserver
    # then, whose workers are children of the fork server (so they cannot check their parent).
    from tui.importing.workers import worker_init
    from tui.stop_signals import worker_process

    if sys.platform == "linux" and threading.active_count() == 1:
        context: BaseContext = multiprocessing.get_context("fork")
        init: Callable[..., None] = worker_init
        args: tuple[int, ...] = (os.getpid(),)
    else:
        context, init, args = multiprocessing.get_context("forkserver"), worker_process, ()
    try:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=init, initargs=args)
    except (OSError, ValueError):
        return None
