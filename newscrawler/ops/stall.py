"""Stall watch: a run that makes no progress for STALL_TIMEOUT seconds is stopped, as a fault.

Progress is a response received or an item scraped. Scrapy's CLOSESPIDER_TIMEOUT_NO_ITEM counts
items only, and a crawl walking many listing pages legitimately goes long without one; a run that
gets no response either is hung (a server that accepts connections and never answers, a request
stuck somewhere) and would hold cron's lock until its deadline. An idle engine (nothing in
flight, nothing queued) is waiting, not stuck: a cluster worker kept open until the other workers
are done is not stalled.

On a stall the fault `stalled` is reported (ops/faults.py: one error line, exit code 3),
`run_stopping` is sent (requests waiting to be retried give up) and the spider is closed with the
reason `stalled`. Scrapy closes a spider only once its downloads have ended, and a download from
such a server ends at DOWNLOAD_TIMEOUT, or never when the server trickles bytes. So, until the
spider is closed, the watch also cuts the downloads every second, with retries off: it aborts
the downloader's connections (found among the reactor's TCP clients: in this project only the
HTTP download handler opens any), and fails unsent the requests queued in the downloader for
their slot's delay (DOWNLOAD_DELAY, or AutoThrottle's: up to a minute each). Either way they end
as a failed download, recorded as any other.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadFailedError, NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import tcp

from newscrawler.ops.faults import report_fault
from newscrawler.signals import run_stopping

logger = logging.getLogger(__name__)

REASON = "stalled"
"""The spider's close reason, and the fault's kind."""
CUT_INTERVAL = 1.0
"""Seconds between two aborts of the download connections while the stalled spider closes."""


class StallWatch:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.timeout = crawler.settings.getfloat("STALL_TIMEOUT")
        if self.timeout <= 0:
            raise NotConfigured
        self.last = time.monotonic()
        """When the run last made progress (monotonic clock)."""
        self.timer: CallLaterResult | None = None
        """The next check, or after a stall the next cut of the downloads."""
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.progress, signal=signals.response_received)
        crawler.signals.connect(self.progress, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self) -> None:
        self.progress()
        self.timer = call_later(self.timeout, self.check)

    def progress(self) -> None:
        """Cheap on purpose: called for every response and item; the timer reads it."""
        self.last = time.monotonic()

    def check(self) -> None:
        """Fire at the earliest moment the run can have stalled; re-arm when it has moved since,
        or when the engine is idle: nothing is stuck then, the spider is kept open on purpose."""
        assert self.crawler.engine is not None
        if self.crawler.engine.spider_is_idle():
            self.progress()
        idle = time.monotonic() - self.last
        if idle < self.timeout:
            self.timer = call_later(self.timeout - idle, self.check)
            return
        since = datetime.now() - timedelta(seconds=idle)
        report_fault(
            self.crawler.stats,
            REASON,
            f"no progress for {idle:.0f} s: no response and no item since {since:%H:%M:%S}; "
            "the run was stopped",
        )
        self.crawler.signals.send_catch_log(run_stopping)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=REASON))
        self.cut_downloads()

    def cut_downloads(self) -> None:
        """End every download in flight now, as a lost connection, instead of at its timeout."""
        from twisted.internet import reactor

        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        for request in downloader.active:
            request.meta["dont_retry"] = True
        for slot in downloader.slots.values():
            while slot.queue:  # waiting for their slot's delay: they need not be sent at all
                request, queued = slot.queue.popleft()
                queued.errback(DownloadFailedError(f"not sent: the run stalled ({request.url})"))
        selectables: set[Any] = {*reactor.getReaders(), *reactor.getWriters()}
        clients = [s for s in selectables if isinstance(s, tcp.Client)]
        for client in clients:
            if client.connected:
                client.abortConnection()
            else:
                client.stopConnecting()
        if clients:
            logger.info("Stall: aborted %d download connection(s)", len(clients))
        self.timer = call_later(CUT_INTERVAL, self.cut_downloads)

    def spider_closed(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
