"""Incremental crawls: skip article URLs a previous run exported; remember this run's articles only
once the files holding them are complete.

A spider middleware: it filters the spider's article requests (`meta["article"]`) against the
seen-store and notes the articles this run processed (an item yielded, or the page dropped for
its content — so a page that can never yield an item is not fetched forever). The notes are
written to the store on `feed_exporter_closed`, and only when every feed was stored: a killed run
writes nothing, so its articles are fetched again by the next run. A WARC replay, whose point is
to re-extract, neither skips nor records; neither does a spider with `refetch` set skip.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawler.state.store import SeenStore, open_seen_store

logger = logging.getLogger(__name__)

ARTICLE = "article"
"""Request.meta key: the discovered article URL this request fetches."""
DROPPED = "dropped_for_content"
"""Response.meta key set by a spider that dropped the page for what it holds."""


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store: SeenStore | None = None
        self.pending: dict[str, str | None] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.feeds_closed, signal=signals.feed_exporter_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if getattr(spider, "replaying", False):
            return
        self.store = open_seen_store(self.crawler.settings, spider.name)
        logger.info("Seen-store %s holds %d articles", self.store.location, len(self.store))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in start:
            if self._wanted(entry):
                yield entry

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        produced = False
        async for entry in result:
            if not isinstance(entry, Request):
                produced = True
            if self._wanted(entry):
                yield entry
        url = response.meta.get(ARTICLE)
        if self.store is not None and url and (produced or response.meta.get(DROPPED)):
            self.pending.setdefault(url, None)

    def _wanted(self, entry: Any) -> bool:
        if self.store is None or not isinstance(entry, Request):
            return True
        url = entry.meta.get(ARTICLE)
        if url is None or getattr(self.crawler.spider, "refetch", False) or url not in self.store:
            return True
        self.crawler.stats.inc_value("incremental/skipped_seen")
        return False

    def item_scraped(self, item: Any, response: Response) -> None:
        url = response.meta.get(ARTICLE) if isinstance(response, Response) else None
        if self.store is not None and url:
            self.pending[url] = getattr(item, "content_hash", None)

    def feeds_closed(self) -> None:
        """Record this run's articles: every feed is now stored (or failed), so this is the
        moment the guarantee allows. Runs after spider_closed, so the store closes here."""
        if self.store is None:
            return
        try:
            self._commit()
        finally:
            self.store.close()
            self.store = None

    def _commit(self) -> None:
        if not self.pending:
            return
        stats = self.crawler.stats.get_stats()
        failed = sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))
        if failed:
            logger.error(
                "%d feed(s) failed to store: %d articles stay unseen and will be fetched again",
                failed, len(self.pending),
            )  # fmt: skip
            return
        assert self.store is not None
        added = self.store.add_many(self.pending.items())
        self.crawler.stats.set_value("incremental/recorded", added)
        self.pending.clear()
