"""The faults a scheduled crawl meets, with the real parts: two crawls in one second, read-only
folders, a full disk, a site that refuses or never answers, a damaged or lagging seen-store.

After each: no article is seen that no stored file holds, a rerun exports none twice and misses
none, and the exit code and the summary say what went wrong in one line.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlrun import FAST, ROOT, CrawlResult, run_crawl
from fakesite import FakeSite

from newscrawler.ops import exitcodes
from newscrawler.state.files import dataset_files, stored_articles


def crawl(site_url: str, work: Path, *args: str, timeout: float = 120) -> CrawlResult:
    return run_crawl(
        "mailkz", "-a", f"base_url={site_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *args, timeout=timeout,
    )  # fmt: skip


def run_urls(work: Path) -> list[str]:
    """Every article url the run files hold (JSON Lines), once per file row."""
    urls = []
    for path in sorted((work / "datasets" / "mailkz" / "runs").glob("*.jsonl")):
        urls += [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()]
    return urls


def store_urls(work: Path) -> set[str]:
    path = work / "state" / "mailkz" / "seen.sqlite"
    if not path.exists():
        return set()
    with sqlite3.connect(path) as db:
        return {url for (url,) in db.execute("SELECT url FROM seen")}


def held_urls(work: Path) -> set[str]:
    """Every url some visible dataset file holds."""
    return {
        url
        for path in dataset_files(work / "datasets", "mailkz")
        for url, _ in stored_articles(path)
    }


def assert_nothing_seen_unsaved(work: Path) -> None:
    """The crash harness's invariant: the seen-store records no article that no file holds."""
    assert store_urls(work) <= held_urls(work)


def summary_line(result: CrawlResult, start: str) -> str:
    lines = [line for line in result.log.splitlines() if line.lstrip().startswith(start)]
    assert lines, result.log[-3000:]
    return lines[0]


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite(30, page_size=10) as running:
        yield running


@pytest.fixture
def mount(tmp_path: Path) -> Iterator:
    """mount(path, options): a tmpfs at `path`, unmounted at teardown; skips where the test may
    not mount (not root, no mount namespace)."""
    mounted: list[Path] = []

    def make(path: Path, options: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(path)
        return path

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], check=False)


# 1. Two crawls started in the same second.

_FROZEN_START = """
import sys
from datetime import UTC, datetime
import newscrawler.exporters.layout as layout

class FirstCallFrozen(datetime):
    calls = 0

    @classmethod
    def now(cls, tz=None):
        cls.calls += 1
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC) if cls.calls == 1 else datetime.now(tz)

layout.datetime = FirstCallFrozen
from scrapy.cmdline import execute
execute(["scrapy", "crawl", *sys.argv[1:]])
"""
"""`scrapy crawl` whose run id is asked for at the same instant as the other one's: the first
reading of the clock in the run-id module is the same second in both processes."""


def test_two_crawls_in_the_same_second_get_two_runs_and_lose_nothing(site, tmp_path):
    common = [
        "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={tmp_path / 'datasets'}",
        "-s", f"STATE_DIR={tmp_path / 'state'}", *FAST,
    ]  # fmt: skip
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _FROZEN_START, "mailkz", "-a", f"lang={lang}", *common],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for lang in ("ru", "kk")
    ]
    logs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], logs
    runs = tmp_path / "datasets" / "mailkz" / "runs"
    assert len(list(runs.glob("*.parquet"))) == 2, logs
    assert any("20260102T030405Z" in p.name for p in runs.glob("*.parquet"))
    everything = {site.url(a) for a in site.articles}
    assert sorted(run_urls(tmp_path)) == sorted(everything)
    assert store_urls(tmp_path) == everything
    assert not list(runs.glob(".*.claim"))  # each claim went when its report was written
    assert_nothing_seen_unsaved(tmp_path)


# 2. Unwritable outputs.


def test_read_only_dataset_folder_refuses_to_start_and_records_nothing(site, tmp_path, mount):
    readonly = mount(tmp_path / "ro", "ro,size=1m")
    result = run_crawl(
        "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={readonly}",
        "-s", f"STATE_DIR={tmp_path / 'state'}", *FAST,
    )  # fmt: skip
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    assert "cannot write to" in result.log and "Read-only file system" in result.log
    assert "Traceback" not in result.log
    assert sum(site.article_fetches().values()) == 0
    assert store_urls(tmp_path) == set()
    rerun = crawl(site.base_url, tmp_path)
    assert rerun.returncode == 0, rerun.log
    assert sorted(run_urls(tmp_path)) == sorted(site.url(a) for a in site.articles)
    assert_nothing_seen_unsaved(tmp_path)


def test_read_only_output_file_folder_keeps_nothing_half_done(site, tmp_path, mount):
    readonly = mount(tmp_path / "ro", "ro,size=1m")
    result = crawl(site.base_url, tmp_path, "-O", str(readonly / "x.jsonl"))
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    assert "Traceback" not in result.log
    assert store_urls(tmp_path) == set()


def test_read_only_state_folder_stops_before_fetching(site, tmp_path, mount):
    readonly = mount(tmp_path / "state", "ro,size=1m")
    result = crawl(site.base_url, tmp_path)
    assert result.returncode == exitcodes.STATE_FAILED, result.log
    assert "cannot use the seen-store" in summary_line(result, "FAILED fault/state")
    assert "Traceback" not in result.log
    assert sum(site.article_fetches().values()) == 0
    assert run_urls(tmp_path) == []
    assert readonly.is_dir()


def test_full_disk_stores_nothing_records_nothing_and_the_next_run_gets_all(site, tmp_path, mount):
    datasets = mount(tmp_path / "datasets", "size=40k")
    result = crawl(site.base_url, tmp_path)
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    assert "stay unseen and will be fetched again" in result.log
    assert store_urls(tmp_path) == set()
    assert_nothing_seen_unsaved(tmp_path)
    subprocess.run(["umount", "-l", str(datasets)], check=True)
    rerun = crawl(site.base_url, tmp_path)
    assert rerun.returncode == 0, rerun.log
    assert sorted(run_urls(tmp_path)) == sorted(site.url(a) for a in site.articles)


# 3. Unreachable sites.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_site() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_refused_connections_fail_the_run_in_one_line_and_keep_the_users_file(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("".join(f'{{"url": "https://mail.kz/ru/news/a/{i}"}}\n' for i in range(68)))
    result = crawl(f"http://127.0.0.1:{_free_port()}", tmp_path, "-O", str(out))
    assert result.returncode == exitcodes.UNREACHABLE, result.log
    line = summary_line(result, "FAILED fault/unreachable")
    assert "cannot reach 127.0.0.1: connection refused" in line
    assert "Traceback" not in result.log
    assert len(out.read_text().splitlines()) == 68
    assert not (tmp_path / "out.jsonl.failed").exists()  # nothing exported: nothing to keep


def test_a_site_that_never_answers_is_unreachable(silent_site, tmp_path):
    result = crawl(silent_site, tmp_path, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
    assert result.returncode == exitcodes.UNREACHABLE, result.log
    assert "no answer before DOWNLOAD_TIMEOUT" in summary_line(result, "FAILED fault/unreachable")
    report = json.loads(next((tmp_path / "datasets" / "mailkz" / "runs").glob("*.report.json"))
                        .read_text())  # fmt: skip
    assert not report["ok"] and "fault/unreachable" in report["monitors"]["failed"]


# 6. A damaged, missing or lagging seen-store.


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_store_is_rebuilt_from_the_files(site, tmp_path, damage):
    first = crawl(site.base_url, tmp_path)
    assert first.returncode == 0, first.log
    store = tmp_path / "state" / "mailkz" / "seen.sqlite"
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"\x13" * len(data))
    new = site.add_articles(4)
    second = crawl(site.base_url, tmp_path)
    assert second.returncode == 0, second.log
    assert "Seen-store damaged" in second.log
    urls = run_urls(tmp_path)
    assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # none twice, none missed
    assert sorted(urls[-4:]) == sorted(site.url(a) for a in new)
    assert list(store.parent.glob("seen.sqlite.old-*"))  # kept to look at
    assert_nothing_seen_unsaved(tmp_path)


def test_with_rebuild_off_a_damaged_store_stops_the_run(site, tmp_path):
    (tmp_path / "state" / "mailkz").mkdir(parents=True)
    (tmp_path / "state" / "mailkz" / "seen.sqlite").write_bytes(b"not a database" * 100)
    result = crawl(site.base_url, tmp_path, "-s", "STATE_REBUILD=0")
    assert result.returncode == exitcodes.STATE_FAILED, result.log
    assert "scrapy state rebuild mailkz" in summary_line(result, "FAILED fault/state")
    assert sum(site.article_fetches().values()) == 0


def test_a_store_behind_the_files_catches_up(site, tmp_path):
    """A run killed between storing its files and its commit: simulated by putting back the
    store as it was before that run."""
    first = crawl(site.base_url, tmp_path, "-a", "lang=ru")
    assert first.returncode == 0, first.log
    store = tmp_path / "state" / "mailkz" / "seen.sqlite"
    shutil.copy(store, tmp_path / "before.sqlite")
    second = crawl(site.base_url, tmp_path)
    assert second.returncode == 0, second.log
    shutil.copy(tmp_path / "before.sqlite", store)
    site.reset_log()
    third = crawl(site.base_url, tmp_path)
    assert third.returncode == 0, third.log
    assert "Seen-store caught up with 2 file(s)" in third.log
    assert sum(site.article_fetches().values()) == 0
    assert sorted(run_urls(tmp_path)) == sorted(site.url(a) for a in site.articles)
    assert_nothing_seen_unsaved(tmp_path)


def test_state_rebuild_command_restores_a_lost_store(site, tmp_path):
    first = crawl(site.base_url, tmp_path)
    assert first.returncode == 0, first.log
    store = tmp_path / "state" / "mailkz" / "seen.sqlite"
    store.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "state", "rebuild", "mailkz",
         "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{len(site.articles)} articles" in done.stdout
    assert store_urls(tmp_path) == {site.url(a) for a in site.articles}
    assert_nothing_seen_unsaved(tmp_path)


# 3b. A category the site does not have (mail.kz's categories are not listed in the source).


def test_unknown_category_is_a_counted_failure_and_fails_the_run(site, tmp_path):
    result = crawl(site.base_url, tmp_path, "-a", "categories=nosuch")
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    assert "no article found" in summary_line(result, "FAILED fault/discovery")
    assert result.stat("failures/http_404") == 2
    known = crawl(site.base_url, tmp_path / "known", "-a", "categories=sport")
    assert known.returncode == 0, known.log


def test_appending_to_a_parquet_file_is_one_usage_line(tmp_path):
    existing = tmp_path / "x.parquet"
    existing.write_bytes(b"PAR1 not really, but not empty")
    result = crawl("http://127.0.0.1:9", tmp_path, "-o", str(existing))
    assert result.returncode == exitcodes.USAGE, result.log
    assert "x.parquet exists and a parquet file cannot be appended to" in result.log
    assert "Traceback" not in result.log
