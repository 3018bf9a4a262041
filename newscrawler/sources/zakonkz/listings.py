"""zakon.kz's listings: the HTML page of /news/, then the pages its 'load more' button fetches.

[V in code, 2026] the button asks `/news/?handler=LoadMoreNews&p=N&type=list` for page N and gets
JSON whose string values hold the HTML cards (`a.newscard_link` > `.newscard__title`,
`.newscard__date`); the HTML listing itself pages as `/news/?p=N`. [G] a section's listing
(`-a categories=`) pages the HTML way: its page links are followed, none is made up. Every 'load
more' page names the one after: the site-agnostic rule (spiders/base.py: two pages in a row of
nothing new) ends it. Promotional pages (`/pbf/`, `/special/`, special.zakon.kz) are no article
URLs of the source (its `article_path` and hosts), wherever they are linked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qs, urlsplit, urlunsplit

from scrapy.http import JsonResponse, TextResponse

from newscrawler.discovery.listings import ListingPage, read_listing

NEWS = "/news"
LOAD_MORE = "handler=LoadMoreNews&p={page}&type=list"


def read_zakon_listing(
    response: TextResponse, is_article: Callable[[str], bool], fetched_at: datetime
) -> ListingPage:
    """A listing answer's cards (the HTML page's, or a 'load more' page's JSON) and the page
    after it."""
    found = read_listing(response, is_article, fetched_at)
    parts = urlsplit(response.url)
    page = _page(parts.query)
    if parts.path.rstrip("/") == NEWS:
        more = urlunsplit(parts._replace(query=LOAD_MORE.format(page=page + 1), fragment=""))
        return ListingPage(found.leads, more, found.feeds)
    if found.next_url is not None:
        return found
    return ListingPage(found.leads, _linked_page(response, page + 1), found.feeds)


def _page(query: str) -> int:
    value = parse_qs(query).get("p", ["1"])[0]
    return int(value) if value.isdigit() else 1


def _linked_page(response: TextResponse, page: int) -> str | None:
    """A link of an HTML page to the same listing's page `page` (`?p=N`), if it has one."""
    if isinstance(response, JsonResponse):  # no links to read: Scrapy refuses xpath on JSON
        return None
    here = response.url.split("?", 1)[0]
    for href in response.xpath("//a/@href").getall():
        url = response.urljoin(href)
        if url.split("?", 1)[0] == here and _page(urlsplit(url).query) == page:
            return url
    return None
