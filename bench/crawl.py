"""Articles per second and peak RSS of a full-speed crawl of the local fake site: the project's
full crawl, the same without extraction (where the time goes), and the crawler a user would write
instead (bench/bare.py: listings -> trafilatura.extract -> JSON lines + Parquet), with the ratios of
the full crawl to it.

Usage: make bench-crawl  (or: .venv/bin/python bench/crawl.py --articles 5000); a smoke run in
seconds: --articles 100 (tests/bench/test_bench_scripts.py).
The fake site runs in this process (a thread), the crawl in a child `scrapy crawl`; politeness is
off (no delay, no AutoThrottle, 16 concurrent requests) since the server is on loopback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakesite import FakeSite  # noqa: E402

FULL_SPEED = [
    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=ERROR",
]  # fmt: skip


def crawl(spider: str, base_url: str, work: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one crawl in a child process."""
    if spider == "bare":  # Scrapy's defaults: run from a folder without this project's scrapy.cfg
        cmd = [
            sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "bare.py"),
            "-a", f"base_url={base_url}", "-a", f"parquet={work / 'bare.parquet'}",
            "-O", str(work / "datasets" / "bare" / "runs" / "bare.jsonl"), *FULL_SPEED,
        ]  # fmt: skip
        cwd = work
    else:
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base_url}",
            "-s", f"DATASET_DIR={work / 'datasets'}", "-s", f"STATE_DIR={work / 'state'}",
            "-s", "SPIDER_MODULES=newscrawler.spiders,noextract", *FULL_SPEED,
        ]  # fmt: skip
        cwd = ROOT
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench")}
    # The crawl's own summary names files in a folder deleted afterwards: shown only on failure.
    log = work / "crawl.log"
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    if status != 0:
        code = os.waitstatus_to_exitcode(status)
        sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
        raise SystemExit(f"{spider} crawl failed with exit code {code} (its log is above)")
    return seconds, usage.ru_maxrss / 1024


def exported(work: Path) -> int:
    runs = list((work / "datasets").glob("*/runs/*.jsonl"))
    return sum(1 for path in runs for _ in path.open(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    print(f"fake site: {args.articles} articles; crawl: 16 concurrent requests, politeness off")
    runs = (("mailkz", "full item path"), ("mailkz_noextract", "no extraction"),
            ("bare", "bare Scrapy"))  # fmt: skip
    measured = {}
    with FakeSite(args.articles, page_size=50) as site:
        for spider, label in runs:
            with tempfile.TemporaryDirectory() as tmp:
                seconds, rss = crawl(spider, site.base_url, Path(tmp))
                n = exported(Path(tmp))
            measured[spider] = (seconds, rss)
            print(f"{label:15s} {n:6d} articles in {seconds:6.1f} s = {n / seconds:6.1f} "
                  f"articles/s, peak RSS {rss:6.0f} MiB")  # fmt: skip
    (ours, our_rss), (bare, bare_rss) = measured["mailkz"], measured["bare"]
    print(f"full crawl / bare Scrapy: {ours / bare:.2f}x the time, {our_rss / bare_rss:.2f}x the "
          "peak memory")  # fmt: skip


if __name__ == "__main__":
    main()
