"""Shared test helpers: the in-process item path, a `scrapy crawl` subprocess runner (crawlrun.py;
re-exported here for the tests that import it from conftest), and a real redis-server per test
(on a free local port, killed at teardown).

Hypothesis profile: `make test` and CI run the property tests derandomized (Hypothesis's "ci"
profile: the same examples every run, so a failure reproduces, and the failing blob printed); the
soak (HARDENING_SOAK=1, see hardening/hardening_budget.py) draws new examples each time. Loaded
here, before any test module builds its `@settings`, which copy the profile's values.
`--hypothesis-profile` still overrides it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlrun import ROOT, CrawlResult, run_crawl
from hypothesis import settings
from redisserver import RedisServer

from newscrawler.itempath import ItemPath
from newscrawler.spiders.sources import MailkzSpider

__all__ = ["ROOT", "CrawlResult", "run_crawl"]

SOAK = os.environ.get("HARDENING_SOAK", "") not in ("", "0")
settings.register_profile("soak", settings.get_profile("default"), print_blob=True)
settings.load_profile("soak" if SOAK else "ci")


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
