"""`newscrawler.extract_page`: the crawl's item path for people who already have a page's HTML.

The page goes through exactly what a `generic` crawl runs on it (the markup stage, trafilatura,
every cleaning and validation pipeline), minus dedup and the template lines learned across pages:
a call's result depends on its page alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.spiders.base import PageArgs
from newscrawler.spiders.generic import GenericSpider

_DEDUP = "newscrawler.pipelines.dedup.DedupPipeline"


@dataclass(frozen=True)
class Dropped:
    """Why a page yields no article: `reason` is the crawl's stats key for it
    ('extract/dropped/no_text', 'validation/dropped/missing_title', 'failures/empty_body')."""

    reason: str
    message: str


class PageSpider(GenericSpider):
    """The generic spider fed its pages by the caller: no archive or URL list of its own."""

    name = "generic_page"
    args_model = PageArgs


@cache
def _item_path() -> ItemPath:
    """One path per process, from the package's own settings (not the caller's project)."""
    project = Settings()
    project.setmodule("newscrawler.settings", priority="project")
    pipelines = {k: v for k, v in project.getdict("ITEM_PIPELINES").items() if k != _DEDUP}
    settings = {"ITEM_PIPELINES": pipelines, "TEMPLATE_LINES": "off"}
    return ItemPath(PageSpider, settings, project=project)


def extract_page(
    html: str | bytes, url: str, fetched_at: datetime | None = None
) -> ArticleItem | Dropped:
    """The article of one page, or why there is none.

    `html` as text, or as the bytes served (their charset is then read from the page itself);
    `url` is the page's address after redirects (it keys the item and resolves relative links);
    `fetched_at` resolves relative dates ('2 часа назад'), now by default.
    """
    body = html.encode("utf-8") if isinstance(html, str) else html
    content_type = "text/html; charset=utf-8" if isinstance(html, str) else "text/html"
    path = _item_path()
    before = dict(path.stats)
    headers = {"Content-Type": content_type}
    result = path.process(url, body, headers, fetched_at or datetime.now(UTC))
    if isinstance(result, ArticleItem):
        return result
    if path.failed is not None:
        return Dropped(f"failures/{path.failed}", f"not an article page: {path.failed}")
    reason = next(
        (k for k, v in path.stats.items() if "/dropped/" in k and v != before.get(k)), "no_item"
    )
    return Dropped(reason, str(result) if isinstance(result, DropItem) else reason)
