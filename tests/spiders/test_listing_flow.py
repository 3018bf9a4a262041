"""A source's spider follows its listings as the source reads them: its own reader when it has
one (a 'load more' endpoint), until no next page, or two pages in a row of nothing new; and it
seeds discovery with the source's sitemaps besides those robots.txt names."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import HtmlResponse, JsonResponse, TextResponse

from newscrawler.discovery.listings import ListingPage, json_card_leads
from newscrawler.extract.boilerplate import GENERIC
from newscrawler.itempath import ItemPath
from newscrawler.sources.source import Edition, Source
from newscrawler.spiders.base import STALE_LISTING_PAGES
from newscrawler.spiders.sources import SourceSpider

ROOT = "https://www.example.kz"


def load_more(response: TextResponse, is_article: Callable[[str], bool], fetched_at: datetime):
    """The made-up outlet's reader: JSON cards, and always a next page (p + 1)."""
    page = int(parse_qs(urlsplit(response.url).query).get("p", ["1"])[0])
    leads = json_card_leads(response, is_article, fetched_at) or []
    return ListingPage(leads, f"{ROOT}/news/?p={page + 1}")


EXAMPLE = Source(
    name="example",
    site="example.kz",
    editions=(Edition("ru", ROOT, ("/news/",), feeds=("/rss/",), sitemaps=("/sitemap.xml",)),),
    article_path=re.compile(r"/(?P<id>\d+)-(?P<slug>[a-z]+)\.html"),
    boilerplate=GENERIC,
    listing_reader=load_more,
)


class ExampleSpider(SourceSpider):
    name = "example"
    source = EXAMPLE
    argument_choices: ClassVar[dict[str, tuple[str, ...]]] = {"lang": ("ru", "all")}


def spider(source: Source = EXAMPLE) -> SourceSpider:
    cls = type("ExampleSpider", (ExampleSpider,), {"source": source})
    return ItemPath(cls).spider


def answer(page: int, ids: list[int]) -> JsonResponse:
    cards = "".join(f"<a href='/{i}-news.html'>Новость {i}</a>" for i in ids)
    body = json.dumps({"html": cards}).encode()
    return JsonResponse(f"{ROOT}/news/?p={page}", body=body)


def follow(news: SourceSpider, response: TextResponse, page: int, stale: int = 0):
    """The article URLs a listing page asks for, and its next listing request, if any."""
    out = list(news.parse_listing(response, page=page, stale=stale))
    articles = [r.url for r in out if r.callback == news.parse_article]
    following = [r for r in out if r.callback == news.parse_listing]
    assert len(following) <= 1
    return articles, following[0] if following else None


def test_the_sources_reader_reads_its_answers_and_names_the_next_page() -> None:
    news = spider()
    articles, following = follow(news, answer(2, [1, 2]), page=2)
    assert articles == [f"{ROOT}/1-news.html", f"{ROOT}/2-news.html"]
    assert following.url == f"{ROOT}/news/?p=3"
    assert following.cb_kwargs == {"page": 3, "stale": 0}


def test_pagination_ends_after_pages_of_nothing_new() -> None:
    """An endpoint answering past its end with the last page again (or nothing) names a next
    page forever: two stale pages in a row end it; a page with one new article resets the count."""
    news = spider()
    _, following = follow(news, answer(1, [1, 2]), page=1)
    _, following = follow(news, answer(2, [2, 1]), page=2, **_stale(following))
    assert following is not None and following.cb_kwargs["stale"] == 1
    _, following = follow(news, answer(3, [3, 1]), page=3, **_stale(following))
    assert following.cb_kwargs["stale"] == 0
    for page in range(4, 4 + STALE_LISTING_PAGES):
        assert following is not None
        _, following = follow(news, answer(page, []), page=page, **_stale(following))
    assert following is None


def _stale(request: scrapy.Request) -> dict[str, int]:
    return {"stale": request.cb_kwargs["stale"]}


def test_without_a_reader_any_html_listing_is_read() -> None:
    news = spider(dataclasses.replace(EXAMPLE, listing_reader=None))
    html = b"<a href='/5-news.html'>N</a><a rel='next' href='/news/?page=2'>2</a>"
    articles, following = follow(news, HtmlResponse(f"{ROOT}/news/", body=html), page=1)
    assert articles == [f"{ROOT}/5-news.html"]
    assert following.url == f"{ROOT}/news/?page=2"


def test_discovery_starts_from_robots_sitemaps_feeds_and_listings() -> None:
    async def start() -> list[str]:
        return [request.url async for request in spider().start()]

    assert asyncio.run(start()) == [
        f"{ROOT}/robots.txt",
        f"{ROOT}/sitemap.xml",
        f"{ROOT}/rss/",
        f"{ROOT}/news/",
    ]
