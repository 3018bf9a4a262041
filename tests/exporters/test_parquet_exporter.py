"""ParquetItemExporter: explicit schema, row groups as they fill, counted drops."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
from scrapy.utils.test import get_crawler

from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.schema import ARTICLE_SCHEMA, STRING_LIST
from newscrawler.exporters.synthetic import synthetic_articles


def export(items, **kwargs) -> pa.Table:
    buffer = io.BytesIO()
    exporter = ParquetItemExporter(buffer, **kwargs)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return pq.ParquetFile(io.BytesIO(buffer.getvalue()))


def test_file_has_the_declared_schema_row_groups_and_zstd():
    pf = export(synthetic_articles(10), row_group_size=4)
    assert pf.schema_arrow.equals(ARTICLE_SCHEMA, check_metadata=True)
    assert [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)] == [4, 4, 2]
    assert pf.metadata.row_group(0).column(0).compression == "ZSTD"
    table = pf.read()
    assert table["url"].to_pylist() == [a.url for a in synthetic_articles(10)]
    assert table["body"].to_pylist() == [a.body for a in synthetic_articles(10)]


def test_timestamps_become_utc_instants():
    item = next(synthetic_articles(1, start=1))
    item.published_at = "2024-02-03T14:25:00+06:00"
    item.crawled_at = "2025-12-20T06:00:00+00:00"
    table = export([item]).read()
    assert table["published_at"].to_pylist() == [datetime(2024, 2, 3, 8, 25, tzinfo=UTC)]
    assert table["crawled_at"].to_pylist() == [datetime(2025, 12, 20, 6, 0, tzinfo=UTC)]


def test_all_null_and_all_empty_columns_keep_their_declared_types():
    items = list(synthetic_articles(6))
    for item in items:
        item.original_url = item.word_count = item.published_at = None
        item.tags = []
    table = export(items).read()
    assert table.schema.field("original_url").type == pa.string()
    assert table.schema.field("word_count").type == pa.int64()
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("tags").type == STRING_LIST
    assert table["word_count"].null_count == 6


def test_an_empty_export_is_a_valid_file_with_the_schema():
    pf = export([])
    assert pf.metadata.num_rows == 0
    assert pf.schema_arrow.equals(ARTICLE_SCHEMA)


def test_row_groups_reach_the_file_as_they_fill_not_at_the_end():
    buffer = io.BytesIO()
    exporter = ParquetItemExporter(buffer, row_group_size=5)
    exporter.start_exporting()
    items = synthetic_articles(15)
    sizes = []
    for _ in range(3):
        for _ in range(5):
            exporter.export_item(next(items))
        sizes.append(buffer.tell())
    exporter.finish_exporting()
    assert sizes[0] > 10_000  # a row group of 5 articles of 2-5 KB each, compressed
    assert sizes[0] < sizes[1] < sizes[2]


def test_bad_item_is_dropped_counted_and_logged_and_the_rest_written(caplog):
    crawler = get_crawler(settings_dict={"PARQUET_ROW_GROUP_SIZE": 3})
    crawler.stats.open_spider()
    items = list(synthetic_articles(4))
    items[1].published_at = "вчера"
    buffer = io.BytesIO()
    exporter = ParquetItemExporter.from_crawler(crawler, buffer)
    assert exporter.row_group_size == 3
    exporter.start_exporting()
    with caplog.at_level(logging.ERROR):
        for item in items:
            exporter.export_item(item)
    exporter.finish_exporting()
    table = pq.ParquetFile(io.BytesIO(buffer.getvalue())).read()  # not read_table: RELIABILITY.md
    assert table["url"].to_pylist() == [items[i].url for i in (0, 2, 3)]
    assert crawler.stats.get_value("dataset/parquet/dropped") == 1
    assert items[1].url in caplog.text
    assert "published_at" in caplog.text


def test_fields_to_export_narrows_the_schema():
    pf = export(synthetic_articles(2), fields_to_export=["url", "title", "published_at"])
    assert pf.schema_arrow.names == ["url", "title", "published_at"]
