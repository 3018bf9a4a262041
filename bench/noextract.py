"""A mailkz spider that skips extraction: the same crawl, minus the parser, for bench/crawl.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

from scrapy.http import TextResponse

from newscrawler.items import ArticleItem
from newscrawler.settings import MONITOR_MIN_COVERAGE
from newscrawler.spiders.sources import MailkzSpider


class MailkzNoExtractSpider(MailkzSpider):
    name = "mailkz_noextract"
    custom_settings: ClassVar[dict[str, Any]] = {
        "MONITOR_MIN_COVERAGE": {f: MONITOR_MIN_COVERAGE[f] for f in ("title", "body")},
        "MONITOR_MAX_TEXT_LANG_DIFFERS": 1,
    }
    """Without the parser there is no date: only the coverage of the fields it fills is judged,
    and the body is the URL's slug, whose language says nothing of the edition's; every other
    monitor (errors, failures, boilerplate, feeds) still checks the crawl."""

    def parse_page(self, response: TextResponse, fetched_at: datetime) -> Iterator[ArticleItem]:
        where = self.source.where(response.url, self.roots)
        if where is not None:
            yield ArticleItem(url=self.source.url_key(response.url), site=self.source.site,
                              lang=where.lang, title="-", paragraphs=[where.slug])  # fmt: skip
