"""The end-of-run summary answers a user's questions at any log level: where the data went (each
file with its items), what was skipped and why, what failed and where it is listed, how long it
took and what to run next; the log at INFO is free of Scrapy's dumps."""

from __future__ import annotations

import json
import re
from pathlib import Path

from crawlrun import FAST, CrawlResult, run_crawl
from fakesite import FakeSite

from newscrawler.archive.writer import FetchedPage, write_warc
from newscrawler.fixtures import load_cases

QUIET = ["-s", "LOG_DUMPS=0"]
"""After FAST: the log as a user gets it."""


def crawl(site: FakeSite, work: Path, *args: str) -> CrawlResult:
    return run_crawl(
        "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *QUIET, *args,
    )  # fmt: skip


def summary(result: CrawlResult) -> str:
    return result.log[result.log.rindex("Run summary") :]


def newest_report(work: Path) -> dict:
    path = max((work / "datasets" / "mailkz" / "runs").glob("*.report.json"))
    return json.loads(path.read_text("utf-8"))


def lines_of(path: str) -> int:
    return len(Path(path).read_text("utf-8").splitlines())


def test_two_runs_say_where_the_data_went_what_was_skipped_and_what_failed(tmp_path):
    with FakeSite(30, page_size=10) as site:
        dates = sorted({a.published_at.date() for a in site.articles})
        failing = site.articles[0]
        site.faults.error_500 |= {failing.path}
        window = ["-a", f"since={dates[1]}"]
        first = crawl(site, tmp_path, *window, "-L", "ERROR")
        site.faults.error_500.clear()
        second = crawl(site, tmp_path, *window)
    assert first.returncode == second.returncode == 0, first.log + second.log

    text = summary(first)  # printed at -L ERROR too
    runs = tmp_path / "datasets" / "mailkz" / "runs"
    first_id = min(p.name.split(".")[0] for p in runs.glob("*.report.json"))
    first_report = json.loads((runs / f"{first_id}.report.json").read_text("utf-8"))
    assert re.match(rf"Run summary: mailkz {first_id} \(crawl\): OK after [\d.]+ s", text)
    exported = first_report["items"]["exported"]
    for fmt in ("parquet", "jsonl"):
        assert f"{runs / first_id}.{fmt}  " in text
    assert lines_of(str(runs / f"{first_id}.jsonl")) == exported
    assert f"stored: {exported} articles" in text and f"  {exported} items" in text
    outside = first_report["skipped"]["outside_window"]
    assert outside > 1 and f"skipped: {outside} articles outside the since/until window" in text
    failures = first_report["files"]["failures"]
    assert lines_of(failures) == 1
    assert f"failed: 1 (http_500 1), listed in {failures}" in text
    assert f"next: scrapy compact mailkz -s DATASET_DIR={tmp_path / 'datasets'}" in text

    text = summary(second)
    report = newest_report(tmp_path)
    assert report["run_id"] != first_id
    assert report["skipped"]["already_seen"] == exported
    assert f"skipped: {exported} articles already seen (earlier runs exported" in text
    assert "stored: 1 article (" in text  # the article that failed the first time
    assert "failed: none" in text and "failures" not in report["files"]
    assert not (
        tmp_path / "datasets" / "mailkz" / "failures" / f"{report['run_id']}.jsonl"
    ).exists()
    for dump in ("Versions:", "Overridden settings", "Enabled extensions", "Dumping Scrapy stats"):
        assert dump not in second.log  # at INFO: the report has the stats


def test_a_replay_into_a_file_counts_skipped_records_and_suggests_no_compaction(tmp_path):
    article = next(case.page for case in load_cases("mailkz") if "/ru/" in case.page.url)
    fetched = article.fetched_at
    warc = tmp_path / "crawl.warc.gz"
    write_warc(
        warc,
        [
            article,
            FetchedPage(f"{article.url}-gone", b"<html>404</html>", fetched, status=404),
            FetchedPage("https://mail.kz/ru/about", article.body, fetched),
        ],
    )
    out = tmp_path / "out.jsonl"
    result = run_crawl("mailkz", "-a", f"warc={warc}", "-O", str(out), *QUIET, "-L", "WARNING")
    assert result.returncode == 0, result.log
    text = summary(result)
    assert text.startswith("Run summary: mailkz (replay): OK")
    assert re.search(rf"stored: 1 article \(ru 1\), in\n    {re.escape(str(out))}  1 item\n", text)
    assert "replay records skipped: 2 (not_article 1, status_404 1)" in text
    assert "next:" not in text  # compaction folds dataset runs, not -O files
    assert not out.with_name("out.failures.jsonl").exists()
