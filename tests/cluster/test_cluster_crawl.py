"""Real `scrapy crawl mailkz` workers sharing one frontier in a real redis-server, against the
local fake mail.kz: every article once, listings again each run, a killed worker's work redone."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
from crawlrun import FAST, ROOT
from fakesite import FakeSite
from redisserver import RedisServer

from newscrawler.archive.writer import write_warc
from newscrawler.fixtures import load_cases

CLUSTER = [
    *FAST, "-s", "CONCURRENT_REQUESTS=4", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s", "DOWNLOAD_TIMEOUT=5", "-s", "REDIS_IDLE_TIMEOUT=1", "-s", "REDIS_WORKER_TTL=2",
]  # fmt: skip
"""Four requests at a time per worker, so that two workers share the pages; short idle stop."""


class Worker:
    """One `scrapy crawl mailkz` worker process; its log goes to a file (no pipe to fill)."""

    def __init__(self, work: Path, redis: RedisServer, *args: str) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.log_path = work / f"worker-{time.monotonic_ns()}.log"
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "mailkz",
            "-s", f"DATASET_DIR={work / 'datasets'}", "-s", f"STATE_DIR={work / 'state'}",
            "-s", f"REDIS_URL={redis.url}", *CLUSTER, *args,
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def finish(self, timeout: float = 60) -> str:
        """Wait for the worker to stop on its own; its log."""
        self.proc.wait(timeout)
        return self.log_path.read_text("utf-8")


def stat(log: str, key: str) -> int:
    m = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(m.group(1)) if m else 0


def worker_of(log: str) -> str:
    m = re.search(r"'cluster/worker': '([^']+)'", log)
    assert m, log
    return m.group(1)


def exported(work: Path) -> list[str]:
    urls = []
    for path in sorted((work / "datasets" / "mailkz" / "runs").glob("*.jsonl")):
        urls += [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()]
    return urls


def crawl_together(n: int, work: Path, redis: RedisServer, *args: str) -> list[str]:
    workers = [Worker(work, redis, *args) for _ in range(n)]
    logs = [w.finish() for w in workers]
    for worker, log in zip(workers, logs, strict=True):
        assert worker.proc.returncode == 0, log
        assert "'finish_reason': 'finished'" in log, log
    return logs


def test_two_workers_share_one_frontier_and_fetch_every_article_once(redis_server, tmp_path):
    with FakeSite(120, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles}  # longer than a worker's start-up
        site.faults.slow_seconds = 0.05
        logs = crawl_together(2, tmp_path, redis_server, "-a", f"base_url={site.base_url}")
        site.faults.slow.clear()
        assert sorted(re.search(r"Worker \S+ (opened|joined) run", log)[1] for log in logs) == [
            "joined", "opened",
        ]  # fmt: skip
        urls = exported(tmp_path)
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # each exactly once
        fetches = site.article_fetches()
        assert set(fetches) == {a.path for a in site.articles}
        assert set(fetches.values()) == {1}  # no article page fetched twice
        assert all(stat(log, "item_scraped_count") > 0 for log in logs)  # both did work
        runs = sorted(p.name for p in (tmp_path / "datasets/mailkz/runs").glob("*.parquet"))
        workers = sorted(worker_of(log) for log in logs)
        assert len(set(workers)) == 2
        assert sorted(name.removesuffix(".parquet").split("Z-", 1)[1] for name in runs) == workers

        site.reset_log()  # the next scheduled run: listings again, no article again
        crawl_together(2, tmp_path, redis_server, "-a", f"base_url={site.base_url}")
        assert sum(site.article_fetches().values()) == 0
        listings = [path for path, _ in site.requests if path == "/ru/news"]
        assert listings == ["/ru/news"]  # once per run, though both workers start with it
        assert len(exported(tmp_path)) == 120

        new = site.add_articles(5)
        crawl_together(2, tmp_path, redis_server, "-a", f"base_url={site.base_url}")
        urls = exported(tmp_path)
        assert sorted(urls[120:]) == sorted(site.url(a) for a in new)
        assert len(urls) == 125

    # A worker finds only the articles of the listings it parsed (none, in a run it joined late):
    # comparing that with earlier runs' totals would fail healthy workers.
    reports = [
        json.loads(p.read_text()) for p in (tmp_path / "datasets/mailkz/runs").glob("*.json")
    ]
    assert len(reports) == 6 and all(report["ok"] for report in reports)
    assert {
        verdict["reason"]
        for report in reports
        for verdict in report["monitors"]["verdicts"]
        if verdict["name"] == "volume"
    } == {"a cluster worker finds only its share of the run's articles"}

    compact = subprocess.run(
        [sys.executable, "-m", "scrapy", "compact", "mailkz", "-s",
         f"DATASET_DIR={tmp_path / 'datasets'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert compact.returncode == 0, compact.stderr
    table = pq.read_table(tmp_path / "datasets/mailkz/articles", partitioning=None)
    assert table.num_rows == 125 == len(set(table.column("url").to_pylist()))


def test_a_killed_worker_loses_nothing_once_the_other_finishes(redis_server, tmp_path):
    with FakeSite(60, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles}
        site.faults.slow_seconds = 0.5
        site_url = f"base_url={site.base_url}"
        killed = Worker(tmp_path, redis_server, "-a", site_url, "-s", "WORKER_ID=a")
        survivor = Worker(tmp_path, redis_server, "-a", site_url, "-s", "WORKER_ID=b")
        redis = redis_server.client()
        deadline = time.monotonic() + 60
        while redis.zcard("mailkz:claims:a") < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sum(site.article_fetches().values()) < 40  # midway
        os.kill(killed.proc.pid, signal.SIGKILL)
        killed.proc.wait(10)
        assert redis.hlen("mailkz:seen") == 0  # what the killed worker did is not seen
        site.faults.slow.clear()
        log = survivor.finish()
        assert survivor.proc.returncode == 0, log
        assert stat(log, "cluster/recovered") >= 8
        urls = exported(tmp_path)
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # each exactly once
        runs = tmp_path / "datasets/mailkz/runs"
        assert not list(runs.glob("[!.]*-a.*"))  # the killed worker left only hidden temp files
        assert redis.hlen("mailkz:seen") == 60


def test_two_workers_replay_one_archive_and_each_record_once(redis_server, tmp_path):
    """Replay requests skip Scrapy's filter (dont_filter); in a cluster they are filtered by
    their record, or each worker would replay the whole archive."""
    cases = load_cases("mailkz")
    warc = tmp_path / "fixtures.warc.gz"
    write_warc(warc, (case.page for case in cases))
    logs = crawl_together(2, tmp_path, redis_server, "-a", f"warc={warc}")
    # A record whose URL is no article's (a section's page 2) is skipped before it is a request.
    requested = [case for case in cases if case.dropped != "extract/dropped/not_article"]
    assert len(requested) < len(cases)
    assert sum(stat(log, "scheduler/dequeued/redis") for log in logs) == len(requested)
    urls = exported(tmp_path)
    items = [case for case in cases if case.expected]  # not the pages to be dropped
    assert set(urls) == {case.expected["url"] for case in items}
    # Two captures of one URL are both replayed; a worker that gets both keeps the first.
    assert len(urls) + sum(stat(log, "dedup/dropped/url") for log in logs) == len(items)
