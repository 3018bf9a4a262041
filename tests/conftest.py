"""Shared test helpers: the in-process item path and a `scrapy crawl` subprocess runner
(crawlrun.py; re-exported here for the tests that import it from conftest)."""

from __future__ import annotations

import pytest
from crawlrun import ROOT, CrawlResult, run_crawl

from newscrawler.itempath import ItemPath
from newscrawler.spiders.mailkz import MailkzSpider

__all__ = ["ROOT", "CrawlResult", "run_crawl"]


@pytest.fixture
def item_path() -> ItemPath:
    return ItemPath(MailkzSpider)


@pytest.fixture
def crawl():
    return run_crawl
