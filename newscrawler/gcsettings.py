"""The cyclic garbage collector set for a crawl process, once it is set up.

- Its startup objects frozen (gc.freeze): some 115,000 objects live from the start (Scrapy,
  trafilatura, lxml, settings, spider, pipelines) and none ever becomes garbage, yet every full
  collection walked them all: about 90 ms, once every few hundred pages (0.35 ms a page of the
  item path on aeb-dev).
- Its youngest generation collected after YOUNG_THRESHOLD objects, not 700: a page makes
  thousands that its end frees (the elements of its tree held during extraction, the lists and
  dicts of each pass), and a collection every 700 walked those still alive, about once a page.
"""

from __future__ import annotations

import gc
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

YOUNG_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Freeze the objects alive now and raise the youngest generation's threshold, once per
    process: objects made later, another crawl's set up in the same process too (the tests'),
    stay collectable."""
    if not gc.get_freeze_count():
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


class TuneGarbageCollector:
    """The extension: tunes the collector once the engine has started, its crawl set up."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        crawler.signals.connect(tune_garbage_collector, signal=signals.engine_started)
        return cls()
