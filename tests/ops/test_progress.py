"""Progress of a running crawl: periodic lines in the log, and on a terminal a live status line
that log records never run into."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from crawlrun import FAST, ROOT, run_crawl
from fakesite import FakeSite
from scrapy.utils.test import get_crawler

from newscrawler.archive.writer import FetchedPage, write_warc
from newscrawler.extract.dates import ALMATY
from newscrawler.ops.progress import Progress
from newscrawler.spiders.base import NewsArgs


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
    bar = r"\[[#.]{20}\] +(\d+)% of the window since (\d{4}-\d\d-\d\d)  [\d,]+ pages, [\d,]+ items"
    bars = re.findall(rf"\r\x1b\[K{bar}", text)
    assert bars, text[-2000:]
    assert {day for _, day in bars} == {str(since)}
    assert all(int(share) < 100 for share, _ in bars)  # the run was not over
    # a log line starts on a wiped line, never after the status text
    for line in text.splitlines():
        assert not re.search(r"items.*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[", line), line


def progress() -> Progress:
    return Progress(get_crawler(settings_dict={"PROGRESS_INTERVAL": 60, "PROGRESS_BAR": "0"}))


def test_a_backfill_share_is_of_the_window_of_almaty_days_and_says_so():
    """`since` is an Almaty day, which starts 5 hours before the UTC day of that date."""
    watch = progress()
    since = datetime.now(ALMATY).date() - timedelta(days=1)
    watch.measure(NewsArgs(since=since))
    watch.oldest = datetime(since.year, since.month, since.day, 1, tzinfo=ALMATY)
    share, of, detail = watch.done_share()
    assert 0.9 < share < 0.99  # read as a UTC day, the oldest would lie before the window
    assert (of, detail) == (f"of the window since {since}", f" reached, back to {since}")


def test_a_share_never_says_100_percent_while_the_run_goes_on(tmp_path):
    watch = progress()
    watch.measure(NewsArgs(since=date(2025, 12, 1)))
    watch.oldest = datetime(2025, 11, 30, tzinfo=ALMATY)  # an article on the window's edge
    assert watch.line().endswith("; 99% of the window since 2025-12-01 reached, back to 2025-11-30")

    warc = tmp_path / "a.warc.gz"
    write_warc(
        warc, [FetchedPage("https://mail.kz/ru/news/a/b", b"<p>x</p>", datetime.now(ALMATY))]
    )
    replay = progress()
    replay.measure(NewsArgs(warc=warc))
    replay.archive_done = replay.archive_total  # every record read, the last still in flight
    assert replay.line().endswith("; 99% of the archive replayed")
    assert "[###################.]  99% of the archive replayed  " in replay.status()
