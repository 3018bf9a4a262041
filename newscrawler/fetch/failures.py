"""Failures are data: every article that could not be fetched, with the reason and the number of
attempts, goes to a JSON Lines file beside the run's output, and is counted in the stats
(`failures/<reason>`). Nothing is silently missing.

The file: FAILURES_FILE when set; else `<DATASET_DIR>/<spider>/failures/<run-id>.jsonl` for a run
of the dataset layout (not in runs/, where `*.jsonl` globs read the articles); else
`<output>.failures.jsonl` beside the first file feed (`-o out.jsonl`). It is written at the end of
the run, to a temporary name first, and only when something failed: a run without failures leaves
no file, so every failures file holds lines to read.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from newscrawler.atomic_files import atomic_write
from newscrawler.fetch.redirects import RedirectRefused
from newscrawler.signals import article_failed

logger = logging.getLogger(__name__)


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request: http_500, timeout, data_loss, too_large, ...

    Scrapy tells some of its refusals apart only by their message (the decompression limit, the
    redirect limit); tests/hardening crawls into each, so a Scrapy upgrade that rewords one fails
    there.
    """
    exc = failure.value
    message = str(exc)
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return "dns"
    if isinstance(exc, ResponseDataLossError):
        return "data_loss"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "connection_refused"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download for one reason here: it passed DOWNLOAD_MAXSIZE, announced
        # ('... larger than download max size') or counted while streaming (no message).
        return "too_large"
    if isinstance(exc, RedirectRefused):
        return exc.reason
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in message and "decompression" in message:
            return "too_large_decompressed"
        if "max redirections" in message:
            return "too_many_redirects"
        return "robots_forbidden" if "robots" in message.lower() else "ignored"
    return type(exc).__name__.lower()


class FailureLog:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.failures: list[dict[str, Any]] = []
        crawler.signals.connect(self.record, signal=article_failed)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.write, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def record(self, request: Request, reason: str, attempts: int) -> None:
        """File a failure under the URL first requested: a redirect that failed is filed under
        the article's URL, not under the hop where it gave up."""
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.crawler.stats.inc_value(f"failures/{reason}")
        self.failures.append({"url": url, "reason": reason, "attempts": attempts})
        logger.warning("Failed %s after %d attempt(s): %s", url, attempts, reason)

    def spider_error(self, failure: Failure, response: Response) -> None:
        """A callback that raised on a page (a parser bug) files it: it is not silently missing,
        and, never marked seen, it is fetched again once the bug is fixed."""
        if response.request is not None:
            self.record(response.request, "spider_error", 1)

    def write(self, spider: Spider) -> None:
        self.crawler.stats.set_value("failures/count", len(self.failures))
        if not self.failures:
            return
        path = self.path(spider)
        with atomic_write(path) as out:
            for row in self.failures:
                out.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
        self.crawler.stats.set_value("failures/file", str(path))
        logger.warning("%d article(s) failed; see %s", len(self.failures), path)

    def path(self, spider: Spider) -> Path:
        settings = self.crawler.settings
        if settings.get("FAILURES_FILE"):
            return Path(settings["FAILURES_FILE"])
        if settings.get("RUN_ID"):
            return (
                Path(settings["DATASET_DIR"])
                / spider.name
                / "failures"
                / f"{settings['RUN_ID']}.jsonl"
            )
        for uri in settings.getdict("FEEDS"):
            parts = urlsplit(str(uri))
            if parts.scheme in ("", "file"):
                out = Path(parts.path)
                return out.with_name(f"{out.name.split('.')[0]}.failures.jsonl")
        return Path(settings["DATASET_DIR"]) / spider.name / "failures.jsonl"
