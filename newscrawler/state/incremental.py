"""Incremental crawls: skip article URLs a previous run exported; remember this run's articles only
once a stored file verifiably holds them.

A spider middleware: it filters the spider's article requests (`meta["article"]`) against the
seen-store and notes the articles this run processed (an item yielded, or the page dropped for
its content — so a page that can never yield an item is not fetched forever).

The files are the truth and the store is an index of them:
- at start, the store is opened and caught up with every dataset file it has not absorbed (a run
  killed after storing its files, a store lost or damaged: state/files.py). A damaged store is
  moved aside and rebuilt from the files (STATE_REBUILD), or the run refuses; a store that cannot
  be opened at all stops the run before anything is fetched (fault "state", ops/faults.py);
- on `feed_exporter_closed`, the run's stored files are read back, and only the articles they hold
  are recorded (with pages dropped for their content, when every file was stored). A killed run
  records nothing; its files, if stored, are absorbed by the next run.
A WARC replay, whose point is to re-extract, neither skips nor records; a spider with `refetch`
set does not skip.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response

from newscrawler.exporters.storage import stored_feeds
from newscrawler.meta import ARTICLE, DROPPED
from newscrawler.ops.faults import report_fault
from newscrawler.spiders.arguments import refetching, replaying
from newscrawler.state.files import (
    Entry,
    UnreadableFile,
    absorb,
    file_key,
    signature,
    stored_articles,
)
from newscrawler.state.redis_seen import StoreUnavailable
from newscrawler.state.seen import StoreDamaged, set_aside
from newscrawler.state.store import SeenStore, open_seen_store, sqlite_path

logger = logging.getLogger(__name__)

STORE_ERRORS = (OSError, sqlite3.Error, StoreUnavailable)
"""What opening or writing a seen-store raises when it cannot be used."""


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.dataset_dir = crawler.settings["DATASET_DIR"]
        self.rebuild = crawler.settings.getbool("STATE_REBUILD")
        self.store: SeenStore | None = None
        self.dropped: set[str] = set()
        """Article URLs whose page or item was dropped for its content: no file will hold them."""
        self.skipped: set[str] = set()
        """Article URLs not fetched because the store has them: each counted once."""
        self.exported: dict[str, str] = {}
        """Item url -> the article URL its request was for (they differ after a redirect)."""
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.feeds_closed, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Open the store and catch it up with the files; CloseSpider when it cannot be used."""
        if replaying(spider):
            return
        try:
            self.store = self._open(spider.name)
            self.catch_up(spider.name)
        except (*STORE_ERRORS, StoreDamaged) as exc:
            if self.store is not None:
                self.store.close()
                self.store = None
            hint = ""
            if isinstance(exc, StoreDamaged):
                hint = f" (`scrapy state rebuild {spider.name}` rebuilds it from the files)"
            report_fault(
                self.crawler.stats, _kind(exc),
                f"cannot use the seen-store: {exc}; nothing was fetched{hint}", exc,
            )  # fmt: skip
            raise CloseSpider("state_failed") from exc
        logger.info("Seen-store %s holds %d articles", self.store.location, len(self.store))

    def _open(self, spider: str) -> SeenStore:
        """The store; a damaged SQLite store is moved aside and a new one made (STATE_REBUILD),
        to be filled from the files by `catch_up`."""
        try:
            return open_seen_store(self.crawler.settings, spider)
        except StoreDamaged as exc:
            if not self.rebuild:
                raise
            aside = set_aside(sqlite_path(self.crawler.settings["STATE_DIR"], spider))
            logger.warning("Seen-store damaged (%s): moved to %s; rebuilding it", exc, aside)
            self.crawler.stats.set_value("state/rebuilt", 1)
            return open_seen_store(self.crawler.settings, spider)

    def catch_up(self, spider: str) -> None:
        """Absorb every dataset file the store has not (see the module doc)."""
        assert self.store is not None
        done = absorb(self.store, self.dataset_dir, spider)
        for problem in done.unreadable:
            logger.warning("Left out of the seen-store, unreadable: %s", problem)
        if done.unreadable:
            self.crawler.stats.set_value("state/unreadable_files", len(done.unreadable))
        if done.files:
            self.crawler.stats.set_value("state/caught_up_files", done.files)
            self.crawler.stats.set_value("state/caught_up_articles", done.articles)
            logger.info(
                "Seen-store caught up with %d file(s), %d articles", done.files, done.articles
            )

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in start:
            if self._wanted(entry):
                yield entry

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if self._wanted(entry):
                yield entry
        url = response.meta.get(ARTICLE)
        if self.store is not None and url and response.meta.get(DROPPED):
            self.dropped.add(url)

    def has_exported(self, url: str) -> bool:
        """Whether an earlier run exported the article (so this one will not fetch it)."""
        return self.store is not None and not refetching(self.crawler.spider) and url in self.store

    def _wanted(self, entry: Any) -> bool:
        if self.store is None or not isinstance(entry, Request):
            return True
        url = entry.meta.get(ARTICLE)
        if url is None or refetching(self.crawler.spider) or url not in self.store:
            return True
        if url not in self.skipped:  # a listing, its next page and a feed may all link to it
            self.skipped.add(url)
            self.crawler.stats.inc_value("incremental/skipped_seen")
        return False

    def item_scraped(self, item: Any, response: Response) -> None:
        url = response.meta.get(ARTICLE) if isinstance(response, Response) else None
        if self.store is not None and url:
            self.exported[getattr(item, "url", None) or url] = url

    def item_dropped(self, item: Any, response: Response) -> None:
        """A pipeline dropped the item (invalid, a duplicate): the page counts as processed."""
        url = response.meta.get(ARTICLE) if isinstance(response, Response) else None
        if self.store is not None and url:
            self.dropped.add(url)

    def feeds_closed(self) -> None:
        """Record this run's articles: every feed is now stored (or failed), so this is the
        moment the guarantee allows. Runs after spider_closed, so the store closes here."""
        if self.store is None:
            return
        try:
            self._commit()
        except STORE_ERRORS as exc:
            message = str(exc)  # a StoreUnavailable says what stays unrecorded itself
            if not isinstance(exc, StoreUnavailable):
                message = (
                    f"cannot write the seen-store {self.store.location}: {exc}; this run's "
                    "articles stay unrecorded until the next run reads them from its files"
                )
            report_fault(self.crawler.stats, _kind(exc), message, exc)
        finally:
            self.store.close()
            self.store = None

    def _commit(self) -> None:
        assert self.store is not None
        stats = self.crawler.stats.get_stats()
        feeds = stored_feeds(stats)
        failed = sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))
        if failed or not all(feeds.values()):
            if self.exported or self.dropped:
                logger.error(
                    "%d feed(s) failed to store: %d articles stay unseen and will be fetched "
                    "again", failed or sum(not ok for ok in feeds.values()),
                    len(self.exported) + len(self.dropped),
                )  # fmt: skip
            return
        entries, files = self._verified(feeds)
        entries += [(url, None) for url in self.dropped]
        added = self.store.add_many(entries, files)
        self.crawler.stats.set_value("incremental/recorded", added)

    def _verified(self, feeds: dict[Path, bool]) -> tuple[list[Entry], dict[str, str]]:
        """(url, hash) of this run's articles that every stored file holds (under the item's url
        and the url its request was for), and the dataset files to mark absorbed."""
        held: dict[str, str | None] | None = None
        files: dict[str, str] = {}
        for path in feeds:
            try:
                found = dict(stored_articles(path))
                sig = signature(path)
            except (UnreadableFile, OSError) as exc:
                report_fault(self.crawler.stats, "output", f"stored file unreadable: {exc}", exc)
                return [], {}
            held = found if held is None else {u: h for u, h in found.items() if u in held}
            if path.is_relative_to(Path(self.dataset_dir)):
                files[file_key(self.dataset_dir, path)] = sig
        entries: list[Entry] = []
        missing = 0
        for url, requested in self.exported.items():
            if held is not None and url in held:
                entries.append((url, held[url]))
                if requested != url:
                    entries.append((requested, held[url]))
            else:
                missing += 1
        if missing:
            self.crawler.stats.set_value("incremental/not_in_files", missing)
            logger.warning("%d exported article(s) are in no stored file: not recorded", missing)
        return entries, files


def _kind(exc: BaseException) -> str:
    """The fault kind of a store error: a cluster's Redis, or the local store."""
    return "redis" if isinstance(exc, StoreUnavailable) else "state"
