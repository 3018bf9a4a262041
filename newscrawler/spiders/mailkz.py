"""The mail.kz spider: discovers articles of both editions, or replays a WARC archive.

`scrapy crawl mailkz` crawls the live site; `scrapy crawl mailkz -a warc=PATH` re-extracts a
saved crawl offline. Either way each article page goes through the same parser and pipelines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import scrapy
from pydantic import field_validator
from scrapy.http import Response, TextResponse

from newscrawler.archive.replay import META_KEY, replay_records
from newscrawler.extract.article import ExtractionError
from newscrawler.sources.mailkz import urls
from newscrawler.sources.mailkz.parser import parse_article
from newscrawler.spiders.arguments import SpiderArgs, parse_args


class MailkzArgs(SpiderArgs):
    lang: Literal["ru", "kk", "all"] = "all"
    """Edition(s) to crawl."""
    warc: Path | None = None
    """Replay this WARC file (.warc / .warc.gz) or folder of them instead of crawling."""
    base_url: str = urls.BASE_URL
    """Site root: mail.kz itself, or a mirror or test server with the same URL shapes."""

    @field_validator("warc")
    @classmethod
    def _warc_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.exists():
            raise ValueError("no such file or folder")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL like https://mail.kz")
        return value.rstrip("/")

    @property
    def langs(self) -> tuple[str, ...]:
        return ("ru", "kk") if self.lang == "all" else (self.lang,)


class MailkzSpider(scrapy.Spider):
    name = "mailkz"

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name)
        self.args = self.validate_arguments(kwargs)
        self.replaying = self.args.warc is not None

    @classmethod
    def validate_arguments(cls, raw: dict[str, Any]) -> MailkzArgs:
        """The typed arguments; UsageError naming each bad one."""
        return parse_args(MailkzArgs, cls.name, raw)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.args.warc is not None:
            for ref in replay_records(self.args.warc, self._wanted, self.crawler.stats):
                yield scrapy.Request(
                    ref.url, callback=self.parse_article, meta={META_KEY: ref}, dont_filter=True
                )
            return
        for url in urls.listing_urls(self.args.base_url, self.args.langs):
            yield scrapy.Request(url, callback=self.parse_listing)

    def _wanted(self, url: str) -> bool:
        where = urls.parse_article_url(url, self.args.base_url)
        return where is not None and where.lang in self.args.langs

    def parse_listing(self, response: Response):
        """Article links by URL shape (not by CSS class), then the next listing page."""
        if not isinstance(response, TextResponse):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self._wanted(url):
                yield scrapy.Request(url, callback=self.parse_article)
        next_page = response.css("a[rel=next]::attr(href), link[rel=next]::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_listing)

    def parse_article(self, response: Response):
        stats = self.crawler.stats
        fetched_at = response.meta.get("fetched_at") or datetime.now(UTC)
        if not isinstance(response, TextResponse) or b"html" not in (
            response.headers.get("Content-Type") or b"text/html"
        ):
            self._drop(response, "not_html", "not an HTML page")
            return
        try:
            item, found = parse_article(
                response.url, response.body, response.encoding, fetched_at, self.args.base_url
            )
        except ExtractionError as exc:
            self._drop(response, exc.reason, str(exc))
            return
        except ValueError as exc:  # redirected off the article URL shape
            self._drop(response, "not_article", str(exc))
            return
        for kind, n in found.dropped.items():
            if n:
                stats.inc_value(f"extract/{kind}_dropped", n)
        stats.inc_value(f"extract/items/{item.lang}")
        yield item

    def _drop(self, response: Response, reason: str, message: str) -> None:
        self.crawler.stats.inc_value(f"extract/dropped/{reason}")
        self.logger.warning("Dropped page %s: %s", response.url, message)
