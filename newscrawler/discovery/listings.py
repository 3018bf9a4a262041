"""Listing pages: article links recognised by URL shape, the date shown beside each, the next page.

Site-agnostic: the source supplies the URL predicate. A link's date is the date line found in the
smallest block around the link that holds no other article link (the list item, the card).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from scrapy.http import TextResponse

from newscrawler.discovery import Lead
from newscrawler.extract import dates


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
