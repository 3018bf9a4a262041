"""The frontier's Redis scripts against a real redis-server: runs, claims, dead workers, the end
of a run; and the Redis seen-store beside the SQLite one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from redisserver import RedisServer
from scrapy.settings import Settings

from newscrawler.cluster.frontier import Frontier, State, WorkerIdInUse
from newscrawler.state.redis_seen import RedisSeenStore
from newscrawler.state.seen import SqliteSeenStore
from newscrawler.state.store import SeenStore, open_seen_store


def frontier(server: RedisServer, worker: str, lease: float = 30.0) -> Frontier:
    return Frontier(server.client(), "s", worker, lease)


def test_the_first_worker_opens_a_run_and_the_next_joins_it(redis_server):
    a, b = frontier(redis_server, "a"), frontier(redis_server, "b")
    first, second = a.join(), b.join()
    assert first.fresh and not second.fresh
    assert first.run == second.run
    assert a.dupefilter_key == b.dupefilter_key == f"s:dupefilter:{first.run}"


def test_higher_priority_first_and_the_newest_first_within_a_priority(redis_server):
    """As Scrapy's own scheduler: a listing's next page, yielded after its articles, goes first."""
    a, b = frontier(redis_server, "a"), frontier(redis_server, "b")
    a.join()
    b.join()
    assert a.push(0, b"/news/article-1", "fp1")
    b.push(0, b"/news/article-2")
    a.push(0, b"/news?page=2")
    b.push(-1, b"retry")
    a.push(2, b"redirect")
    assert not a.push(0, b"/news/article-1-again", "fp1")  # filtered by the run's set
    assert [a.pop() for _ in range(6)] == [
        b"redirect", b"/news?page=2", b"/news/article-2", b"/news/article-1", b"retry", None,
    ]  # fmt: skip


def test_a_popped_request_stays_claimed_until_its_worker_leaves(redis_server):
    a = frontier(redis_server, "a")
    a.join()
    r = a.server
    r.zadd("s:requests", {b"low": 0, b"high": -1})
    assert a.pop() == b"high"  # scrapy-redis scores -priority: the lowest score goes first
    assert r.zrange("s:claims:a", 0, -1) == [b"high"]
    assert r.zcard("s:requests") == 1
    assert a.leave(requeue=True) == 1  # its output was lost: the request is due again
    assert r.zrange("s:requests", 0, -1, withscores=True) == [(b"high", -1.0), (b"low", 0.0)]
    assert not r.exists("s:claims:a")
    assert r.zscore("s:workers", "a") is None


def test_a_clean_leave_drops_the_claims(redis_server):
    a = frontier(redis_server, "a")
    a.join()
    a.server.zadd("s:requests", {b"r": 0})
    assert a.pop() == b"r"
    assert a.leave(requeue=False) == 0
    assert not a.server.exists("s:claims:a")
    assert a.server.zcard("s:requests") == 0


def test_a_dead_workers_claims_go_back_to_the_queue(redis_server):
    a, b = frontier(redis_server, "a", lease=0.3), frontier(redis_server, "b")
    a.join()
    b.join()
    r = b.server
    r.zadd("s:requests", {b"r1": 0, b"r2": 0})
    assert a.pop() and a.pop()
    beat = b.heartbeat(busy=False)
    assert (beat.recovered, beat.state) == (0, State.BUSY)  # a is alive and busy
    time.sleep(0.4)
    beat = b.heartbeat(busy=False)
    assert (beat.recovered, beat.state) == (2, State.BUSY)
    assert sorted(r.zrange("s:requests", 0, -1)) == [b"r1", b"r2"]
    assert r.zrange("s:workers", 0, -1) == [b"b"]


def test_the_run_ends_only_when_the_queue_is_empty_and_no_worker_is_busy(redis_server):
    a, b = frontier(redis_server, "a"), frontier(redis_server, "b")
    run = a.join().run
    b.join()
    r = a.server
    r.sadd(a.dupefilter_key, "fingerprint")
    a.idle()
    assert a.heartbeat(busy=False).state is State.BUSY  # b has not reported idle yet
    assert not a.end_run()
    b.idle()
    r.zadd("s:requests", {b"r": 0})
    assert not a.end_run()  # a request is queued
    assert b.pop() == b"r"
    assert not a.end_run()  # b is working on it
    b.idle()
    assert a.heartbeat(busy=False).state is State.QUIET
    assert a.end_run()
    assert not r.exists("s:run", f"s:dupefilter:{run}")
    r.zadd("s:requests", {b"late": 0})
    assert b.pop() is None and b.over  # a worker of an ended run takes nothing more
    assert b.heartbeat(busy=False).state is State.OVER
    c = frontier(redis_server, "c")
    joined = c.join()
    assert joined.fresh and joined.run != run


def test_a_run_whose_workers_all_died_is_replaced_and_its_leftovers_dropped(redis_server):
    a = frontier(redis_server, "a", lease=0.2)
    a.join()
    r = a.server
    r.zadd("s:requests", {b"r1": 0, b"r2": 0})
    r.sadd(a.dupefilter_key, "fingerprint")
    assert a.pop()
    time.sleep(0.3)
    b = frontier(redis_server, "b")
    joined = b.join()
    assert joined.fresh and joined.run != a.run
    assert r.zcard("s:requests") == 0
    assert not r.exists(a.dupefilter_key, "s:claims:a")
    assert r.zrange("s:workers", 0, -1) == [b"b"]


def test_a_worker_id_held_by_a_live_worker_is_refused(redis_server):
    first = frontier(redis_server, "a")
    first.join()
    with pytest.raises(WorkerIdInUse):
        frontier(redis_server, "a").join()
    first.leave(requeue=False)
    assert frontier(redis_server, "a").join().fresh  # free again; with no live worker, a new run


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SeenStore:
    if request.param == "sqlite":
        return open_seen_store(Settings({"STATE_DIR": str(tmp_path)}), "s")
    server: RedisServer = request.getfixturevalue("redis_server")
    return open_seen_store(Settings({"REDIS_URL": server.url}), "s")


def test_both_seen_stores_keep_the_same_contract(store):
    assert isinstance(store, SqliteSeenStore | RedisSeenStore)
    assert "https://x/1" not in store and len(store) == 0
    assert store.add_many([("https://x/1", "h1"), ("https://x/2", None)]) == 2
    assert "https://x/1" in store and "https://x/2" in store and "https://x/3" not in store
    assert store.add_many([("https://x/1", None), ("https://x/2", "h2")]) == 2
    assert len(store) == 2
    store.close()


def test_the_redis_seen_store_keeps_a_known_hash_when_a_new_one_is_missing(redis_server):
    store = open_seen_store(Settings({"REDIS_URL": redis_server.url}), "s")
    store.add_many([("u1", "h1"), ("u2", None)])
    store.add_many([("u1", None), ("u2", "h2")])
    assert redis_server.client().hgetall("s:seen") == {b"u1": b"h1", b"u2": b"h2"}
