"""An extracted page -> the dataset's item; and any page's item by the site-agnostic rules alone.

Every source builds its item here (`item_from`), so a field is filled the same way whatever the
site; the `generic` spider and `newscrawler.extract_page` use `parse_page`, which knows no site:
`site` is the host, `lang` the language the page declares ('und' when it declares none), and the
URL key keeps the query string, which on many sites names the article (`?id=8723`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from newscrawler.extract import dates
from newscrawler.extract.article import ExtractedArticle, extract_article
from newscrawler.extract.boilerplate import GENERIC
from newscrawler.items import ArticleItem

TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|yclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|"
    r"_hs(?:enc|mi)|ref_src|spm|share|from)$",
    re.IGNORECASE,
)
"""Query parameters that say how a reader came, not which page they read."""
UNDETERMINED = "und"
"""ISO 639-2 'undetermined': the page declares no language."""


def url_key(url: str) -> str:
    """The page's URL as the dataset's key: no fragment, no tracking parameters, no trailing
    slash; the rest of the query kept in its order."""
    parts = urlsplit(url)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    )
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc.lower()}{path}{'?' + query if query else ''}"


def site_of(url: str) -> str:
    """The host a page was served from, without a leading 'www.'."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def item_from(
    found: ExtractedArticle,
    *,
    url: str,
    site: str,
    lang: str,
    fetched_at: datetime,
    category: str | None = None,
    slug: str | None = None,
    article_id: str | None = None,
    site_names: Iterable[str] = (),
) -> ArticleItem:
    """The item of an extracted page; `site_names` are the bylines that name the site, not a
    person ('mail.kz'), and are left out of the authors."""
    names = {n.lower() for n in site_names}
    return ArticleItem(
        url=url,
        canonical_url=found.canonical_url,
        site=site,
        lang=lang,
        category=category,
        slug=slug,
        article_id=article_id,
        title=found.title,
        published_at=dates.to_iso(found.published_at) if found.published_at else None,
        updated_at=dates.to_iso(found.updated_at) if found.updated_at else None,
        paragraphs=list(found.paragraphs),
        body_source=found.body_source,
        credits=found.credits,
        original_url=found.original_url,
        image_url=found.image_url,
        authors=[a for a in found.authors if a.lower() not in names],
        tags=found.tags,
        crawled_at=dates.utc_iso(fetched_at),
    )


def parse_page(
    url: str, body: bytes, encoding: str, fetched_at: datetime
) -> tuple[ArticleItem, ExtractedArticle]:
    """Any page's item by the site-agnostic rules; ExtractionError for a page without one."""
    found = extract_article(body, encoding, url, fetched_at, GENERIC)
    item = item_from(
        found,
        url=url_key(url),
        site=site_of(url),
        lang=found.lang or UNDETERMINED,
        fetched_at=fetched_at,
        site_names=(site_of(url),),
    )
    return item, found
