"""`scrapy crawl`, with spider arguments checked before the crawler starts.

Scrapy builds the spider inside the running crawl, so a bad `-a` value would surface as a
traceback. Checking first turns it into one usage line (`error: mailkz: since: ...`), exit code 2.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spidercls, "validate_arguments", None)
            if validate is not None:
                validate(opts.spargs)
        super().run(args, opts)
