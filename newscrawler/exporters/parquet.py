"""Feed format `parquet`: streams items into a Parquet file with the explicit ArticleItem schema.

Rows are buffered per column and flushed as one row group every `PARQUET_ROW_GROUP_SIZE` items,
so memory holds at most one row group however long the crawl. The schema never depends on the data:
a column that is null in every row keeps its declared type.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawler.exporters.base import SchemaItemExporter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

DEFAULT_ROW_GROUP_SIZE = 1_000


def open_parquet(path: Any) -> pq.ParquetFile:
    """A Parquet file read on the caller's thread only (pass `use_threads=False` to its reads).

    Arrow's default reads start its thread pools, whose idle workers can abort the process as it
    exits ("terminate called without an active exception", apache/arrow#34314): a finished crawl
    exited -6 that way in CI. A large file (compaction's) reads slower on one thread: the price.
    """
    return pq.ParquetFile(path, pre_buffer=False)


def read_parquet(path: Any, columns: list[str] | None = None) -> pa.Table:
    """The table (or those columns), read without Arrow's thread pools: see `open_parquet`."""
    return open_parquet(path).read(columns=columns, use_threads=False)


def parquet_writer(sink: Any, schema: pa.Schema) -> pq.ParquetWriter:
    """A writer with the dataset's file options (zstd; no pandas metadata), shared by compaction."""
    return pq.ParquetWriter(sink, schema, compression="zstd", store_schema=True)


class ParquetItemExporter(SchemaItemExporter):
    """Writes row groups to the file object a feed storage gives it; it never closes that file."""

    format_name = "parquet"
    appendable = False  # a Parquet file ends with its footer: bytes appended after it are lost

    def __init__(self, file: IO[bytes], *, row_group_size: int = DEFAULT_ROW_GROUP_SIZE, **kwargs):
        super().__init__(file, **kwargs)
        if row_group_size < 1:
            raise ValueError(f"row_group_size must be positive, got {row_group_size}")
        self.row_group_size = row_group_size
        self._writer: pq.ParquetWriter | None = None
        self._buffer: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        self._buffered = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> ParquetItemExporter:
        kwargs.setdefault(
            "row_group_size",
            crawler.settings.getint("PARQUET_ROW_GROUP_SIZE", DEFAULT_ROW_GROUP_SIZE),
        )
        return cls(file, stats=crawler.stats, **kwargs)

    def start_exporting(self) -> None:
        self._writer = parquet_writer(self.file, self.schema)

    def write_row(self, row: dict[str, Any]) -> None:
        for name, value in row.items():
            self._buffer[name].append(value)
        self._buffered += 1
        if self._buffered >= self.row_group_size:
            self._flush()

    def _flush(self) -> None:
        if self._writer is None:
            raise RuntimeError("export_item called before start_exporting")
        batch = pa.RecordBatch.from_pydict(self._buffer, schema=self.schema)
        self._writer.write_batch(batch, row_group_size=self.row_group_size)
        for column in self._buffer.values():
            column.clear()
        self._buffered = 0

    def finish_writing(self) -> None:
        if self._buffered:
            self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
