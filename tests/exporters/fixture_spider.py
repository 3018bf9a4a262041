"""A test-only spider (`-s SPIDER_MODULES=fixture_spider`, this folder on PYTHONPATH) that yields
synthetic ArticleItems with no network, optionally slowly, to drive real `scrapy crawl` runs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, ClassVar

import scrapy

from newscrawler.exporters.synthetic import synthetic_articles


class FixtureSpider(scrapy.Spider):
    """`-a count=N -a start=I -a seed=S -a delay=SECONDS -a crawled_at=ISO -a nulls=f1,f2`;
    `nulls` blanks those fields in every item (to make all-null columns)."""

    name = "fixture"
    # The project's pipelines would clean and dedup these items; the dataset tests need them as is.
    custom_settings: ClassVar[dict[str, Any]] = {"ITEM_PIPELINES": {}, "DOWNLOADER_MIDDLEWARES": {}}

    def __init__(
        self,
        count: str = "10",
        start: str = "0",
        seed: str = "0",
        delay: str = "0",
        crawled_at: str = "2025-12-20T06:00:00+00:00",
        nulls: str = "",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.count, self.start_index, self.seed = int(count), int(start), int(seed)
        self.delay = float(delay)
        self.crawled_at = datetime.fromisoformat(crawled_at)
        self.nulls = [name for name in nulls.split(",") if name]

    async def start(self) -> AsyncIterator[Any]:
        articles = synthetic_articles(
            self.count, seed=self.seed, start=self.start_index, crawled_at=self.crawled_at
        )
        for article in articles:
            for name in self.nulls:
                setattr(article, name, None)
            if self.delay:
                await asyncio.sleep(self.delay)
            yield article
