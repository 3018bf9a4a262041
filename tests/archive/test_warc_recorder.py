"""Archive a real crawl of the local fake site (-s WARC_ARCHIVE_DIR), then replay the archive
offline (-a warc=): the WARC files are standard and whole, and the replay gives the same items."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from crawlrun import FAST, ROOT, run_crawl
from fakesite import FakeSite
from warcio.archiveiterator import ArchiveIterator


def crawl_args(base_url: str, work: Path, *extra: str) -> list[str]:
    return [
        "mailkz", "-a", f"base_url={base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *extra,
    ]  # fmt: skip


def items(work: Path) -> dict[str, dict]:
    runs = work / "datasets" / "mailkz" / "runs"
    rows = [json.loads(line) for p in runs.glob("*.jsonl") for line in p.read_text().splitlines()]
    return {row["url"]: row for row in rows}


def records(path: Path) -> list:
    """Every record of a WARC file, read to its end (raises on a truncated file)."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            payload = record.raw_stream.read()
            found.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return found


def test_archive_then_replay_offline_gives_identical_items(tmp_path):
    archive = tmp_path / "warc"
    with FakeSite(40, page_size=10, gzip=True) as site:
        site.faults.redirect_chain.update({site.articles[0].path: 2})
        site.faults.flaky_500.update({site.articles[1].path: 1})
        base_url = site.base_url
        live = run_crawl(
            *crawl_args(base_url, tmp_path / "live", "-s", f"WARC_ARCHIVE_DIR={archive}",
                        "-s", "WARC_MAX_FILE_SIZE=100000"),
        )  # fmt: skip
        assert live.returncode == 0, live.log
    crawled = items(tmp_path / "live")
    assert len(crawled) == 40

    files = sorted(archive.iterdir())
    assert len(files) > 2  # rotated
    assert all(f.name.startswith("mailkz-2") and f.name.endswith(".warc.gz") for f in files)
    responses = 0
    for path in files:
        found = records(path)
        assert found[0][0] == "warcinfo"
        by_id = {headers.get_header("WARC-Record-ID"): kind for kind, headers, _, _ in found}
        for kind, headers, http, payload in found[1:]:
            assert kind in ("request", "response")
            assert headers.get_header("WARC-Target-URI").startswith(base_url)
            assert headers.get_header("WARC-Date").endswith("Z")
            if kind == "request":
                assert by_id[headers.get_header("WARC-Concurrent-To")] == "response"
                assert http.get_header("User-Agent").startswith("newscrawler/")
                continue
            responses += 1
            digest = base64.b32encode(hashlib.sha1(payload).digest()).decode()
            assert headers.get_header("WARC-Payload-Digest") == f"sha1:{digest}"
            assert http.get_header("Content-Encoding") == "gzip"  # the bytes as received
            assert gzip.decompress(payload)
    assert responses == live.stat("downloader/response_count")
    statuses = {live.stat(f"downloader/response_status_count/{s}") for s in (301, 302, 500)}
    assert 0 not in statuses  # the redirects and the failed attempt are archived too

    # The site is gone: the replay reads only the archive.
    replay = run_crawl(
        *crawl_args(base_url, tmp_path / "replay", "-a", f"warc={archive}"),
        *("-s", "PROGRESS_INTERVAL=0.02"),
    )
    assert replay.returncode == 0, replay.log
    assert items(tmp_path / "replay") == crawled  # every field, crawled_at included
    assert re.search(r"Progress: .*; \d+% of the archive", replay.log)


def test_a_killed_crawl_leaves_whole_archives_and_at_most_one_hidden_partial_file(tmp_path):
    archive = tmp_path / "warc"
    with FakeSite(60, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles[20:]}
        site.faults.slow_seconds = 1.0
        command = [
            sys.executable, "-m", "scrapy", "crawl",
            *crawl_args(site.base_url, tmp_path, "-s", f"WARC_ARCHIVE_DIR={archive}",
                        "-s", "WARC_MAX_FILE_SIZE=60000", "-s", "DOWNLOAD_TIMEOUT=30"),
        ]  # fmt: skip
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 60
            # killed while a file is being written, after another was completed
            while not (list(archive.glob("*.warc.gz")) and list(archive.glob(".*.open"))):
                assert time.monotonic() < deadline, "no archive file was completed"
                time.sleep(0.02)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    complete = sorted(archive.glob("*.warc.gz"))
    partial = sorted(p.name for p in archive.iterdir() if p not in complete)
    assert len(partial) <= 1  # none if the kill fell between a rename and the next record
    assert all(name.startswith(".") and name.endswith(".warc.gz.open") for name in partial)
    archived = set()
    for path in complete:
        found = records(path)  # read to the end without an error
        assert found[0][0] == "warcinfo"
        for kind, headers, http, _ in found:
            url = headers.get_header("WARC-Target-URI") or ""
            article = urlsplit(url).path.count("/") == 4  # /<edition>/news/<category>/<slug>
            if kind == "response" and http.get_statuscode() == "200" and article:
                archived.add(url)

    replay = run_crawl(*crawl_args(site.base_url, tmp_path / "replay", "-a", f"warc={archive}"))
    assert replay.returncode == 0, replay.log
    assert replay.stat("replay/errors/broken_warc") == 0
    assert archived
    assert set(items(tmp_path / "replay")) == archived  # every article archived before the kill
