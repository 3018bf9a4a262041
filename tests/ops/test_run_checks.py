"""Real `scrapy crawl mailkz` runs against the local fake site: the report each run writes, and
the monitors failing the run (exit code 3) when the site's pages go bad."""

from __future__ import annotations

import json
from pathlib import Path

from crawlrun import FAST, run_crawl
from fakesite import FakeSite

from newscrawler import settings as project_settings
from newscrawler.ops import exitcodes
from newscrawler.spiders.base import NewsArgs


def crawl(site: FakeSite, work: Path, *args: str):
    return run_crawl(
        "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"STATE_DIR={work / 'state'}", *FAST, *args,
    )  # fmt: skip


def runs(work: Path) -> Path:
    return work / "datasets" / "mailkz" / "runs"


def reports(work: Path) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(runs(work).glob("*.report.json"))]


def test_undated_pages_fail_the_run_with_exit_3_and_the_report_says_why(tmp_path):
    with FakeSite(40, page_size=10) as site:
        site.faults.undated |= {a.path for a in site.articles}
        result = crawl(site, tmp_path)
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    [report] = reports(tmp_path)
    assert report["ok"] is False
    assert report["monitors"]["failed"] == ["coverage/published_at"]
    [verdict] = [v for v in report["monitors"]["verdicts"] if v["status"] == "failed"]
    assert verdict["value"] == 0.0 and verdict["bound"] == 0.8
    assert "0 of 40 article pages have published_at" in verdict["reason"]
    assert report["coverage"]["published_at"] == {"filled": 0, "of": 40, "share": 0.0}
    assert report["items"]["exported"] == 40  # the items are still exported, for the record
    assert "Monitor coverage/published_at failed: 0 of 40" in result.log
    summary = result.log[result.log.rindex("Run summary") :]
    assert "FAILED (coverage/published_at)" in summary and "Dumping Scrapy stats" not in summary


def test_boilerplate_left_by_a_missing_cleaning_step_fails_the_run(tmp_path):
    pipelines = {k: v for k, v in project_settings.ITEM_PIPELINES.items() if "Footer" not in k}
    with FakeSite(20, page_size=10) as site:
        # TEMPLATE_LINES off: learned from the pages, it would remove the footer in its place
        result = crawl(
            site, tmp_path, "-s", f"ITEM_PIPELINES={json.dumps(pipelines)}",
            "-s", "TEMPLATE_LINES=off",
        )  # fmt: skip
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    [report] = reports(tmp_path)
    assert report["monitors"]["failed"] == ["boilerplate"]
    assert report["boilerplate"]["footer"]["items"] == 20
    assert report["boilerplate"]["footer"]["examples"][0].startswith(site.base_url)


def test_a_run_finding_far_fewer_articles_than_recent_runs_fails_volume(tmp_path):
    with FakeSite(30, page_size=10) as site:
        args = NewsArgs(base_url=site.base_url).model_dump(mode="json")
        runs(tmp_path).mkdir(parents=True)
        for day in ("20251201", "20251202", "20251203"):
            earlier = {"args": args, "items": {"found": 900}, "monitors": {"ok": True}}
            (runs(tmp_path) / f"{day}T060000Z.report.json").write_text(json.dumps(earlier))
        (runs(tmp_path) / "20251204T060000Z.report.json").write_text("{not json")
        result = crawl(site, tmp_path)
    assert result.returncode == exitcodes.MONITORS_FAILED, result.log
    [path] = [p for p in runs(tmp_path).glob("*.report.json") if not p.name.startswith("2025")]
    report = json.loads(path.read_text("utf-8"))
    assert report["monitors"]["failed"] == ["volume"]
    [volume] = [v for v in report["monitors"]["verdicts"] if v["name"] == "volume"]
    assert "30 articles found; the last 3 healthy runs' median is 900" in volume["reason"]
    assert "20251204T060000Z.report.json is unreadable" in result.log


def test_every_monitor_can_be_switched_off(tmp_path):
    with FakeSite(20, page_size=10) as site:
        site.faults.undated |= {a.path for a in site.articles}
        result = crawl(site, tmp_path, "-s", "MONITORS_ENABLED=0")
    assert result.returncode == exitcodes.OK, result.log
    [report] = reports(tmp_path)
    assert report["monitors"] == {"enabled": False, "ok": True, "failed": [], "verdicts": []}


def test_a_bad_threshold_stops_the_crawl_before_it_fetches(tmp_path):
    with FakeSite(5, page_size=10) as site:
        result = crawl(site, tmp_path, "-s", "MONITOR_MAX_FAILURE_RATE=2")
        assert not site.requests
    assert result.returncode == exitcodes.CRASHED
    assert "MONITOR_MAX_FAILURE_RATE must be a share between 0 and 1, got 2.0" in result.log
