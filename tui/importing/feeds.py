"""Fetching subscribed feeds into the store: the second way briefs arrive, beside files.

One refresh runs three stages at once: the feeds are fetched concurrently (:mod:`tui.feeds.fetch`:
conditional GET, politeness, limits); each answered document is parsed, and its entries turned
into rows with their search index columns, in worker processes as soon as it arrives; and this
process writes the rows as they come, through the same writer as a file import, so an unchanged
entry writes nothing and a changed one updates its brief in place. A feed that answers 304 costs
no parsing and no writing. Read-also links are resolved once, after the last brief is committed
(not at every commit: see :data:`COMMIT_SECONDS`). How each fetch went (validators, errors, a
permanent move, 410 Gone, Retry-After) is recorded in one transaction at the end; a fetch stopped
by Ctrl+C records the feeds that had answered (see :meth:`Refresh._stopped`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.errors import Interrupted
from tui.feeds.fetch import fetch_all
from tui.feeds.request import FeedRequest, FetchResult, FetchSettings
from tui.importing.feed_parsing import Prepared, parsing_pool, prepare, settled
from tui.importing.outcomes import FeedOutcome, RefreshSummary
from tui.models import Block, Feed
from tui.store.errors import StoreError
from tui.store.feeds import FetchRecord
from tui.store.importing import BatchWriter, BriefRows, brief_rows, interrupts_deferred, resolve_changed
from tui.store.store import Store
from tui.text.limits import cut_name
from tui.text.stem import get_stemmer

WAITING_NAMED = 3
"""Progress names the feeds still awaited once this few are left (:meth:`Refresh.waiting`)."""
BATCH_SIZE = 10_000
"""Briefs written per transaction at most: a whole fetch of 200 feeds of 50 entries is one."""
COMMIT_SECONDS = 5.0
"""A transaction is committed once it has been open this long, so that briefs from the feeds that
answered are kept (and shown by a reader open on the store) while a slow feed is still awaited.

Not more often: each commit writes every index page the transaction touched (the briefs' ids are
random, so a thousand new briefs touch pages all over a large store's indexes) and makes one more
search index segment, and FTS5 merges segments once 32 of a level pile up (in a store filled by
``brief import``, a handful of extra commits set off the merge of the whole index). On a
100,000-brief store, a fetch of 10,000 briefs committed each second spent most of its time
committing (see docs/benchmarks.md). The reader's own writes do not wait for the fetch: they are
kept and written when the store is free (:mod:`tui.ui.session`)."""
GROUP_EVERY = 500
"""Briefs written between two same-story grouping passes: the passes run while the workers parse,
and only the last few hundred briefs are left to group when the last feed is written (a pass over
10,000 briefs at the commit took half a second in which the workers had nothing to do)."""


def due(feeds: Sequence[Feed], now: datetime | None = None) -> tuple[list[Feed], list[FeedOutcome]]:
    """The feeds to fetch now, and outcomes for those skipped (gone, or asked to wait)."""
    now = now or datetime.now(UTC)
    todo: list[Feed] = []
    skipped: list[FeedOutcome] = []
    for feed in feeds:
        if feed.gone:
            skipped.append(FeedOutcome(feed, skipped=f"{feed.error or 'HTTP 410 Gone'}; add it again to fetch it"))
        elif feed.retry_at and datetime.fromisoformat(feed.retry_at) > now:
            # The minute rounded up: "not before 18:40" when the server said 18:40:52 reads as past at
            # 18:40:33; in this machine's time zone, as the reader shows times.
            retry_at = ceil_minute(datetime.fromisoformat(feed.retry_at).astimezone())
            today = retry_at.date() == now.astimezone().date()
            when = retry_at.strftime("%H:%M" if today else "%Y-%m-%d %H:%M") + f" {_zone(retry_at)}"
            skipped.append(FeedOutcome(feed, skipped=f"the server asked to wait; not fetched before {when}"))
        else:
            todo.append(feed)
    return todo, skipped


INTERRUPTED = "interrupted"
"""The status recorded for a feed whose entries a stopped fetch was writing: some of its briefs may
not be kept, and the next fetch downloads it whole (``brief feeds list`` says so)."""


def _zone(moment: datetime) -> str:
    """The time zone of a local time, as a person reads it: its name (``UTC``, ``CET``), else its
    offset (``+03:00``) where the name is only the offset again (``+03``)."""
    name = moment.tzname() or ""
    if name and not name.lstrip("+-").isdigit():
        return name
    offset = moment.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}" if offset else "UTC"


def ceil_minute(moment: datetime) -> datetime:
    """``moment`` rounded up to a whole minute."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)


class Refresh:
    """One refresh of some feeds into a store. Call :meth:`run` (from a thread with no event loop)."""

    def __init__(
        self,
        store: Store,
        feeds: Sequence[Feed],
        *,
        settings: FetchSettings | None = None,
        workers: int | None = None,
        on_progress: Callable[[int, int, int], object] | None = None,
        on_written: Callable[[int], object] | None = None,
        commit_seconds: float = COMMIT_SECONDS,
        story_read: bool = False,
    ) -> None:
        """Refresh ``feeds``; ``on_progress(done, answered, total)`` as feeds answer and are written,
        ``on_written(n)`` after briefs are committed (the reader updates its list); with
        ``story_read``, a new brief that joins a same-story group already read is marked read
        (:mod:`tui.importing.story_read`)."""
        self.store = store
        self.feeds = list({feed.url: feed for feed in feeds}.values())
        """Each feed once (``brief fetch`` may name one twice, by URL and by title)."""
        self.settings = settings or FetchSettings()
        self.workers = workers
        self.on_progress = on_progress
        self.on_written = on_written
        self.commit_seconds = commit_seconds
        """Commit the briefs written so far once the transaction has been open this long."""
        self.story_read = story_read
        """Mark read the new briefs that join a same-story group already read."""
        self.summary = RefreshSummary()
        self._records: list[FetchRecord] = []
        """How each feed's fetch went, recorded at the end."""
        self._wrote: set[str] = set()
        """The feeds whose entries were written (new, changed or found unchanged): their links are
        resolved at the end."""
        self._unanswered: dict[str, Feed] = {}
        """The feeds asked and not answered yet, by URL."""
        self._fetched_at = datetime.now(UTC).isoformat(timespec="seconds")

    def run(self) -> RefreshSummary:
        """Fetch, parse and write every feed; returns the summary (the outcomes in feed order)."""
        todo, skipped = due(self.feeds)
        self.summary.outcomes.extend(skipped)
        if todo:
            pool = parsing_pool(len(todo), self.workers)
            writer = BatchWriter(self.store, BATCH_SIZE, defer_links=True, group_every=GROUP_EVERY)
            try:
                with self.store.bulk_cache(), self.store.checkpoint_aside() as checkpoint:
                    with writer:
                        asyncio.run(self._run(todo, pool, writer))
                    checkpoint()  # the briefs into the file while their links are resolved
                    resolve_changed(self.store, writer.changed, writer.unchanged)
                    if self.story_read:
                        self.store.read_with_their_story(writer.changed)
            except KeyboardInterrupt:
                raise Interrupted(self._stopped(writer)) from None
            finally:
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
            self.store.record_fetches(self._records)
        order = {feed.url: i for i, feed in enumerate(self.feeds)}
        self.summary.outcomes.sort(key=lambda o: order.get(o.feed.url, 0))
        return self.summary

    def run_with(self, results: Sequence[FetchResult]) -> RefreshSummary:
        """Parse and write documents already fetched, one per feed in order (``brief feeds add``)."""
        stemmer = self.store.stemmer_name()
        written: list[str] = []
        with self.store.bulk_cache(), BatchWriter(self.store, BATCH_SIZE) as writer:
            for subscribed, result in zip(self.feeds, results):
                feed = settled(subscribed, result, self.store.holds_ids)
                prepared = None
                if result.body is not None and result.error is None and not result.not_modified:
                    prepared = prepare(result, feed, self._fetched_at, stemmer)
                    if prepared.articles:
                        prepared = asyncio.run(self._full_text(feed, prepared))
                    written += [rows.id for rows in prepared.rows]
                self._finish(feed, result, prepared, writer)
        if self.story_read:
            self.store.read_with_their_story(written)
        self.store.record_fetches(self._records)
        return self.summary

    async def _run(self, feeds: list[Feed], pool: Executor | None, writer: BatchWriter) -> None:
        """Fetch all, handing each answer to a worker as it comes, and write each feed once it is parsed.

        A feed is written as soon as its own parsing ends, while slower feeds are still being fetched,
        so the reader's list grows feed by feed instead of waiting for the slowest server.
        """
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(_stop_told_elsewhere)
        by_url = {feed.url: feed for feed in feeds}
        self._unanswered = dict(by_url)
        stemmer = self.store.stemmer_name()
        parsing: list[asyncio.Future[None]] = []
        # Without worker processes, documents are parsed one at a time in a thread of their own (a
        # stemmer may not be shared between threads), so that the event loop goes on fetching.
        here = ThreadPoolExecutor(1, thread_name_prefix="brief-parse")
        done = answered_count = 0

        def progress() -> None:
            if self.on_progress:
                self.on_progress(done, answered_count, len(feeds))

        def finished(feed: Feed, result: FetchResult, prepared: Prepared | None) -> None:
            """Write one feed (this runs in the event loop's thread: one writer at a time)."""
            nonlocal done
            self._finish(feed, result, prepared, writer)
            done += 1
            progress()

        async def parse_and_write(feed: Feed, result: FetchResult) -> None:
            """Parse an answered feed (in a worker when there is a pool), then write it."""
            args = (result, feed, self._fetched_at, stemmer)
            prepared: Prepared | None = None
            if pool is not None:
                try:
                    prepared = await loop.run_in_executor(pool, prepare, *args)
                except Exception:  # noqa: BLE001 - a broken pool: parse here instead
                    prepared = None
            if prepared is None:
                prepared = await loop.run_in_executor(here, prepare, *args)
            if prepared.articles:
                prepared = await self._full_text(feed, prepared)
            finished(feed, result, prepared)

        def answered(result: FetchResult) -> None:
            """A fetch finished: record a failure or a 304, or start parsing."""
            nonlocal answered_count
            feed = settled(by_url[result.url], result, self.store.holds_ids)
            self._unanswered.pop(result.url, None)
            answered_count += 1
            progress()
            if result.body is None or result.error is not None or result.not_modified:
                finished(feed, result, None)
            else:
                parsing.append(asyncio.ensure_future(parse_and_write(feed, result)))

        async def commit_now_and_then() -> None:
            """Commit what waits in an open transaction, even while no feed finishes (a slow one)."""
            while True:
                await asyncio.sleep(self.commit_seconds / 2)
                if writer.open_seconds() >= self.commit_seconds:
                    self._commit(writer)

        if feeds:  # before any answer: a fetch of three feeds or fewer names them from the start
            progress()
        ticker = asyncio.ensure_future(commit_now_and_then())
        try:
            await fetch_all([FeedRequest(f.url, f.etag, f.last_modified) for f in feeds], self.settings, answered)
            await asyncio.gather(*parsing)
        finally:
            ticker.cancel()
            here.shutdown(wait=False, cancel_futures=True)

    def waiting(self, most: int = WAITING_NAMED) -> list[str]:
        """The names of the feeds not answered yet, when at most ``most`` are left (else ``[]``):
        the last ones are those a fetch waits for, up to its timeout."""
        if not 0 < len(self._unanswered) <= most:
            return []
        return [cut_name(feed.title or feed.url, 100) for feed in self._unanswered.values()]

    def _stopped(self, writer: BatchWriter) -> str:
        """Record how the fetches that ended went, after a Ctrl+C, and say what was kept.

        A feed whose entries were written has its validators (ETag, Last-Modified) cleared: its
        briefs may be in the batch rolled back, and links are resolved only at a fetch's end (those
        of briefs found unchanged too: a fetch stopped before may have left them unresolved), so the
        next fetch must download it again rather than hear 304, and write its briefs or find them
        unchanged and resolve their links. Failures, 304s, moves and 410s are kept as they are.
        """
        records = [
            replace(record, clear_validators=True, status=INTERRUPTED) if record.url in self._wrote else record
            for record in self._records
        ]
        with interrupts_deferred():
            try:
                self.store.record_fetches(records)
            except (StoreError, sqlite3.Error, OSError):
                records = []  # the store is the trouble: the briefs committed stay, the next fetch asks again
        total = writer.total
        feeds = f"{len(records)} feed{'' if len(records) == 1 else 's'}"
        return f"interrupted; {total.imported} new and {total.updated} updated briefs committed, {feeds} recorded"

    def _commit(self, writer: BatchWriter) -> None:
        """Commit what is written so far and tell the reader."""
        before = writer.total.imported + writer.total.updated
        writer.commit()
        written = writer.total.imported + writer.total.updated - before
        if written and self.on_written:
            self.on_written(written)

    def _finish(self, feed: Feed, result: FetchResult, prepared: Prepared | None, writer: BatchWriter) -> None:
        """Write a feed's rows and note how its fetch went."""
        outcome = FeedOutcome(feed, not_modified=result.not_modified)
        error = result.error or (prepared.error if prepared is not None and not prepared.rows else None)
        retry_at = None
        if result.retry_after is not None:
            retry_at = (datetime.now(UTC) + timedelta(seconds=result.retry_after)).isoformat(timespec="seconds")
        if error is not None:
            outcome.error = error
            status = str(result.status) if result.status else "error"
            self._records.append(FetchRecord(feed.url, status, error=error, gone=result.gone, retry_at=retry_at))
        else:
            moved = result.permanent_url if result.permanent_url and result.permanent_url != feed.url else None
            merged = moved is not None and self.store.feed(moved) is not None
            if merged:
                prepared = None  # the entries are those of the feed subscribed there: not written twice
            if prepared is not None and prepared.rows and not writer.subscribed(feed.url):
                prepared = None  # unsubscribed by another process while it was fetched
                outcome.notes.append(f"{feed.url}: unsubscribed during the fetch; its entries were not written")
            if prepared is not None:
                before, noted = writer.counts(), len(writer.notes())
                for rows in prepared.rows:
                    writer.add(rows)
                after = writer.counts()
                outcome.notes.extend(writer.notes()[noted:])  # an entry whose id a brief file has
                outcome.new, outcome.updated = after[0] - before[0], after[1] - before[1]
                if (outcome.new or outcome.updated) and writer.open_seconds() >= self.commit_seconds:
                    self._commit(writer)
            if prepared is not None and prepared.note:
                outcome.notes.append(f"full text: {feed.url}: {prepared.note}")
            if prepared is not None and prepared.skipped:
                entries = "1 entry" if prepared.skipped == 1 else f"{prepared.skipped} entries"
                outcome.notes.append(f"{feed.url}: {entries} with no title and no text; skipped")
            if prepared is not None and prepared.too_large:
                from tui.feeds.entries import TOO_LARGE  # here: entries and their HTML reader are not needed for a 304

                entries = "1 entry" if prepared.too_large == 1 else f"{prepared.too_large} entries"
                outcome.notes.append(f"{feed.url}: {entries} too large for a brief ({TOO_LARGE}); skipped")
            if prepared is not None and prepared.beyond:
                from tui.feeds.parse import MAX_FEED_ENTRIES

                outcome.notes.append(
                    f"{feed.url}: {prepared.beyond} entries past the first {MAX_FEED_ENTRIES:,}; skipped"
                )
            if moved:
                outcome.moved_to = moved
                change = "subscription updated"
                if merged:
                    change = "subscribed there already: the two subscriptions are now one"
                outcome.notes.append(f"moved: {feed.url} -> {moved} (permanent redirect; {change})")
            if prepared is not None and prepared.rows:
                self._wrote.add(feed.url)
            self._records.append(
                FetchRecord(
                    feed.url,
                    "304" if result.not_modified else str(result.status or 200),
                    etag=result.etag,
                    last_modified=result.last_modified,
                    title=prepared.title if prepared is not None else None,
                    new_url=moved,
                    rebase=moved is not None and feed.id_base == moved,
                )
            )
        self.summary.outcomes.append(outcome)

    async def _full_text(self, feed: Feed, prepared: Prepared) -> Prepared:
        """For a full-text feed: the page of each new or changed entry fetched and its article text kept.

        A changed entry's page is fetched again: its row replaces the stored one, which would
        otherwise lose the article text for the feed's summary. Unchanged entries are not written.
        """
        from tui.feeds.fulltext import extract_article

        stem = get_stemmer(self.store.stemmer_name())
        todo = [a for a in prepared.articles if a.url and self.store.content_hash(a.id) != a.content_hash]
        pages = await fetch_all([FeedRequest(a.url or "") for a in todo], self.settings)
        texts: dict[str, list[str] | None] = {}
        unfetched: dict[str, int] = {}  # why pages could not be fetched, and how many each time
        loop = asyncio.get_running_loop()
        for article, page in zip(todo, pages):
            if page.error is not None:
                unfetched[page.error] = unfetched.get(page.error, 0) + 1
            # In a thread: the other feeds' fetches (and their timeouts) go on while a page is read.
            texts[article.id] = (
                await loop.run_in_executor(None, extract_article, page.body, page.final_url, page.content_type)
                if page.body
                else None
            )
        rows: list[BriefRows] = []
        failed = 0
        for article in prepared.articles:
            if article.id in texts:
                paragraphs = texts[article.id]
                if paragraphs:
                    links = tuple(b for b in article.blocks if b.kind == "link")
                    article = replace(article, blocks=(*(Block("text", p) for p in paragraphs), *links))
                else:
                    failed += 1
            rows.append(brief_rows(article, stem))
        return prepared._replace(rows=rows, articles=[], note=_full_text_note(failed, len(todo), unfetched))


def _full_text_note(failed: int, pages: int, unfetched: dict[str, int]) -> str | None:
    """What a full-text feed's failure line says of its pages: how many could not be fetched, and
    why (the most frequent reason), and how many more gave no article text; None when none failed."""
    if not failed:
        return None
    parts = []
    missing = sum(unfetched.values())
    if missing:
        reason = max(unfetched, key=lambda why: unfetched[why])
        others = len(unfetched) - 1
        more = "" if not others else f", and {others} other reason" + ("s" if others > 1 else "")
        parts.append(f"{missing} of {pages} pages could not be fetched ({reason}{more})")
    if failed > missing:
        parts.append(f"{failed - missing} of {pages} pages gave no article text")
    return "; ".join(parts) + "; their summaries are kept"


def _stop_told_elsewhere(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    """The fetch's event loop's handler of errors nobody awaited: a stop (Ctrl+C, SIGTERM: a
    :class:`KeyboardInterrupt` raised in the task that was writing a feed) is said by the command's
    own line, not again by asyncio with its traceback ("Task exception was never retrieved");
    anything else as asyncio says it."""
    if isinstance(context.get("exception"), KeyboardInterrupt):
        return
    loop.default_exception_handler(context)
