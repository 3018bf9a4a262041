"""Progress of a long run: a line in the log every PROGRESS_INTERVAL seconds and, on a terminal,
a live status line.

The log line replaces Scrapy's LogStats (which has no failures):

    Progress: 1,234 pages (52/min), 1,100 items (48/min), 3 failed, 12 dropped; 0:23:10 elapsed

A replay adds how far it is through the archive (`43% of the archive replayed`, by bytes), a
backfill with `since` how far back it has reached (`43% of the window since 2025-12-01 reached,
back to 2025-12-14`: the oldest publication date exported, as a share of the Asia/Almaty days from
`since` to now). Neither share is the work left, which is unknown, and both can reach the end
before the run does (the pages of the last day, the records still in flight), so a line, printed
only while the run goes on, never says more than 99%. The status line (PROGRESS_BAR: auto = when
stderr is a terminal) is redrawn twice a second; a log record first clears it, so the two never
mix.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from twisted.internet.task import LoopingCall

from newscrawler.archive.replay import warc_files
from newscrawler.extract.dates import ALMATY
from newscrawler.meta import WARC_RECORD
from newscrawler.spiders.arguments import spider_args
from newscrawler.spiders.base import PageArgs

logger = logging.getLogger(__name__)

CLEAR_LINE = "\r\x1b[K"
BAR_INTERVAL = 0.5
MAX_SHARE = 0.99
"""The most a share shown during the run says: the run is not over while lines are printed."""


class _ClearStatusLine(logging.Filter):
    """On the handlers writing to the terminal: wipe the status line before a record is written."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.clear()
        return True


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.interval = settings.getfloat("PROGRESS_INTERVAL")
        bar = str(settings.get("PROGRESS_BAR")).lower()
        if bar not in ("auto", "1", "0", "true", "false"):
            raise ValueError(f"PROGRESS_BAR must be auto, 1 or 0, got {bar!r}")
        self.bar = bar in ("1", "true") or (bar == "auto" and sys.stderr.isatty())
        if self.interval <= 0 and not self.bar:
            raise NotConfigured  # silently: PROGRESS_INTERVAL is 0 and there is no terminal
        self.started = time.monotonic()
        self.last: tuple[float, int, int] = (self.started, 0, 0)
        self.loops: list[LoopingCall] = []
        self.drawn = False
        self.filter = _ClearStatusLine(self)
        self.archive: list[tuple[Path, int]] = []
        """Replay: each archive file and the bytes of the files before it."""
        self.archive_total = 0
        self.archive_done = 0
        self.since: datetime | None = None
        self.oldest: datetime | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.last = (self.started, 0, 0)
        args = spider_args(spider)
        self.measure(args if isinstance(args, PageArgs) else None)
        if self.interval > 0:
            self._start(self.log_line, self.interval)
        if self.bar:
            for handler in logging.getLogger().handlers:
                handler.addFilter(self.filter)
            self._start(self.draw, BAR_INTERVAL)

    def measure(self, args: PageArgs | None) -> None:
        """What the shares are of, from the spider's arguments: the archive's bytes, or the window
        from the Asia/Almaty day `since` (publication dates are Almaty days) to now."""
        if args is None:
            return
        if args.warc is not None:
            offset = 0
            for path in warc_files(args.warc):
                self.archive.append((path, offset))
                offset += path.stat().st_size
            self.archive_total = offset
        since = args.since
        if since is not None:
            self.since = datetime(since.year, since.month, since.day, tzinfo=ALMATY)

    def _start(self, function: Any, interval: float) -> None:
        loop = LoopingCall(function)
        loop.start(interval, now=False)
        self.loops.append(loop)

    def spider_closed(self) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if self.bar:
            self.clear()
            for handler in logging.getLogger().handlers:
                handler.removeFilter(self.filter)

    def response_received(self, response: Response, request: Request) -> None:
        ref = request.meta.get(WARC_RECORD)
        if ref is None or not self.archive:
            return
        before = next((start for path, start in self.archive if path == ref.path), None)
        if before is not None:
            self.archive_done = max(self.archive_done, before + ref.offset)

    def item_scraped(self, item: Any) -> None:
        if self.since is None:
            return
        published = getattr(item, "published_at", None)
        if published:
            when = datetime.fromisoformat(published)
            if self.oldest is None or when < self.oldest:
                self.oldest = when

    def figures(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        return {
            "pages": int(stats.get("response_received_count", 0)),
            "items": int(stats.get("item_scraped_count", 0)),
            "failed": sum(
                int(v)
                for k, v in stats.items()
                if k.startswith("failures/") and k not in ("failures/count", "failures/file")
            ),
            "dropped": int(stats.get("item_dropped_count", 0))
            + sum(int(v) for k, v in stats.items() if k.startswith("extract/dropped/")),
        }

    def done_share(self) -> tuple[float, str, str] | None:
        """(share, what it is a share of, a detail for the log line), when the run's end is
        known; the share at most MAX_SHARE."""
        if self.archive_total:
            share = self.archive_done / self.archive_total
            return min(MAX_SHARE, share), "of the archive replayed", ""
        if self.since is not None and self.oldest is not None:
            now = datetime.now(UTC)
            span = (now - self.since).total_seconds()
            if span > 0:
                share = min(MAX_SHARE, max(0.0, (now - self.oldest).total_seconds() / span))
                window = f"of the window since {self.since:%Y-%m-%d}"
                return share, window, f" reached, back to {self.oldest.astimezone(ALMATY):%Y-%m-%d}"
        return None

    def line(self) -> str:
        """The log line; the rates are those since the previous line."""
        now = time.monotonic()
        f = self.figures()
        then, pages, items = self.last
        minutes = max(now - then, 1e-9) / 60
        self.last = (now, f["pages"], f["items"])
        text = (
            f"{f['pages']:,} pages ({(f['pages'] - pages) / minutes:,.0f}/min), "
            f"{f['items']:,} items ({(f['items'] - items) / minutes:,.0f}/min), "
            f"{f['failed']:,} failed, {f['dropped']:,} dropped; "
            f"{timedelta(seconds=round(now - self.started))} elapsed"
        )
        done = self.done_share()
        if done is not None:
            share, of, detail = done
            text += f"; {share:.0%} {of}{detail}"
        return text

    def log_line(self) -> None:
        logger.info("Progress: %s", self.line())

    def status(self) -> str:
        """The terminal's status line: a bar when the end is known, average rates."""
        f = self.figures()
        elapsed = max(time.monotonic() - self.started, 1e-9)
        text = (
            f"{f['pages']:,} pages, {f['items']:,} items ({f['items'] * 60 / elapsed:,.0f}/min), "
            f"{f['failed']:,} failed, {f['dropped']:,} dropped, "
            f"{timedelta(seconds=round(elapsed))}"
        )
        done = self.done_share()
        if done is not None:
            share, of, _ = done
            filled = int(share * 20)
            text = f"[{'#' * filled}{'.' * (20 - filled)}] {share:4.0%} {of}  {text}"
        return text

    def draw(self) -> None:
        width = shutil.get_terminal_size((100, 24)).columns
        sys.stderr.write(CLEAR_LINE + self.status()[: max(width - 1, 10)])
        sys.stderr.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write(CLEAR_LINE)
            sys.stderr.flush()
            self.drawn = False
