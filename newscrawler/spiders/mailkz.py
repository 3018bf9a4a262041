"""The mail.kz spider: both editions, live or replayed from a WARC archive.

`scrapy crawl mailkz` crawls the live site; `scrapy crawl mailkz -a warc=PATH` re-extracts a saved
crawl offline. The flow is NewsSpider's; what is mail.kz lives in sources/mailkz/.
"""

from __future__ import annotations

from datetime import datetime

from scrapy.http import TextResponse

from newscrawler.extract.article import ExtractedArticle
from newscrawler.items import ArticleItem
from newscrawler.sources.mailkz import urls
from newscrawler.sources.mailkz.parser import parse_article
from newscrawler.spiders.base import NewsSpider


class MailkzSpider(NewsSpider):
    name = "mailkz"
    default_base_url = urls.BASE_URL

    def article_where(self, url: str) -> tuple[str, str] | None:
        where = urls.parse_article_url(url, self.base_url)
        return (where.lang, where.category) if where else None

    def listing_urls(self) -> list[str]:
        return urls.listing_urls(self.base_url, self.args.langs, self.args.categories)

    def extract(
        self, response: TextResponse, fetched_at: datetime
    ) -> tuple[ArticleItem, ExtractedArticle]:
        return parse_article(
            response.url, response.body, response.encoding, fetched_at, self.base_url
        )
