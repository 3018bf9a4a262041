"""A crawl's garbage collector is tuned once it is set up (gcsettings.py)."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawler.gcsettings import YOUNG_THRESHOLD, TuneGarbageCollector
from newscrawler.itempath import ItemPath
from newscrawler.pages import PageSpider


@pytest.fixture
def untuned():
    """The collector as a fresh process has it, put back after the test."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, *threshold[1:])
    yield
    gc.set_threshold(*threshold)


def test_the_collector_is_tuned_once_the_engine_starts_and_once_per_process(untuned, monkeypatch):
    crawler = get_crawler()
    TuneGarbageCollector.from_crawler(crawler)
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    monkeypatch.setattr(gc, "freeze", lambda: pytest.fail("frozen twice"))
    ItemPath(PageSpider)  # another set-up in the process changes nothing more


def test_the_in_process_item_path_tunes_it_as_a_crawl_does(untuned):
    ItemPath(PageSpider)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
