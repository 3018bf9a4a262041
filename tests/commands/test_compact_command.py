"""Compaction: newest crawl per url, Almaty-month partitions, deterministic, atomic, prunable."""

from __future__ import annotations

import fcntl
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawler.exporters.compaction import CompactionError, compact
from newscrawler.exporters.jsonl import JsonLinesItemExporter
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.exporters.synthetic import synthetic_articles

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
T1 = datetime(2025, 12, 21, 6, 0, tzinfo=UTC)


def write_run(dataset: Path, run: str, items: list) -> Path:
    """A run pair as a crawl leaves it: <run>.parquet and <run>.jsonl."""
    runs = dataset / "news" / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    for cls, suffix in ((ParquetItemExporter, "parquet"), (JsonLinesItemExporter, "jsonl")):
        with (runs / f"{run}.{suffix}").open("wb") as f:
            exporter = cls(f, row_group_size=4) if suffix == "parquet" else cls(f)
            exporter.start_exporting()
            for item in items:
                exporter.export_item(item)
            exporter.finish_exporting()
    return runs / f"{run}.parquet"


def articles(dataset: Path) -> pa.Table:
    files = sorted((dataset / "news" / "articles").rglob("*.parquet"))
    return pa.concat_tables(pq.read_table(f, partitioning=None) for f in files).sort_by("url")


def tree(dataset: Path) -> dict[str, bytes]:
    root = dataset / "news" / "articles"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.parquet")}


def run_compact(dataset: Path, **kwargs):
    return compact(dataset, "news", row_group_size=4, **kwargs)


def test_one_row_per_url_and_the_newest_crawl_wins_whatever_the_file_order(tmp_path):
    old = list(synthetic_articles(10, crawled_at=T0))
    new = list(synthetic_articles(5, start=5, seed=1, crawled_at=T1))
    write_run(tmp_path, "20251221T060000Z", old)  # the older crawl, in the later-named file
    write_run(tmp_path, "20251220T060000Z", new)
    result = run_compact(tmp_path)
    table = articles(tmp_path)
    assert result.rows == table.num_rows == 10
    bodies = dict(zip(table["url"].to_pylist(), table["body"].to_pylist(), strict=True))
    assert bodies == {a.url: a.body for a in [*old[:5], *new]}


def test_on_a_crawled_at_tie_the_later_run_wins(tmp_path):
    [first] = synthetic_articles(1, crawled_at=T0)
    [second] = synthetic_articles(1, seed=9, crawled_at=T0)
    write_run(tmp_path, "20251220T060000Z", [first])
    write_run(tmp_path, "20251220T070000Z", [second])
    run_compact(tmp_path)
    assert articles(tmp_path)["body"].to_pylist() == [second.body]


def test_partitions_are_almaty_months_and_undated_articles_use_crawled_at(tmp_path):
    a, b, c = synthetic_articles(3, start=1, crawled_at=T0)
    a.lang, a.published_at = "ru", "2024-02-01T00:30:00+06:00"  # January in UTC
    b.lang, b.published_at = "kk", "2025-01-01T00:30:00+05:00"  # 2024 in UTC
    c.lang, c.published_at = "ru", None
    write_run(tmp_path, "20251220T060000Z", [a, b, c])
    result = run_compact(tmp_path)
    assert sorted(p.as_posix() for p in result.partitions) == [
        "lang=kk/year=2025/month=01/news-kk-2025-01.parquet",
        "lang=ru/year=2024/month=02/news-ru-2024-02.parquet",
        "lang=ru/year=2025/month=12/news-ru-2025-12.parquet",
    ]
    undated = pq.read_table(
        tmp_path / "news/articles/lang=ru/year=2025/month=12", partitioning=None
    )
    assert undated["published_at"].to_pylist() == [None]


def test_every_file_has_the_article_schema_and_rows_sorted_by_time(tmp_path):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(60)))
    run_compact(tmp_path)
    for path in (tmp_path / "news" / "articles").rglob("*.parquet"):
        pf = pq.ParquetFile(path)
        assert pf.schema_arrow.equals(ARTICLE_SCHEMA, check_metadata=True)
        times = pf.read()["published_at"].to_pylist()
        assert times == sorted(times, key=lambda t: (t is None, t))


def test_compacting_twice_gives_byte_identical_files(tmp_path):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(30, crawled_at=T0)))
    write_run(tmp_path, "20251221T060000Z", list(synthetic_articles(10, start=25, crawled_at=T1)))
    run_compact(tmp_path)
    first = tree(tmp_path)
    run_compact(tmp_path)
    assert tree(tmp_path) == first
    assert len(first) > 5


def test_prune_deletes_the_runs_and_the_next_compaction_keeps_their_rows(tmp_path):
    old = list(synthetic_articles(12, crawled_at=T0))
    write_run(tmp_path, "20251220T060000Z", old)
    result = run_compact(tmp_path, prune=True)
    assert sorted(p.name for p in result.pruned) == [
        "20251220T060000Z.jsonl",
        "20251220T060000Z.parquet",
    ]
    assert list((tmp_path / "news" / "runs").iterdir()) == []
    newer = list(synthetic_articles(3, start=10, seed=4, crawled_at=T1))
    write_run(tmp_path, "20251221T060000Z", newer)
    run_compact(tmp_path)
    after = articles(tmp_path)
    assert after.num_rows == 13
    bodies = dict(zip(after["url"].to_pylist(), after["body"].to_pylist(), strict=True))
    assert [bodies[a.url] for a in newer] == [a.body for a in newer]
    assert [bodies[a.url] for a in old[:10]] == [a.body for a in old[:10]]  # only in pruned run


def test_a_run_with_an_unknown_column_stops_compaction_and_changes_nothing(tmp_path):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(4)))
    run_compact(tmp_path)
    before = tree(tmp_path)
    bad = pq.read_table(tmp_path / "news/runs/20251220T060000Z.parquet")
    pq.write_table(bad.append_column("views", pa.array([1] * 4)), tmp_path / "news/runs/x.parquet")
    with pytest.raises(
        CompactionError, match=r"x\.parquet: columns not in ArticleItem: \['views'\]"
    ):
        run_compact(tmp_path)
    assert tree(tmp_path) == before


def test_rows_with_no_date_at_all_are_refused(tmp_path):
    [item] = synthetic_articles(1)
    item.crawled_at = None
    write_run(tmp_path, "20251220T060000Z", [item])
    with pytest.raises(CompactionError, match="neither published_at nor crawled_at"):
        run_compact(tmp_path)


def test_an_interrupted_swap_is_repaired_and_a_running_compaction_is_waited_for(tmp_path):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(6)))
    run_compact(tmp_path, prune=True)
    before = tree(tmp_path)
    base = tmp_path / "news"
    (base / "articles").rename(base / ".articles.old")  # killed between the two renames
    (base / ".articles.staging" / "junk").mkdir(parents=True)
    result = run_compact(tmp_path)
    assert result.recovered
    assert tree(tmp_path) == before
    assert not (base / ".articles.staging").exists()
    with (base / ".compact.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(CompactionError, match="another compaction"):
            run_compact(tmp_path)


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_scrapy_compact_command(tmp_path):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(9)))
    proc = scrapy("compact", "news", "--prune", "-s", f"DATASET_DIR={tmp_path}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("news: 9 articles from 1 runs in ")
    assert "pruned 2 run files" in proc.stdout
    missing = scrapy("compact", "nope", "-s", f"DATASET_DIR={tmp_path}")
    assert missing.returncode == 1
    assert "error: no dataset 'nope'" in missing.stderr


def test_without_an_atomic_exchange_compaction_falls_back_to_two_renames(tmp_path, monkeypatch):
    write_run(tmp_path, "20251220T060000Z", list(synthetic_articles(6)))
    run_compact(tmp_path)
    before = tree(tmp_path)
    monkeypatch.setattr("newscrawler.exporters.compaction.exchange", lambda a, b: False)
    run_compact(tmp_path)
    assert tree(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "news").iterdir()) == [
        ".compact.lock", "articles", "runs",
    ]  # fmt: skip
