"""Expected operational errors as one line: their tracebacks only at LOG_LEVEL=DEBUG.

A robots.txt that cannot be fetched, a feed that cannot be stored, a seen-store that cannot be
written: Scrapy logs each with a traceback of 20 to 40 lines, and a run meeting one printed 30 to
900 of them. The error's own message says what happened (and ops/faults.py reports what it means
for the run), so for these loggers and errors the traceback is dropped from the record; a bug
(any other exception) keeps its traceback.
"""

from __future__ import annotations

import logging
import sqlite3

from redis.exceptions import RedisError
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.settings import BaseSettings

EXPECTED: tuple[type[BaseException], ...] = (
    OSError,
    sqlite3.Error,
    RedisError,
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
LOGGERS = (
    "scrapy.downloadermiddlewares.robotstxt",  # Error downloading <robots.txt>
    "scrapy.extensions.feedexport",  # Error storing <feed>
    "scrapy.utils.signal",  # Error caught on signal handler
    "scrapy.core.scraper",  # Error downloading <request> (no errback)
)


class OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, EXPECTED):
            if str(exc) not in record.getMessage():
                record.msg = f"{record.msg}: {type(exc).__name__}: {exc}"
            record.exc_info = None
            record.exc_text = None
        return True


_FILTER = OneLine()


def install(settings: BaseSettings) -> None:
    """Shorten the expected errors of LOGGERS, unless the run logs at DEBUG."""
    if str(settings.get("LOG_LEVEL", "INFO")).upper() == "DEBUG":
        return
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
