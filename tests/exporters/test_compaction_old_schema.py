"""Files written before `updated_at` existed still compact and load: `conform` fills the column."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawler.exporters.compaction import compact
from newscrawler.exporters.layout import partition_path
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.exporters.synthetic import synthetic_articles

T0 = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
T1 = datetime(2025, 12, 21, 6, 0, tzinfo=UTC)
UPDATED = "2025-12-20T10:05:00+05:00"


def parquet_table(items: list) -> pa.Table:
    """The items as a run's Parquet file holds them (the real exporter, the current schema)."""
    sink = pa.BufferOutputStream()
    exporter = ParquetItemExporter(sink, row_group_size=4)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return pq.read_table(pa.BufferReader(sink.getvalue()))


def old_file(path: Path, items: list) -> None:
    """A file as written before the column existed: the same rows without `updated_at`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(parquet_table(items).drop_columns(["updated_at"]), path)


def test_runs_and_articles_without_updated_at_compact_with_it_null(tmp_path: Path) -> None:
    base = tmp_path / "news"
    compacted_before = list(synthetic_articles(3, start=0, crawled_at=T0))
    old_run = list(synthetic_articles(3, start=3, crawled_at=T0))
    new_run = list(synthetic_articles(2, start=6, crawled_at=T1))
    for item in new_run:
        item.published_at, item.updated_at = "2025-12-19T17:45:00+05:00", UPDATED
    for item in compacted_before:
        item.lang, item.published_at = "ru", "2025-11-02T23:50:00+05:00"
    old_file(base / "articles" / partition_path("news", "ru", 2025, 11), compacted_before)
    old_file(base / "runs" / "20251220T060000Z.parquet", old_run)
    (base / "runs").mkdir(exist_ok=True)
    pq.write_table(parquet_table(new_run), base / "runs" / "20251221T060000Z.parquet")
    assert "updated_at" not in pq.read_schema(base / "runs" / "20251220T060000Z.parquet").names

    result = compact(tmp_path, "news", row_group_size=4)

    assert result.rows == 8
    for path in result.partitions:
        assert pq.read_schema(base / "articles" / path).equals(ARTICLE_SCHEMA)
    table = pq.ParquetDataset(base / "articles", partitioning=None).read()
    updated = dict(zip(table["url"].to_pylist(), table["updated_at"].to_pylist(), strict=True))
    assert {url for url, value in updated.items() if value is not None} == {
        item.url for item in new_run
    }
    assert {updated[item.url] for item in new_run} == {datetime.fromisoformat(UPDATED)}
