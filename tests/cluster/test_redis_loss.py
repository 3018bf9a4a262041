"""Redis lost under a cluster crawl: a worker waits REDIS_RECONNECT_TIMEOUT for it, takes up again
if it comes back with its data, and otherwise stops with exit code 6, its files stored and its
claims left for the next worker; a Redis back without its data is noticed. Real workers against a
real redis-server, SIGKILLed mid-crawl; and the frontier's and the seen-store's side in process."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakesite import FakeSite
from redisserver import RedisServer
from test_cluster_crawl import Worker, exported, stat
from test_frontier import frontier

from newscrawler.cluster.frontier import FrontierGone
from newscrawler.ops.exitcodes import REDIS_LOST
from newscrawler.state.redis_seen import RedisSeenStore, StoreUnavailable


def slow_site(articles: int = 30) -> FakeSite:
    """Article pages slow enough for a kill to land mid-crawl."""
    site = FakeSite(articles, page_size=10)
    site.faults.slow |= {a.path for a in site.articles}
    site.faults.slow_seconds = 0.3
    return site


@pytest.fixture
def spawned() -> Iterator[list[Worker]]:
    """The workers a test starts; any still running when it ends (it failed) is killed."""
    workers: list[Worker] = []
    yield workers
    for worker in workers:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait(10)


def start_workers(
    spawned: list[Worker],
    work: Path,
    redis: RedisServer,
    site: FakeSite,
    *args: str,
    names: str = "ab",
) -> list[Worker]:
    started = [
        Worker(work, redis, "-a", f"base_url={site.base_url}", *args, "-s", f"WORKER_ID={name}")
        for name in names
    ]
    spawned += started
    return started


def window(seconds: float) -> tuple[str, str]:
    return "-s", f"REDIS_RECONNECT_TIMEOUT={seconds}"


def kill_midway(redis: RedisServer, site: FakeSite, workers: list[Worker]) -> None:
    """SIGKILL Redis once every worker has opened (read its seen-store from Redis) and a third of
    the articles are fetched: on a loaded machine one worker may fetch a third while another is
    still starting, and a worker that meets the loss before it opens never crawls."""
    wait_for(workers, "mailkz:seen holds ")
    deadline = time.monotonic() + 60
    while sum(site.article_fetches().values()) < len(site.articles) // 3:
        assert time.monotonic() < deadline, "the crawl did not start"
        time.sleep(0.02)
    redis.stop()


def wait_for(workers: list[Worker], text: str) -> None:
    deadline = time.monotonic() + 60
    while not all(text in w.log_path.read_text("utf-8") for w in workers):
        assert time.monotonic() < deadline, f"not every worker logged {text!r}"
        time.sleep(0.1)


def before_close(log: str) -> str:
    """The log up to the spider's close: where a loop of Redis tracebacks used to be."""
    return log[: log.index("Closing spider")]


def test_a_redis_back_from_its_append_only_file_in_time_costs_nothing(tmp_path, spawned):
    """Redis goes down for longer than a lease (REDIS_WORKER_TTL=4 here: the time the other worker
    has to be heard from once the first is back, though the other test process holds a core), so
    the first worker back must not take the other for dead, and while the second listing page is
    on its way (listings take 3 s), so its links wait in a worker until Redis is back. Stopped once
    both workers have opened and that page is asked for, not at a fixed time after the first: a
    worker short of CPU may not have asked for it yet, or still be opening (it then meets the loss
    reading its seen-store, not in its scheduler)."""
    with (
        RedisServer(tmp_path / "redis", appendonly=True) as redis,
        FakeSite(30, page_size=10) as site,
    ):
        site.faults.slow |= {"/ru/news", "/kz/news"}
        site.faults.slow_seconds = 3.0
        lease = ("-s", "REDIS_WORKER_TTL=4")
        workers = start_workers(spawned, tmp_path, redis, site, *window(30), *lease)
        wait_for(workers, "mailkz:seen holds ")
        deadline = time.monotonic() + 60
        while not any(path.startswith("/ru/news?page=") for path in site.received):
            assert time.monotonic() < deadline, "the crawl did not ask for a second listing page"
            time.sleep(0.01)
        redis.stop()  # the page is answered in 3 s
        time.sleep(5)
        redis.start()
        logs = [w.finish(90) for w in workers]
        for worker, log in zip(workers, logs, strict=True):
            assert worker.proc.returncode == 0, log
            assert "'finish_reason': 'finished'" in log
            assert log.count("Lost Redis at") == 1 and log.count("is back after") == 1, log
            assert "Traceback" not in log
            assert stat(log, "cluster/recovered") == 0
        kept = [int(n) for log in logs for n in re.findall(r"queueing the (\d+) requests", log)]
        assert sum(kept) >= 10  # the second listing page's articles
        urls = exported(tmp_path)
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # each exactly once


def test_workers_stop_when_redis_is_not_back_in_time_and_leave_their_claims(tmp_path, spawned):
    """Redis comes back (from its append-only file) only after both workers gave up: they stop
    with exit code 6, their files stored and recorded, their claims still in Redis; the next
    worker crawls what they did not export."""
    with RedisServer(tmp_path / "redis", appendonly=True) as redis, slow_site() as site:
        workers = start_workers(spawned, tmp_path, redis, site, *window(4))
        kill_midway(redis, site, workers)
        wait_for(workers, "stopped; ")
        redis.start()  # in time for the seen-store's write, which waits as long again
        logs = [w.finish(90) for w in workers]
        client = redis.client()
        for name, worker, log in zip("ab", workers, logs, strict=True):
            assert worker.proc.returncode == REDIS_LOST, log
            assert "'finish_reason': 'redis_lost'" in log
            assert log.count("Lost Redis at") == 1
            assert "Traceback" not in before_close(log)
            line = re.search(
                rf"ERROR: lost Redis at {re.escape(redis.url)} for 4 s; stopped; (\d+) requests "
                "stay claimed for the next worker",
                log,
            )
            assert line, log
            assert client.zcard(f"mailkz:claims:{name}") == int(line[1]) > 0
        done = exported(tmp_path)
        assert 0 < len(done) == len(set(done)) < len(site.articles)
        assert client.hlen("mailkz:seen") == len(done)

        site.faults.slow.clear()
        (later,) = start_workers(spawned, tmp_path, redis, site, names="c")
        log = later.finish(60)
        assert later.proc.returncode == 0, log
        urls = exported(tmp_path)
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # each exactly once


def test_a_redis_back_empty_is_not_taken_for_the_end_of_the_run(tmp_path, spawned):
    """Without persistence Redis comes back with no run: that must stop the workers (exit 6),
    not end them as finished."""
    with RedisServer(tmp_path / "redis") as redis, slow_site() as site:
        workers = start_workers(spawned, tmp_path, redis, site, *window(30))
        kill_midway(redis, site, workers)
        redis.start()
        for worker in workers:
            log = worker.finish(60)
            assert worker.proc.returncode == REDIS_LOST, log
            assert "'finish_reason': 'redis_lost'" in log
            assert re.search(
                rf"ERROR: Redis at {re.escape(redis.url)} came back empty \(no persistence\?\)", log
            ), log
        assert exported(tmp_path)  # what they fetched is stored


def test_workers_stop_by_themselves_when_redis_never_comes_back(tmp_path, spawned):
    """Within 2 minutes, exit code 6: the frontier and the seen-store's write at the end each
    wait REDIS_RECONNECT_TIMEOUT (5 s here), then give up with one line."""
    with RedisServer(tmp_path / "redis", appendonly=True) as redis, slow_site() as site:
        workers = start_workers(spawned, tmp_path, redis, site, *window(5))
        kill_midway(redis, site, workers)
        killed = time.monotonic()
        logs = [w.finish(120 - (time.monotonic() - killed)) for w in workers]
        for worker, log in zip(workers, logs, strict=True):
            assert worker.proc.returncode == REDIS_LOST, log
            assert "Traceback" not in before_close(log)
            assert "articles stay unrecorded; the next run reads them" in log
        assert exported(tmp_path)


def test_the_first_worker_back_gives_the_others_one_more_lease(redis_server):
    """Leases run out while Redis is away, for every worker at once; whoever resumes first must not
    put the others' claims back in the queue. A worker really taken for dead learns it."""
    a, b = frontier(redis_server, "a", lease=0.3), frontier(redis_server, "b", lease=0.3)
    a.join()
    b.join()
    a.server.zadd("s:requests", {b"r": 0})
    assert a.pop() == b"r"
    time.sleep(0.4)  # as if Redis was away
    assert b.resume()
    assert b.heartbeat(busy=False).recovered == 0
    assert a.resume() and a.server.zrange("s:claims:a", 0, -1) == [b"r"]
    time.sleep(0.4)
    assert b.heartbeat(busy=False).recovered == 1  # a stayed silent: now it is dead
    assert not a.resume()


def test_a_frontier_lost_by_redis_is_gone_not_over(redis_server):
    a = frontier(redis_server, "a")
    a.join()
    a.server.flushall()
    for call in (lambda: a.heartbeat(busy=True), lambda: a.push(0, b"r", "fp"), a.resume):
        with pytest.raises(FrontierGone):
            call()
    assert not a.server.exists("s:requests")
    assert frontier(redis_server, "b").join().fresh  # a new run, with a marker of its own
    with pytest.raises(FrontierGone):
        a.heartbeat(busy=True)


def test_the_seen_store_waits_for_redis_and_then_says_what_it_could_not_record(redis_server):
    store = RedisSeenStore(redis_server.client(), "s:seen", "here", reconnect_timeout=10)
    redis_server.stop()
    started = time.monotonic()
    assert "u1" not in store  # a check during the crawl does not wait
    assert time.monotonic() - started < 1
    back = threading.Timer(0.5, redis_server.start)
    back.start()
    try:
        assert store.add_many([("u1", "h1")], {"runs/x.jsonl": "1:2"}) == 1
    finally:
        back.join()
    assert "u1" in store and store.absorbed() == {"runs/x.jsonl": "1:2"}
    store.clear()
    assert len(store) == 0 and store.absorbed() == {}
    redis_server.stop()
    store.reconnect_timeout = 1
    with pytest.raises(StoreUnavailable) as caught:
        store.add_many([("u2", "h2"), ("u3", None)])
    assert str(caught.value).startswith("seen-store here unreachable for 1 s (Error 111 ")
    assert str(caught.value).endswith(
        ": 2 articles stay unrecorded; the next run reads them from this run's files, "
        "or fetches them again"
    )
    with pytest.raises(StoreUnavailable):
        len(store)
