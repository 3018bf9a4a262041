"""The real path: `scrapy crawl mailkz -a warc=...` over the bundled fixture pages, through the
project's parser and pipelines, into run files and a compacted dataset that agree field by field.
(What the parser extracts is the fixture tests' business; this checks what the export keeps.)"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pyarrow.parquet as pq
from dataset_helpers import run_scrapy

from newscrawler.archive.writer import write_warc
from newscrawler.exporters.schema import TIMESTAMP
from newscrawler.fixtures import load_cases


def test_replayed_crawl_gives_runs_and_articles_that_agree_with_each_other(tmp_path):
    warc = tmp_path / "snapshot.warc.gz"
    write_warc(warc, (case.page for case in load_cases("mailkz")))
    crawl = run_scrapy(
        "crawl",
        tmp_path / "ds",
        "mailkz",
        "-a",
        f"warc={warc}",
        spider_modules="newscrawler.spiders",
    )
    assert crawl.returncode == 0, crawl.stderr
    assert run_scrapy("compact", tmp_path / "ds", "mailkz").returncode == 0

    [jsonl] = (tmp_path / "ds" / "mailkz" / "runs").glob("*.jsonl")
    rows = {r["url"]: r for r in map(json.loads, jsonl.read_text("utf-8").splitlines())}
    scraped = re.search(r"'item_scraped_count': (\d+)", crawl.stderr)
    assert scraped and len(rows) == int(scraped.group(1)) > 5  # every scraped item, once
    offsets = {r["published_at"][-6:] for r in rows.values() if r["published_at"]}
    assert offsets and offsets <= {"+05:00", "+06:00"}  # Almaty, as scraped

    run = pq.read_table(jsonl.with_suffix(".parquet"))
    compacted = pq.ParquetDataset(tmp_path / "ds" / "mailkz" / "articles", partitioning=None).read()
    for table in (run, compacted):
        assert sorted(table["url"].to_pylist()) == sorted(rows)
        for got in table.to_pylist():
            want = rows[got["url"]]
            if table is compacted:  # distinct pages, so each its own story
                want = {**want, "story_id": got["url"]}
            for f in table.schema:
                if f.type == TIMESTAMP and want[f.name] is not None:
                    assert got[f.name] == datetime.fromisoformat(want[f.name]), f.name
                else:
                    assert got[f.name] == want[f.name], f.name
