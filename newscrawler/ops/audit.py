"""What the exported items hold: items per edition, which fields are filled, and boilerplate that
survived cleaning.

Counted on each exported item (after every pipeline) into the crawl stats, for the monitors and
the run report:

    audit/items/<lang>          items exported per edition
    audit/field/<name>          items whose field is filled (not null, not empty)
    audit/boilerplate/<kind>    items whose body still holds a known boilerplate marker
    audit/boilerplate_items     items holding any of them

The markers are the cleaning pipelines' own rules (the source's `Boilerplate` and the shared
share/embed patterns), so a hit means cleaning missed what it exists to remove: the sign of a
markup change that moved chrome into the body.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.statscollectors import StatsCollector

from newscrawler.extract.boilerplate import RELATED_ITEM, SHARE, SOCIAL_EMBED, Boilerplate
from newscrawler.items import INTERNAL_FIELDS, split_body
from newscrawler.sources import source_of

EXAMPLES = 5
"""URLs kept per boilerplate kind, for the report."""


def boilerplate_markers(body: str | None, rules: Boilerplate) -> list[str]:
    """The kinds of known boilerplate left in `body`, sorted; [] for a clean body.

    Each test is one the cleaning pipelines remove on, or a narrower one (the related block: its
    heading alone on a line, or one of its dated headline lines), so a clean body never matches.
    """
    kinds: set[str] = set()
    for para in split_body(body):
        if rules.footer.search(para):
            kinds.add("footer")
        heading = rules.related_start.match(para)
        if (heading and not para[heading.end() :].strip()) or RELATED_ITEM.match(para):
            kinds.add("related")
        if rules.source_line.search(para):
            kinds.add("source_line")
        if rules.photo_credit.match(para):
            kinds.add("photo_credit")
        if SHARE.match(para):
            kinds.add("share")
        if SOCIAL_EMBED.match(para):
            kinds.add("social_embed")
    return sorted(kinds)


def filled(value: Any) -> bool:
    return value is not None and value != "" and value != []


class ItemAudit:
    """Counts what each exported item holds (see the module doc)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.examples: dict[str, list[str]] = {}
        self.field_names: dict[str, None] = {}
        """Every field seen, in item order: a field never filled still gets its 0% coverage."""

    def add(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        lang = adapter.get("lang") or "unknown"
        self.stats.inc_value(f"audit/items/{lang}")
        for name in adapter.field_names():
            if name in INTERNAL_FIELDS:
                continue
            self.field_names.setdefault(name)
            if filled(adapter.get(name)):
                self.stats.inc_value(f"audit/field/{name}")
        source = source_of(adapter.get("site") or "")
        if source is None:
            self.stats.inc_value("audit/boilerplate_unchecked")
            return
        kinds = boilerplate_markers(adapter.get("body"), source.boilerplate)
        if kinds:
            self.stats.inc_value("audit/boilerplate_items")
        for kind in kinds:
            self.stats.inc_value(f"audit/boilerplate/{kind}")
            urls = self.examples.setdefault(kind, [])
            if len(urls) < EXAMPLES:
                urls.append(str(adapter.get("url")))
