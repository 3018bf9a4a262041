"""tools/cron.py as cron runs it: a healthy run (exit 0, its log, its complete report), a second
start while one runs (exit 75 at once), a run stopped by SIGTERM (exit 3, report says why), and
runs past their deadline (exit 124: stopped by SIGTERM with their files, or SIGKILL when hung)."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from crawlrun import FAST, ROOT
from fakesite import FakeSite
from fakesite.zakon import ALMATY, FakeZakon, articles
from test_stall import SilentServer

from newscrawler.ops import exitcodes
from newscrawler.sources import SOURCES

CRON = [sys.executable, str(ROOT / "tools" / "cron.py")]


def cron_command(
    site: FakeSite | SilentServer, work: Path, *extra: str, cron: tuple[str, ...] = ()
) -> list[str]:
    return [
        *CRON, "--no-install", "--logs", str(work / "logs"), "--spider", "mailkz", *cron, "--",
        "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *extra,
    ]  # fmt: skip


DEADLINE = 8
"""--deadline of the tests that pass it: time for the crawl, started at the same moment, to start up
(Python and Scrapy's imports: seconds, when the other test process keeps the second core busy) and
reach the site before it."""


def reports(work: Path) -> list[dict]:
    runs = work / "datasets" / "mailkz" / "runs"
    return [json.loads(p.read_text("utf-8")) for p in sorted(runs.glob("*.report.json"))]


def test_a_healthy_run_exits_0_with_its_log_and_a_complete_report(tmp_path):
    with FakeSite(40, page_size=10) as site:
        site.faults.error_500 |= {site.articles[0].path}
        proc = subprocess.run(
            cron_command(site, tmp_path), capture_output=True, text=True, timeout=120, cwd="/"
        )
    assert proc.returncode == exitcodes.OK, proc.stderr
    assert proc.stdout == proc.stderr == ""  # cron mails nothing for a healthy run
    [log] = (tmp_path / "logs").glob("mailkz-*.log")
    text = log.read_text("utf-8")
    assert text.rstrip().endswith("with exit code 0 (ok)")
    summary = text[text.rindex("Run summary") :]
    assert "Dumping Scrapy stats" not in summary  # the summary is the end of the log
    assert ": OK after" in summary.splitlines()[0] and "stored: 39 articles" in summary

    [report] = reports(tmp_path)
    assert report["ok"] is True and report["finish_reason"] == "finished"
    assert log.name == f"mailkz-{report['run_id']}.log"  # named by the run it holds
    assert report["files"]["log"] == str(log)
    assert report["duration_seconds"] > 0
    assert report["pages_fetched"] == report["stats"]["downloader/response_count"] > 40
    assert report["http_status"]["500"] == 4  # the first attempt and three retries
    assert report["items"]["exported"] == 39
    assert sum(report["items"]["by_lang"].values()) == 39 and set(report["items"]["by_lang"]) == {
        "ru", "kk",
    }  # fmt: skip
    assert report["items"]["by_text_lang"] == report["items"]["by_lang"]  # kk texts in kk
    assert report["items"]["text_lang_differs"] == {}
    assert report["failures"] == {"count": 1, "by_reason": {"http_500": 1}}
    assert report["cleaning"]["removed"]["footer"] > 0
    assert report["cleaning"]["markup_dropped"]["related"] > 0
    assert report["incremental"]["recorded"] == 39
    assert {v["name"]: v["status"] for v in report["monitors"]["verdicts"]} == {
        "finish": "passed", "feeds": "passed", "errors": "passed", "coverage/title": "passed",
        "coverage/body": "passed", "coverage/published_at": "passed", "boilerplate": "passed",
        "failure_rate": "passed", "volume": "skipped", "text_lang": "passed",
    }  # fmt: skip
    for name in ("parquet", "jsonl", "failures", "report"):
        assert Path(report["files"][name]).is_file(), name


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_second_start_exits_75_at_once_and_a_stopped_run_fails_with_its_report(tmp_path):
    with FakeSite(40, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles}
        site.faults.slow_seconds = 1.5
        two_at_a_time = ["-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_TIMEOUT=30"]
        first = subprocess.Popen(
            cron_command(site, tmp_path, *two_at_a_time),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            wait_for(lambda: sum(site.article_fetches().values()) >= 2)
            began = time.monotonic()
            second = subprocess.run(
                cron_command(site, tmp_path), capture_output=True, text=True, timeout=30
            )
            assert time.monotonic() - began < 5
            assert second.returncode == exitcodes.LOCKED
            assert "another run holds" in second.stderr and f"pid {first.pid}" in second.stderr
            assert len(list((tmp_path / "logs").glob("mailkz-*.log"))) == 1

            first.send_signal(signal.SIGTERM)  # cron's stop: passed on, the crawl closes cleanly
            first.communicate(timeout=60)
        finally:
            first.kill()
    assert first.returncode == exitcodes.MONITORS_FAILED
    [report] = reports(tmp_path)
    assert report["finish_reason"] == "shutdown" and report["monitors"]["failed"] == ["finish"]
    assert 2 <= report["items"]["exported"] < 40

    with FakeSite(3, page_size=10) as site:  # the lock went with the run: the next one starts
        again = subprocess.run(cron_command(site, tmp_path), capture_output=True, timeout=120)
    assert again.returncode == exitcodes.OK


def test_without_make_on_the_path_the_run_fails_as_setup_with_the_reason_in_its_log(tmp_path):
    proc = subprocess.run(
        [*CRON, "--logs", str(tmp_path / "logs")],
        env={"PATH": str(tmp_path)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == exitcodes.SETUP_FAILED
    [log] = (tmp_path / "logs").glob("cron-*.log")
    text = log.read_text("utf-8")
    assert "cannot run make" in text and "exit code 69 (setup failed)" in text
    assert "scrapy crawl" not in text
    assert f"see {log}" in proc.stderr


def test_without_spider_every_registered_source_is_crawled_each_with_its_log(tmp_path):
    """A failing crawl (here a bad argument, exit 2) does not keep the next source's from running;
    the run's code is the first failure's, and each failure is named."""
    proc = subprocess.run(
        [*CRON, "--no-install", "--logs", str(tmp_path / "logs"), "--", "-a", "lang=xx"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == exitcodes.USAGE
    for source in SOURCES:
        [log] = (tmp_path / "logs").glob(f"{source}-*.log")
        assert f"scrapy crawl {source} -a lang=xx" in log.read_text("utf-8")
        assert f"{source} failed with exit code 2; see {log}" in proc.stderr


def test_two_sources_each_on_its_own_site_run_in_one_cron_run_and_exit_0(tmp_path):
    """Every source in one run, each pointed at its own fake site with --spider-arg: two logs,
    two complete reports, two datasets; the common crawl arguments go to both."""
    newest = datetime(2025, 12, 20, 12, 0, tzinfo=ALMATY)
    with FakeSite(12, page_size=10) as mail, FakeZakon(articles("ru", 7, 6501300, newest)) as ru:
        proc = subprocess.run(
            [
                *CRON, "--no-install", "--logs", str(tmp_path / "logs"),
                "--spider", "mailkz", "--spider", "zakonkz",
                "--spider-arg", f"mailkz:base_url={mail.base_url}",
                "--spider-arg", "zakonkz:lang=ru",
                "--spider-arg", f"zakonkz:base_url={ru.base_url}",
                "--", "-a", "lang=kk", "-s", f"DATASET_DIR={tmp_path / 'datasets'}",
                "-s", f"STATE_DIR={tmp_path / 'state'}", *FAST,
            ],
            capture_output=True, text=True, timeout=180, cwd="/",
        )  # fmt: skip
    assert proc.returncode == exitcodes.OK, proc.stderr
    assert proc.stdout == proc.stderr == ""
    exported = {}
    for source in ("mailkz", "zakonkz"):
        [log] = (tmp_path / "logs").glob(f"{source}-*.log")
        assert log.read_text("utf-8").rstrip().endswith("with exit code 0 (ok)")
        runs = tmp_path / "datasets" / source / "runs"
        [report] = [json.loads(p.read_text("utf-8")) for p in runs.glob("*.report.json")]
        assert report["ok"] is True and log.name == f"{source}-{report['run_id']}.log"
        exported[source] = report["items"]["by_lang"]
    # mail.kz's Kazakh edition only (the common -a lang=kk); zakon.kz's Russian one (its own
    # --spider-arg wins).
    kazakh = sum(a.lang == "kk" for a in mail.articles)
    assert kazakh and exported == {"mailkz": {"kk": kazakh}, "zakonkz": {"ru": 7}}


def test_a_spider_arg_for_a_spider_not_run_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [*CRON, "--no-install", "--logs", str(tmp_path / "logs"), "--spider", "mailkz",
         "--spider-arg", "zakonkz:lang=kk"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == exitcodes.USAGE
    assert not list((tmp_path / "logs").glob("mailkz-*.log"))  # no crawl started
    [setup] = (tmp_path / "logs").glob("cron-*.log")
    assert "--spider-arg names spiders this run does not crawl: ['zakonkz']" in setup.read_text()


def lock_is_free(work: Path) -> bool:
    fd = os.open(work / "logs" / "cron.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_a_hung_run_is_killed_after_its_deadline_and_grace_and_frees_the_lock(tmp_path):
    """A download that never ends holds Scrapy's clean stop too: SIGKILL after the grace."""
    hang = ["-s", "DOWNLOAD_TIMEOUT=600", "-s", "STALL_TIMEOUT=600"]
    cron = ("--deadline", str(DEADLINE), "--grace", "3")
    with SilentServer() as server:
        began = time.monotonic()
        proc = subprocess.run(
            cron_command(server, tmp_path, *hang, cron=cron),
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        took = time.monotonic() - began
        assert server.accepted  # the crawl was hung in a download
    assert proc.returncode == exitcodes.DEADLINE, proc.stderr
    assert DEADLINE + 3 <= took < DEADLINE + 3 + 10
    assert lock_is_free(tmp_path)
    [log] = (tmp_path / "logs").glob("mailkz-*.log")
    lines = log.read_text("utf-8").rstrip().splitlines()
    assert lines[-2].endswith("[cron] still running 3 s after SIGTERM: SIGKILL")
    assert lines[-1].endswith("with exit code 124 (deadline passed, run stopped)")
    assert sum(f"[cron] deadline of {DEADLINE} s passed" in line for line in lines) == 1
    assert f"exit code 124; see {log}" in proc.stderr


def test_a_run_past_its_deadline_stops_cleanly_on_sigterm_with_its_files(tmp_path):
    with FakeSite(40, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles}
        site.faults.slow_seconds = 0.5  # 10 s for the 40 articles, two at a time
        two_at_a_time = ["-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_TIMEOUT=30"]
        began = time.monotonic()
        proc = subprocess.run(
            cron_command(site, tmp_path, *two_at_a_time, cron=("--deadline", str(DEADLINE))),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        took = time.monotonic() - began
    assert proc.returncode == exitcodes.DEADLINE, proc.stderr
    assert took < DEADLINE + 15  # not the 120 s grace: SIGTERM was enough
    assert lock_is_free(tmp_path)
    [log] = (tmp_path / "logs").glob("mailkz-*.log")
    text = log.read_text("utf-8")
    assert "SIGKILL after 120 s" in text and "still running" not in text
    assert text.rstrip().endswith("with exit code 124 (deadline passed, run stopped)")
    [report] = reports(tmp_path)  # Scrapy stopped cleanly: its files and report are stored
    assert report["finish_reason"] == "shutdown" and 1 <= report["items"]["exported"] < 40
    assert Path(report["files"]["parquet"]).is_file()
