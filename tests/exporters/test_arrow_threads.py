"""The project's Parquet reads leave no Arrow thread-pool worker behind.

A worker alive when the process exits can abort it (`terminate called without an active
exception`, exit -6, apache/arrow#34314): a finished crawl did that in CI after its seen-store
had read the dataset's files. Every read goes through `exporters/parquet.py: open_parquet`."""

from __future__ import annotations

import subprocess
import sys

from dataset_helpers import ROOT, run_scrapy

PROBE = """
import os, sys
from pathlib import Path
import pyarrow as pa

from newscrawler.exporters.compaction import compact
from newscrawler.ops.dataset_report import dataset_sources, read_rows
from newscrawler.state.files import dataset_files, stored_articles

def threads():
    return len(os.listdir("/proc/self/task"))

pa.array([1, 2]).to_pylist()
before = threads()
dataset = Path(sys.argv[1])
runs = list(dataset_files(dataset, "fixture"))
assert runs, "no run file"
for path in runs:
    assert list(stored_articles(path))
compact(dataset, "fixture", row_group_size=3)
for path in dataset_files(dataset, "fixture"):
    assert list(stored_articles(path))
for files in dataset_sources(dataset, ["fixture"]):
    assert read_rows(files).num_rows
compact(dataset, "fixture", row_group_size=3)
print(before, threads())
"""


def test_reading_and_compacting_start_no_arrow_thread(tmp_path):
    crawl = run_scrapy("crawl", tmp_path, "fixture", "-a", "count=7")
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    before, after = map(int, probe.stdout.split())
    assert after == before
