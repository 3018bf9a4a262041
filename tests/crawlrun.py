"""Run the real `scrapy crawl` in a subprocess (tests/conftest.py re-exports these).

A module of its own, with a unique name, so that tests in any folder can import it: `conftest`
names a different module depending on which folder pytest collected last.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ["-s", "LOG_DUMPS=1"]
"""Scrapy's stats dump in the log at INFO (DEBUG by default), which `CrawlResult.stat` reads."""
FAST = [
    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "RETRY_BACKOFF_BASE=0.05",
    "-s", "DOWNLOAD_TIMEOUT=2", "-s", "LOG_LEVEL=INFO", *DUMPS,
]  # fmt: skip
"""Crawl settings for the local fake site: politeness off, short timeouts."""


@dataclass
class CrawlResult:
    returncode: int
    log: str

    def stat(self, key: str) -> int:
        """An integer stat from the final stats dump (0 when absent)."""
        m = re.search(rf"'{re.escape(key)}': (\d+)", self.log)
        return int(m.group(1)) if m else 0


def run_crawl(*args: str, timeout: float = 120) -> CrawlResult:
    """`scrapy crawl <args>` in a subprocess from the project root; never touches the network."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *DUMPS, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr)
