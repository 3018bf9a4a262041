"""Progress of a running crawl: periodic lines in the log, and on a terminal a live status line
that log records never run into."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from crawlrun import FAST, ROOT, run_crawl
from fakesite import FakeSite


def args(site: FakeSite, work: Path, *extra: str) -> list[str]:
    return [
        "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *extra,
    ]  # fmt: skip


def test_progress_lines_count_pages_items_failures_and_rates(tmp_path):
    with FakeSite(20, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles[5:]}
        site.faults.slow_seconds = 1.0
        site.faults.error_500 |= {site.articles[0].path}
        result = run_crawl(*args(site, tmp_path, "-s", "PROGRESS_INTERVAL=0.4"))
    assert result.returncode == 0, result.log
    lines = re.findall(r"Progress: (.*)", result.log)
    assert len(lines) >= 2
    pattern = (
        r"([\d,]+) pages \([\d,]+/min\), ([\d,]+) items \([\d,]+/min\), (\d+) failed, \d+ dropped;"
    )
    first, last = (re.match(pattern, line) for line in (lines[0], lines[-1]))
    assert first and last, lines
    assert int(first[2]) <= int(last[2])
    assert int(last[3]) == 1  # the article that kept answering 500
    assert "Crawled " not in result.log  # Scrapy's LogStats is replaced


def test_on_a_terminal_a_status_line_shows_how_far_a_backfill_has_come(tmp_path):
    with FakeSite(20, page_size=10) as site:
        since = min(a.published_at for a in site.articles).date()
        site.faults.slow |= {a.path for a in site.articles[8:]}
        site.faults.slow_seconds = 1.0
        command = [
            sys.executable, "-m", "scrapy", "crawl",
            *args(site, tmp_path, "-a", f"since={since}", "-s", "CONCURRENT_REQUESTS=4"),
        ]  # fmt: skip
        leader, follower = pty.openpty()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=follower, stderr=follower)
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        os.close(leader)
        assert proc.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    bars = re.findall(r"\r\x1b\[K(\[[#.]{20}\] +\d+%  [\d,]+ pages, [\d,]+ items[^\r\n]*)", text)
    assert bars, text[-2000:]
    # a log line starts on a wiped line, never after the status text
    for line in text.splitlines():
        assert not re.search(r"items.*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[", line), line
