"""Whether the site answered at all: a run that reached nothing is not OK.

No response of any kind (not even a 404) while requests fail at the network level means the site
is unreachable from here: no network, DNS down, a firewall, the site gone. Retrying every listing
for minutes and then reporting "0 items, OK" hides that, so this downloader middleware watches
the first requests: once UNREACHABLE_AFTER downloads have failed with no response yet, the run
stops with one line (`cannot reach mail.kz: DNS lookup failed`), fault "unreachable", exit code 4
(ops/faults.py). A run that ends without a single response (fewer failures than that) gets the
same fault when it goes idle. A WARC replay touches no network and is not watched.

It sits close to the downloader (after the retry middleware in the chain), so it sees every
failed attempt, retries included.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawler.fetch.failures import failure_reason
from newscrawler.ops.faults import report_fault
from newscrawler.signals import run_stopping
from newscrawler.spiders.arguments import replaying

_SAID = {
    "dns": "DNS lookup failed",
    "connection_refused": "connection refused",
    "timeout": "no answer before DOWNLOAD_TIMEOUT",
}
"""The network failures as a person says them; others by their reason name."""


class ReachGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.after = crawler.settings.getint("UNREACHABLE_AFTER")
        self.reached = False
        self.failed: Counter[str] = Counter()
        self.host = ""
        self._closing: asyncio.Future[Any] | None = None
        self.stopping = False
        """Another component stops the run: the downloads it cuts say nothing of the site."""
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.run_stopping, signal=run_stopping)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        self.reached = True
        return response

    def run_stopping(self) -> None:
        self.stopping = True

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.reached or self.stopping or replaying(self.crawler.spider):
            return
        self.host = self.host or (urlsplit(request.url).hostname or request.url)
        self.failed[failure_reason(Failure(exception))] += 1
        if self.after and self.failed.total() >= self.after:
            self._fault()
            self.crawler.signals.send_catch_log(run_stopping)  # sets self.stopping too
            engine = self.crawler.engine
            assert engine is not None
            self._closing = asyncio.ensure_future(engine.close_spider_async(reason="unreachable"))

    def spider_idle(self, spider: Spider) -> None:
        if not self.reached and self.failed and not self.stopping:
            self._fault()

    def _fault(self) -> None:
        said = "; ".join(
            f"{_SAID.get(reason, reason)} ({n}x)"
            if len(self.failed) > 1
            else _SAID.get(reason, reason)
            for reason, n in self.failed.most_common()
        )
        report_fault(
            self.crawler.stats, "unreachable",
            f"cannot reach {self.host}: {said}; no response in {self.failed.total()} attempt(s)",
        )  # fmt: skip
