"""The Redis side of a cluster crawl: one run, its workers, and what each worker has taken.

Keys, per spider (`<s>` is the spider name):

    <s>:requests           sorted set  the shared queue (scrapy-redis's PriorityQueue format)
    <s>:sequence           counter     orders pushes within a priority
    <s>:run                string      the open run's id
    <s>:dupefilter:<run>   set         fingerprints of every request scheduled in that run
    <s>:workers            sorted set  worker id -> lease expiry (ms, Redis clock)
    <s>:busy               sorted set  worker id -> busy until (ms): it holds work in progress
    <s>:claims:<worker>    sorted set  the requests a worker popped, scored like the queue
    <s>:marker             string      a token written by the first join, never deleted

A *run* lasts from the first worker's start until the frontier is drained: the queue is empty and
no worker is busy for the idle timeout. The duplicate filter is per run, so listing pages are
fetched once per run and again by the next one; articles seen in earlier runs are skipped by the
seen-store. A worker that starts while a run is open joins it (its start requests are then
duplicates, filtered); one that finds no run, or only dead workers, opens a new run and drops what
the abandoned one left (queue, filter, claims): the new run rediscovers it all.

A popped request moves from the queue into its worker's claims in one step. A worker's output is
only durable when its files are closed, so its claims are deleted then; a worker whose lease runs
out (killed, lost) has its claims put back in the queue by any live worker, and the requests it
had taken are fetched again. Every step is one Lua script: a request is marked seen in the step
that queues it, it is always in the queue or in exactly one claims set, and times come from the
Redis server's clock, never a worker's.

Redis may go away: the scheduler then waits for it, with backoff, up to REDIS_RECONNECT_TIMEOUT.
A worker that reaches it again `resume`s: leases and busy marks that ran out meanwhile get one
more lease, so that workers cut off together do not take each other for dead. A Redis that came
back without its data (no persistence, or flushed) has lost the marker, or holds another one: the
frontier is gone (FrontierGone), and a worker must not take the missing run for an ended or a
new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from secrets import token_hex

from redis import Redis

_PRELUDE = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function requeue(claims, queue)
  local items = redis.call('ZRANGE', claims, 0, -1, 'WITHSCORES')
  for i = 1, #items, 2 do
    redis.call('ZADD', queue, 'NX', items[i + 1], items[i])
  end
  redis.call('DEL', claims)
  return #items / 2
end
-- Put back the claims of every worker whose lease ran out, except `me`; forget those workers.
local function recover(workers, busy, queue, prefix, me, now)
  local n = 0
  for _, w in ipairs(redis.call('ZRANGEBYSCORE', workers, '-inf', now)) do
    if w ~= me then
      n = n + requeue(prefix .. ':claims:' .. w, queue)
      redis.call('ZREM', workers, w)
      redis.call('ZREM', busy, w)
    end
  end
  return n
end
local function quiet(queue, busy, now)
  return redis.call('ZCARD', queue) == 0 and redis.call('ZCOUNT', busy, '(' .. now, '+inf') == 0
end
"""

# KEYS run workers busy queue marker; ARGV worker ttl_ms candidate_run prefix candidate_marker
_JOIN = """
local now = now_ms()
redis.call('SET', KEYS[5], ARGV[5], 'NX')
local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
if lease and tonumber(lease) > now then return {'in_use', 0, 0, ''} end
redis.call('ZREM', KEYS[2], ARGV[1])
local recovered = recover(KEYS[2], KEYS[3], KEYS[4], ARGV[4], ARGV[1], now)
recovered = recovered + requeue(ARGV[4] .. ':claims:' .. ARGV[1], KEYS[4])
local run = redis.call('GET', KEYS[1])
local fresh = 0
if (not run) or redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') == 0 then
  if run then redis.call('DEL', ARGV[4] .. ':dupefilter:' .. run) end
  redis.call('DEL', KEYS[4])
  run = ARGV[3]
  redis.call('SET', KEYS[1], run)
  fresh = 1
  recovered = 0
end
redis.call('ZADD', KEYS[2], now + ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], now + ARGV[2], ARGV[1])
return {run, fresh, recovered, redis.call('GET', KEYS[5])}
"""

# KEYS queue sequence dupefilter marker; ARGV priority data fingerprint ('' = not filtered) marker.
# 2^40 pushes fit below one priority step; '%.0f' keeps the score exact (Lua's tostring keeps 14
# digits).
_PUSH = """
if redis.call('GET', KEYS[4]) ~= ARGV[4] then return -1 end
if ARGV[3] ~= '' and redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return 0 end
local seq = redis.call('INCR', KEYS[2])
local score = -tonumber(ARGV[1]) * 1099511627776 - seq
redis.call('ZADD', KEYS[1], string.format('%.0f', score), ARGV[2])
return 1
"""

# KEYS run queue claims busy; ARGV run worker ttl_ms
_POP = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0} end
local got = redis.call('ZPOPMIN', KEYS[2])
if #got == 0 then return {1} end
redis.call('ZADD', KEYS[3], got[2], got[1])
redis.call('ZADD', KEYS[4], now_ms() + ARGV[3], ARGV[2])
return {2, got[1]}
"""

# KEYS run workers busy queue marker; ARGV run worker ttl_ms busy prefix marker
_HEARTBEAT = """
if redis.call('GET', KEYS[5]) ~= ARGV[6] then return {0, 'gone', 0} end
local now = now_ms()
local recovered = recover(KEYS[2], KEYS[3], KEYS[4], ARGV[5], ARGV[2], now)
redis.call('ZADD', KEYS[2], now + ARGV[3], ARGV[2])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[3], now + ARGV[3], ARGV[2]) end
local state = 'busy'
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  state = 'over'
elseif quiet(KEYS[4], KEYS[3], now) then
  state = 'quiet'
end
return {recovered, state, redis.call('ZCARD', KEYS[4])}
"""

# KEYS run queue busy; ARGV run prefix
_END = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 1 end
if not quiet(KEYS[2], KEYS[3], now_ms()) then return 0 end
redis.call('DEL', KEYS[1], ARGV[2] .. ':dupefilter:' .. ARGV[1])
return 1
"""

# KEYS marker workers busy; ARGV marker worker ttl_ms. -1: the frontier is gone; else whether this
# worker still held its lease (0: another worker took it for dead and requeued its claims).
_RESUME = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local now = now_ms()
local held = redis.call('ZSCORE', KEYS[2], ARGV[2]) and 1 or 0
for _, key in ipairs({KEYS[2], KEYS[3]}) do
  for _, w in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', now)) do
    redis.call('ZADD', key, now + ARGV[3], w)
  end
end
return held
"""

# KEYS workers busy claims queue; ARGV worker requeue
_LEAVE = """
local n = 0
if ARGV[2] == '1' then n = requeue(KEYS[3], KEYS[4]) else redis.call('DEL', KEYS[3]) end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return n
"""


class WorkerIdInUse(Exception):
    """Another live worker holds this worker id: two processes would write the same files."""


class FrontierGone(Exception):
    """Redis no longer holds this cluster's frontier: it came back empty (restarted without
    persistence) or was flushed. The run's queue, filter and claims are lost."""


class State(Enum):
    """What the cluster is doing, as one heartbeat saw it."""

    BUSY = "busy"
    """Requests are queued, or some worker holds work in progress."""
    QUIET = "quiet"
    """The queue is empty and no worker is busy."""
    OVER = "over"
    """The run this worker joined has ended (or was replaced after its workers died)."""


@dataclass(frozen=True)
class Joined:
    run: str
    fresh: bool
    """Whether this worker opened the run."""
    recovered: int
    """Requests of dead workers put back in the queue."""


@dataclass(frozen=True)
class Beat:
    state: State
    recovered: int
    queued: int


class Frontier:
    """One worker's handle on the shared frontier of `spider` (see the module doc)."""

    def __init__(self, server: Redis, spider: str, worker: str, lease: float) -> None:
        self.server = server
        self.prefix = spider
        self.worker = worker
        self.lease_ms = max(1, round(lease * 1000))
        self.queue_key = f"{spider}:requests"
        self.run_key = f"{spider}:run"
        self.workers_key = f"{spider}:workers"
        self.busy_key = f"{spider}:busy"
        self.claims_key = f"{spider}:claims:{worker}"
        self.sequence_key = f"{spider}:sequence"
        self.marker_key = f"{spider}:marker"
        self.run = ""
        self.marker = ""
        self.over = False
        """Whether the run this worker joined is known to have ended."""
        self._join = server.register_script(_PRELUDE + _JOIN)
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_PRELUDE + _POP)
        self._heartbeat = server.register_script(_PRELUDE + _HEARTBEAT)
        self._end = server.register_script(_PRELUDE + _END)
        self._leave = server.register_script(_PRELUDE + _LEAVE)
        self._resume = server.register_script(_PRELUDE + _RESUME)

    @property
    def dupefilter_key(self) -> str:
        return f"{self.prefix}:dupefilter:{self.run}"

    def join(self) -> Joined:
        """Join the open run, or open one; the worker counts as busy until its first `idle()`."""
        candidate = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + token_hex(4)
        keys = [self.run_key, self.workers_key, self.busy_key, self.queue_key, self.marker_key]
        args = [self.worker, self.lease_ms, candidate, self.prefix, token_hex(8)]
        run, fresh, recovered, marker = self._join(keys=keys, args=args)
        if run == b"in_use":
            raise WorkerIdInUse(self.worker)
        self.run = run.decode()
        self.marker = marker.decode()
        return Joined(self.run, bool(fresh), int(recovered))

    def push(self, priority: int, data: bytes, fingerprint: str = "") -> bool:
        """Queue an encoded request unless its fingerprint is already in the run's filter; both
        in one step, so a request is never marked seen without being queued. Higher priority
        first, and within a priority the newest first, cluster-wide (a shared counter)."""
        keys = [self.queue_key, self.sequence_key, self.dupefilter_key, self.marker_key]
        queued = self._push(keys=keys, args=[priority, data, fingerprint, self.marker])
        if queued == -1:
            raise FrontierGone(self.marker_key)
        return bool(queued)

    def pop(self) -> bytes | None:
        """The next request (encoded), now claimed by this worker; None when the queue is empty
        or the run is over."""
        keys = [self.run_key, self.queue_key, self.claims_key, self.busy_key]
        reply = self._pop(keys=keys, args=[self.run, self.worker, self.lease_ms])
        self.over = self.over or reply[0] == 0
        return reply[1] if reply[0] == 2 else None

    def heartbeat(self, busy: bool) -> Beat:
        """Renew this worker's lease (and busy mark), recover dead workers' claims, and say what
        the cluster is doing."""
        keys = [self.run_key, self.workers_key, self.busy_key, self.queue_key, self.marker_key]
        args = [self.run, self.worker, self.lease_ms, int(busy), self.prefix, self.marker]
        recovered, state, queued = self._heartbeat(keys=keys, args=args)
        if state == b"gone":
            raise FrontierGone(self.marker_key)
        beat = Beat(State(state.decode()), int(recovered), int(queued))
        self.over = self.over or beat.state is State.OVER
        return beat

    def resume(self) -> bool:
        """After Redis was unreachable: give every lease and busy mark that ran out meanwhile one
        more lease (see the module doc). False when this worker's own lease was gone: another
        worker took it for dead and put its claims back in the queue."""
        keys = [self.marker_key, self.workers_key, self.busy_key]
        held = self._resume(keys=keys, args=[self.marker, self.worker, self.lease_ms])
        if held == -1:
            raise FrontierGone(self.marker_key)
        return bool(held)

    def idle(self) -> None:
        """This worker has nothing in progress."""
        self.server.zrem(self.busy_key, self.worker)

    def end_run(self) -> bool:
        """End the run if the cluster is still quiet: later workers open a new one. True when the
        run is over (ended now or before), False when work came back."""
        keys = [self.run_key, self.queue_key, self.busy_key]
        return bool(self._end(keys=keys, args=[self.run, self.prefix]))

    def leave(self, *, requeue: bool) -> int:
        """Deregister. With `requeue`, this worker's claims go back to the queue (its output was
        lost); without, they are done and dropped. Returns how many were put back."""
        keys = [self.workers_key, self.busy_key, self.claims_key, self.queue_key]
        return int(self._leave(keys=keys, args=[self.worker, int(requeue)]))

    def queued(self) -> int:
        return int(self.server.zcard(self.queue_key))
