"""One spider per registered source (sources/__init__.py): `scrapy crawl <source>`.

A source is data (sources/source.py); its spider is made here from it, so the flow, the page
bookkeeping and the stats are the same for every outlet and a new one needs no spider code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy.exceptions import UsageError
from scrapy.http import TextResponse

from newscrawler.discovery.listings import ListingPage
from newscrawler.extract.article import ExtractedArticle
from newscrawler.items import ArticleItem
from newscrawler.sources import SOURCES
from newscrawler.sources.source import Source
from newscrawler.spiders.arguments import parse_args
from newscrawler.spiders.base import NewsArgs, NewsSpider


class SourceSpider(NewsSpider):
    """The spider of one source, both live and replaying a WARC archive."""

    source: ClassVar[Source]
    argument_choices: ClassVar[dict[str, tuple[str, ...]]]
    """The values an argument takes on this source (`lang`: its editions), for `scrapy args`."""
    args: NewsArgs

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        roots = self.source.roots(self.args.base_url)
        self.roots = {lang: roots[lang] for lang in self.args.langs}

    @classmethod
    def validate_arguments(cls, raw: dict[str, Any]) -> NewsArgs:
        """The typed arguments, checked against the source's editions; UsageError naming each
        bad one (also two editions that one `-a base_url=` would put at the same address)."""
        args = parse_args(NewsArgs, cls.name, raw, {"editions": cls.source.langs})
        roots = cls.source.roots(args.base_url)
        wanted = [roots[lang] for lang in args.langs]
        if len(set(wanted)) < len(wanted):
            raise UsageError(
                f"{cls.name}: base_url: its editions would share {wanted[0]}: give one URL per "
                f"edition ({','.join(f'{lang}=URL' for lang in args.langs)}) or one -a lang"
            )
        return args

    def site_root(self) -> str:
        return _origin(self.source.roots(self.args.base_url)[self.args.langs[0]])

    def site_roots(self) -> list[str]:
        return list(dict.fromkeys(_origin(root) for root in self.roots.values()))

    def is_wanted(self, url: str) -> bool:
        where = self.source.where(url, self.roots)
        return where is not None and (
            not self.args.categories or where.category in self.args.categories
        )

    def listing_urls(self) -> list[str]:
        return self.source.listing_urls(self.roots, self.args.langs, self.args.categories)

    def feed_urls(self) -> list[str]:
        return self.source.feed_urls(self.roots, self.args.langs)

    def sitemap_urls(self) -> list[str]:
        return self.source.sitemap_urls(self.roots, self.args.langs)

    def read_listing(self, response: TextResponse) -> ListingPage:
        reader = self.source.listing_reader
        if reader is None:
            return super().read_listing(response)
        return reader(response, self.is_wanted, datetime.now(UTC))

    def extract(
        self, response: TextResponse, fetched_at: datetime
    ) -> tuple[ArticleItem, ExtractedArticle]:
        return self.source.parse(
            response.url, response.body, response.encoding, fetched_at, self.roots
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _spider(source: Source) -> type[SourceSpider]:
    attrs = {
        "name": source.name,
        "source": source,
        "argument_choices": {"lang": (*source.langs, "all")},
        "custom_settings": dict(source.settings),
        "__module__": __name__,
        "__doc__": f"The {source.site} spider (sources/{source.name}/).",
    }
    return type(f"{source.name.capitalize()}Spider", (SourceSpider,), attrs)


SPIDERS: dict[str, type[SourceSpider]] = {name: _spider(s) for name, s in SOURCES.items()}
"""The spider of each registered source, by name."""
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
