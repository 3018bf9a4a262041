"""The extension that closes every run: audit the items, judge the run, write its report.

At the end of a crawl, once the output files are stored (`feed_exporter_closed`; or at
`spider_closed` when there is no feed), the monitors judge the run (ops/monitors.py), the stat
`monitors/failed` is set (the crawl command turns it into exit code 3), each failure is logged as
an error, and the report is written (ops/report.py). The one-screen summary is printed last, at
`engine_stopped`, to stderr whatever the log level (a run at -L WARNING still says where its data
went), so it ends the log.

Setting MONITORS_ENABLED = False keeps the report and judges only the run's faults
(ops/faults.py): a run that could not store its outputs fails whatever the setting.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter

from newscrawler.exporters.layout import REPORT_SUFFIX, claim_path, runs_dir
from newscrawler.exporters.storage import STORED_PREFIX, feed_path
from newscrawler.ops import oneline
from newscrawler.ops.audit import ItemAudit
from newscrawler.ops.faults import report_fault
from newscrawler.ops.monitors import (
    NO_HISTORY,
    RunFigures,
    Thresholds,
    Verdict,
    fault_verdicts,
    judge,
)
from newscrawler.ops.report import build_report, recent_found, summary, write_report
from newscrawler.spiders.arguments import spider_args

logger = logging.getLogger(__name__)

RUN_LOG_ENV = "NEWSCRAWLER_RUN_LOG"
"""Set by tools/cron.py to the log file it writes, so the report can name it. Cron cannot know the
run id (the run claims it), so a dataset run renames that file to `<spider>-<run id>.log` in the
same folder and cron finds it there by its inode."""


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
        self.summarized = False
        self.slots: dict[str, int] = {}
        """Items written per feed (its FEEDS key), as each feed is closed."""
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(self.feeds_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        oneline.install(crawler.settings)
        name_log_by_run(crawler.spidercls.name, crawler.settings.get("RUN_ID"))
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

    def slot_closed(self, slot: Any) -> None:
        self.slots[str(slot.uri_template)] = slot.itemcount

    async def feeds_closed(self) -> None:
        """Every feed is stored (or has failed): its outcome is in the stats now. One turn of the
        loop first, so the other handlers of this signal (the seen-store's commit) have run."""
        await asyncio.sleep(0)
        if self.reason is not None and self.crawler.spider is not None:
            self.close(self.crawler.spider)

    def engine_stopped(self) -> None:
        if self.crawler.spider is not None:
            self.close(self.crawler.spider)  # when no feed_exporter_closed came
        self.log_summary()

    def log_summary(self) -> None:
        """The summary, once, on stderr; the crawl command calls it for a run stopped before its
        engine ran (no engine_stopped then)."""
        if self.report is not None and not self.summarized:
            self.summarized = True
            print(summary(self.report), file=sys.stderr, flush=True)

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
            no_history = NO_HISTORY
            if self.settings.get("REDIS_URL"):
                no_history = "a cluster worker finds only its share of the run's articles"
            elif run_id:
                history = recent_found(
                    runs_dir(self.settings["DATASET_DIR"], spider.name),
                    args=args,
                    exclude=run_id,
                    limit=self.thresholds.history_runs,
                )
            verdicts = judge(RunFigures.from_stats(stats), history, self.thresholds, no_history)
            failed = [v for v in verdicts if v.status == "failed"]
            self.crawler.stats.set_value("monitors/failed", len(failed))
            self.crawler.stats.set_value("monitors/passed", len(verdicts) - len(failed))
            for v in failed:
                if not v.name.startswith("fault/"):  # a fault logged its line when it happened
                    logger.error("Monitor %s failed: %s", v.name, v.reason)
        else:
            verdicts = fault_verdicts(RunFigures.from_stats(stats)) or None
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
            outputs=self.outputs(stats),
            monitors_enabled=self.enabled,
        )
        if path is None:
            return
        try:
            write_report(path, self.report)
        except OSError as exc:
            message = f"cannot write the run report {path}: {exc}"
            report_fault(self.crawler.stats, "output", message)
            failed = Verdict("fault/output", "failed", message)
            self.report["ok"] = self.report["monitors"]["ok"] = False
            self.report["monitors"]["failed"].append(failed.name)
            self.report["monitors"]["verdicts"].append(failed.as_dict())
            del self.report["files"]["report"]
            return
        logger.info("Run report written to %s", path)
        if run_id:
            claim_path(path.parent, run_id).unlink(missing_ok=True)  # the report holds the id now

    def report_path(self, spider: Spider, run_id: str | None) -> Path | None:
        """runs/<run-id>.report.json for a dataset run; REPORT_FILE, if set, otherwise."""
        if run_id:
            return runs_dir(self.settings["DATASET_DIR"], spider.name) / f"{run_id}{REPORT_SUFFIX}"
        if self.settings.get("REPORT_FILE"):
            return Path(self.settings["REPORT_FILE"])
        return None

    def outputs(self, stats: dict[str, Any]) -> list[dict[str, Any]]:
        """Each output file, the items written to it (those the exporter dropped or could not
        write left out) and whether it was stored; a feed with no item is not stored at all."""
        found = []
        for uri, options in self.settings.getdict("FEEDS").items():
            fmt = str(options.get("format", ""))
            written = self.slots.get(str(uri), 0) - sum(
                int(stats.get(f"dataset/{fmt}/{what}", 0)) for what in ("dropped", "unwritten")
            )
            stored = stats.get(f"{STORED_PREFIX}{feed_path(str(uri))}", str(uri) in self.slots)
            found.append(
                {"path": str(uri), "format": fmt, "items": max(written, 0), "stored": bool(stored)}
            )
        return found

    def feed_files(self) -> dict[str, str]:
        """The run's output files by format."""
        feeds = self.settings.getdict("FEEDS")
        return {str(opts.get("format", uri)): str(uri) for uri, opts in feeds.items()}


def _arguments(spider: Spider) -> dict[str, Any]:
    """The spider's validated `-a` arguments (what makes two runs comparable); {} if untyped."""
    args = spider_args(spider)
    return args.model_dump(mode="json") if args is not None else {}


def name_log_by_run(spider: str, run_id: str | None) -> None:
    """Rename the log cron writes (RUN_LOG_ENV) to `<spider>-<run id>.log`, so that the log is
    named by the run id the run logs; the open file goes on being written under its new name."""
    log = os.environ.get(RUN_LOG_ENV)
    if not log or not run_id:
        return
    named = Path(log).with_name(f"{spider}-{run_id}.log")
    if named == Path(log) or named.exists():
        return
    try:
        os.rename(log, named)
    except OSError as exc:
        logger.warning("Could not rename the log %s to %s: %s", log, named.name, exc)
        return
    os.environ[RUN_LOG_ENV] = str(named)
