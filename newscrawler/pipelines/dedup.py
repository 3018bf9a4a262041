"""Drop repeats within a run: the same URL twice, or the same body under two URLs.

Counted as `dedup/dropped/url` and `dedup/dropped/content_hash`; the first item wins.
Memory: two sets of short strings, about 200 bytes per article.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newscrawler.items import ArticleItem
from newscrawler.pipelines import StatsPipeline


class DedupPipeline(StatsPipeline):
    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.urls: set[str] = set()
        self.hashes: dict[str, str] = {}

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.url in self.urls:
            self.stats.inc_value("dedup/dropped/url")
            raise DropItem(f"duplicate url: {item.url}")
        if item.content_hash and item.content_hash in self.hashes:
            self.stats.inc_value("dedup/dropped/content_hash")
            raise DropItem(f"same body as {self.hashes[item.content_hash]}: {item.url}")
        self.urls.add(item.url)
        if item.content_hash:
            self.hashes[item.content_hash] = item.url
        return item
