"""A crawl killed with SIGKILL while writing leaves no file under a dataset name that a reader
would choke on: only hidden temporary files, which every loader's glob or discovery skips."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from dataset_helpers import ROOT, run_scrapy, scrapy_args, scrapy_env

SLOW = ["-a", "count=100000", "-a", "delay=0.005", "-s", "PARQUET_ROW_GROUP_SIZE=5"]


def kill_mid_write(dataset_dir: Path, watch: Path, *args: str) -> None:
    """Start a slow crawl, wait until its hidden temp files in `watch` hold row groups, SIGKILL."""
    proc = subprocess.Popen(
        scrapy_args("crawl", dataset_dir, "fixture", *SLOW, *args),
        cwd=ROOT,
        env=scrapy_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            temps = list(watch.glob(".*.tmp")) if watch.is_dir() else []
            if any(".parquet." in t.name and t.stat().st_size > 50_000 for t in temps):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the crawl never started writing")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_killed_run_leaves_only_hidden_temp_files_that_loaders_skip(tmp_path):
    done = run_scrapy("crawl", tmp_path, "fixture", "-a", "count=5")
    assert done.returncode == 0, done.stderr
    runs = tmp_path / "fixture" / "runs"
    finished = sorted(runs.iterdir())

    kill_mid_write(tmp_path, runs)

    temps = sorted(p for p in runs.iterdir() if p not in finished)
    assert temps, "the killed crawl left nothing to check"
    # the temporary files, and the claim of the killed run's id (never reused)
    assert all(p.name.startswith(".") and p.suffix in (".tmp", ".claim") for p in temps)
    for path in runs.glob("*.parquet"):
        assert pq.read_table(path).num_rows == 5  # every visible file is the finished run
    assert duckdb.sql(f"select count(*) from '{tmp_path}/**/*.parquet'").fetchall() == [(5,)]
    assert pl.scan_parquet(f"{runs}/*.parquet").select(pl.len()).collect().item() == 5
    compacted = run_scrapy("compact", tmp_path, "fixture")
    assert compacted.returncode == 0, compacted.stderr
    assert "5 articles from 1 runs" in compacted.stdout


def test_killed_overwrite_keeps_the_previous_complete_file(tmp_path):
    out = tmp_path / "out.parquet"
    assert run_scrapy("crawl", tmp_path, "fixture", "-a", "count=3", "-O", str(out)).returncode == 0

    kill_mid_write(tmp_path, tmp_path, "-O", str(out))

    assert pq.read_table(out).num_rows == 3
    assert [p.name for p in tmp_path.glob("*.parquet")] == ["out.parquet"]
    assert any(p.name.startswith(".out.parquet.") for p in tmp_path.iterdir())
    assert ds.dataset(tmp_path, format="parquet").count_rows() == 3  # discovery skips dot files
