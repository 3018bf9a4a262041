"""The crawler a user would write instead of this project, for bench/crawl.py to compare against:
listings -> articles -> `trafilatura.extract` -> JSON lines (Scrapy's feed export), plus a Parquet
file of the items written with pyarrow when the spider closes. No seen-store, no report, no
monitors, no cleaning: what the project adds is what the comparison prices.

Run as `scrapy runspider bench/bare.py -a base_url=URL -a parquet=PATH -O items.jsonl` from a
folder without scrapy.cfg, so that Scrapy's defaults apply, not this project's settings.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import scrapy
import trafilatura

ARTICLE = re.compile(r"/(?:ru|kz)/news/[\w-]+/[\w.-]+/?$")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, parquet: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.parquet = parquet
        self.rows: list[dict[str, Any]] = []

    async def start(self):
        for edition in ("ru", "kz"):
            yield scrapy.Request(f"{self.base_url}/{edition}/news", callback=self.parse_listing)

    def parse_listing(self, response):
        links = [response.urljoin(h) for h in response.css("a::attr(href)").getall()]
        articles = [u.split("?")[0] for u in links if ARTICLE.search(u.split("?")[0])]
        yield from response.follow_all(articles, callback=self.parse_article)
        following = response.css("a[rel=next]::attr(href)").get()
        if articles and following:
            yield response.follow(following, callback=self.parse_listing)

    def parse_article(self, response):
        body = trafilatura.extract(response.text, url=response.url)
        if body:
            row = {"url": response.url, "title": response.css("h1::text").get(), "body": body}
            self.rows.append(row)
            yield row

    def closed(self, reason: str) -> None:
        pq.write_table(pa.Table.from_pylist(self.rows), self.parquet)
