"""Run files and partitions: names, worker ids, Almaty months, and what `scrapy crawl` writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest
from dataset_helpers import run_scrapy
from scrapy.settings import Settings

from newscrawler.exporters.layout import (
    RUN_FORMATS,
    new_run_id,
    partition_month,
    partition_path,
    run_id,
    worker_id,
)


def test_run_id_is_the_utc_start_second_plus_the_worker():
    start = datetime(2025, 12, 20, 11, 0, 0, tzinfo=UTC)
    assert run_id(start) == "20251220T110000Z"
    assert run_id(start, "w2") == "20251220T110000Z-w2"


def test_worker_id_comes_from_the_setting_or_the_environment_and_is_checked(monkeypatch):
    monkeypatch.setenv("NEWSCRAWLER_WORKER_ID", "node-1")
    assert worker_id(Settings()) == "node-1"
    assert worker_id(Settings({"WORKER_ID": "w7"})) == "w7"
    for bad in ("../x", ".hidden", "a b"):
        with pytest.raises(ValueError, match="WORKER_ID"):
            worker_id(Settings({"WORKER_ID": bad}))


def test_a_run_id_already_taken_moves_to_the_next_second(tmp_path):
    now = run_id(datetime.now(UTC))
    for fmt in RUN_FORMATS:
        (tmp_path / f"{now}.{fmt}").touch()
    assert new_run_id(tmp_path, "") > now


@pytest.mark.parametrize(
    ("published_at", "crawled_at", "expected"),
    [
        # UTC+6 until March 2024: 18:30 UTC on Jan 31 is already February in Almaty.
        (datetime(2024, 1, 31, 18, 30, tzinfo=UTC), None, (2024, 2)),
        # UTC+5 since: 19:30 UTC on Dec 31 is New Year in Almaty.
        (datetime(2024, 12, 31, 19, 30, tzinfo=UTC), None, (2025, 1)),
        (datetime(2024, 12, 31, 18, 30, tzinfo=UTC), None, (2024, 12)),
        (None, datetime(2025, 6, 1, 3, 0, tzinfo=UTC), (2025, 6)),
    ],
)
def test_partition_month_is_the_almaty_month(published_at, crawled_at, expected):
    assert partition_month(published_at, crawled_at) == expected


def test_partition_path_is_hive_style_and_self_describing():
    path = partition_path("mailkz", "kk", 2024, 3)
    assert path.as_posix() == "lang=kk/year=2024/month=03/mailkz-kk-2024-03.parquet"


def test_a_crawl_without_feeds_writes_one_parquet_and_one_jsonl_run(tmp_path):
    proc = run_scrapy("crawl", tmp_path, "fixture", "-a", "count=7", "-s", "WORKER_ID=w1")
    assert proc.returncode == 0, proc.stderr
    files = sorted((tmp_path / "fixture" / "runs").iterdir())
    assert [f.name.split(".", 1)[1] for f in files] == ["jsonl", "parquet", "report.json"]
    assert len({f.name.split(".")[0] for f in files}) == 1 and files[0].stem.endswith("Z-w1")
    assert pq.read_table(files[1]).num_rows == 7


def test_with_dash_big_o_only_that_file_is_written(tmp_path):
    out = tmp_path / "out.parquet"
    proc = run_scrapy("crawl", tmp_path, "fixture", "-a", "count=3", "-O", str(out))
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(out).num_rows == 3
    assert not (tmp_path / "fixture").exists()


def test_appending_to_a_parquet_file_stops_the_crawl_with_a_clear_error(tmp_path):
    out = tmp_path / "out.parquet"
    assert run_scrapy("crawl", tmp_path, "fixture", "-a", "count=2", "-O", str(out)).returncode == 0
    proc = run_scrapy("crawl", tmp_path, "fixture", "-a", "count=2", "-o", str(out))
    assert proc.returncode != 0
    assert "cannot be appended to; overwrite it with -O" in proc.stderr
    assert pq.read_table(out).num_rows == 2


def test_a_bad_worker_id_stops_the_crawl_before_it_starts(tmp_path):
    proc = run_scrapy("crawl", tmp_path, "fixture", "-s", "WORKER_ID=../up")
    assert proc.returncode != 0
    assert "WORKER_ID '../up' must be" in proc.stderr
    assert "Spider opened" not in proc.stderr


def test_the_in_process_item_path_claims_no_run(tmp_path):
    """ItemPath (fixtures, fuzz, benchmarks) is not a dataset run: no claim file, no waiting for
    a free second when many are built in one."""
    from newscrawler.itempath import ItemPath
    from newscrawler.spiders.sources import MailkzSpider

    for _ in range(3):
        ItemPath(MailkzSpider, {"DATASET_DIR": str(tmp_path)})
    assert list(tmp_path.rglob("*")) == []
