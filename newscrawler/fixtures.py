"""Fixture cases, Fundus-style: `tests/fixtures/<source>/<case>.html` beside `<case>.expected.json`.

The JSON holds the `request` the page answered (url, fetched_at, headers) and the `item` expected
from it (every field but crawled_at), or, for a page that must yield none, `"item": null` and the
`dropped` reason (the stats key the crawl counts it under). They are the test corpus and the demo's
bundled snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import Spider

from newscrawler.archive.writer import FetchedPage
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.pages import PageSpider
from newscrawler.spiders.sources import SPIDERS as SOURCE_SPIDERS

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
VOLATILE_FIELDS = frozenset({"crawled_at"})
"""Fields left out of expected files: they depend on the run, not the page."""
SPIDERS: dict[str, type[Spider]] = {**SOURCE_SPIDERS, "generic": PageSpider}
"""Each fixture source (every registered source, and `generic`) and the spider whose item path
it pins. The generic spider's pages come from the caller (PageSpider): GenericSpider itself insists
on a WARC or a URL file."""


@dataclass
class Case:
    name: str
    html_path: Path
    json_path: Path
    request: dict[str, Any]
    expected: dict[str, Any] | None
    dropped: str | None = None
    """Why the page yields no item, when it must yield none (then `expected` is None)."""

    @property
    def page(self) -> FetchedPage:
        return FetchedPage(
            url=self.request["url"],
            body=self.html_path.read_bytes(),
            fetched_at=datetime.fromisoformat(self.request["fetched_at"].replace("Z", "+00:00")),
            headers=self.request.get("headers") or {"Content-Type": "text/html"},
        )

    def write_expected(self, item: dict[str, Any] | None, dropped: str | None = None) -> None:
        data = {"request": self.request, "item": item}
        if dropped is not None:
            data["dropped"] = dropped
        self.json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def load_cases(source: str, root: Path = FIXTURES_DIR) -> list[Case]:
    """Every case of a source, sorted by name."""
    cases = []
    for html_path in sorted((root / source).glob("*.html")):
        json_path = html_path.with_suffix(".expected.json")
        data = json.loads(json_path.read_text("utf-8"))
        cases.append(
            Case(
                html_path.stem,
                html_path,
                json_path,
                data["request"],
                data.get("item"),
                data.get("dropped"),
            )
        )
    return cases


def known_wrong(source: str, root: Path = FIXTURES_DIR) -> dict[str, dict[str, str]]:
    """{case: {field: why the output is wrong}} of a source, from its `known_wrong.json` (none
    when there is no file): those fields of the expected item hold the correct value, by hand."""
    path = root / source / "known_wrong.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def outcome(path: ItemPath, page: FetchedPage) -> ArticleItem | str:
    """The item the page yields, or why it yields none: the stats key its drop was counted under
    (as `newscrawler.extract_page` names it), so an expected drop is pinned to its reason."""
    before = dict(path.stats)
    result = path.process(page.url, page.body, page.headers, page.fetched_at)
    if isinstance(result, ArticleItem):
        return result
    if path.failed is not None:
        return f"failures/{path.failed}"
    changed = (k for k, v in path.stats.items() if "/dropped/" in k and v != before.get(k))
    return next(changed, "no_item")
