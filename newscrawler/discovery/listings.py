"""Listing pages: article links recognised by URL shape, the date shown beside each, the next page.

Site-agnostic: the source supplies the URL predicate. A link's date is the date line found in the
smallest block around the link that holds no other article link (the list item, the card). A
listing answer in JSON (a 'load more' button's) is read through the HTML its strings hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy.http import HtmlResponse, JsonResponse, TextResponse

from newscrawler.discovery import Lead
from newscrawler.extract import dates

_FEED_LINKS = (
    "//link[@rel='alternate'][@type='application/rss+xml' or @type='application/atom+xml']/@href"
)


@dataclass(frozen=True)
class ListingPage:
    """What one listing answer gives discovery."""

    leads: list[Lead]
    next_url: str | None
    """The listing page after this one; None on the last."""
    feeds: list[str] = field(default_factory=list)
    """RSS/Atom feeds the page names."""


def read_listing(
    response: TextResponse, is_article: Callable[[str], bool], fetched_at: datetime
) -> ListingPage:
    """Any listing answer: an HTML page's article links, its next page and the feeds it names; a
    JSON answer's links (`json_card_leads`), with no next page it could name."""
    cards = json_card_leads(response, is_article, fetched_at)
    if cards is not None:
        return ListingPage(cards, None)
    feeds = [response.urljoin(href) for href in response.xpath(_FEED_LINKS).getall()]
    return ListingPage(article_leads(response, is_article, fetched_at), next_page(response), feeds)


def json_card_leads(
    response: TextResponse, is_article: Callable[[str], bool], fetched_at: datetime
) -> list[Lead] | None:
    """The article links of a JSON answer whose string values hold HTML cards (a 'load more'
    button's answer), with their shown dates, read as one HTML listing of the cards in order;
    None when the answer is not JSON (served as JSON, or opening like a JSON object or array).
    JSON that cannot be decoded gives no leads."""
    text = response.text.lstrip()
    if not isinstance(response, JsonResponse) and not text.startswith(("{", "[")):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    html = "\n".join(s for s in _strings(data) if "<" in s)
    body = f"<html><body>{html}</body></html>".encode()
    return article_leads(
        HtmlResponse(response.url, body=body, encoding="utf-8"), is_article, fetched_at
    )


def _strings(data: Any) -> Iterator[str]:
    """Every string value of a JSON document, in document order. A loop, not recursion: a
    document the decoder accepts can nest deeper than the interpreter's stack."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            stack.extend(reversed(list(value.values())))


def article_leads(
    response: TextResponse, is_article: Callable[[str], bool], fetched_at: datetime
) -> list[Lead]:
    """Article links on a listing page, in page order, each once, with their shown date."""
    leads: dict[str, Lead] = {}
    for link in response.xpath("//a[@href]"):
        url = canonical_article_url(response.urljoin(link.attrib["href"]))
        if not is_article(url) or url in leads:
            continue
        leads[url] = Lead(url, _date_near(link, is_article, response, fetched_at))
    return list(leads.values())


def canonical_article_url(url: str) -> str:
    """An article URL without query or fragment (tracking parameters make duplicates)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def _date_near(link, is_article, response: TextResponse, fetched_at: datetime) -> datetime | None:
    block = link
    for _ in range(4):
        parent = block.xpath("..")
        if not parent:
            break
        hrefs = parent.xpath(".//a/@href").getall()
        urls = {canonical_article_url(response.urljoin(h)) for h in hrefs}
        if len({u for u in urls if is_article(u)}) > 1:
            break
        block = parent[0]
    text = " ".join(t.strip() for t in block.xpath(".//text()").getall() if t.strip())
    when = dates.find_date_line(text, fetched_at)
    if when is None:
        iso = block.xpath(".//time/@datetime").get()
        when = dates.parse_iso(iso) if iso else None
    return when


def next_page(response: TextResponse) -> str | None:
    """The next listing page: rel=next, else a link to ?page=<current + 1>."""
    href = response.xpath("//a[@rel='next']/@href | //link[@rel='next']/@href").get()
    if href:
        return response.urljoin(href)
    current = _page_number(response.url)
    here = response.url.split("?", 1)[0]
    for href in response.xpath("//a/@href").getall():
        url = response.urljoin(href)
        if url.split("?", 1)[0] == here and _page_number(url) == current + 1:
            return url
    return None


def _page_number(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get("page", ["1"])
    return int(values[0]) if values[0].isdigit() else 1
