"""The stall watch (ops/stall.py) in real crawls: a run against a server that accepts connections
and never answers stops itself as `stalled` (exit 3, one error line, `fault/stalled` in its report)
long before DOWNLOAD_TIMEOUT; a run that keeps getting responses but no item, and a spider that is
kept open while idle, are not stopped."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from crawlrun import FAST, ROOT, run_crawl
from fakesite import FakeSite

from newscrawler.ops import exitcodes


class SilentServer:
    """A hung site on 127.0.0.1: accepts every connection, reads nothing, never answers."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted.append(conn)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stopping.set()
        self.thread.join()
        for conn in [*self.accepted, self.sock]:
            conn.close()


def reports(work: Path) -> list[dict]:
    runs = work / "datasets" / "mailkz" / "runs"
    return [json.loads(p.read_text("utf-8")) for p in sorted(runs.glob("*.report.json"))]


def logged_at(log: str, pattern: str) -> datetime:
    """The time of the first log line matching `pattern`."""
    m = re.search(rf"^(\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d) .*{pattern}", log, re.MULTILINE)
    assert m, pattern
    return datetime.fromisoformat(m.group(1))


def test_a_run_against_a_server_that_never_answers_stops_itself_as_stalled(tmp_path):
    with SilentServer() as server:
        began = time.monotonic()
        result = run_crawl(
            "mailkz", "-a", f"base_url={server.base_url}",
            "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}",
            "-s", "STALL_TIMEOUT=3", "-s", "DOWNLOAD_TIMEOUT=60", "-s", "RETRY_TIMES=0",
            # Each request queued in the downloader waits 20 s for its turn: the close must not.
            "-s", "AUTOTHROTTLE_START_DELAY=20",
            timeout=90,
        )  # fmt: skip
        took = time.monotonic() - began
        assert server.accepted  # the run was hung in a download, not before
    assert took < 30, result.log
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    stall_lines = re.findall(r"^.* ERROR: no progress for .*$", result.log, re.MULTILINE)
    assert len(stall_lines) == 1, result.log
    assert re.search(
        r"no progress for \d+ s: no response and no item since \d\d:\d\d:\d\d; the run was "
        r"stopped$",
        stall_lines[0],
    )
    stalled = logged_at(result.log, "ERROR: no progress for")
    closed = logged_at(result.log, r"Spider closed \(stalled\)")
    assert (closed - stalled).total_seconds() <= 5, result.log

    [report] = reports(tmp_path)
    assert report["finish_reason"] == "stalled" and report["ok"] is False
    assert "fault/stalled" in report["monitors"]["failed"]
    finish = next(v for v in report["monitors"]["verdicts"] if v["name"] == "finish")
    assert finish["reason"].endswith("stopped: no progress for STALL_TIMEOUT seconds")
    assert report["stats"]["faults/stalled"] in stall_lines[0]


def test_a_crawl_walking_listings_without_new_items_is_not_stopped(tmp_path):
    """The incremental run that finds nothing new: listing pages only, one every second, for
    longer than STALL_TIMEOUT in all, and never an item (a depth asked with max_pages: without
    it, two pages of articles exported before would end each listing)."""
    work = ["-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}"]
    with FakeSite(40, page_size=5) as site:
        first = run_crawl("mailkz", "-a", f"base_url={site.base_url}", *work, *FAST)
        assert first.returncode == exitcodes.OK, first.log
        site.faults.slow |= {"/ru/news", "/kz/news"}
        site.faults.slow_seconds = 1.0
        second = run_crawl(
            "mailkz", "-a", f"base_url={site.base_url}", "-a", "max_pages=100", *work, *FAST,
            "-s", "CONCURRENT_REQUESTS=1", "-s", "STALL_TIMEOUT=2.5",
        )  # fmt: skip
    assert second.returncode == exitcodes.OK, second.log
    assert "no progress" not in second.log
    assert second.stat("item_scraped_count") == 0
    # More than 5 listing pages of 1 s: long enough that one missed re-arm would stop the run.
    assert second.stat("downloader/response_count") > 1 + 5


WAITING_SPIDER = '''
import time

from scrapy import Spider, signals
from scrapy.exceptions import DontCloseSpider


class Waiting(Spider):
    """Nothing to fetch; kept open while idle for 4 s, as a cluster worker waits for work."""

    name = "waiting"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.until = time.monotonic() + 4
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        return spider

    async def start(self):
        return
        yield

    def idle(self):
        if time.monotonic() < self.until:
            raise DontCloseSpider
'''


def test_an_idle_spider_kept_open_on_purpose_is_not_stalled(tmp_path):
    spider = tmp_path / "waiting.py"
    spider.write_text(WAITING_SPIDER, "utf-8")
    proc = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "runspider", str(spider), "-s", "STALL_TIMEOUT=1.5",
            "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    log = proc.stdout + proc.stderr
    assert "Spider closed (finished)" in log, log
    assert "no progress" not in log
