"""Drop items that are not articles: a required field (see items.py) missing or empty.

Each drop is counted as `validation/dropped/missing_<field>` and logged with the URL.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newscrawler.items import REQUIRED_FIELDS, ArticleItem
from newscrawler.pipelines import StatsPipeline


class ValidationPipeline(StatsPipeline):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        missing = [name for name in REQUIRED_FIELDS if not getattr(item, name)]
        if missing:
            self.stats.inc_value(f"validation/dropped/missing_{missing[0]}")
            raise DropItem(f"missing {', '.join(missing)}: {item.url}")
        return item
