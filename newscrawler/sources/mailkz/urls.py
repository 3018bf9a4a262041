"""mail.kz's URL shapes: which URLs are articles and what they say (edition, category, slug).

[V] /ru/news/<category>/<slug> and /kz/news/<category>/<slug>; slugs are transliterated titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SITE = "mail.kz"
BASE_URL = "https://mail.kz"
EDITION_LANG = {"ru": "ru", "kz": "kk"}
"""URL edition segment -> ISO 639-1 language code of the item."""

_ARTICLE_PATH = re.compile(
    r"^/(?P<edition>ru|kz)/news/(?P<category>[a-z0-9][a-z0-9_-]*)/(?P<slug>[a-z0-9][a-z0-9_.-]*?)/?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ArticleUrl:
    lang: str
    category: str
    slug: str


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def parse_article_url(url: str, base_url: str = BASE_URL) -> ArticleUrl | None:
    """The edition, category and slug of an article URL on `base_url`'s host; None otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _host(url) != _host(base_url):
        return None
    m = _ARTICLE_PATH.match(parts.path)
    if m is None:
        return None
    return ArticleUrl(EDITION_LANG[m["edition"].lower()], m["category"].lower(), m["slug"])


def article_url(url: str) -> str:
    """The article's URL as the dataset's key: no query, fragment or trailing slash, so a
    tracking parameter or a redirect to the slash form does not make a second article."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def listing_urls(
    base_url: str = BASE_URL,
    langs: tuple[str, ...] = ("ru", "kk"),
    categories: tuple[str, ...] = (),
) -> list[str]:
    """The news listings of the requested editions: the front page of each, or the listing of
    each requested category ([V] /ru/news/kz-news)."""
    edition = {lang: seg for seg, lang in EDITION_LANG.items()}
    root = base_url.rstrip("/")
    if categories:
        return [f"{root}/{edition[lang]}/news/{cat}" for lang in langs for cat in categories]
    return [f"{root}/{edition[lang]}/news" for lang in langs]
