"""mail.kz article page -> ArticleItem. The site facts live in urls.py and boilerplate.py."""

from __future__ import annotations

from datetime import datetime

from newscrawler.extract.article import ExtractedArticle, ExtractionError, extract_article
from newscrawler.extract.page import item_from
from newscrawler.items import ArticleItem
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE
from newscrawler.sources.mailkz.urls import BASE_URL, SITE, article_url, parse_article_url

_SITE_NAMES = ("mail.kz", "mail", "mail.kz новости", "www.mail.kz")


class NotAnArticleUrl(ExtractionError):
    """The page's URL (after redirects) is not a mail.kz article URL."""

    def __init__(self, url: str) -> None:
        super().__init__("not_article", f"not a {SITE} article URL: {url}")


def parse_article(
    url: str, body: bytes, encoding: str, fetched_at: datetime, base_url: str = BASE_URL
) -> tuple[ArticleItem, ExtractedArticle]:
    """The item for one article page, and the extraction record (what markup dropped).

    Raises NotAnArticleUrl for a URL that is not a mail.kz article and ExtractionError for a page
    without article text.
    """
    where = parse_article_url(url, base_url)
    if where is None:
        raise NotAnArticleUrl(url)
    found = extract_article(body, encoding, url, fetched_at, BOILERPLATE)
    item = item_from(
        found,
        url=article_url(url),
        site=SITE,
        lang=where.lang,
        category=where.category,
        slug=where.slug,
        fetched_at=fetched_at,
        site_names=_SITE_NAMES,
    )
    return item, found
