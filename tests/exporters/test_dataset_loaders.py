"""End to end: two real crawls, `scrapy compact`, `scrapy card`, then the runs and the compacted
dataset loaded with pandas, polars, DuckDB and Hugging Face `datasets`, as an analyst would."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from dataset_helpers import run_scrapy

# Run A: articles 0-29. Run B, a day later: articles 20-39 with other text (seed), and three
# columns null in every row. Compacted: 40 urls, 20-39 from run B.
RUN_A = ["-a", "count=30", "-a", "start=0"]
RUN_B = [
    *("-a", "count=20", "-a", "start=20", "-a", "seed=1"),
    *("-a", "crawled_at=2025-12-21T06:00:00+00:00"),
    *("-a", "nulls=original_url,word_count,photo_credit"),
]
ALL_NULL = ["original_url", "word_count", "photo_credit"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("datasets")
    for args in (RUN_A, RUN_B):
        proc = run_scrapy("crawl", root, "fixture", *args, "-s", "PARQUET_ROW_GROUP_SIZE=8")
        assert proc.returncode == 0, proc.stderr
    proc = run_scrapy("compact", root, "fixture")
    assert proc.returncode == 0, proc.stderr
    assert "40 articles from 2 runs" in proc.stdout
    assert run_scrapy("card", root).returncode == 0
    return root


def runs(dataset: Path, suffix: str) -> list[Path]:
    files = sorted((dataset / "fixture" / "runs").glob(f"*.{suffix}"))
    assert len(files) == 2
    return files


def jsonl_rows(path: Path) -> dict[str, dict]:
    lines = path.read_text("utf-8").splitlines()
    return {row["url"]: row for row in map(json.loads, lines)}


def newest_jsonl(dataset: Path) -> dict[str, dict]:
    """What compaction must give: run A's rows overwritten by run B's."""
    run_a, run_b = runs(dataset, "jsonl")
    return {**jsonl_rows(run_a), **jsonl_rows(run_b)}


def duckdb_types(source: str) -> dict[str, str]:
    return {
        name: kind for name, kind, *_ in duckdb.sql(f"describe select * from '{source}'").fetchall()
    }


def articles_glob(dataset: Path) -> str:
    return str(dataset / "fixture" / "articles" / "**" / "*.parquet")


def test_pandas_reads_runs_with_tz_aware_timestamps_lists_and_the_jsonl_text(dataset):
    for parquet, jsonl in zip(runs(dataset, "parquet"), runs(dataset, "jsonl"), strict=True):
        df = pd.read_parquet(parquet)
        expected = jsonl_rows(jsonl)
        assert len(df) == len(expected)
        assert str(df["published_at"].dtype) == "datetime64[us, UTC]"
        assert str(df["crawled_at"].dtype) == "datetime64[us, UTC]"
        for row in df.itertuples():
            want = expected[row.url]
            assert (row.title, row.body) == (want["title"], want["body"])
            assert (list(row.tags), list(row.authors)) == (want["tags"], want["authors"])
            if want["published_at"] is None:
                assert pd.isna(row.published_at)
            else:
                assert row.published_at == datetime.fromisoformat(want["published_at"])


def test_all_null_columns_keep_their_declared_types_in_every_library(dataset):
    run_b = runs(dataset, "parquet")[1]
    df = pd.read_parquet(run_b, dtype_backend="pyarrow")
    assert df[ALL_NULL].isna().all().all()
    assert str(df["word_count"].dtype) == "int64[pyarrow]"
    assert str(df["original_url"].dtype) == "string[pyarrow]"
    schema = pl.read_parquet(run_b).schema
    assert (schema["word_count"], schema["original_url"]) == (pl.Int64, pl.String)
    types = duckdb_types(str(run_b))
    assert (types["word_count"], types["original_url"]) == ("BIGINT", "VARCHAR")


def test_polars_reads_the_compacted_dataset_one_row_per_url_newest_crawl(dataset):
    df = pl.read_parquet(articles_glob(dataset))
    expected = newest_jsonl(dataset)
    assert df.height == len(expected) == 40
    assert df["url"].n_unique() == 40
    assert df.schema["published_at"] == pl.Datetime("us", "UTC")
    assert df.schema["tags"] == pl.List(pl.String)
    for row in df.iter_rows(named=True):
        want = expected[row["url"]]
        assert (row["title"], row["body"], row["authors"]) == (
            want["title"],
            want["body"],
            want["authors"],
        )
        assert row["crawled_at"] == datetime.fromisoformat(want["crawled_at"])


def test_pandas_reads_the_compacted_folder_as_the_card_shows(dataset):
    df = pd.read_parquet(
        dataset / "fixture" / "articles", partitioning=None, dtype_backend="pyarrow"
    )
    assert len(df) == 40
    assert str(df["published_at"].dtype) == "timestamp[us, tz=UTC][pyarrow]"
    assert set(df["lang"]) == {"ru", "kk"}


def test_duckdb_counts_by_language_and_reads_cyrillic(dataset):
    query = f"select lang, count(*) from '{articles_glob(dataset)}' group by 1 order by 1"
    expected = newest_jsonl(dataset).values()
    counts = {lang: sum(r["lang"] == lang for r in expected) for lang in ("kk", "ru")}
    assert duckdb.sql(query).fetchall() == sorted(counts.items())
    runs_query = f"select count(*) from '{dataset}/fixture/runs/*.parquet'"
    assert duckdb.sql(runs_query).fetchall() == [(50,)]
    types = duckdb_types(articles_glob(dataset))
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["tags"] == "VARCHAR[]"
    titles = dict(duckdb.sql(f"select url, title from '{articles_glob(dataset)}'").fetchall())
    assert titles == {url: row["title"] for url, row in newest_jsonl(dataset).items()}


def test_hf_datasets_loads_runs_and_the_folder_through_the_card(dataset, tmp_path):
    import datasets

    files = [str(p) for p in runs(dataset, "parquet")]
    ds = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path))
    assert len(ds) == 50
    assert ds.features["published_at"] == datasets.Value("timestamp[us, tz=UTC]")
    assert ds.features["word_count"] == datasets.Value("int64")
    assert ds.features["tags"] == datasets.List(datasets.Value("string"))

    compacted = datasets.load_dataset(str(dataset), split="train", cache_dir=str(tmp_path))
    expected = newest_jsonl(dataset)
    assert len(compacted) == 40
    assert {r["url"]: r["body"] for r in compacted} == {u: r["body"] for u, r in expected.items()}
    assert compacted.features.arrow_schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
