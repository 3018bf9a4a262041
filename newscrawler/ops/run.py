"""The extension that closes every run: audit the items, judge the run, write its report.

At the end of a crawl, once the output files are stored (`feed_exporter_closed`; or at
`spider_closed` when there is no feed), the monitors judge the run (ops/monitors.py), the stat
`monitors/failed` is set (the crawl command turns it into exit code 3), each failure is logged as
an error, and the report is written (ops/report.py). The one-screen summary is logged last, at
`engine_stopped`, after Scrapy's stats dump, so it ends the log.

Setting MONITORS_ENABLED = False keeps the report but judges nothing (the exit code stays 0).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter

from newscrawler.exporters.layout import runs_dir
from newscrawler.ops.audit import ItemAudit
from newscrawler.ops.monitors import RunFigures, Thresholds, Verdict, judge
from newscrawler.ops.report import REPORT_SUFFIX, build_report, recent_found, summary, write_report

logger = logging.getLogger(__name__)

RUN_LOG_ENV = "NEWSCRAWLER_RUN_LOG"
"""Set by tools/cron.py to the log file it writes, so the report can name it."""


class RunWatch:
    """Extension: counts what each exported item holds, then judges and reports the run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.enabled = self.settings.getbool("MONITORS_ENABLED")
        self.thresholds = Thresholds.from_settings(self.settings)
        self.audit = ItemAudit(crawler.stats)
        self.feeds = False
        self.reason: str | None = None
        self.closed = False
        self.report: dict[str, Any] | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.feeds_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.feeds = self.crawler.get_extension(FeedExporter) is not None

    def item_scraped(self, item: Any) -> None:
        self.audit.add(item)

    def item_error(self) -> None:
        self.crawler.stats.inc_value("audit/item_errors")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reason = reason
        if not self.feeds:
            self.close(spider)

    async def feeds_closed(self) -> None:
        """Every feed is stored (or has failed): its outcome is in the stats now. One turn of the
        loop first, so the other handlers of this signal (the seen-store's commit) have run."""
        await asyncio.sleep(0)
        if self.reason is not None and self.crawler.spider is not None:
            self.close(self.crawler.spider)

    def engine_stopped(self) -> None:
        if self.crawler.spider is not None:
            self.close(self.crawler.spider)  # when no feed_exporter_closed came
        if self.report is not None:
            log = logger.info if self.report["ok"] else logger.error
            log("Run summary\n%s", summary(self.report))

    def close(self, spider: Spider) -> None:
        """Judge and report the run, once. A failure to do so fails the run: unchecked is not ok."""
        if self.closed:
            return
        self.closed = True
        try:
            self._judge_and_report(spider)
        except Exception:
            logger.exception("Could not judge or report this run")
            self.crawler.stats.set_value("monitors/failed", 1)
            self.report = None  # no summary that could read as a verdict

    def _judge_and_report(self, spider: Spider) -> None:
        stats = self.crawler.stats.get_stats()
        run_id = self.settings.get("RUN_ID") or None
        args = _arguments(spider)
        verdicts: list[Verdict] | None = None
        if self.enabled:
            history = None
            if run_id:
                history = recent_found(
                    runs_dir(self.settings["DATASET_DIR"], spider.name),
                    args=args,
                    exclude=run_id,
                    limit=self.thresholds.history_runs,
                )
            verdicts = judge(RunFigures.from_stats(stats), history, self.thresholds)
            failed = [v for v in verdicts if v.status == "failed"]
            self.crawler.stats.set_value("monitors/failed", len(failed))
            self.crawler.stats.set_value("monitors/passed", len(verdicts) - len(failed))
            for v in failed:
                logger.error("Monitor %s failed: %s", v.name, v.reason)
        path = self.report_path(spider, run_id)
        files = {**self.feed_files(), "failures": stats.get("failures/file")}
        files["report"] = str(path) if path else None
        files["log"] = os.environ.get(RUN_LOG_ENV) or self.settings.get("LOG_FILE")
        files["archive"] = stats.get("archive/dir")
        self.report = build_report(
            stats=self.crawler.stats.get_stats(),
            run_id=run_id,
            spider=spider.name,
            args=args,
            verdicts=verdicts,
            field_names=list(self.audit.field_names),
            boilerplate_examples=self.audit.examples,
            files=files,
        )
        if path is not None:
            write_report(path, self.report)
            logger.info("Run report written to %s", path)

    def report_path(self, spider: Spider, run_id: str | None) -> Path | None:
        """runs/<run-id>.report.json for a dataset run; REPORT_FILE, if set, otherwise."""
        if run_id:
            return runs_dir(self.settings["DATASET_DIR"], spider.name) / f"{run_id}{REPORT_SUFFIX}"
        if self.settings.get("REPORT_FILE"):
            return Path(self.settings["REPORT_FILE"])
        return None

    def feed_files(self) -> dict[str, str]:
        """The run's output files by format."""
        feeds = self.settings.getdict("FEEDS")
        return {str(opts.get("format", uri)): str(uri) for uri, opts in feeds.items()}


def _arguments(spider: Spider) -> dict[str, Any]:
    """The spider's validated `-a` arguments (what makes two runs comparable); {} if untyped."""
    args = getattr(spider, "args", None)
    dump = getattr(args, "model_dump", None)
    return dump(mode="json") if dump is not None else {}
