"""Files written before a column existed still compact and load: `conform` fills the column with
nulls (`updated_at`), or compaction fills it from the row's body (`text_lang`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
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


def old_file(path: Path, items: list, missing: tuple[str, ...] = ("updated_at",)) -> None:
    """A file as written before the columns existed: the same rows without `missing`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(parquet_table(items).drop_columns(list(missing)), path)


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


TEXT_LANG = ("text_lang", "text_lang_score")


def test_rows_written_before_text_lang_get_it_from_their_body_once(tmp_path: Path) -> None:
    base = tmp_path / "news"
    old_run = list(synthetic_articles(6, start=0, crawled_at=T0))  # ru, ru, kk, ru, ru, kk
    new_run = list(synthetic_articles(2, start=6, crawled_at=T1))
    for item in new_run:  # what a crawl detected stays, whatever compaction would say
        item.text_lang, item.text_lang_score = "en", 0.25
    old_file(base / "runs" / "20251220T060000Z.parquet", old_run, missing=TEXT_LANG)
    pq.write_table(parquet_table(new_run), base / "runs" / "20251221T060000Z.parquet")

    result = compact(tmp_path, "news", row_group_size=4, prune=True)

    assert result.text_lang_filled == 6
    table = pq.ParquetDataset(base / "articles", partitioning=None).read()
    assert table.schema.equals(ARTICLE_SCHEMA)
    rows = {row["url"]: row for row in table.to_pylist()}
    for item in old_run:
        assert rows[item.url]["text_lang"] == item.lang
        assert rows[item.url]["text_lang_score"] > 0.99
    assert {(rows[i.url]["text_lang"], rows[i.url]["text_lang_score"]) for i in new_run} == {
        ("en", 0.25)
    }
    files = {path: (base / "articles" / path).read_bytes() for path in result.partitions}
    again = compact(tmp_path, "news", row_group_size=4)
    assert again.text_lang_filled == 0
    assert {path: (base / "articles" / path).read_bytes() for path in again.partitions} == files


def test_runs_of_both_schemas_load_with_the_cards_options(tmp_path: Path) -> None:
    """The dataset card's recipe for a glob over runs written before and after the columns."""
    old_run = list(synthetic_articles(3, start=0, crawled_at=T0))
    new_run = list(synthetic_articles(2, start=3, crawled_at=T1))
    old_file(tmp_path / "a.parquet", old_run, missing=TEXT_LANG)
    pq.write_table(parquet_table(new_run), tmp_path / "b.parquet")
    files, glob = sorted(map(str, tmp_path.glob("*.parquet"))), str(tmp_path / "*.parquet")
    want = {item.url: None for item in old_run} | {item.url: item.lang for item in new_run}

    frame = pd.read_parquet(files, schema=ARTICLE_SCHEMA, dtype_backend="pyarrow")
    langs = frame.set_index("url")["text_lang"].astype(object)
    assert langs.where(langs.notna(), None).to_dict() == want
    frame = pl.read_parquet(glob, schema=pl.Schema(ARTICLE_SCHEMA), missing_columns="insert")
    assert dict(frame.select("url", "text_lang").rows()) == want
    query = f"select url, text_lang from read_parquet('{glob}', union_by_name=true)"
    assert dict(duckdb.sql(query).fetchall()) == want
