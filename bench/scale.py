"""Scaling out on Redis: articles per second with 1, 2 and 4 workers, and Redis memory per 100k.

`make bench-scale` (`python -m bench.scale`; `--small` for a smoke run in seconds). Each round
starts a fresh redis-server and N real `scrapy crawl mailkz` workers at once against the fake
mail.kz (tests/fakesite, in this process) as a backfill sees it: its sitemap lists every article, so
the frontier has a backlog from the start, and politeness is off, so extraction (CPU), not waiting,
is the limit. A round is timed from the launch until the site has served every article page (polled
every 20 ms), and checked: every article exported exactly once, every worker exited on its own. For
comparison, the same N processes as independent crawls without Redis (each fetching every article):
what the machine gives N processes, the ceiling for the cluster. Each figure is the best of --rounds
rounds: the machine may be shared, and others' load only ever slows a round down.

Memory: into an empty redis-server go 100,000 article requests as the queue holds them (pickled
`Request.to_dict`, as scrapy-redis stores them), their fingerprints in the run's duplicate filter,
and 100,000 seen-store entries (url -> content hash); the figure is the growth of used_memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scrapy import Request

from newscrawler.cluster.frontier import Frontier
from newscrawler.cluster.scheduler import ClusterQueue, RunDupeFilter
from newscrawler.meta import ARTICLE
from newscrawler.spiders.sources import MailkzSpider
from newscrawler.state.redis_seen import RedisSeenStore
from tests.fakesite import FakeSite
from tests.redisserver import RedisServer

ROOT = Path(__file__).resolve().parent.parent
UNPOLITE = [
    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO", "-s", "REDIS_IDLE_TIMEOUT=2",
]  # fmt: skip


def crawl_command(site: FakeSite, out: Path, redis_url: str) -> list[str]:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "mailkz", "-a", f"base_url={site.base_url}",
        "-s", f"DATASET_DIR={out / 'datasets'}", "-s", f"STATE_DIR={out / 'state'}", *UNPOLITE,
    ]  # fmt: skip
    return [*cmd, "-s", f"REDIS_URL={redis_url}"] if redis_url else cmd


def crawl_round(site: FakeSite, workers: int, work: Path, *, cluster: bool) -> dict[str, Any]:
    """`workers` processes at once: a cluster sharing one frontier (each article once in all),
    or independent crawls without Redis (each fetches every article: the machine's ceiling)."""
    site.reset_log()
    articles = len(site.articles)
    total = articles if cluster else articles * workers
    with RedisServer(work / "redis") as redis:
        outs = [work] * workers if cluster else [work / str(i) for i in range(workers)]
        cmds = [crawl_command(site, out, redis.url if cluster else "") for out in outs]
        cpu_before = os.times()
        began = time.perf_counter()
        logs = [(work / f"worker-{i}.log").open("wb") for i in range(workers)]
        procs = [
            subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            for cmd, log in zip(cmds, logs, strict=True)
        ]
        first = done = 0.0
        while done == 0.0:
            fetched = sum(site.article_fetches().values())
            now = time.perf_counter() - began
            if fetched and not first:
                first = now
            if fetched >= total:
                done = now
            if any(p.poll() is not None for p in procs) and fetched < total:
                raise RuntimeError(f"a worker exited after {fetched}/{total} articles; see {work}")
            time.sleep(0.02)
        for proc, log in zip(procs, logs, strict=True):
            proc.wait(120)
            log.close()
            if proc.returncode:
                raise RuntimeError(f"a worker failed; see {log.name}")
        exited = time.perf_counter() - began
        cpu = os.times()
    workers_cpu = (
        cpu.children_user
        + cpu.children_system
        - cpu_before.children_user
        - cpu_before.children_system
    )
    expected = sorted(site.url(a) for a in site.articles)
    for out in set(outs):
        urls = [
            json.loads(line)["url"]
            for path in (out / "datasets" / "mailkz" / "runs").glob("*.jsonl")
            for line in path.read_text("utf-8").splitlines()
        ]
        if sorted(urls) != expected:
            raise RuntimeError(f"{len(urls)} rows for {articles} articles in {out}: not once each")
    return {
        "mode": "cluster" if cluster else "independent",
        "workers": workers,
        "articles": total,
        "seconds": round(done, 2),
        "articles_per_s": round(total / done, 1),
        "steady_per_s": round(total / (done - first), 1),
        "exited_s": round(exited, 1),
        "workers_cpu_s": round(workers_cpu, 1),
        "cpu_ms_per_article": round(workers_cpu * 1000 / total, 1),
        "site_cpu_s": round(cpu.user + cpu.system - cpu_before.user - cpu_before.system, 1),
        "load_after": round(os.getloadavg()[0], 2),
    }  # fmt: skip


def _burn(loops: int) -> None:
    total = 0
    for i in range(loops):
        total += i


def cpu_capacity(processes: int, loops: int) -> float:
    """How many times one process's CPU work the machine does with `processes` at once (a pure
    Python loop, best of three): the ceiling for as many workers, whatever the crawler does."""
    with multiprocessing.Pool(processes) as pool:
        timings = {}
        for n in (1, processes):
            best = float("inf")
            for _ in range(3):
                began = time.perf_counter()
                pool.map(_burn, [loops] * n)
                best = min(best, time.perf_counter() - began)
            timings[n] = best
    return round(processes * timings[1] / timings[processes], 2)


def memory_per(count: int, work: Path) -> dict[str, float]:
    spider = MailkzSpider()
    requests = [
        Request(
            url := f"https://mail.kz/ru/news/kz-news/v-astane-otkrylsya-novyj-most-{i:07d}",
            callback=spider.parse_article,
            errback=spider.article_error,
            meta={ARTICLE: url},
        )
        for i in range(count)
    ]
    with RedisServer(work / "redis-memory") as redis:
        server = redis.client()
        frontier = Frontier(server, spider.name, "bench", 30.0)
        frontier.join()
        queue = ClusterQueue(frontier, spider, None)
        dupefilter = RunDupeFilter(server, frontier.dupefilter_key)
        store = RedisSeenStore(server, f"{spider.name}:seen", redis.url)
        sizes = {}
        base = redis.used_memory()
        for request in requests:
            queue.push(request)
        sizes["queue"] = redis.used_memory() - base
        base = redis.used_memory()
        for request in requests:
            dupefilter.request_seen(request)
        sizes["dupefilter"] = redis.used_memory() - base
        base = redis.used_memory()
        store.add_many((r.url, hashlib.sha256(r.url.encode()).hexdigest()) for r in requests)
        sizes["seen"] = redis.used_memory() - base
    scale = 100_000 / count
    return {name: round(size * scale / 2**20, 1) for name, size in sizes.items()}


SMALL = {"articles": 100, "workers": "2", "rounds": 1, "ceiling": False, "memory": 1000,
         "probe": 2_000_000}  # fmt: skip
"""--small: a cluster round and the memory test, every step, in seconds (the tests run it)."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--articles", type=int, default=3000, help="articles on the fake site")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to time (1,2,4)")
    parser.add_argument("--memory", type=int, default=100_000, help="entries for the memory test")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many rounds (2)")
    parser.add_argument(
        "--no-ceiling", dest="ceiling", action="store_false",
        help="skip the independent crawls (N processes without Redis, each fetching everything)",
    )  # fmt: skip
    parser.add_argument(
        "--probe", type=int, default=20_000_000, help="loops of the CPU capacity probe (20,000,000)"
    )
    parser.add_argument(
        "--small", action="store_true",
        help="a smoke run in seconds, figures meaningless: 100 articles, 2 workers, 1 round, "
        "no ceiling, 1,000 memory entries, a 10x shorter CPU probe (other flags still apply)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.small:
        parser.set_defaults(**SMALL)
        args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",")]
    capacity = {n: cpu_capacity(n, args.probe) for n in counts if n > 1}
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, parallel CPU capacity "
          f"{capacity}, load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    with (
        tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp,
        FakeSite(args.articles, sitemap=True) as site,
    ):
        for n in counts:
            for cluster in (True, False) if n > 1 and args.ceiling else (True,):
                rounds = [
                    crawl_round(site, n, Path(tmp) / f"{n}-{cluster}-{r}", cluster=cluster)
                    for r in range(args.rounds)
                ]
                print(json.dumps(max(rounds, key=lambda r: r["articles_per_s"])), flush=True)
        print(json.dumps({"mib_per_100k": memory_per(args.memory, Path(tmp))}), flush=True)


if __name__ == "__main__":
    main()
