"""A crawl's startup objects are frozen out of full garbage collections (gcfreeze.py)."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawler.gcfreeze import FreezeStartupObjects
from newscrawler.itempath import ItemPath
from newscrawler.pages import PageSpider


def test_startup_objects_are_frozen_once_the_engine_starts_and_once_per_process(monkeypatch):
    gc.unfreeze()
    crawler = get_crawler()
    FreezeStartupObjects.from_crawler(crawler)
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() > 0
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("frozen twice"))
    ItemPath(PageSpider)  # another set-up in the process freezes nothing more


def test_the_in_process_item_path_freezes_as_a_crawl_does():
    gc.unfreeze()
    ItemPath(PageSpider)
    assert gc.get_freeze_count() > 0
