"""The add-on that makes a crawl a cluster worker when REDIS_URL is set; otherwise it does nothing.

REDIS_URL comes from `-s REDIS_URL=redis://host:port/db` or the environment variable
NEWSCRAWLER_REDIS_URL. Not a bare REDIS_URL variable: one left in the environment for another
program must not silently turn every crawl into a worker of a shared frontier.

With it: SCHEDULER and DUPEFILTER_CLASS become the cluster's (scheduler.py), the seen-store lives
in Redis (state/store.py reads REDIS_URL), and WORKER_ID, when not given, becomes
`<hostname>-<pid>`, so no two workers write one file. The add-on is listed before RunFeeds in
ADDONS, because the run id takes the worker id. Redis that cannot be reached, or a worker id held
by a live worker, stops the crawl here, before any file is named.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit, urlunsplit

from redis import RedisError
from scrapy_redis.connection import get_redis_from_settings

from newscrawler.exporters.layout import worker_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

ENV_REDIS_URL = "NEWSCRAWLER_REDIS_URL"
SCHEDULER = "newscrawler.cluster.scheduler.ClusterScheduler"
DUPEFILTER = "newscrawler.cluster.scheduler.RunDupeFilter"

logger = logging.getLogger(__name__)


def redis_url(settings: BaseSettings) -> str:
    return settings.get("REDIS_URL") or os.environ.get(ENV_REDIS_URL, "")


def redacted(url: str) -> str:
    """The URL without its password, for logs and errors."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def auto_worker_id() -> str:
    """`<hostname>-<pid>`, in the characters WORKER_ID allows: unique per live process."""
    host = re.sub(r"[^A-Za-z0-9_-]+", "-", socket.gethostname()).strip("-_")[:40]
    return f"{host or 'worker'}-{os.getpid()}"


def unreachable_message(url: str, exc: Exception) -> str:
    return f"REDIS_URL {redacted(url)}: cannot reach Redis: {exc}"


def redis_unreachable(settings: BaseSettings) -> str | None:
    """Why the cluster's Redis does not answer now (one line), or None: no REDIS_URL, or it
    answers. The crawl command asks before starting, so a worker that cannot join says so in one
    line (exit code 6) rather than with the add-on's traceback."""
    url = redis_url(settings)
    if not url:
        return None
    probe = settings.copy()
    probe.set("REDIS_URL", url)
    server = get_redis_from_settings(probe)
    try:
        server.ping()
    except RedisError as exc:
        return unreachable_message(url, exc)
    finally:
        server.close()
    return None


class RedisCluster:
    """Add-on: cluster settings when REDIS_URL is set (see the module doc)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        if not settings.get("REDIS_URL"):
            settings.set("REDIS_URL", url, priority=settings.getpriority("REDIS_URL") or "addon")
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="addon")
        worker = worker_id(settings) or auto_worker_id()
        settings.set("WORKER_ID", worker, priority=settings.getpriority("WORKER_ID") or "addon")
        self._check(settings, url, worker)
        if settings.getdict("FEEDS"):
            logger.warning(
                "Worker %s writes the -o/-O feed itself: workers on one machine given the same "
                "path overwrite each other's file; without -o/-O each writes its own run files",
                worker,
            )

    def _check(self, settings: BaseSettings, url: str, worker: str) -> None:
        server = get_redis_from_settings(settings)
        try:
            seconds, micros = server.time()
            lease = server.zscore(f"{self.crawler.spidercls.name}:workers", worker)
        except RedisError as exc:
            raise ConnectionError(unreachable_message(url, exc)) from None
        finally:
            server.close()
        if lease is not None and lease > seconds * 1000 + micros // 1000:
            raise ValueError(f"WORKER_ID {worker!r} is held by a live worker of this cluster")
