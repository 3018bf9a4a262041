"""Shared test helpers: the in-process item path, a `scrapy crawl` subprocess runner, and a real
redis-server per test (on a free local port, killed at teardown)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from redisserver import RedisServer

from newscrawler.itempath import ItemPath
from newscrawler.spiders.mailkz import MailkzSpider

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def item_path() -> ItemPath:
    return ItemPath(MailkzSpider)


@dataclass
class CrawlResult:
    returncode: int
    log: str

    def stat(self, key: str) -> int:
        """An integer stat from the final stats dump (0 when absent)."""
        m = re.search(rf"'{re.escape(key)}': (\d+)", self.log)
        return int(m.group(1)) if m else 0


def run_crawl(*args: str, timeout: float = 120) -> CrawlResult:
    """`scrapy crawl <args>` in a subprocess from the project root; never touches the network."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture
def crawl():
    return run_crawl


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis") as server:
        yield server
