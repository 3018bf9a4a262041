"""Log lines that name the URL and the reason, not the whole item (bodies are kilobytes)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class ShortLogFormatter(logformatter.LogFormatter):
    def scraped(self, item: Any, response: Any, spider: Any) -> logformatter.LogFormatterResult:
        return {
            "level": logging.DEBUG,
            "msg": "Scraped %(url)s",
            "args": {"url": getattr(item, "url", None)},
        }

    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> logformatter.LogFormatterResult:
        return {
            "level": logging.WARNING,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }
