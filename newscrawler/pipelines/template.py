"""Template lines learned from the site's own pages (state/lines.py) out of the body.

Each article's lines are counted first, then the lines known as the site's template are removed:
the first few pages of a site keep theirs until enough pages have been seen, and `scrapy compact`
cleans those rows later. Setting TEMPLATE_LINES: `state` (a dataset run keeps its counts under
STATE_DIR across runs, for the dataset's compaction; a `-o/-O` export learns in memory), `memory`
(this run only: the in-process item path, fixtures and benchmarks), `off`.
Stats: `cleaning/template_removed` counts paragraphs removed; `cleaning/template_lines_unsaved`
is set when the counts could not be kept (an unwritable STATE_DIR): this run learned in memory.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawler.items import ArticleItem
from newscrawler.pipelines import StatsPipeline
from newscrawler.state.lines import LineStore, lines_path, without_template

logger = logging.getLogger(__name__)
MODES = ("state", "memory", "off")


class TemplateLinesPipeline(StatsPipeline):
    def __init__(self, stats: StatsCollector, store: LineStore) -> None:
        super().__init__(stats)
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mode = crawler.settings.get("TEMPLATE_LINES", "state")
        if mode not in MODES:
            raise ValueError(f"TEMPLATE_LINES must be one of {', '.join(MODES)}, not {mode!r}")
        if mode == "off":
            raise NotConfigured("TEMPLATE_LINES is off")
        dataset_run = bool(crawler.settings.get("RUN_ID"))
        path = (
            lines_path(crawler.settings["STATE_DIR"], crawler.spidercls.name)
            if mode == "state" and dataset_run
            else None
        )
        try:
            store = LineStore(path)
        except (OSError, sqlite3.Error) as exc:
            # Counts are a cache of what the site's pages say, not data: the run goes on with
            # this run's counts only, and says so.
            logger.warning("Template lines learned in memory only: cannot open %s: %s", path, exc)
            crawler.stats.set_value("cleaning/template_lines_unsaved", 1)
            store = LineStore(None)
        pipeline = cls(crawler.stats, store)
        crawler.signals.connect(pipeline.close, signal=signals.spider_closed)
        return pipeline

    def close(self) -> None:
        try:
            self.store.close()
        except sqlite3.Error as exc:
            logger.warning("Template line counts of this run not saved: %s", exc)
            self.stats.set_value("cleaning/template_lines_unsaved", 1)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        paras = item.paragraphs
        if not paras:
            return item
        self.store.learn(item.site, item.url, paras)
        self.store.commit()  # at once: another crawl of the spider may be counting too
        kept = without_template(paras, self.store.template(item.site, paras))
        if len(kept) < len(paras):
            self.stats.inc_value("cleaning/template_removed", len(paras) - len(kept))
            item.paragraphs = kept
        return item
