"""mail.kz article page -> ArticleItem. The site facts live in urls.py and boilerplate.py."""

from __future__ import annotations

from datetime import datetime

from newscrawler.extract import dates
from newscrawler.extract.article import ExtractedArticle, extract_article
from newscrawler.items import ArticleItem
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE
from newscrawler.sources.mailkz.urls import BASE_URL, SITE, article_url, parse_article_url

_SITE_NAMES = frozenset({"mail.kz", "mail", "mail.kz новости", "www.mail.kz"})


class NotAnArticleUrl(ValueError):
    """The page's URL (after redirects) is not a mail.kz article URL."""


def parse_article(
    url: str, body: bytes, encoding: str, fetched_at: datetime, base_url: str = BASE_URL
) -> tuple[ArticleItem, ExtractedArticle]:
    """The item for one article page, and the extraction record (what markup dropped).

    Raises NotAnArticleUrl for a URL that is not a mail.kz article and ExtractionError for a page
    without article text.
    """
    where = parse_article_url(url, base_url)
    if where is None:
        raise NotAnArticleUrl(f"not a {SITE} article URL: {url}")
    found = extract_article(body, encoding, url, fetched_at, BOILERPLATE)
    item = ArticleItem(
        url=article_url(url),
        canonical_url=found.canonical_url,
        site=SITE,
        lang=where.lang,
        category=where.category,
        slug=where.slug,
        title=found.title,
        published_at=dates.to_iso(found.published_at) if found.published_at else None,
        updated_at=dates.to_iso(found.updated_at) if found.updated_at else None,
        body="\n\n".join(found.paragraphs),
        body_source=found.body_source,
        original_source=found.original_source,
        original_url=found.original_url,
        photo_credit=found.photo_credit,
        image_url=found.image_url,
        authors=[a for a in found.authors if a.lower() not in _SITE_NAMES],
        tags=found.tags,
        crawled_at=dates.utc_iso(fetched_at),
    )
    return item, found
