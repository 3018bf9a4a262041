"""The whole item path (spider callback + item pipelines) run in-process, without the engine.

For the fixture tests, the fixture regeneration tool and the extraction benchmark: exactly the
code and settings a crawl uses, minus networking and scheduling.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.project import get_project_settings

from newscrawler.exporters.layout import RunFeeds
from newscrawler.gcsettings import tune_garbage_collector
from newscrawler.items import ArticleItem
from newscrawler.meta import FETCHED_AT
from newscrawler.signals import article_failed


class ItemPath:
    """One 'run': a spider, its stats and its pipelines (so dedup state spans the pages fed)."""

    def __init__(
        self,
        spidercls: type[Spider],
        settings: dict[str, Any] | None = None,
        project: Settings | None = None,
    ) -> None:
        project = project if project is not None else get_project_settings()
        # No reactor: nothing here does I/O, and tests may run many paths in one process. No run
        # files either: this is not a dataset run, so it claims no run id (exporters/layout.py);
        # template lines are learned for this path only, not into STATE_DIR.
        addons = {**project.getdict("ADDONS"), f"{RunFeeds.__module__}.{RunFeeds.__name__}": None}
        project.setdict(
            {
                "TWISTED_REACTOR_ENABLED": False,
                "ADDONS": addons,
                "TEMPLATE_LINES": "memory",
                **(settings or {}),
            },
            priority="cmdline",
        )
        self.crawler = Crawler(spidercls, project)
        # Scrapy has no public way to set a crawler up without starting its engine: its own test
        # helper (scrapy.utils.test.get_crawler) calls this too.
        self.crawler._apply_settings()
        self.spider = spidercls.from_crawler(self.crawler)
        self.crawler.spider = self.spider
        self.pipelines = []
        for path in build_component_list(project.getwithbase("ITEM_PIPELINES")):
            try:
                self.pipelines.append(build_from_crawler(load_object(path), self.crawler))
            except NotConfigured:  # switched off by a setting, as Scrapy's manager skips it
                continue
        self.failed: str | None = None
        """The reason of the last page the spider filed as a failure (an empty body, ...)."""
        self.crawler.signals.connect(self._failed, signal=article_failed)
        tune_garbage_collector()  # as a crawl does once its engine starts

    def _failed(self, reason: str, **_: Any) -> None:
        self.failed = reason

    @property
    def stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats()

    def process(
        self, url: str, body: bytes, headers: dict[str, str], fetched_at: datetime
    ) -> ArticleItem | DropItem | None:
        """The item a page yields, the DropItem that stopped it, or None when the spider dropped
        the page itself or filed it as a failure (its reason is in the stats: extract/dropped/*,
        failures/*)."""
        self.failed = None
        request = Request(url, meta={FETCHED_AT: fetched_at})
        response = HtmlResponse(url, body=body, headers=headers, request=request)
        items: Iterable[Any] = self.spider.parse_article(response) or ()
        for item in items:
            return self.run_pipelines(item)
        return None

    def run_pipelines(self, item: ArticleItem) -> ArticleItem | DropItem:
        """The item after every pipeline, or the DropItem one of them raised."""
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            return exc
        return item
