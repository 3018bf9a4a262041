"""The `generic` spider: article pages of any site, by the site-agnostic rules alone.

`scrapy crawl generic -a warc=PATH` replays every HTML response record of an archive, whatever its
site; `scrapy crawl generic -a urls=FILE` fetches the pages listed one URL a line. There is no
discovery and no URL-shape gate: each page goes through the same markup stage, trafilatura and
item pipelines as a source's pages, with only the rules that hold on any site (extract/page.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import scrapy
from pydantic import PrivateAttr, model_validator
from scrapy.http import TextResponse

from newscrawler.archive.replay import replay_records
from newscrawler.extract.article import ExtractedArticle
from newscrawler.extract.page import parse_page
from newscrawler.items import ArticleItem
from newscrawler.meta import ARTICLE, WARC_RECORD
from newscrawler.spiders.base import NewsSpider, PageArgs


class GenericArgs(PageArgs):
    """The `-a` arguments of the generic spider: where its pages come from."""

    urls: Path | None = None
    """A file of page URLs to fetch, one a line (blank lines and '#' comments skipped)."""
    _url_list: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _one_source(self) -> GenericArgs:
        if (self.warc is None) == (self.urls is None):
            raise ValueError("give one of -a warc=PATH (replay an archive) or -a urls=FILE")
        if self.urls is not None:
            self._url_list = _read_urls(self.urls)
        return self

    @property
    def url_list(self) -> tuple[str, ...]:
        """The URLs the `urls` file lists, read and checked once, when the arguments are."""
        return self._url_list


def _read_urls(path: Path) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"urls: cannot read the file: {exc}") from None
    urls = tuple(u for u in (line.strip() for line in lines) if u and not u.startswith("#"))
    bad = next((u for u in urls if not u.startswith(("http://", "https://"))), None)
    if bad is not None:
        raise ValueError(f"urls: not an http(s) URL in the file: {bad!r}")
    if not urls:
        raise ValueError("urls: the file lists no URL")
    return urls


class GenericSpider(NewsSpider):
    name = "generic"
    args_model: ClassVar[type[PageArgs]] = GenericArgs
    default_base_url = ""

    def site_root(self) -> str:
        """No site of its own: any host is this spider's."""
        return ""

    def is_wanted(self, url: str) -> bool:
        return url.startswith(("http://", "https://"))

    def listing_urls(self) -> list[str]:
        return []

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.args.warc is not None:
            stats = self.crawler.stats
            for ref in replay_records(self.args.warc, self.is_wanted, stats, "any site"):
                yield scrapy.Request(
                    ref.url, callback=self.parse_article, meta={WARC_RECORD: ref}, dont_filter=True
                )
            return
        for url in self.args.url_list:
            yield scrapy.Request(
                url, callback=self.parse_article, errback=self.article_error, meta={ARTICLE: url}
            )

    def extract(
        self, response: TextResponse, fetched_at: datetime
    ) -> tuple[ArticleItem, ExtractedArticle]:
        return parse_page(response.url, response.body, response.encoding, fetched_at)
