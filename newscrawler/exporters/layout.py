"""Where a dataset's files live under DATASET_DIR, and the add-on that writes a crawl's run files.

    <DATASET_DIR>/<spider>/runs/<run-id>.parquet|.jsonl      one pair per crawl, never rewritten
    <DATASET_DIR>/<spider>/articles/lang=<l>/year=<YYYY>/month=<MM>/<spider>-<l>-<YYYY>-<MM>.parquet
                                                             `scrapy compact`: one row per url

An article's month is the Asia/Almaty calendar month of published_at (what a reader in Kazakhstan
calls the publication month), or of crawled_at when the page shows no date: an undated article is
filed under the month it was fetched, its published_at stays null.

The run id is the crawl's UTC start time (`20251220T060000Z`), plus `-<worker>` when WORKER_ID (or
the env NEWSCRAWLER_WORKER_ID) is set, so parallel workers never share a file name. A run claims its
id by creating `runs/.<run-id>.claim` exclusively; a crawl that starts in a second already claimed
takes the next one, so two crawls on one dataset never open the same file.

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

from newscrawler.extract.dates import ALMATY

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

RUN_FORMATS = ("parquet", "jsonl")
RUN_SUFFIXES = tuple(f".{fmt}" for fmt in RUN_FORMATS)
REPORT_SUFFIX = ".report.json"
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


def claim_path(runs: Path, run: str) -> Path:
    """The hidden file that reserves a run id in `runs` from the start of the run to its report."""
    return runs / f".{run}.claim"


def new_run_id(runs: Path, worker: str) -> str:
    """A run id for now that no other run in `runs` has or will take: claimed by creating its
    claim file exclusively (O_EXCL is atomic, so two crawls started in the same second get two
    ids). A second taken by a claim, a report or run files is skipped for the next one. OSError
    when `runs` cannot be written: a run that could not store its files is not started."""
    runs.mkdir(parents=True, exist_ok=True)
    while True:
        candidate = run_id(datetime.now(UTC), worker)
        taken = (runs / f"{candidate}{suffix}" for suffix in (*RUN_SUFFIXES, REPORT_SUFFIX))
        if not any(path.exists() for path in taken):
            try:
                os.close(os.open(claim_path(runs, candidate), os.O_WRONLY | os.O_CREAT | os.O_EXCL))
                return candidate
            except FileExistsError:
                pass
        time.sleep(1.0 - time.time() % 1.0)


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
