"""What the dataset exporters share: the schema-checked row and the counted drop of a bad item.

An exception from `export_item` would abort Scrapy's loop over feeds, so the item would vanish from
the other format too. Instead a bad item is dropped here, logged with its url and the reason, and
counted in the stats as `dataset/<format>/dropped`. A file that cannot be written (disk full) is
one fault line (ops/faults.py), not a traceback per item: later items are counted as
`dataset/<format>/unwritten`, and the storage does not store that file.
"""

from __future__ import annotations

import logging
from typing import IO, TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from newscrawler.exporters.schema import ARTICLE_SCHEMA, InvalidItem, RowBuilder, select_fields
from newscrawler.ops.faults import report_fault

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class SchemaItemExporter(BaseItemExporter):
    """Base of the Parquet and JSONL exporters; subclasses implement `write_row`."""

    format_name = "dataset"
    appendable = True  # whether bytes written after an existing file of this format stay readable

    def __init__(self, file: IO[bytes], *, stats: StatsCollector | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.file = file
        self.stats = stats
        self.schema = select_fields(ARTICLE_SCHEMA, self.fields_to_export)
        self.rows = RowBuilder(self.schema)
        self.write_error: OSError | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> SchemaItemExporter:
        return cls(file, stats=crawler.stats, **kwargs)

    def export_item(self, item: Any) -> None:
        if self.write_error is not None:
            self._count("unwritten")
            return
        try:
            row = self.rows.to_row(item)
        except InvalidItem as e:
            url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
            logger.error("%s export dropped item %s: %s", self.format_name, url, e)
            self._count("dropped")
            return
        try:
            self.write_row(row)
        except OSError as exc:
            self._write_failed(exc)
            self._count("unwritten")

    def finish_exporting(self) -> None:
        if self.write_error is None:
            try:
                self.finish_writing()
            except OSError as exc:
                self._write_failed(exc)

    def write_row(self, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def finish_writing(self) -> None:
        """Write what the format keeps for the end (Parquet: the last row group, the footer)."""

    def _write_failed(self, exc: OSError) -> None:
        """The file cannot take more (disk full, I/O error): one fault line, and no more writes;
        the storage will not store a file that lost bytes (exporters/storage.py)."""
        self.write_error = exc
        if self.stats is not None:
            report_fault(self.stats, "output", f"cannot write the {self.format_name} output: {exc}")

    def _count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"dataset/{self.format_name}/{what}")
