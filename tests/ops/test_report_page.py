"""The dataset report as people see it: `scrapy report` on a real crawl's dataset, opened in a real
headless browser (Debian's chromium, driven by playwright), offline. It loads without a script
error or a request for anything but itself, and every chart is drawn, one mark per value of its
figure in report.json, each mark the size its value gives it.

`make test` installs chromium when it is missing (the Makefile's `chromium` target): this test is
never skipped."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Page, sync_playwright

from newscrawler.exporters.schema import ARTICLE_SCHEMA, RowBuilder
from newscrawler.exporters.synthetic import synthetic_articles

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exporters"))
from dataset_helpers import run_scrapy

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
"""No sandbox (root in CI), and none of chromium's own calls home: the machine has no internet."""
LATER = datetime(2025, 12, 21, 6, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

MARKS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  return {
    figure: svg.dataset.figure, width: box.width, height: box.height,
    marks: [...svg.querySelectorAll('.mark')].map(m => {
      const b = m.getBoundingClientRect();
      return {...m.dataset, width: b.width, height: b.height};
    }),
  };
})"""
"""Every chart on the page: its drawn size and its marks' data-* attributes and drawn sizes."""


def later_run(runs: Path, first_report: dict[str, Any]) -> None:
    """A second run, an hour after the first, as a crawl with the columns other parts add (text
    language, story) would leave it: 8 articles (4 of them recrawled), its report failed, and 3
    failures."""
    items = list(synthetic_articles(8, start=20, seed=1, crawled_at=LATER))
    builder = RowBuilder(ARTICLE_SCHEMA)
    table = pa.Table.from_pylist([builder.to_row(i) for i in items], schema=ARTICLE_SCHEMA)
    later = {
        "text_lang": pa.array(["ru", "kk", "ru", None] * 2),
        "text_lang_score": pa.array([0.9, 0.8, 0.6, None] * 2),
        "story_id": pa.array(["a", "a", "b", "c", "c", "c", "d", "e"]),
    }
    for name, values in later.items():
        if name in table.column_names:
            table = table.set_column(table.column_names.index(name), name, values)
        else:
            table = table.append_column(name, values)
    pq.write_table(table, runs / "20251221T060000Z.parquet")
    report = {
        **first_report,
        "run_id": "20251221T060000Z",
        "started_at": (datetime.fromisoformat(first_report["started_at"]) + HOUR).isoformat(),
        "ok": False,
        "monitors": {**first_report["monitors"], "failed": ["coverage/published_at"]},
    }
    (runs / "20251221T060000Z.report.json").write_text(json.dumps(report), "utf-8")
    failures = runs.parent / "failures" / "20251221T060000Z.jsonl"
    failures.parent.mkdir()
    reasons = ["timeout", "http_500", "timeout"]
    failures.write_text(
        "".join(json.dumps({"url": f"u{i}", "reason": r, "attempts": 3}) + "\n" for i, r in
                enumerate(reasons)),
        "utf-8",
    )  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """report.html and report.json of a dataset: one real crawl of 24 articles plus a later run."""
    root = tmp_path_factory.mktemp("datasets")
    crawl = run_scrapy("crawl", root, "fixture", "-a", "count=24")
    assert crawl.returncode == 0, crawl.stderr
    runs = root / "fixture" / "runs"
    first = json.loads(next(runs.glob("*.report.json")).read_text("utf-8"))
    later_run(runs, first)
    html = root / "site" / "report.html"
    done = run_scrapy("report", root, "fixture", "--output", str(html))
    assert done.returncode == 0, done.stderr
    assert f"wrote {html} and {html.with_suffix('.json')}: 28 articles from fixture" in done.stdout
    return html, json.loads(html.with_suffix(".json").read_text("utf-8"))


@pytest.fixture(scope="module")
def page(report: tuple[Path, dict[str, Any]]) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The report opened in headless chromium; the page, its errors and every URL it asked for."""
    assert Path(CHROMIUM).exists(), "no chromium: `make chromium` installs Debian's package"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1000, "height": 900})
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(report[0].as_uri(), wait_until="load")
            yield tab, errors, requests
        finally:
            browser.close()


def test_the_page_opens_offline_without_errors_and_asks_for_nothing_else(page, report):
    tab, errors, requests = page
    assert errors == []
    assert requests == [report[0].as_uri()]
    assert tab.title() == f"Dataset report: {report[0].parent.parent}"


def test_every_chart_is_drawn_with_one_mark_per_value_of_report_json(page, report):
    figures = report[1]
    charts = page[0].evaluate(MARKS)
    assert [c["figure"] for c in charts] == [
        "articles_per_day", "coverage_over_time", "body_length", "original_sources",
        "duplicates", "failures",
    ]  # fmt: skip
    for chart in charts:
        assert chart["width"] > 0 and chart["height"] > 0, chart["figure"]
        assert chart["marks"], chart["figure"]
    drawn = {c["figure"]: c["marks"] for c in charts}

    def values(figure: str, *keys: str) -> dict[tuple[str, ...], float]:
        return {tuple(m[k] for k in keys): float(m["value"]) for m in drawn[figure]}

    per_day = figures["articles_per_day"]
    assert len(drawn["articles_per_day"]) == len(per_day["rows"])
    assert values("articles_per_day", "date", "source", "lang") == {
        (r["date"], r["source"], r["lang"]): r["articles"] for r in per_day["rows"]
    }
    assert sum(r["articles"] for r in per_day["rows"] + per_day["undated"]) == 28
    coverage = figures["coverage_over_time"]
    assert values("coverage_over_time", "date", "field") == {
        (r["date"], f): r["share"][f] for r in coverage["rows"] for f in coverage["fields"]
    }
    assert values("body_length", "bin") == {
        (r["bin"],): r["articles"] for r in figures["body_length"]["rows"] if r["articles"]
    }
    assert values("original_sources", "label") == {
        (r["original_source"],): r["articles"] for r in figures["original_sources"]["rows"]
    }
    assert values("duplicates", "source") == {
        (r["source"],): r["share"] for r in figures["duplicates"]["rows"]
    }
    assert values("failures", "reason") == {("timeout",): 2, ("http_500",): 1}
    for figure in ("articles_per_day", "body_length", "original_sources", "failures"):
        assert all(m["width"] > 0 and m["height"] > 0 for m in drawn[figure]), figure
    tallest = max(drawn["articles_per_day"], key=lambda m: m["height"])
    assert float(tallest["value"]) == max(r["articles"] for r in per_day["rows"])


def test_the_columns_of_the_later_run_are_shown_and_the_runs_table_has_both_runs(page, report):
    figures = report[1]
    tab = page[0]
    cells = tab.eval_on_selector_all(
        "#text-lang .mark", "els => els.map(e => [e.dataset.edition, e.dataset.textLang, "
        "Number(e.dataset.value)])",
    )  # fmt: skip
    assert sorted(map(tuple, cells)) == sorted(
        (r["edition"], r["text_lang"] or "none", r["articles"])
        for r in figures["text_lang"]["rows"]
    )
    assert figures["duplicates"]["rows"][0]["method"] == "story_id"
    assert tab.locator("#text-lang .unavailable").count() == 0
    statuses = tab.eval_on_selector_all(
        "#runs tbody tr", "rows => rows.map(r => r.cells[4].textContent)"
    )
    assert statuses == ["failed (coverage/published_at)", "ok"]
