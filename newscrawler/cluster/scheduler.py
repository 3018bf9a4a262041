"""scrapy-redis's scheduler, queue and duplicate filter for a cluster of `scrapy crawl` workers.

What comes from scrapy-redis 0.9.1 as is: the Redis connection (REDIS_URL, REDIS_PARAMS), the
queue format (PriorityQueue: a sorted set of serialized `Request.to_dict`, SCHEDULER_SERIALIZER,
pickle by default), the request fingerprint and the filter's set, and the scheduler's length and
pending checks. What is changed, and why:

- Stats: scrapy-redis calls `stats.inc_value(..., spider=...)`, deprecated in Scrapy 2.19 (a
  warning per call site, and the argument is to be removed); counted here without it.
- `close` keeps the queue and the filter (scrapy-redis flushes both unless SCHEDULER_PERSIST): they
  belong to the cluster, and the first worker to finish would wipe the others' frontier.
- The filter's key is the run's (`<spider>:dupefilter:<run>`, frontier.py), not the spider's: with
  scrapy-redis's persistent key a listing page would never be fetched again, and new articles
  appear on listings. Within a run each request is scheduled once in the whole cluster; across
  runs articles are skipped by the seen-store (state/), listings are fetched again.
- A request is marked seen in the same Redis step that queues it (scrapy-redis: two steps, and a
  worker killed between them leaves a request seen but never fetched).
- `pop` moves the request into this worker's claims (frontier.py): a killed worker's requests go
  back to the queue instead of being lost.
- Newest first within a priority, as Scrapy's own scheduler (ClusterQueue says why).
- Idle stop: scrapy-redis's workers wait forever for more requests. Here a heartbeat renews the
  worker's lease and, once the queue is empty and no worker has been busy for REDIS_IDLE_TIMEOUT
  seconds, ends the run and closes the spider, so cron and batch jobs end. The same heartbeat
  wakes an idle worker's engine when requests are queued (`wake_engine`).
- Redis lost: scrapy-redis lets each Redis error escape into the engine, a traceback per call for
  as long as Redis is away, and never ends. Here the worker takes no new requests, keeps the ones
  its pages yield, and retries with backoff for REDIS_RECONNECT_TIMEOUT seconds; when Redis is
  back it queues what it kept and goes on. Otherwise, or when Redis came back without its data
  (frontier.py), it reports the fault "redis" (exit code 6) and closes the spider: its files are
  stored, and its claims stay in Redis, for a live worker to put back in the queue once its lease
  has run out. They must: the links its pages yielded meanwhile were never queued.
- WARC replay requests carry `dont_filter`; in a cluster they are filtered anyway, by their
  record (file, offset), so each record is replayed by one worker although every worker walks
  the archive (which must be at the same path on every machine).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import time
from collections import deque
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Self

from redis import Redis, RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawler.cluster.addon import redacted
from newscrawler.cluster.frontier import Frontier, FrontierGone, State, WorkerIdInUse
from newscrawler.meta import WARC_RECORD
from newscrawler.ops.faults import report_fault

logger = logging.getLogger(__name__)


class RunDupeFilter(RFPDupeFilter):
    """scrapy-redis's filter on the run's key; counts what it drops; replay records by place.

    The scheduler adds a fingerprint to the set in the same Redis step that queues the request
    (frontier.push), not through `request_seen`: a worker killed between the two would leave a
    request marked seen that nobody will ever fetch.
    """

    def __init__(
        self, server: Redis, key: str, debug: bool = False, stats: StatsCollector | None = None
    ) -> None:
        super().__init__(server, key, debug)
        self.stats = stats

    def request_fingerprint(self, request: Request) -> str:
        ref = request.meta.get(WARC_RECORD)
        if ref is None:
            return super().request_fingerprint(request)
        return hashlib.sha1(f"warc\0{ref.path}\0{ref.offset}".encode()).hexdigest()

    def log(self, request: Request, spider: Spider) -> None:
        if self.stats is not None:
            self.stats.inc_value("dupefilter/filtered")
        super().log(request, spider)


@dataclass
class Outage:
    """Redis unreachable since `since` (time.monotonic); the next try at `retry_at`."""

    since: float
    retry_at: float
    delay: float


class ClusterQueue(PriorityQueue):
    """scrapy-redis's priority queue, newest first within a priority, whose pop also claims the
    request for this worker.

    scrapy-redis scores a request by its priority alone, so equal priorities come out in the
    order of their serialized bytes, which begin with the URL: on mail.kz every article sorts
    before the next listing page (`/news/x` < `/news?page=2`), discovery waits until the queue
    is drained, and workers idle. Scrapy's own scheduler is last-in first-out within a priority,
    which sends the next listing page (yielded after its articles) first; so is this queue.
    """

    def __init__(self, frontier: Frontier, spider: Spider, serializer: ModuleType | None) -> None:
        super().__init__(frontier.server, spider, frontier.queue_key, serializer)
        self.frontier = frontier

    def push(self, request: Request, fingerprint: str = "") -> bool:
        """Queue the request unless `fingerprint` is in the run's filter (frontier.push)."""
        return self.frontier.push(request.priority, self._encode_request(request), fingerprint)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self.frontier.pop()
        return None if data is None else self._decode_request(data)


class ClusterScheduler(Scheduler):
    """The scheduler of one worker of a cluster (see the module doc)."""

    def __init__(self, crawler: Crawler, server: Redis) -> None:
        settings = crawler.settings
        serializer = settings.get("SCHEDULER_SERIALIZER")
        super().__init__(
            server,
            persist=True,
            serializer=importlib.import_module(serializer) if serializer else None,
        )
        self.crawler = crawler
        self.stats = crawler.stats
        self.worker: str = settings["WORKER_ID"]
        self.lease = settings.getfloat("REDIS_WORKER_TTL")
        self.idle_timeout = settings.getfloat("REDIS_IDLE_TIMEOUT")
        self.reconnect_timeout = settings.getfloat("REDIS_RECONNECT_TIMEOUT")
        self.url = redacted(settings["REDIS_URL"])
        self.debug = settings.getbool("DUPEFILTER_DEBUG")
        self.frontier = Frontier(server, crawler.spidercls.name, self.worker, self.lease)
        self.joined = False
        self.busy = True  # until the engine first reports idle: start() may still be seeding
        self.leaving = False
        self.quiet_since: float | None = None
        self.interval = min(1.0, self.lease / 3)
        self.outage: Outage | None = None
        self.redis_lost = False
        """Stopped for Redis: the claims stay for the next worker."""
        self.claimed = 0
        """Requests this worker popped (and holds in its claims) since it joined."""
        self.unqueued: deque[tuple[Request, str]] = deque()
        """Requests (with their fingerprint) scheduled while Redis was away."""
        self.heartbeat = create_looping_call(self.beat)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        server = get_redis_from_settings(crawler.settings)
        server.ping()
        return cls(crawler, server)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        try:
            joined = self.frontier.join()
        except WorkerIdInUse:
            logger.error("Worker id %s is held by a live worker; not starting", self.worker)
            raise CloseSpider("worker_id_in_use") from None
        self.joined = True
        self.queue = ClusterQueue(self.frontier, spider, self.serializer)
        self.df = RunDupeFilter(self.server, self.frontier.dupefilter_key, self.debug, self.stats)
        self.stats.set_value("cluster/worker", self.worker)
        self.stats.set_value("cluster/run", joined.run)
        if joined.recovered:
            self.stats.inc_value("cluster/recovered", joined.recovered)
        logger.info(
            "Worker %s %s run %s (%d requests queued)",
            self.worker, "opened" if joined.fresh else "joined", joined.run, len(self.queue),
        )  # fmt: skip
        self.heartbeat.start(self.interval, now=False)

    def close(self, reason: str) -> None:
        """Keep the queue and the filter: they are the cluster's (see the module doc)."""

    def enqueue_request(self, request: Request) -> bool:
        filtered = not request.dont_filter or WARC_RECORD in request.meta
        fingerprint = self.df.request_fingerprint(request) if filtered else ""
        if self.outage is None and not self.redis_lost:
            try:
                return self.push(request, fingerprint)
            except RedisError as exc:
                self.lost(exc)
            except FrontierGone:
                pass  # the next heartbeat finds it too, and stops the worker
        self.unqueued.append((request, fingerprint))
        return True

    def push(self, request: Request, fingerprint: str) -> bool:
        if not self.queue.push(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.leaving or self.outage is not None:
            return None
        try:
            request = self.queue.pop()
        except RedisError as exc:
            self.lost(exc)
            return None
        if request is not None:
            self.busy = True
            self.claimed += 1
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self.leaving or self.outage is not None or self.frontier.over:
            return False
        try:
            return len(self) > 0
        except RedisError as exc:
            self.lost(exc)
            return False

    def spider_idle(self) -> None:
        """Nothing in progress here: drop the busy mark, and stay open until the heartbeat finds
        the whole cluster idle long enough. While Redis is away the mark stays: it is what keeps
        the others from ending the run before this worker has queued what it kept."""
        if self.busy and self.outage is None and not self.redis_lost:
            try:
                self.frontier.idle()
                self.busy = False
            except RedisError as exc:
                self.lost(exc)
        if not self.leaving:
            raise DontCloseSpider

    def beat(self) -> None:
        if self.redis_lost:
            return
        try:
            if self.outage is not None:
                self.reconnect()
            else:
                self.renew()
        except FrontierGone:
            self.gone()
        except RedisError as exc:
            self.lost(exc)

    def lost(self, exc: RedisError) -> None:
        """Redis stopped answering: take no new requests until `reconnect` reaches it."""
        now = time.monotonic()
        self.outage = Outage(since=now, retry_at=now + self.interval, delay=self.interval)
        self.stats.inc_value("cluster/redis_outages")
        logger.warning(
            "Lost Redis at %s (%s): taking no new requests, retrying for up to %.0f s",
            self.url, exc, self.reconnect_timeout,
        )  # fmt: skip

    def reconnect(self) -> None:
        """Try Redis again, at doubling intervals (at most a third of the lease, so that the
        others' leases, renewed by the first worker back, do not run out before this one tries);
        stop when REDIS_RECONNECT_TIMEOUT has passed."""
        assert self.outage is not None
        now = time.monotonic()
        if now < self.outage.retry_at:
            return
        try:
            held = self.frontier.resume()
        except RedisError as exc:
            if now - self.outage.since >= self.reconnect_timeout:
                self.give_up(exc)
                return
            self.outage.delay = min(2 * self.outage.delay, 5.0, self.lease / 3)
            deadline = self.outage.since + self.reconnect_timeout
            self.outage.retry_at = min(now + self.outage.delay, deadline)
            return
        since, self.outage = self.outage.since, None
        logger.info(
            "Redis at %s is back after %.1f s; queueing the %d requests found meanwhile",
            self.url, now - since, len(self.unqueued),
        )  # fmt: skip
        if not held:
            logger.warning(
                "Worker %s was taken for dead while Redis was away: its %d claimed requests went "
                "back in the queue, and those already done may be exported twice",
                self.worker, self.claimed,
            )  # fmt: skip
            self.claimed = 0
        while self.unqueued:
            self.push(*self.unqueued[0])
            self.unqueued.popleft()
        self.wake_engine()

    def give_up(self, exc: RedisError) -> None:
        """Redis stayed away for REDIS_RECONNECT_TIMEOUT seconds."""
        message = (
            f"lost Redis at {self.url} for {self.reconnect_timeout:.0f} s; stopped; "
            f"{self.claimed} requests stay claimed for the next worker"
        )
        if self.unqueued:
            message += f" (and the {len(self.unqueued)} requests their pages yielded meanwhile)"
        self.stop_for_redis(message, exc)

    def gone(self) -> None:
        """Redis answers, without the frontier: going on would take it for an ended run."""
        self.stop_for_redis(
            f"Redis at {self.url} came back empty (no persistence?): the run's queue, filter and "
            "claims are gone; stopped"
        )

    def stop_for_redis(self, message: str, exc: BaseException | None = None) -> None:
        """Close the spider (its files are stored), touch Redis no more: the claims stay."""
        self.redis_lost = True
        self.leaving = True
        report_fault(self.stats, "redis", message, exc)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_lost"))

    def renew(self) -> None:
        beat = self.frontier.heartbeat(self.busy)
        if beat.recovered:
            self.stats.inc_value("cluster/recovered", beat.recovered)
            logger.warning("Put %d requests of dead workers back in the queue", beat.recovered)
        if self.leaving or self.busy or beat.state is State.BUSY:
            self.quiet_since = None
            if not self.leaving and not self.busy and beat.queued:
                self.wake_engine()
            return
        if beat.state is State.QUIET:
            now = time.monotonic()
            if self.quiet_since is None:
                self.quiet_since = now
            if now - self.quiet_since < self.idle_timeout:
                return
            if not self.frontier.end_run():
                self.quiet_since = None
                return
        self.leaving = True
        if beat.state is State.OVER:
            logger.info("Run %s is over: closing", self.frontier.run)
        else:
            logger.info("Frontier drained and idle for %.0f s: closing", self.idle_timeout)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="finished"))

    def wake_engine(self) -> None:
        """Have the engine ask for requests now: it polls an idle scheduler only every 5 s, and an
        idle worker would sit out the start of a crawl while another one drains the queue. The
        engine's `_slot.nextcall` is private in Scrapy 2.19 (the two-worker crawl test fails if it
        moves); Scrapy's own `engine.crawl` calls it after scheduling a request."""
        slot = self.crawler.engine._slot
        if slot is not None:
            slot.nextcall.schedule()

    def engine_stopped(self) -> None:
        """Leave the cluster. Feeds are closed by now: if one failed to store, this worker's
        claims go back to the queue, since their items are lost. A worker stopped for Redis
        leaves its claims (see the module doc)."""
        if self.heartbeat.running:
            self.heartbeat.stop()
        if not self.joined or self.redis_lost:
            return
        stats: dict[str, Any] = self.stats.get_stats()
        failed = any(k.startswith("feedexport/failed_count/") and v for k, v in stats.items())
        try:
            put_back = self.frontier.leave(requeue=failed)
        except RedisError as exc:
            logger.warning(
                "Could not leave the cluster (Redis at %s: %s): this worker's %d claimed requests "
                "stay, for a live worker to fetch again",
                self.url, exc, self.claimed,
            )  # fmt: skip
            return
        if put_back:
            logger.error("%d requests put back in the queue: this worker's feeds failed", put_back)
