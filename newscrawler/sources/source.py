"""What a news source is, as data: its editions, URL shapes, discovery seeds and boilerplate rules.

A source is one `Source` value (sources/<name>/__init__.py) registered in sources/__init__.py. The
spider flow (spiders/sources.py), the extraction (extract/), the pipelines and the tools read only
this: adding an outlet adds its package, its fixtures and one registration line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy.http import TextResponse

from newscrawler.discovery.listings import ListingPage
from newscrawler.extract.article import ExtractedArticle, ExtractionError, extract_article
from newscrawler.extract.boilerplate import Boilerplate
from newscrawler.extract.page import item_from
from newscrawler.items import ArticleItem


@dataclass(frozen=True)
class Edition:
    """One edition of a source: the language of its articles and the URL root they live under
    ('https://mail.kz/ru', 'https://kaz.zakon.kz')."""

    lang: str
    root: str
    listings: tuple[str, ...] = ()
    """Listing paths under the root where discovery starts ('/news'), newest first."""
    category_listing: str | None = None
    """The listing of one category under the root ('/news/{category}'), for `-a categories=`."""
    feeds: tuple[str, ...] = ()
    """RSS/Atom feed paths under the root, read besides those the listings link."""
    sitemaps: tuple[str, ...] = ()
    """Sitemap paths under the root, read besides those robots.txt names (a sitemap the site
    serves but does not name there)."""


@dataclass(frozen=True)
class ArticleUrl:
    """What an article URL says: the edition's language, the category, the slug and the id."""

    lang: str
    category: str | None
    slug: str | None
    article_id: str | None = None


class NotAnArticleUrl(ExtractionError):
    """The page's URL (after redirects) is not an article URL of the source."""

    def __init__(self, site: str, url: str) -> None:
        super().__init__("not_article", f"not a {site} article URL: {url}")


ListingReader = Callable[[TextResponse, Callable[[str], bool], datetime], ListingPage]
"""A source's own reader of its listing answers (a 'load more' endpoint's pages, say): (response,
is_article, fetched_at) -> the answer's article leads and the page after it. Without one, the
site-agnostic reader takes any HTML listing's links and its rel=next / ?page= pagination
(discovery/listings.py: read_listing)."""


@dataclass(frozen=True)
class Source:
    """One outlet. `name` is its spider's and dataset folder's name; `article_path` matches the
    URL path under an edition's root (named groups `category`, `slug`, `id`, each optional)."""

    name: str
    site: str
    editions: tuple[Edition, ...]
    article_path: re.Pattern[str]
    boilerplate: Boilerplate
    site_names: tuple[str, ...] = ()
    """Bylines that name the site, not a person ('mail.kz'): left out of the authors."""
    article_params: tuple[str, ...] = ()
    """Query parameters that name an article (kept in its URL key); every other one goes."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Scrapy settings of this source's crawls (politeness: DOWNLOAD_DELAY, concurrency)."""
    listing_reader: ListingReader | None = None
    """How this source's listing answers are read (ListingReader); None: as any HTML listing."""
    variants: tuple[str, ...] = ()
    """Path prefixes under an edition's root that serve an article in another form ('/amp'):
    such a page is the article of the path after the prefix, and keyed to it (`url_key`)."""

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(e.lang for e in self.editions)

    def roots(self, base_url: str = "") -> dict[str, str]:
        """Each edition's root, on the source's own hosts, or under `base_url` (a mirror or test
        server): one URL for every edition (its root's path kept), or `lang=URL,...` pairs."""
        own = {e.lang: e.root.rstrip("/") for e in self.editions}
        if not base_url:
            return own
        if "=" not in base_url:
            return {lang: base_url.rstrip("/") + urlsplit(root).path for lang, root in own.items()}
        given = dict(pair.split("=", 1) for pair in base_url.split(","))
        return {lang: given[lang].rstrip("/") + urlsplit(own[lang]).path for lang in own}

    def where(self, url: str, roots: Mapping[str, str]) -> ArticleUrl | None:
        """What an article URL of one of `roots`' editions says; None for any other URL."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        host, path = _host(parts.netloc), parts.path
        for lang, root in roots.items():
            home = urlsplit(root)
            if _host(home.netloc) != host or not _under(path, home.path):
                continue
            m = self.article_path.fullmatch(self._plain(path[len(home.path.rstrip("/")) :]))
            if m is not None:
                found = m.groupdict()
                category = found.get("category")
                return ArticleUrl(
                    lang, category.lower() if category else None, found.get("slug"), found.get("id")
                )
        return None

    def url_key(self, url: str, roots: Mapping[str, str] | None = None) -> str:
        """The article's URL as the dataset's key: no fragment, no trailing slash, and of the query
        only the parameters that name an article, so a tracking parameter or a redirect to the
        slash form does not make a second article. On an edition's host (`roots`: the source's
        own by default) it is the edition root's scheme and host and the plain path of a variant:
        'https://zakon.kz/amp/sport/1-a.html' and 'http://www.zakon.kz/sport/1-a.html' are one
        article, 'https://www.zakon.kz/sport/1-a.html'."""
        parts = urlsplit(url)
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in self.article_params])
        origin, path = f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")
        for root in (roots if roots is not None else self.roots()).values():
            home = urlsplit(root)
            if _host(home.netloc) == _host(parts.netloc) and _under(path, home.path):
                base = home.path.rstrip("/")
                origin, path = (
                    f"{home.scheme}://{home.netloc}",
                    base + self._plain(path[len(base) :]),
                )
                break
        return f"{origin}{path}{'?' + query if query else ''}"

    def _plain(self, path: str) -> str:
        """A path under an edition's root without its variant prefix ('/amp/sport/1-a.html' ->
        '/sport/1-a.html')."""
        for prefix in self.variants:
            if path.lower().startswith(prefix.lower() + "/"):
                return path[len(prefix) :]
        return path

    def listing_urls(
        self, roots: Mapping[str, str], langs: Iterable[str], categories: Iterable[str] = ()
    ) -> list[str]:
        """Where discovery starts for the requested editions: their listings, or the listing of
        each requested category."""
        editions = [e for e in self.editions if e.lang in set(langs)]
        cats = tuple(categories)
        if cats:
            return [
                roots[e.lang] + e.category_listing.format(category=c)
                for e in editions
                if e.category_listing
                for c in cats
            ]
        return [roots[e.lang] + path for e in editions for path in e.listings]

    def feed_urls(self, roots: Mapping[str, str], langs: Iterable[str]) -> list[str]:
        wanted = set(langs)
        return [roots[e.lang] + f for e in self.editions if e.lang in wanted for f in e.feeds]

    def sitemap_urls(self, roots: Mapping[str, str], langs: Iterable[str]) -> list[str]:
        wanted = set(langs)
        return [roots[e.lang] + m for e in self.editions if e.lang in wanted for m in e.sitemaps]

    def parse(
        self, url: str, body: bytes, encoding: str, fetched_at: datetime, roots: Mapping[str, str]
    ) -> tuple[ArticleItem, ExtractedArticle]:
        """The item of one article page and the extraction's record (what markup dropped).

        NotAnArticleUrl for a URL that is none of the source's articles; ExtractionError for a
        page without article text.
        """
        where = self.where(url, roots)
        if where is None:
            raise NotAnArticleUrl(self.site, url)
        found = extract_article(body, encoding, url, fetched_at, self.boilerplate)
        item = item_from(
            found,
            url=self.url_key(url, roots),
            site=self.site,
            lang=where.lang,
            category=where.category,
            slug=where.slug,
            article_id=where.article_id,
            fetched_at=fetched_at,
            site_names=self.site_names,
        )
        return item, found


def _host(netloc: str) -> str:
    """A host as a source names it: lower case, no 'www.' or mobile 'm.', port kept (a test
    server's)."""
    return netloc.lower().removeprefix("www.").removeprefix("m.")


def _under(path: str, root_path: str) -> bool:
    root = root_path.rstrip("/").lower()
    return not root or path.lower() == root or path.lower().startswith(root + "/")
