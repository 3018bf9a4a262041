"""Where a dataset's files live under DATASET_DIR, and the add-on that writes a crawl's run files.

    <DATASET_DIR>/<spider>/runs/<run-id>.parquet|.jsonl      one pair per crawl, never rewritten
    <DATASET_DIR>/<spider>/articles/lang=<l>/year=<YYYY>/month=<MM>/<spider>-<l>-<YYYY>-<MM>.parquet
                                                             `scrapy compact`: one row per url

An article's month is the Asia/Almaty calendar month of published_at (what a reader in Kazakhstan
calls the publication month), or of crawled_at when the page shows no date: an undated article is
filed under the month it was fetched, its published_at stays null.

The run id is the crawl's UTC start time (`20251220T060000Z`), plus `-<worker>` when WORKER_ID (or
the env NEWSCRAWLER_WORKER_ID) is set, so parallel workers never share a file name.

Why an add-on rather than FEEDS in settings.py: Scrapy merges the project's FEEDS into the feeds of
`-o/-O`, so a FEEDS entry there would write run files on every crawl. An add-on's `update_settings`
runs at crawl start, after the command line is applied, and adds the run feeds only when no feed
was asked for. A bad WORKER_ID stops the crawl there, before anything is fetched.
"""

from __future__ import annotations

import logging
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

ALMATY = ZoneInfo("Asia/Almaty")
RUN_FORMATS = ("parquet", "jsonl")
_WORKER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def runs_dir(dataset_dir: str | Path, name: str) -> Path:
    return Path(dataset_dir) / name / "runs"


def articles_dir(dataset_dir: str | Path, name: str) -> Path:
    return Path(dataset_dir) / name / "articles"


def partition_path(name: str, lang: str, year: int, month: int) -> Path:
    """A partition's file, relative to articles/; the file name repeats the keys so that a copy
    taken out of the tree still says what it holds."""
    stem = f"{name}-{lang}-{year:04d}-{month:02d}"
    return Path(f"lang={lang}", f"year={year:04d}", f"month={month:02d}", f"{stem}.parquet")


def partition_month(published_at: datetime | None, crawled_at: datetime | None) -> tuple[int, int]:
    """(year, month) in Almaty of published_at, else of crawled_at (see the module doc)."""
    when = published_at or crawled_at
    if when is None:
        raise ValueError("neither published_at nor crawled_at is set")
    local = when.astimezone(ALMATY)
    return local.year, local.month


def worker_id(settings: BaseSettings) -> str:
    """WORKER_ID, else NEWSCRAWLER_WORKER_ID, validated: it becomes part of file names."""
    worker = settings.get("WORKER_ID") or os.environ.get("NEWSCRAWLER_WORKER_ID", "")
    if worker and not _WORKER_ID.fullmatch(worker):
        raise ValueError(
            f"WORKER_ID {worker!r} must be 1-64 letters, digits, '_' or '-', "
            "starting with a letter or digit"
        )
    return worker


def run_id(start: datetime, worker: str = "") -> str:
    stamp = start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{worker}" if worker else stamp


def new_run_id(runs: Path, worker: str) -> str:
    """The run id for now; a second already taken by a run in `runs` (a crawl that started within
    the same second) is skipped rather than overwriting that run's files."""
    candidate = run_id(datetime.now(UTC), worker)
    while any((runs / f"{candidate}.{fmt}").exists() for fmt in RUN_FORMATS):
        time.sleep(1.0 - time.time() % 1.0)
        candidate = run_id(datetime.now(UTC), worker)
    return candidate


class RunFeeds:
    """Add-on: when no feed is configured, export to this crawl's run files (see the module doc)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunFeeds:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getdict("FEEDS"):
            return
        runs = runs_dir(settings.get("DATASET_DIR", "datasets"), self.crawler.spidercls.name)
        run = new_run_id(runs, worker_id(settings))
        feeds = {
            str(runs / f"{run}.{fmt}"): {"format": fmt, "store_empty": False} for fmt in RUN_FORMATS
        }
        settings.set("FEEDS", feeds, priority=settings.getpriority("FEEDS") or 0)
        settings.set("RUN_ID", run, priority="addon")
        logger.info("Dataset run %s writes to %s", run, runs)
