"""The dataset report's figures, from dataset folders written here row by row: Almaty days, one
row per url across runs, where a source is read from, the columns added after a dataset was
written (text_lang, story_id) used when present and said to be missing when not, failures and
runs from their files; and `scrapy report` refusing a source it has no data for."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawler.exporters.schema import ARTICLE_SCHEMA, RowBuilder
from newscrawler.items import ArticleItem
from newscrawler.ops.dataset_report import (
    COVERAGE_FIELDS,
    DAILY_SPAN,
    LAST_RUNS,
    DatasetReportError,
    build_dataset_report,
    dataset_sources,
    source_files,
)
from newscrawler.ops.report_html import Mark, render

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
T1 = datetime(2025, 12, 21, 6, 0, tzinfo=UTC)


def article(n: int, **fields: Any) -> ArticleItem:
    """Article `n` of the `news` dataset: Russian, dated, crawled at T0, unless `fields` say."""
    values: dict[str, Any] = {
        "url": f"https://news.kz/ru/{n}",
        "site": "news.kz",
        "lang": "ru",
        "title": f"Статья {n}",
        "published_at": "2025-12-19T10:00:00+05:00",
        "body": f"Текст статьи номер {n}.",
        "content_hash": f"hash-{n}",
        "crawled_at": T0.isoformat(),
        **fields,
    }
    return ArticleItem(**values)


LATER_COLUMNS = ("text_lang", "text_lang_score", "story_id")
"""Columns later versions of the project added: a dataset written before them has none."""


def write(path: Path, items: list[ArticleItem], **extra: list[Any]) -> Path:
    """A Parquet file of `items` in the dataset schema as it was before LATER_COLUMNS, plus
    `extra` columns (some of those)."""
    builder = RowBuilder(ARTICLE_SCHEMA)
    table = pa.Table.from_pylist([builder.to_row(i) for i in items], schema=ARTICLE_SCHEMA)
    table = table.drop_columns([c for c in LATER_COLUMNS if c in table.column_names])
    for name, values in extra.items():
        table = table.append_column(name, pa.array(values))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def run_report(run_id: str, started: str, *, ok: bool = True, exported: int = 1) -> dict:
    """The keys of a run report (ops/report.py) that the runs table reads."""
    return {
        "run_id": run_id, "started_at": started, "mode": "crawl", "ok": ok,
        "finish_reason": "finished", "duration_seconds": 12.5,
        "items": {"exported": exported}, "failures": {"count": 0},
        "monitors": {"failed": [] if ok else ["coverage/published_at"]},
    }  # fmt: skip


def figures(dataset: Path, *names: str) -> dict[str, Any]:
    return build_dataset_report(dataset, dataset_sources(dataset, names))


def test_articles_are_counted_on_their_almaty_day_with_every_day_between_and_undated_apart(
    tmp_path,
):
    items = [
        article(1, published_at="2024-03-01T00:30:00+05:00"),  # 2024-02-29 in UTC
        article(2, published_at="2024-02-29T23:30:00+06:00"),
        article(3, published_at="2024-03-03T12:00:00+05:00", lang="kk"),
        article(4, published_at=None),
    ]
    write(tmp_path / "news" / "runs" / "20251220T060000Z.parquet", items)
    per_day = figures(tmp_path)["articles_per_day"]
    assert per_day["bucket"] == "day"
    assert per_day["buckets"] == ["2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"]
    assert per_day["rows"] == [
        {"date": "2024-02-29", "source": "news", "lang": "ru", "articles": 1},
        {"date": "2024-03-01", "source": "news", "lang": "ru", "articles": 1},
        {"date": "2024-03-03", "source": "news", "lang": "kk", "articles": 1},
    ]
    assert per_day["undated"] == [{"source": "news", "lang": "ru", "articles": 1}]


def test_a_span_of_years_is_counted_per_month(tmp_path):
    items = [
        article(1, published_at="2023-01-31T23:00:00+06:00"),
        article(2, published_at="2023-01-02T10:00:00+06:00"),
        article(3, published_at="2023-06-01T10:00:00+06:00"),
    ]
    write(tmp_path / "news.parquet", items)
    per_day = figures(tmp_path, "news")["articles_per_day"]
    assert DAILY_SPAN < 150
    assert per_day["bucket"] == "month"
    assert per_day["buckets"] == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]
    assert [(r["date"], r["articles"]) for r in per_day["rows"]] == [("2023-01", 2), ("2023-06", 1)]


def test_runs_give_one_row_per_url_the_newest_crawl(tmp_path):
    runs = tmp_path / "news" / "runs"
    write(runs / "20251220T060000Z.parquet", [article(n, original_source="old.kz") for n in (1, 2)])
    newer = [article(n, original_source="new.kz", crawled_at=T1.isoformat()) for n in (2, 3)]
    write(runs / "20251221T060000Z.parquet", newer)
    report = figures(tmp_path)
    assert report["articles"] == 3
    assert report["sources"][0]["read_from"] == "runs/"
    assert report["original_sources"]["rows"] == [
        {"original_source": "new.kz", "articles": 2},
        {"original_source": "old.kz", "articles": 1},
    ]


def test_a_source_is_read_from_articles_then_runs_then_its_export_file(tmp_path):
    write(tmp_path / "news.parquet", [article(1)])
    assert source_files(tmp_path, "news").read_from == "news.parquet"
    write(tmp_path / "news" / "runs" / "20251220T060000Z.parquet", [article(1), article(2)])
    assert source_files(tmp_path, "news").read_from == "runs/"
    part = tmp_path / "news" / "articles" / "lang=ru" / "year=2025" / "month=12"
    write(part / "news-ru-2025-12.parquet", [article(n) for n in (1, 2, 3)])
    (part / ".news-ru-2025-12.parquet.x.tmp").write_bytes(b"half a file")
    files = source_files(tmp_path, "news")
    assert (files.read_from, len(files.data)) == ("articles/", 1)
    assert figures(tmp_path)["articles"] == 3
    assert source_files(tmp_path, "other") is None
    with pytest.raises(DatasetReportError, match="no data for other"):
        dataset_sources(tmp_path, ["other"])
    (part / "news-ru-2025-11.parquet").write_bytes(b"not parquet")
    with pytest.raises(DatasetReportError, match=r"news-ru-2025-11\.parquet: unreadable"):
        figures(tmp_path)


def test_coverage_by_crawl_day_and_body_length_bins(tmp_path):
    items = [
        article(1, photo_credit="Фото: пресс-служба", authors=["Ольга Ким"]),
        article(2, photo_credit="", original_source="zakon.kz", body=" ".join(["слово"] * 120)),
        article(3, published_at=None, crawled_at=T1.isoformat(), body=" ".join(["сөз"] * 1700)),
    ]
    write(tmp_path / "news" / "runs" / "20251221T060000Z.parquet", items)
    report = figures(tmp_path)
    coverage = report["coverage_over_time"]
    assert coverage["buckets"] == ["2025-12-20", "2025-12-21"]
    filled = [(r["date"], r["articles"], list(r["filled"].values())) for r in coverage["rows"]]
    assert list(coverage["rows"][0]["filled"]) == list(COVERAGE_FIELDS)
    assert filled == [("2025-12-20", 2, [2, 1, 1, 1]), ("2025-12-21", 1, [0, 0, 0, 0])]
    assert coverage["rows"][0]["share"]["photo_credit"] == 0.5
    bins = {r["bin"]: r["articles"] for r in report["body_length"]["rows"]}
    assert bins == {
        "0–49": 1, "50–99": 0, "100–199": 1, "200–399": 0, "400–799": 0, "800–1599": 0, "1600+": 1
    }  # fmt: skip
    assert report["body_length"]["quantiles"]["news"]["median"] == 120


def test_text_lang_and_story_id_are_used_where_the_files_have_them(tmp_path):
    runs = tmp_path / "news" / "runs"
    write(runs / "20251220T060000Z.parquet", [article(1), article(2, lang="kk")])  # before
    write(
        runs / "20251221T060000Z.parquet",
        [article(n, lang="kk", crawled_at=T1.isoformat()) for n in (3, 4, 5)],
        text_lang=["kk", "ru", None],
        text_lang_score=[0.9, 0.7, None],
        # 3 and 4 one story, named for 3; 5 a repost of another source's earlier article
        story_id=["https://news.kz/ru/3", "https://news.kz/ru/3", "https://zakon.kz/9"],
    )
    report = figures(tmp_path)
    text_lang = report["text_lang"]
    assert text_lang["available"]
    cells = {(r["edition"], r["text_lang"]): r["articles"] for r in text_lang["rows"]}
    assert cells == {("kk", "kk"): 1, ("kk", "ru"): 1, ("kk", None): 2, ("ru", None): 1}
    assert text_lang["same_as_edition"] == 0.5
    duplicates = report["duplicates"]["rows"][0]
    assert duplicates["method"] == "story_id"
    assert (duplicates["keyed"], duplicates["duplicates"], duplicates["share"]) == (3, 2, 0.6667)
    page = render(report)
    assert 'data-text-lang="ru"' in page
    assert "Not available in this dataset: text_lang" not in page


def test_a_dataset_written_before_those_columns_says_so_and_counts_exact_duplicates(tmp_path):
    items = [article(1), article(2, content_hash="hash-1"), article(3)]
    write(tmp_path / "news" / "runs" / "20251220T060000Z.parquet", items)
    report = figures(tmp_path)
    assert not report["text_lang"]["available"]
    assert report["duplicates"]["rows"] == [
        {"source": "news", "method": "content_hash", "articles": 3, "keyed": 3, "distinct": 2,
         "duplicates": 1, "share": 0.3333},
    ]  # fmt: skip
    page = render(report)
    assert "Not available in this dataset: no text_lang column" in page
    assert "Not available in this dataset: story_id" in page


def test_failures_by_reason_and_the_last_runs_from_their_files(tmp_path):
    runs = tmp_path / "news" / "runs"
    write(runs / "20251220T060000Z.parquet", [article(1)])
    reports = {
        "20251220T060000Z": run_report("20251220T060000Z", "2025-12-20T06:00:00+00:00"),
        "20251221T060000Z": run_report("20251221T060000Z", "2025-12-21T06:00:00+00:00", ok=False),
    }
    for run, report in reports.items():
        (runs / f"{run}.report.json").write_text(json.dumps(report), "utf-8")
    (runs / "20251222T060000Z.report.json").write_text("{not json", "utf-8")
    failures = tmp_path / "news" / "failures"
    failures.mkdir()
    lines = [{"url": f"https://news.kz/ru/{n}", "reason": r, "attempts": 3}
             for n, r in enumerate(["timeout", "http_500", "timeout"])]  # fmt: skip
    (failures / "20251220T060000Z.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines) + "garbage\n", "utf-8"
    )
    report = figures(tmp_path)
    assert report["failures"]["rows"] == [
        {"source": "news", "reason": "timeout", "failures": 2},
        {"source": "news", "reason": "http_500", "failures": 1},
    ]
    assert report["failures"]["unreadable"] == [f"{failures / '20251220T060000Z.jsonl'}:4"]
    statuses = [(r["run_id"], r["status"]) for r in report["runs"]]
    assert statuses == [
        ("20251221T060000Z", "failed"),
        ("20251220T060000Z", "ok"),
        ("20251222T060000Z", "unreadable"),
    ]
    page = render(report)
    assert 'data-reason="timeout" data-value="2"' in page
    assert "coverage/published_at" in page


def test_the_command_refuses_a_source_without_data(tmp_path):
    """Writing the files is tested with the page (test_report_page.py)."""
    write(tmp_path / "news" / "runs" / "20251220T060000Z.parquet", [article(1)])
    command = ["scrapy", "report", "news", "missing", "--dataset-dir", str(tmp_path)]
    refused = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert "no data for missing" in refused.stderr
    assert not (tmp_path / "report.html").exists()


def test_only_the_last_runs_of_a_source_are_listed_by_start_time(tmp_path):
    runs = tmp_path / "news" / "runs"
    write(runs / "20251220T060000Z.parquet", [article(1)])
    for day in range(1, LAST_RUNS + 3):  # file names in the reverse order of the start times
        started = f"2025-11-{day:02d}T06:00:00+00:00"
        name = f"worker-{LAST_RUNS + 3 - day:02d}"
        (runs / f"{name}.report.json").write_text(json.dumps(run_report(name, started)), "utf-8")
    listed = [r["started_at"][:10] for r in figures(tmp_path)["runs"]]
    assert listed == [f"2025-11-{day:02d}" for day in range(LAST_RUNS + 2, 2, -1)]


def test_a_mark_carries_its_exact_value_and_escapes_its_key():
    assert Mark({"label": '<a "b">'}, 1_234_567).attributes() == (
        'class="mark" data-label="&lt;a &quot;b&quot;&gt;" data-value="1234567"'
    )
    assert 'data-value="0.1234"' in Mark({"source": "news"}, 0.1234).attributes()
