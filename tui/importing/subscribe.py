"""Subscribing to a feed: check that the URL is one (or names one), then keep it and import its entries.

A URL that answers with an HTML page is searched for ``<link rel="alternate">`` feed links and the
first one is subscribed to instead, and the user told so. Nothing is subscribed unless a feed
answered and parsed: a URL that is no feed and names none, a 404 or a timeout is a
:class:`SubscribeError` naming the URL and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.feeds.discover import find_feed_links, looks_like_html
from tui.feeds.fetch import fetch_all_sync
from tui.feeds.opml import clean_name
from tui.feeds.request import FeedRequest, FetchResult, FetchSettings
from tui.feeds.urls import canonical_url, show_url, url_problem
from tui.importing.feed_parsing import prepare
from tui.importing.feeds import Refresh
from tui.importing.outcomes import RefreshSummary
from tui.models import Feed
from tui.store.store import Store


class SubscribeError(Exception):
    """The URL is not a feed that can be subscribed to; the message says which and why."""


@dataclass
class Subscribed:
    """What ``brief feeds add`` did."""

    lines: list[str] = field(default_factory=list)
    """What to tell the user before the summary."""
    summary: RefreshSummary | None = None
    """The first fetch's summary; None when the feed was subscribed already."""


def _fetch(url: str, settings: FetchSettings) -> FetchResult:
    """Fetch ``url`` once, or raise :class:`SubscribeError` with the reason."""
    (result,) = fetch_all_sync([FeedRequest(url)], settings)
    if result.error is not None:
        raise SubscribeError(f"{url}: {result.error}")
    if result.body is None:
        raise SubscribeError(f"{url}: the server sent no document (HTTP {result.status})")
    return result


def _subscribed(store: Store, url: str) -> bool:
    """True when ``url`` is subscribed and not marked gone."""
    feed = store.feed(url)
    return feed is not None and not feed.gone


def subscribe(
    store: Store,
    url: str,
    *,
    title: str | None = None,
    tags: Sequence[str] = (),
    fulltext: bool = False,
    settings: FetchSettings | None = None,
    story_read: bool = False,
) -> Subscribed:
    """Subscribe ``store`` to the feed at ``url`` (or the one its page names) and import its entries
    (with ``story_read``, an entry that joins a same-story group already read is marked read)."""
    settings = settings or FetchSettings()
    title = clean_name(title)  # as an OPML file's titles and folders: one line, no controls, no empty tag
    tags = list(dict.fromkeys(name for name in map(clean_name, tags) if name))
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise SubscribeError(f"{show_url(url)}: {problem}" if url else problem)
    url = canonical_url(url)  # one spelling per feed: a second spelling is no second subscription
    done = Subscribed()
    if _subscribed(store, url):
        done.lines.append(f"already subscribed to {url}; nothing changed")
        return done
    result = _fetch(url, settings)
    if looks_like_html(result.body or b"", result.content_type):
        page = result.final_url
        links = find_feed_links(result.body or b"", page)
        if not links:
            raise SubscribeError(f"{url}: not a feed: an HTML page with no feed link")
        url = canonical_url(links[0].url)
        done.lines.append(f"{page} is a web page; subscribing to the feed it names: {url}")
        if _subscribed(store, url):
            done.lines.append(f"already subscribed to {url}; nothing changed")
            return done
        try:
            result = _fetch(url, settings)
        except SubscribeError as exc:
            raise SubscribeError(f"{exc} (the feed that {page} names)") from None
    feed_url = canonical_url(result.permanent_url) if result.permanent_url else url
    if feed_url != url and _subscribed(store, feed_url):
        done.lines.append(f"{url} has moved to {feed_url}, which is subscribed already; nothing changed")
        return done
    probe = Feed(url=feed_url, id_base=feed_url, title=title, user_title=title is not None, tags=tuple(tags))
    checked = prepare(result, probe, "1970-01-01T00:00:00+00:00", store.stemmer_name())
    if checked.error is not None and not checked.rows and not checked.articles:
        raise SubscribeError(f"{url}: {checked.error}")
    kept_base = _kept_base(store, url, feed_url)
    if not store.add_feed(feed_url, title=title, tags=tags, fulltext=fulltext, id_base=kept_base):
        # subscribed meanwhile, by another brief (two at once): its title and tags stand
        done.lines.append(f"already subscribed to {feed_url}; nothing changed")
        return done
    feed = store.feed(feed_url)
    assert feed is not None
    done.lines.append(f"subscribed to {feed_url}")
    done.summary = Refresh(store, [feed], settings=settings, workers=0, story_read=story_read).run_with([result])
    return done


def _kept_base(store: Store, url: str, feed_url: str) -> str | None:
    """``url`` when it redirects to ``feed_url`` and the store keeps briefs bearing its ids (an
    earlier subscription to it, unsubscribed without ``--purge``): the feed's entries take their
    ids from it, so those briefs are found again rather than stored twice."""
    from tui.feeds.entries import feed_id_prefix

    return url if feed_url != url and store.holds_ids(feed_id_prefix(url)) else None
