"""Runs `scrapy` in subprocesses that crawl the test-only `fixture` spider (no network) into a
temporary DATASET_DIR. A module, not conftest, so its name is unique on sys.path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def scrapy_env() -> dict[str, str]:
    """The environment of a `scrapy` subprocess that can load `fixture_spider` from this folder."""
    path = os.pathsep.join([str(HERE), str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}
    env.pop("NEWSCRAWLER_WORKER_ID", None)
    return env


def scrapy_args(
    command: str, dataset_dir: Path, *args: str, spider_modules: str = "fixture_spider"
) -> list[str]:
    argv = [sys.executable, "-m", "scrapy", command, *args, "-s", f"DATASET_DIR={dataset_dir}"]
    if command == "crawl":
        argv += ["-s", f"SPIDER_MODULES={spider_modules}", "-s", "LOG_LEVEL=INFO"]
        argv += ["-s", "LOG_DUMPS=1"]  # the stats dump, which tests read
        # The seen-store beside the dataset it indexes, not in the checkout's .state/.
        argv += ["-s", f"STATE_DIR={dataset_dir / '.state'}"]
    return argv


def run_scrapy(
    command: str, dataset_dir: Path, *args: str, spider_modules: str = "fixture_spider"
) -> subprocess.CompletedProcess[str]:
    """`scrapy <command> <args>` with DATASET_DIR set; returns the finished process."""
    return subprocess.run(
        scrapy_args(command, dataset_dir, *args, spider_modules=spider_modules),
        cwd=ROOT,
        env=scrapy_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
