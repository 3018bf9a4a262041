"""The real `scrapy crawl mailkz` against a local fake mail.kz: discovery, windows, incremental
runs, failures as data, and a run killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest
from crawlrun import FAST, ROOT, run_crawl
from fakesite import FakeSite


def crawl(site: FakeSite, work: Path, *args: str):
    """One scheduled-style run: run files under work/datasets, state under work/state."""
    return run_crawl(
        "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *args,
    )  # fmt: skip


def exported(work: Path) -> list[dict]:
    rows = []
    for path in sorted((work / "datasets" / "mailkz" / "runs").glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return rows


def failures(work: Path) -> list[dict]:
    rows = []
    for path in sorted((work / "datasets" / "mailkz" / "failures").glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return rows


def seen_urls(work: Path) -> set[str]:
    """The urls in the SQLite seen-store under work/state (none when it was never created)."""
    path = work / "state" / "mailkz" / "seen.sqlite"
    if not path.exists():
        return set()
    with closing(sqlite3.connect(path)) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'seen'").fetchone():
            return set()
        return {url for (url,) in db.execute("SELECT url FROM seen")}


def temp_feed_rows(runs: Path) -> int:
    """Complete rows in the hidden temporary JSONL files the run is writing (storage.py)."""
    rows = 0
    for path in runs.glob(".*.jsonl.*.tmp"):
        with suppress(FileNotFoundError):  # stored (renamed) meanwhile
            rows += path.read_bytes().count(b"\n")
    return rows


@pytest.fixture
def site():
    with FakeSite(40, page_size=10) as running:
        yield running


def test_first_run_gets_all_second_none_third_only_new(site, tmp_path):
    first = crawl(site, tmp_path)
    assert first.returncode == 0, first.log
    rows = exported(tmp_path)
    assert sorted(r["url"] for r in rows) == sorted(site.url(a) for a in site.articles)
    by_url = {site.url(a): a for a in site.articles}
    for row in rows:
        article = by_url[row["url"]]
        assert row["title"] == article.title
        assert row["published_at"] == article.published_at.isoformat()
        assert row["body"] == "\n\n".join(article.paragraphs)
        assert row["lang"] == article.lang
    assert not failures(tmp_path)

    site.reset_log()
    second = crawl(site, tmp_path, "-a", "max_pages=100")  # a depth: every listing page read
    assert second.returncode == 0, second.log
    assert len(exported(tmp_path)) == 40
    assert sum(site.article_fetches().values()) == 0
    assert second.stat("incremental/skipped_seen") == 40  # each article once, however linked

    new = site.add_articles(5)
    third = crawl(site, tmp_path)
    assert third.returncode == 0, third.log
    rows = exported(tmp_path)
    assert len(rows) == 45
    assert sorted(r["url"] for r in rows[40:]) == sorted(site.url(a) for a in new)


def test_window_language_and_limit(tmp_path):
    with FakeSite(150, page_size=20) as site:
        check_window_language_and_limit(site, tmp_path)


def check_window_language_and_limit(site, tmp_path):
    dates = sorted({a.published_at.date() for a in site.articles})
    since, until = dates[1], dates[-2]
    result = crawl(site, tmp_path, "-a", "lang=kk", "-a", f"since={since}", "-a", f"until={until}")
    assert result.returncode == 0, result.log
    expected = {
        site.url(a) for a in site.articles
        if a.lang == "kk" and since <= a.published_at.date() <= until
    }  # fmt: skip
    assert expected
    assert {r["url"] for r in exported(tmp_path)} == expected
    fetched = {path for path in site.article_fetches()}
    assert all("/kz/" in path for path in fetched)  # nothing outside the window was fetched
    assert len(fetched) == len(expected)

    limited = tmp_path / "limited"
    result = crawl(site, limited, "-a", "limit=7")
    assert result.returncode == 0, result.log
    assert len(exported(limited)) == 7


def test_pagination_stops_at_since(tmp_path):
    with FakeSite(60, page_size=5) as site:
        newest = site.articles[0].published_at.date()
        result = crawl(site, tmp_path, "-a", "lang=ru", "-a", f"since={newest}")
        assert result.returncode == 0, result.log
        pages = [p for p, _ in site.requests if p.startswith("/ru/news?page=")]
        ru = [a for a in site.articles if a.lang == "ru"]
        assert len(pages) < len(ru) // 5 - 1  # it stopped well before the last listing page
        assert {r["url"] for r in exported(tmp_path)} == {
            site.url(a) for a in ru if a.published_at.date() >= newest
        }


def test_with_faults_every_article_is_exported_or_filed(site, tmp_path):
    paths = [a.path for a in site.articles]
    site.faults.error_500 |= {paths[0], paths[1]}
    site.faults.flaky_500.update({paths[2]: 2})
    site.faults.too_many_429.update({paths[3]: 1})
    site.faults.slow |= {paths[4]}
    site.faults.slow_seconds = 4
    site.faults.truncated |= {paths[5]}
    site.faults.redirect_chain.update({paths[6]: 3})
    site.faults.cp1251 |= {paths[7]}
    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.log
    got = {r["url"] for r in exported(tmp_path)}
    failed = {f["url"]: f for f in failures(tmp_path)}
    for article in site.articles:
        url = site.url(article)
        assert (url in got) != (url in failed), url  # exactly one of the two
    assert {failed[site.url(a)]["reason"] for a in site.articles[:2]} == {"http_500"}
    assert all(f["attempts"] == 4 for f in failed.values() if f["reason"] == "http_500")
    for article in site.articles[2:4] + site.articles[6:8]:
        assert site.url(article) in got
    cp1251 = next(r for r in exported(tmp_path) if r["url"] == site.url(site.articles[7]))
    assert cp1251["title"] == site.articles[7].title
    assert result.stat("failures/count") == len(failed)


def start_crawl(site: FakeSite, work: Path, *args: str) -> subprocess.Popen[bytes]:
    """The crawl of `crawl`, in the background, to be killed."""
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "mailkz", "-a", f"base_url={site.base_url}",
        "-s", f"DATASET_DIR={work / 'datasets'}", "-s", f"STATE_DIR={work / 'state'}",
        *FAST, *args,
    ]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_killed_run_then_rerun_exports_every_article_exactly_once(tmp_path):
    with FakeSite(60, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles[30:]}
        site.faults.slow_seconds = 1.0
        proc = start_crawl(
            site, tmp_path, "-s", "DOWNLOAD_TIMEOUT=30", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"
        )
        deadline = time.monotonic() + 60
        while sum(site.article_fetches().values()) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert exported(tmp_path) == []  # nothing half-written is visible
        site.faults.slow.clear()
        result = crawl(site, tmp_path)
        assert result.returncode == 0, result.log
        urls = [r["url"] for r in exported(tmp_path)]
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)


def test_a_run_killed_while_its_feed_holds_rows_records_nothing_seen(tmp_path: Path) -> None:
    """Items in a temporary feed file are in no dataset file yet: a seen-store that knew them
    would make the rerun skip articles that were never stored."""
    with FakeSite(60, page_size=10) as site:
        site.faults.slow |= {a.path for a in site.articles[40:]}
        site.faults.slow_seconds = 60
        proc = start_crawl(site, tmp_path, "-s", "DOWNLOAD_TIMEOUT=120")
        runs = tmp_path / "datasets" / "mailkz" / "runs"
        try:
            deadline = time.monotonic() + 60
            while temp_feed_rows(runs) < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        assert temp_feed_rows(runs) >= 5, "no rows reached the temporary feed file in 60 s"
        assert exported(tmp_path) == []
        assert seen_urls(tmp_path) == set()
        site.faults.slow.clear()
        result = crawl(site, tmp_path)
        assert result.returncode == 0, result.log
        assert sorted(r["url"] for r in exported(tmp_path)) == sorted(
            site.url(a) for a in site.articles
        )


def test_undated_links_are_fetched_and_dropped_when_their_page_is_outside_the_window(
    tmp_path: Path,
) -> None:
    """A listing link without a date cannot be checked before fetching: the article page's own
    date must keep it out of a since/until window, counted as outside_window."""
    with FakeSite(60, page_size=10) as site:
        undated = {a.path for a in site.articles[::2]}
        site.faults.undated_links |= undated
        dates = sorted({a.published_at.date() for a in site.articles})
        assert len(dates) == 3
        day = dates[1]
        result = crawl(site, tmp_path, "-a", f"since={day}", "-a", f"until={day}")
        assert result.returncode == 0, result.log
        inside = {site.url(a) for a in site.articles if a.published_at.date() == day}
        assert {r["url"] for r in exported(tmp_path)} == inside
        by_path = {a.path: a for a in site.articles}
        outside = [by_path[p] for p in site.article_fetches() if site.url(by_path[p]) not in inside]
        assert {a.path for a in outside} <= undated  # dated links were judged before fetching
        assert {a.published_at.date() for a in outside} == {dates[0], dates[2]}
        assert result.stat("extract/dropped/outside_window") == len(outside)


def test_tracking_parameters_never_reach_requests_or_exported_urls(
    site: FakeSite, tmp_path: Path
) -> None:
    """Listing links shared with utm_*/fbclid name the same article as the plain link: one
    fetch, one row, and the dataset's url without the query."""
    site.faults.tracking_links |= {a.path for a in site.articles[::2]}
    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.log
    urls = [r["url"] for r in exported(tmp_path)]
    assert sorted(urls) == sorted(site.url(a) for a in site.articles)
    assert [p for p, _ in site.requests if "utm_" in p or "fbclid" in p] == []
    assert set(site.article_fetches().values()) == {1}


def test_sitemaps_and_feeds_are_discovered_and_dated_before_fetching(tmp_path):
    with FakeSite(60, page_size=10, sitemap=True, rss=True) as site:
        newest = site.articles[0].published_at.date()
        result = crawl(site, tmp_path, "-a", f"since={newest}", "-a", "max_pages=1")
        assert result.returncode == 0, result.log
        assert result.stat("discovery/sitemaps") >= 2  # the index and its urlsets
        assert result.stat("discovery/feeds") >= 1
        expected = {site.url(a) for a in site.articles if a.published_at.date() >= newest}
        assert {r["url"] for r in exported(tmp_path)} == expected
        fetched = {site.base_url + path for path in site.article_fetches()}
        assert fetched == expected  # older articles listed in sitemaps were never fetched


def test_user_agent_names_the_project_and_contact(site, tmp_path):
    result = crawl(site, tmp_path, "-a", "limit=1", "-s", "CONTACT_URL=https://example.org/c")
    assert result.returncode == 0, result.log
    agents = {agent for agent in site.user_agents()}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("newscrawler/") and "(+https://example.org/c)" in agent


def test_a_stopped_crawl_resumes_from_its_jobdir(tmp_path):
    with FakeSite(60, page_size=10) as site:
        # One page at a time, and no next page while an item is still in the pipelines (they wait
        # for the language model, about 1 s, while a local site answers all 60 pages sooner).
        one_at_a_time = [
            "-s", "CONCURRENT_REQUESTS=1", "-s", "SCRAPER_SLOT_MAX_ACTIVE_SIZE=1",
            "-s", f"JOBDIR={tmp_path / 'job'}",
        ]  # fmt: skip
        first = crawl(site, tmp_path, *one_at_a_time, "-s", "CLOSESPIDER_ITEMCOUNT=20")
        assert first.returncode == 0, first.log
        assert 20 <= len(exported(tmp_path)) < 60
        second = crawl(site, tmp_path, *one_at_a_time)
        assert second.returncode == 0, second.log
        urls = [r["url"] for r in exported(tmp_path)]
        assert sorted(urls) == sorted(site.url(a) for a in site.articles)  # each exactly once
