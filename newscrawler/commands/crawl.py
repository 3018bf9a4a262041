"""`scrapy crawl`, with spider arguments and output folders checked before the crawler starts, and
an exit code that says how the run went.

Scrapy builds the spider inside the running crawl, so a bad `-a` value would surface as a
traceback. Checking first turns it into one usage line (`error: mailkz: since: ...`), exit code 2.
An output folder that cannot be written (a read-only mount, no permission) is one line too, exit 3,
before anything is fetched: a run that cannot store its files must not start; so is a cluster's
Redis that does not answer (exit 6).
Scrapy exits 0 for any crawl that ran; here a run with a fault (ops/faults.py) exits with that
fault's code, and one whose monitors failed (stat `monitors/failed`, set by ops/run.py) exits 3, so
cron and scripts can tell (codes: ops/exitcodes.py).

`scrapy crawl <spider> -h` adds the spider's `-a` arguments to the help (commands/args.py). The log
at INFO leaves out Scrapy's dumps (versions, enabled components, overridden settings, the final
stats): they move to DEBUG unless LOG_DUMPS is set, since the run report holds the stats and the
summary ends every run.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from newscrawler.cluster.addon import redis_unreachable
from newscrawler.commands.args import arguments_help, load_spider
from newscrawler.exporters.layout import runs_dir
from newscrawler.exporters.storage import append_refused, feed_path, format_appendable
from newscrawler.ops import exitcodes
from newscrawler.ops.faults import exit_code
from newscrawler.ops.run import RunWatch

_DUMPS = {
    "scrapy.utils.log": "Versions:",
    "scrapy.addons": "Enabled addons:",
    "scrapy.middleware": "Enabled ",
    "scrapy.crawler": "Overridden settings:",
    "scrapy.statscollectors": "Dumping Scrapy stats:",
}
"""Scrapy's multi-line dumps: the logger and how its message starts."""


class _ToDebug(logging.Filter):
    """Log a dump at DEBUG: a handler at INFO passes it by, one at DEBUG still shows it."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and str(record.msg).startswith(self.start):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def quiet_dumps() -> None:
    """Move Scrapy's dumps to DEBUG (see the module doc); once per process."""
    for name, start in _DUMPS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ToDebug) for f in logger.filters):
            logger.addFilter(_ToDebug(start))


class Command(ScrapyCrawl):
    crawler: Crawler | None = None
    parser: argparse.ArgumentParser | None = None

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        self.parser = parser
        parser.add_argument(
            "-h", "--help", action="store_true",
            help="show this help message (with a spider: its -a arguments too) and exit",
        )  # fmt: skip

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if opts.help:
            assert self.parser is not None
            arguments = (
                arguments_help(load_spider(self.settings, args[0]))
                if args
                else "scrapy crawl <spider> -h lists the spider's -a arguments too"
            )
            self.parser.print_help()
            print(f"\n{arguments}")
            raise SystemExit(0)
        super().process_options(args, opts)
        if not self.settings.getbool("LOG_DUMPS"):
            quiet_dumps()

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spidercls, "validate_arguments", None)
            if validate is not None:
                validate(opts.spargs)
            assert self.settings is not None
            refused = appending_refused(self.settings)
            if refused is not None:
                raise UsageError(refused, print_help=False)
            for problem, code in (
                (redis_unreachable(self.settings), exitcodes.REDIS_LOST),
                (unwritable_output(self.settings, spidercls.name), exitcodes.MONITORS_FAILED),
            ):
                if problem is not None:
                    refused = f"error: {spidercls.name}: {problem}; nothing was fetched"
                    print(refused, file=sys.stderr)
                    self.exitcode = code
                    return
        super().run(args, opts)
        if self.crawler is not None:
            with contextlib.suppress(RuntimeError):  # no extensions: the crawl never started
                watch = self.crawler.get_extension(RunWatch)
                if watch is not None:
                    watch.log_summary()
        if self.exitcode == exitcodes.OK and self.crawler is not None:
            stats = self.crawler.stats
            if stats is None:
                return
            fault = exit_code(stats.get_stats())
            if fault is not None:
                self.exitcode = fault
            elif stats.get_value("monitors/failed"):
                self.exitcode = exitcodes.MONITORS_FAILED

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Scrapy's crawler, kept so that `run` can read its stats at the end."""
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler


def unwritable_output(settings: BaseSettings, spider: str) -> str | None:
    """Why the run's output folders cannot be written (-o/-O targets, else the dataset's runs/
    folder), or None. Each folder is made if missing and a file is created in it: the one test
    that a read-only mount, a missing permission or a full inode table cannot fool."""
    feeds = [uri for uri in settings.getdict("FEEDS") if _local(uri)]
    folders = [feed_path(uri).parent for uri in feeds]
    if not settings.getdict("FEEDS"):
        folders = [runs_dir(settings.get("DATASET_DIR", "datasets"), spider)]
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            return f"cannot write to {folder}: {exc.strerror or exc}"
    return None


def appending_refused(settings: BaseSettings) -> str | None:
    """Why an `-o` feed cannot be appended to (a non-empty Parquet file), or None."""
    for uri, options in settings.getdict("FEEDS").items():
        if _local(uri):
            appendable = format_appendable(settings, options.get("format"))
            refused = append_refused(feed_path(uri), options, appendable)
            if refused:
                return refused
    return None


def _local(uri: str) -> bool:
    scheme = uri.split(":", 1)[0] if "://" in uri or uri.startswith("file:") else ""
    return scheme in ("", "file") and uri not in ("-", "stdout:")
