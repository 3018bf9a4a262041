"""Shared test helpers: the in-process item path, a `scrapy crawl` subprocess runner (crawlrun.py;
re-exported here for the tests that import it from conftest), and a real redis-server per test
(on a free local port, killed at teardown)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlrun import ROOT, CrawlResult, run_crawl
from redisserver import RedisServer

from newscrawler.itempath import ItemPath
from newscrawler.spiders.mailkz import MailkzSpider

__all__ = ["ROOT", "CrawlResult", "run_crawl"]


@pytest.fixture
def item_path() -> ItemPath:
    return ItemPath(MailkzSpider)


@pytest.fixture
def crawl():
    return run_crawl


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis") as server:
        yield server
