"""`scrapy crawl`, with spider arguments checked before the crawler starts and an exit code that
says how the run went.

Scrapy builds the spider inside the running crawl, so a bad `-a` value would surface as a
traceback. Checking first turns it into one usage line (`error: mailkz: since: ...`), exit code 2.
Scrapy exits 0 for any crawl that ran; here a run whose monitors failed (stat `monitors/failed`,
set by ops/run.py) exits 3, so cron and scripts can tell (codes: ops/exitcodes.py).
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler

from newscrawler.ops import exitcodes


class Command(ScrapyCrawl):
    crawler: Crawler | None = None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spidercls, "validate_arguments", None)
            if validate is not None:
                validate(opts.spargs)
        super().run(args, opts)
        if self.exitcode == exitcodes.OK and self.crawler is not None:
            stats = self.crawler.stats
            if stats is not None and stats.get_value("monitors/failed"):
                self.exitcode = exitcodes.MONITORS_FAILED

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Scrapy's crawler, kept so that `run` can read its stats at the end."""
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler
