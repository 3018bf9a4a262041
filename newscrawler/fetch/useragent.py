"""User-Agent `newscrawler/<version> (+<CONTACT_URL>)`: site operators can see who we are and
how to reach us. An explicit USER_AGENT setting still wins."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware

from newscrawler import project_version


class ContactUserAgentMiddleware(UserAgentMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        agent = settings["USER_AGENT"]
        if settings.getpriority("USER_AGENT") in (None, 0):
            agent = f"{settings['BOT_NAME']}/{project_version()} (+{settings['CONTACT_URL']})"
        return cls(agent)
