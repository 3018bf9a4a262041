"""What every news spider does: arguments, discovery, the date window, the article limit, failures.

A source's spider (spiders/sources.py, from its `Source`) supplies its URL shapes and its article
parser; the flow is here: listings (with pagination), sitemaps (the source's and those robots.txt
names), RSS/Atom feeds (the source's and those its listings name), or a WARC replay; every article
request carries `meta["article"]` for the seen-store and an errback that files the failure.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, Self

import scrapy
from pydantic import PrivateAttr, ValidationInfo, field_validator, model_validator
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawler.archive.replay import replay_records
from newscrawler.discovery import Lead
from newscrawler.discovery.feeds import parse_feed
from newscrawler.discovery.listings import ListingPage, canonical_article_url, read_listing
from newscrawler.discovery.sitemaps import parse_sitemap, robots_sitemaps
from newscrawler.extract.article import ExtractedArticle, ExtractionError
from newscrawler.extract.dates import ALMATY
from newscrawler.fetch.bodies import body_problem
from newscrawler.fetch.failures import failure_reason
from newscrawler.items import ArticleItem
from newscrawler.meta import ARTICLE, DROPPED, FETCHED_AT, WARC_RECORD
from newscrawler.ops.faults import report_fault
from newscrawler.signals import article_failed
from newscrawler.spiders.arguments import SpiderArgs, parse_args
from newscrawler.state.incremental import IncrementalMiddleware

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
STALE_LISTING_PAGES = 2
"""Listing pages in a row that bring nothing new end their pagination: past its end a 'load more'
endpoint may answer with nothing, or with a page seen already, and name a next page all the same;
and a scheduled run reaches, page by page, the articles earlier runs exported. New is an article
not listed before in this crawl and, unless `-a max_pages` asks for a depth (a backfill), not
exported by an earlier run."""


def _positive(value: Any) -> Any:
    if isinstance(value, str):
        if not value.isdigit() or int(value) < 1:
            raise ValueError("expected a positive whole number")
        return int(value)
    return value


class PageArgs(SpiderArgs):
    """The `-a` arguments of every spider that turns pages into articles."""

    warc: Path | None = None
    """Replay this WARC file (.warc / .warc.gz) or folder of them instead of crawling."""
    since: date | None = None
    """First publication date (Asia/Almaty) to keep, YYYY-MM-DD."""
    until: date | None = None
    """Last publication date (Asia/Almaty) to keep, YYYY-MM-DD."""
    limit: int | None = None
    """Stop after this many articles."""
    refetch: bool = False
    """Fetch articles the seen-store already has (1) instead of skipping them."""

    @field_validator("warc")
    @classmethod
    def _warc_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.exists():
            raise ValueError("no such file or folder")
        return value

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str):
            if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            raise ValueError("expected YYYY-MM-DD")
        return value

    @field_validator("limit", mode="before")
    @classmethod
    def _positive_limit(cls, value: Any) -> Any:
        return _positive(value)

    @field_validator("refetch", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.lower() not in _TRUE | _FALSE:
                raise ValueError("expected 1 or 0")
            return value.lower() in _TRUE
        return value

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until ({self.until}) is before since ({self.since})")
        return self

    def in_window(self, when: datetime | None) -> bool:
        """Whether a publication time lies in [since, until]; unknown times are let through."""
        return when is None or not (self.before_window(when) or self.after_window(when))

    def before_window(self, when: datetime) -> bool:
        """Whether a publication time falls on an Almaty day before `since`: a listing page (newest
        first) of nothing else ends its pagination."""
        return self.since is not None and when.astimezone(ALMATY).date() < self.since

    def after_window(self, when: datetime) -> bool:
        """Whether a publication time falls on an Almaty day after `until`."""
        return self.until is not None and when.astimezone(ALMATY).date() > self.until


class NewsArgs(PageArgs):
    """The `-a` arguments of a source's spider: which editions and sections of the site. The
    source's editions come in the validation context (`editions`: their languages)."""

    lang: str = "all"
    """Edition to crawl, by its language (mail.kz: ru, kk), or all."""
    base_url: str = ""
    """Site root: a mirror or test server with the source's URL shapes; lang=URL,... for one
    root per edition (a source whose editions live on different hosts)."""
    categories: tuple[str, ...] = ()
    """Category slugs to crawl, comma-separated; all when empty."""
    max_pages: int | None = None
    """How deep to follow each listing's pagination."""
    _editions: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("lang")
    @classmethod
    def _an_edition(cls, value: str, info: ValidationInfo) -> str:
        editions = _editions(info)
        if value != "all" and editions and value not in editions:
            raise ValueError(f"expected one of {', '.join((*editions, 'all'))}")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_is_http(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        http = ("http://", "https://")
        if value.startswith(http):
            return value.rstrip("/")
        editions = _editions(info)
        pairs = dict(piece.partition("=")[::2] for piece in value.split(","))
        if not all(url.startswith(http) for url in pairs.values()):
            raise ValueError("expected an http(s) URL like https://mail.kz, or lang=URL,...")
        if editions and set(pairs) != set(editions):
            raise ValueError(f"expected one URL for each edition: {', '.join(editions)}")
        return ",".join(f"{lang}={url.rstrip('/')}" for lang, url in pairs.items())

    @model_validator(mode="after")
    def _keep_editions(self, info: ValidationInfo) -> Self:
        self._editions = _editions(info)
        return self

    @field_validator("categories", mode="before")
    @classmethod
    def _slugs(cls, value: Any) -> Any:
        if isinstance(value, str):
            slugs = tuple(s.strip().lower() for s in value.split(",") if s.strip())
            if not all(_SLUG.fullmatch(s) for s in slugs):
                raise ValueError("expected category slugs separated by commas, like kz-news,sport")
            return slugs
        return value

    @field_validator("max_pages", mode="before")
    @classmethod
    def _positive_depth(cls, value: Any) -> Any:
        return _positive(value)

    @property
    def langs(self) -> tuple[str, ...]:
        """The editions to crawl, by language."""
        return self._editions if self.lang == "all" else (self.lang,)


def _editions(info: ValidationInfo) -> tuple[str, ...]:
    return tuple((info.context or {}).get("editions", ()))


class NewsSpider(scrapy.Spider):
    """Base of the source spiders. Subclasses set `args_model` and implement the hooks below."""

    args_model: ClassVar[type[PageArgs]] = NewsArgs

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name)
        self.args = self.validate_arguments(kwargs)
        self.base_url = self.site_root()
        self.replaying = self.args.warc is not None
        self.refetch = self.args.refetch
        self.items_yielded = 0
        self.listings = {"started": 0, "failed": 0}
        """Listing pages discovery starts from, and how many of them failed."""
        self.leads = 0
        """Article links of this site found by discovery, kept or not."""
        self.listed: set[str] = set()
        """Article URLs found on listing pages so far: a page of nothing else is stale."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.check_discovery, signal=signals.spider_idle)
        return spider

    @classmethod
    def validate_arguments(cls, raw: dict[str, Any]) -> Any:
        """The typed arguments; UsageError naming each bad one."""
        return parse_args(cls.args_model, cls.name, raw)

    # Hooks a source implements.

    def site_root(self) -> str:
        """The site crawled (scheme and host): its robots.txt names its sitemaps, and redirects
        off it are refused."""
        raise NotImplementedError

    def site_roots(self) -> list[str]:
        """Every host crawled (a source's editions may live on several)."""
        return [self.base_url]

    def feed_urls(self) -> list[str]:
        """RSS/Atom feeds read besides those the listings link."""
        return []

    def sitemap_urls(self) -> list[str]:
        """Sitemaps read besides those robots.txt names."""
        return []

    def is_wanted(self, url: str) -> bool:
        """Whether a URL is an article this run wants (its site, edition and category)."""
        raise NotImplementedError

    def listing_urls(self) -> list[str]:
        """Where discovery starts, for the requested editions and categories."""
        raise NotImplementedError

    def read_listing(self, response: TextResponse) -> ListingPage:
        """A listing answer's article leads and the page after it: any HTML listing's links and
        its rel=next / ?page= pagination (discovery/listings.py), unless a source reads its own."""
        return read_listing(response, self.is_wanted, datetime.now(UTC))

    def extract(
        self, response: TextResponse, fetched_at: datetime
    ) -> tuple[ArticleItem, ExtractedArticle]:
        """The item of an article page and the extraction's record (what markup dropped);
        ExtractionError for a page that yields none."""
        raise NotImplementedError

    # The flow.

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.args.warc is not None:
            for ref in replay_records(
                self.args.warc, self.is_wanted, self.crawler.stats, self.base_url
            ):
                yield scrapy.Request(
                    ref.url, callback=self.parse_article, meta={WARC_RECORD: ref}, dont_filter=True
                )
            return
        for root in self.site_roots():
            yield scrapy.Request(
                f"{root}/robots.txt", callback=self.parse_robots, errback=self.discovery_error
            )
        for url in self.sitemap_urls():
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.discovery_error)
        for url in self.feed_urls():
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.discovery_error)
        for url in self.listing_urls():
            self.listings["started"] += 1
            yield self.listing_request(url, page=1)

    def listing_request(self, url: str, page: int, stale: int = 0) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_error,
            cb_kwargs={"page": page, "stale": stale},
        )

    def article_requests(self, leads: Iterable[Lead]) -> Iterator[scrapy.Request]:
        for lead in leads:
            url = canonical_article_url(lead.url)
            if not self.is_wanted(url):
                continue
            self.leads += 1
            if not self.args.in_window(lead.published_at):
                self.crawler.stats.inc_value("discovery/skipped_outside_window")
                continue
            yield scrapy.Request(
                url, callback=self.parse_article, errback=self.article_error, meta={ARTICLE: url}
            )

    def parse_listing(self, response: Response, page: int, stale: int = 0):
        """A listing page's articles and feeds, then the next page unless the pagination is done:
        no next page, `max_pages` reached, only articles before the window, or
        STALE_LISTING_PAGES pages in a row of nothing new."""
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value("discovery/listing_pages")
        listing = self.read_listing(response)
        leads = listing.leads
        yield from self.article_requests(leads)
        for url in listing.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.discovery_error)
        new = {lead.url for lead in leads} - self.listed
        self.listed |= new
        if self.args.max_pages is None:
            new = {url for url in new if not self.exported_before(canonical_article_url(url))}
        stale = 0 if new else stale + 1
        dated = [lead.published_at for lead in leads if lead.published_at is not None]
        all_older = bool(dated) and all(map(self.args.before_window, dated))
        deep_enough = self.args.max_pages is not None and page >= self.args.max_pages
        following = listing.next_url
        if following and stale < STALE_LISTING_PAGES and not all_older and not deep_enough:
            yield self.listing_request(following, page + 1, stale)

    def exported_before(self, url: str) -> bool:
        """Whether an earlier run exported the article (the seen-store has it)."""
        try:
            incremental = self.crawler.get_spider_middleware(IncrementalMiddleware)
        except RuntimeError:  # no crawl engine: a spider driven by hand, outside a crawl
            return False
        return incremental is not None and incremental.has_exported(url)

    def parse_robots(self, response: Response):
        sitemaps = robots_sitemaps(response.text) if isinstance(response, TextResponse) else []
        for url in sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.discovery_error)

    def parse_sitemap(self, response: Response):
        found = parse_sitemap(response.body)
        self.crawler.stats.inc_value("discovery/sitemaps")
        for url in found.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.discovery_error)
        yield from self.article_requests(found.leads)

    def parse_feed(self, response: Response):
        self.crawler.stats.inc_value("discovery/feeds")
        yield from self.article_requests(parse_feed(response.body))

    def parse_article(self, response: Response):
        fetched_at = response.meta.get(FETCHED_AT) or datetime.now(UTC)
        if not isinstance(response, TextResponse) or b"html" not in (
            response.headers.get("Content-Type") or b"text/html"
        ):
            self.drop_page(response, "not_html", "not an HTML page")
            return
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        problem = body_problem(response.body, response.encoding, max_size)
        if problem is not None:
            self.fail_page(response, problem)
            return
        if self.args.limit is not None and self.items_yielded >= self.args.limit:
            return
        for item in self.parse_page(response, fetched_at):
            published = getattr(item, "published_at", None)
            if published and not self.args.in_window(datetime.fromisoformat(published)):
                self.drop_page(response, "outside_window", f"published {published}")
                return
            self.items_yielded += 1
            yield item
            if self.args.limit is not None and self.items_yielded >= self.args.limit:
                raise CloseSpider("limit_reached")

    def parse_page(self, response: TextResponse, fetched_at: datetime) -> Iterator[ArticleItem]:
        """The page's item, with what its extraction did counted (extract/*); a page without one
        is dropped with its reason."""
        try:
            item, found = self.extract(response, fetched_at)
        except ExtractionError as exc:
            self.drop_page(response, exc.reason, str(exc))
            return
        stats = self.crawler.stats
        for kind, n in found.dropped.items():
            if n:
                stats.inc_value(f"extract/{kind}_dropped", n)
        if found.charset_repaired:
            stats.inc_value("extract/charset_repaired")
        stats.inc_value(f"extract/items/{item.lang}")
        stats.inc_value(f"extract/body_source/{found.body_source}")
        yield item

    def drop_page(self, response: Response, reason: str, message: str) -> None:
        """Count and log a page that yields no item; it still counts as processed."""
        response.meta[DROPPED] = reason
        self.crawler.stats.inc_value(f"extract/dropped/{reason}")
        self.logger.warning("Dropped page %s: %s", response.url, message)

    def fail_page(self, response: TextResponse, reason: str) -> None:
        """File a response that cannot be the article (empty, binary, too large) as a failure: not
        marked seen, the next run fetches it again."""
        attempts = response.meta.get("retry_times", 0) + 1
        self.crawler.signals.send_catch_log(
            article_failed, request=response.request, reason=reason, attempts=attempts
        )

    def article_error(self, failure: Failure) -> None:
        request = failure.request
        attempts = request.meta.get("retry_times", 0) + 1
        self.crawler.signals.send_catch_log(
            article_failed, request=request, reason=failure_reason(failure), attempts=attempts
        )

    def listing_error(self, failure: Failure) -> None:
        """A listing that failed, a 404 included (`-a categories=` naming no category of the
        site): filed with the failures."""
        if failure.request.cb_kwargs.get("page") == 1:
            self.listings["failed"] += 1
        self.article_error(failure)

    def check_discovery(self) -> None:
        """When the crawl has nothing left to do: a run whose every starting listing failed and
        that found no article at all is a fault, not an empty success."""
        started, failed = self.listings["started"], self.listings["failed"]
        if started and failed == started and not self.leads:
            report_fault(
                self.crawler.stats, "discovery",
                f"no article found: all {started} listing page(s) discovery starts from failed "
                f"({', '.join(self.listing_urls()[:3])}{', ...' if started > 3 else ''}); "
                "see the failures file",
            )  # fmt: skip

    def discovery_error(self, failure: Failure) -> None:
        """A listing, feed or sitemap that failed: its articles may be missing, so it is filed
        with the failures too (robots.txt and sitemap.xml may simply not exist: not a failure)."""
        request = failure.request
        reason = failure_reason(failure)
        if request.url.endswith("/robots.txt") or reason == "http_404":
            self.crawler.stats.inc_value(f"discovery/missing/{reason}")
            return
        self.article_error(failure)
