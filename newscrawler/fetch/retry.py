"""Retries that back off: a 429/503 waits for its Retry-After, other failures wait exponentially
longer each time (RETRY_BACKOFF_BASE * 2**attempt, at most RETRY_BACKOFF_MAX seconds).

Scrapy's RetryMiddleware retries at once and ignores Retry-After, which hammers a server that has
just asked us to slow down. A Retry-After beyond RETRY_AFTER_MAX is not waited for: the request
fails and goes to the run's failures file.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

from newscrawler.signals import run_stopping


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")
        self.stopping = False
        self.sleeping: set[asyncio.Future[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.stop_waiting, signal=run_stopping)
        return middleware

    def stop_waiting(self) -> None:
        """The run is being stopped: the retries waiting out their backoff give up now."""
        self.stopping = True
        for sleep in self.sleeping:
            sleep.cancel()

    async def _wait(self, delay: float) -> bool:
        """Sleep `delay` seconds; False when the run is being stopped meanwhile (no retry then)."""
        if self.stopping:
            return False
        sleep = asyncio.ensure_future(asyncio.sleep(delay))
        self.sleeping.add(sleep)
        try:
            await asyncio.wait([sleep])  # returns, rather than raises, when the sleep is cancelled
        finally:
            self.sleeping.discard(sleep)
        return not self.stopping

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        delay = retry_after(response)
        if delay is not None and delay > self.retry_after_max:
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            return response
        retry = self._retry_request(request, f"{response.status} response")
        if retry is None:
            return response
        if not await self._wait(self._backoff(request) if delay is None else delay):
            return response
        return retry

    async def process_exception(self, request: Request, exception: Exception):
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry_request(request, exception)
        if retry is not None and not await self._wait(self._backoff(request)):
            return None
        return retry

    def _retry_request(self, request: Request, reason: str | Exception) -> Request | None:
        """The retry of `request`, counted in the stats (retry/count, retry/reason_count/*), or
        None once its retries are used up (retry/max_reached); the per-request meta overrides are
        RetryMiddleware's."""
        assert self.crawler.spider is not None
        meta = request.meta
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=meta.get("give_up_log_level", self.give_up_log_level),
        )

    def _backoff(self, request: Request) -> float:
        return min(self.cap, self.base * 2 ** request.meta.get("retry_times", 0))


def retry_after(response: Response) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date); None if absent."""
    value = (response.headers.get("Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
