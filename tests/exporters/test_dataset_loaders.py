"""End to end: two real crawls, `scrapy compact`, `scrapy card`, then the runs and the compacted
dataset loaded with pandas, polars, DuckDB and Hugging Face `datasets`, as an analyst would; and
the README's loading snippets and the demo's closing hint run exactly as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dataset_helpers import ROOT, run_scrapy

from newscrawler.exporters.compaction import compact
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.items import ArticleItem
from newscrawler.pipelines.cleaning import fingerprint
from newscrawler.pipelines.language import detect
from newscrawler.sources import SOURCES

# Run A: articles 0-29. Run B, a day later: articles 20-39 with other text (seed), and five
# columns null in every row. Compacted: 40 urls, 20-39 from run B, their text_lang detected.
RUN_A = ["-a", "count=30", "-a", "start=0"]
ALL_NULL = ["original_url", "word_count", "photo_credit", "text_lang", "text_lang_score"]
RUN_B = [
    *("-a", "count=20", "-a", "start=20", "-a", "seed=1"),
    *("-a", "crawled_at=2025-12-21T06:00:00+00:00"),
    *("-a", f"nulls={','.join(ALL_NULL)}"),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("datasets")
    for args in (RUN_A, RUN_B):
        proc = run_scrapy("crawl", root, "fixture", *args, "-s", "PARQUET_ROW_GROUP_SIZE=8")
        assert proc.returncode == 0, proc.stderr
    proc = run_scrapy("compact", root, "fixture")
    assert proc.returncode == 0, proc.stderr
    assert "40 articles from 2 runs" in proc.stdout
    assert run_scrapy("card", root).returncode == 0
    return root


def runs(dataset: Path, suffix: str) -> list[Path]:
    files = sorted((dataset / "fixture" / "runs").glob(f"*.{suffix}"))
    assert len(files) == 2
    return files


def jsonl_rows(path: Path) -> dict[str, dict]:
    lines = path.read_text("utf-8").splitlines()
    return {row["url"]: row for row in map(json.loads, lines)}


def newest_jsonl(dataset: Path) -> dict[str, dict]:
    """What compaction must give: run A's rows overwritten by run B's."""
    run_a, run_b = runs(dataset, "jsonl")
    return {**jsonl_rows(run_a), **jsonl_rows(run_b)}


def text_langs(dataset: Path) -> dict[str, str]:
    """What compaction must give as text_lang: run A's, and for run B's rows (null there) the
    language detected from the body."""
    rows = newest_jsonl(dataset).items()
    return {url: row["text_lang"] or detect(row["body"]).lang for url, row in rows}


def duckdb_types(source: str) -> dict[str, str]:
    return {
        name: kind for name, kind, *_ in duckdb.sql(f"describe select * from '{source}'").fetchall()
    }


def articles_glob(dataset: Path) -> str:
    return str(dataset / "fixture" / "articles" / "**" / "*.parquet")


def test_pandas_reads_runs_with_tz_aware_timestamps_lists_and_the_jsonl_text(dataset):
    for parquet, jsonl in zip(runs(dataset, "parquet"), runs(dataset, "jsonl"), strict=True):
        df = pd.read_parquet(parquet)
        expected = jsonl_rows(jsonl)
        assert len(df) == len(expected)
        assert str(df["published_at"].dtype) == "datetime64[us, UTC]"
        assert str(df["crawled_at"].dtype) == "datetime64[us, UTC]"
        for row in df.itertuples():
            want = expected[row.url]
            assert (row.title, row.body) == (want["title"], want["body"])
            assert (list(row.tags), list(row.authors)) == (want["tags"], want["authors"])
            if want["published_at"] is None:
                assert pd.isna(row.published_at)
            else:
                assert row.published_at == datetime.fromisoformat(want["published_at"])


def test_all_null_columns_keep_their_declared_types_in_every_library(dataset):
    run_b = runs(dataset, "parquet")[1]
    df = pd.read_parquet(run_b, dtype_backend="pyarrow")
    assert df[ALL_NULL].isna().all().all()
    assert str(df["word_count"].dtype) == "int64[pyarrow]"
    assert str(df["original_url"].dtype) == "string[pyarrow]"
    assert str(df["text_lang_score"].dtype) == "double[pyarrow]"
    schema = pl.read_parquet(run_b).schema
    assert (schema["word_count"], schema["original_url"]) == (pl.Int64, pl.String)
    assert schema["text_lang_score"] == pl.Float64
    types = duckdb_types(str(run_b))
    assert (types["word_count"], types["original_url"]) == ("BIGINT", "VARCHAR")
    assert types["text_lang_score"] == "DOUBLE"


def test_polars_reads_the_compacted_dataset_one_row_per_url_newest_crawl(dataset):
    df = pl.read_parquet(articles_glob(dataset))
    expected = newest_jsonl(dataset)
    assert df.height == len(expected) == 40
    assert df["url"].n_unique() == 40
    assert df.schema["published_at"] == pl.Datetime("us", "UTC")
    assert df.schema["tags"] == pl.List(pl.String)
    langs = text_langs(dataset)  # run B's rows: filled by compaction
    for row in df.iter_rows(named=True):
        want = expected[row["url"]]
        assert (row["title"], row["body"], row["authors"]) == (
            want["title"],
            want["body"],
            want["authors"],
        )
        assert row["crawled_at"] == datetime.fromisoformat(want["crawled_at"])
        assert row["text_lang"] == langs[row["url"]]


def test_pandas_reads_the_compacted_folder_as_the_card_shows(dataset):
    df = pd.read_parquet(
        dataset / "fixture" / "articles", partitioning=None, dtype_backend="pyarrow"
    )
    assert len(df) == 40
    assert str(df["published_at"].dtype) == "timestamp[us, tz=UTC][pyarrow]"
    assert set(df["lang"]) == {"ru", "kk"}


def test_duckdb_counts_by_language_and_reads_cyrillic(dataset):
    query = f"select lang, count(*) from '{articles_glob(dataset)}' group by 1 order by 1"
    expected = newest_jsonl(dataset).values()
    counts = {lang: sum(r["lang"] == lang for r in expected) for lang in ("kk", "ru")}
    assert duckdb.sql(query).fetchall() == sorted(counts.items())
    runs_query = f"select count(*) from '{dataset}/fixture/runs/*.parquet'"
    assert duckdb.sql(runs_query).fetchall() == [(50,)]
    types = duckdb_types(articles_glob(dataset))
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["tags"] == "VARCHAR[]"
    titles = dict(duckdb.sql(f"select url, title from '{articles_glob(dataset)}'").fetchall())
    assert titles == {url: row["title"] for url, row in newest_jsonl(dataset).items()}


def test_hf_datasets_loads_runs_and_the_folder_through_the_card(dataset, tmp_path):
    import datasets

    files = [str(p) for p in runs(dataset, "parquet")]
    ds = datasets.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path))
    assert len(ds) == 50
    assert ds.features["published_at"] == datasets.Value("timestamp[us, tz=UTC]")
    assert ds.features["word_count"] == datasets.Value("int64")
    assert ds.features["tags"] == datasets.List(datasets.Value("string"))

    compacted = datasets.load_dataset(str(dataset), split="train", cache_dir=str(tmp_path))
    expected = newest_jsonl(dataset)
    assert len(compacted) == 40
    assert {r["url"]: r["body"] for r in compacted} == {u: r["body"] for u, r in expected.items()}
    assert compacted.features.arrow_schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")


CARD_CHECKS = """
card_text_lang = [len(kazakh_texts), unlike_edition.height, len(sure_kazakh)]
"""
"""Run after the card's Python block, before the README's: what its filters found."""
SNIPPET_CHECKS = """
import json
lists = all(
    isinstance(value, list) for frame_ in (articles, runs) for column in ("authors", "tags")
    for value in frame_[column]
)
instants = lambda rows: sorted((r["url"], r["published_at"].isoformat()) for r in rows)
print("CHECKS " + json.dumps({
    "rows": [len(articles), len(runs), frame.height, len(ds), len(ds_runs), len(ds_jsonl)],
    "text_lang": [len(kazakh_texts), unlike_edition.height, len(sure_kazakh)],
    "card_text_lang": card_text_lang,
    "stories": [len(per_story), len(stories), told_twice.height, len(ds_stories)],
    "lists": lists,
    "jsonl_features": ds_jsonl.features == ds_runs.features,
    "jsonl_instants": instants(ds_jsonl.filter(lambda r: r["published_at"] is not None))
    == instants(ds_runs.filter(lambda r: r["published_at"] is not None)),
}))
"""
"""Run after the README's Python block, in the same process: what its names hold."""


def readme_blocks(heading: str, readme: Path = ROOT / "README.md") -> list[tuple[str, str]]:
    """(language, code) of every fenced block of the README section under `heading`."""
    text = readme.read_text("utf-8")
    start = text.index(f"\n{heading}\n")
    end = re.compile(r"\n##+ ").search(text, start + 1)
    section = text[start : end.start() if end else len(text)]
    return re.findall(r"```(\w+)\n(.*?)```", section, re.S)


def lang_counts(output: str) -> dict[str, int]:
    """The rows of a `lang, count(*)` table printed by DuckDB's `.show()`."""
    return {lang: int(n) for lang, n in re.findall(r"│\s*(ru|kk)\s*│\s*(\d+)\s*│", output)}


def add_repost(root: Path, articles: Path) -> str:
    """A second source, `zakonkz`, of one article: a later repost of the first one in `articles`
    (another site, an attribution added to the lead), compacted; returns the original's url."""
    original = pq.ParquetDataset(articles, partitioning=None).read().slice(0, 1).to_pylist()[0]
    lead, rest = original["body"].split("\n\n", 1)
    body = f"{lead} Об этом сообщает Zakon.kz со ссылкой на mail.kz.\n\n{rest}"
    count, digest = fingerprint(body)
    repost = ArticleItem(
        url="https://www.zakon.kz/6500001-repost.html", site="zakon.kz", lang="ru",
        title=original["title"], body=body, word_count=count, content_hash=digest,
        published_at=(original["crawled_at"] + timedelta(hours=1)).isoformat(),
        crawled_at=(original["crawled_at"] + timedelta(hours=2)).isoformat(),
    )  # fmt: skip
    run = root / "zakonkz" / "runs" / "20251221T060000Z.parquet"
    run.parent.mkdir(parents=True)
    with run.open("wb") as f:
        exporter = ParquetItemExporter(f)
        exporter.start_exporting()
        exporter.export_item(repost)
        exporter.finish_exporting()
    compact(root, "zakonkz", row_group_size=8)
    return original["url"]


def test_the_readme_loading_snippets_run_verbatim_and_count_each_article_once(dataset, tmp_path):
    """From a checkout's root: the dataset, a second source holding one repost of its first
    article, a demo folder beside them (a `datasets/**` glob would count it too) and the
    virtualenv. The dataset card's block runs first, in the same process."""
    work = tmp_path / "checkout"
    shutil.copytree(dataset / "fixture", work / "datasets" / "mailkz")
    original = add_repost(work / "datasets", work / "datasets" / "mailkz" / "articles")
    shutil.copy(dataset / "README.md", work / "datasets" / "README.md")
    shutil.copytree(dataset / "fixture" / "runs", work / "datasets" / "demo")
    (work / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    blocks = readme_blocks("### Loading")
    assert [kind for kind, _ in blocks] == ["python", "sh"]
    expected = newest_jsonl(dataset).values()
    counts = {lang: sum(r["lang"] == lang for r in expected) for lang in ("kk", "ru")}

    [(kind, card)] = readme_blocks("## Loading", dataset / "README.md")
    assert kind == "python"
    (work / "snippet.py").write_text(card + CARD_CHECKS + blocks[0][1] + SNIPPET_CHECKS, "utf-8")
    proc = subprocess.run(
        [".venv/bin/python", "snippet.py"], cwd=work, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    checks = json.loads(proc.stdout.split("CHECKS ", 1)[1])
    langs = text_langs(dataset)
    kazakh = sum(lang == "kk" for lang in langs.values())
    unlike = sum(langs[r["url"]] != r["lang"] for r in expected)
    assert (kazakh, unlike) == (10, 3)  # 13 Kazakh-edition articles, 3 of them in Russian
    assert checks == {
        "rows": [40, 50, 40, 41, 50, 50], "text_lang": [kazakh, unlike, kazakh],
        "card_text_lang": [kazakh, unlike, kazakh], "stories": [40, 40, 1, 40], "lists": True,
        "jsonl_features": True, "jsonl_instants": True,
    }  # fmt: skip
    assert lang_counts(proc.stdout) == counts
    assert re.search(r"│\s*41\s*│", proc.stdout)  # every source's articles/: not the demo's
    assert re.search(rf"│\s*{re.escape(original)}\s*│\s*2\s*│", proc.stdout)  # told twice

    shell = subprocess.run(
        ["bash", "-ec", blocks[1][1]], cwd=work, env=env, capture_output=True, text=True, timeout=60
    )
    assert shell.returncode == 0, shell.stderr
    assert lang_counts(shell.stdout) == counts


def test_the_demo_ends_with_its_report_and_a_query_that_runs(tmp_path):
    """`make demo` in a fresh checkout: its last-but-one line names the dataset report, which
    shows the demo's articles and runs; its last line, pasted into a shell, runs."""
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings"}
    demo = subprocess.run(
        [".venv/bin/python", str(ROOT / "tools" / "demo.py")], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    hint = demo.stdout.rstrip().splitlines()[-1]
    assert hint.startswith("query it: .venv/bin/python -c ")
    query = subprocess.run(
        ["bash", "-ec", hint.removeprefix("query it: ")], cwd=tmp_path, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert query.returncode == 0, query.stderr
    demo_dir = tmp_path / "datasets" / "demo"
    files = sorted(demo_dir.glob("*/runs/*.jsonl"))
    # every registered source's snapshot, one run each, in the layout a real crawl writes
    assert [f.parent.parent.name for f in files] == sorted(SOURCES)
    rows = [json.loads(row) for f in files for row in f.read_text("utf-8").splitlines()]
    # compacted: every article once in articles/, each with its story, the stories beside them
    articles = duckdb.sql(f"select url, story_id from '{demo_dir}/*/articles/**/*.parquet'")
    compacted = dict(articles.fetchall())
    assert sorted(compacted) == sorted(row["url"] for row in rows)
    assert all(compacted.values())
    stories = duckdb.sql(
        f"select members, sources from '{demo_dir}/_stories/stories.parquet'"
    ).fetchall()
    assert sorted(url for members, _ in stories for url in members) == sorted(compacted)
    # the bundled mail.kz repost of a zakon.kz article: one story, in both sources' files
    (repost,) = [members for members, sites in stories if sorted(sites) == ["mail.kz", "zakon.kz"]]
    assert {compacted[url] for url in repost} == {repost[0]}
    shown = re.findall(r"│\s*(\S+)\s*│\s*(ru|kk)\s*│\s*(\d+)\s*│", query.stdout)
    assert {(site, lang): int(n) for site, lang, n in shown} == Counter(
        (row["site"], row["lang"]) for row in rows
    )
    for source in SOURCES:
        # at -L WARNING too, naming its run
        assert re.search(rf"Run summary: {source} \d{{8}}T\d{{6}}Z \(replay\): OK", demo.stderr)
    shown_at = demo.stdout.rstrip().splitlines()[-2]
    assert shown_at.startswith("report: datasets/demo/report.html ")
    assert (tmp_path / "datasets" / "demo" / "report.html").is_file()
    card = (tmp_path / "datasets" / "demo" / "README.md").read_text("utf-8")
    assert f"{len(rows)} articles, counted from the files" in card
    report = json.loads((tmp_path / "datasets" / "demo" / "report.json").read_text("utf-8"))
    per_day = report["articles_per_day"]
    assert report["articles"] == len(rows)
    by_edition = {
        (s["source"], lang): n for s in report["sources"] for lang, n in s["by_lang"].items()
    }
    assert by_edition == Counter(
        (f.parent.parent.name, json.loads(line)["lang"])
        for f in files
        for line in f.read_text("utf-8").splitlines()
    )
    assert sum(r["articles"] for r in per_day["rows"] + per_day["undated"]) == len(rows)
    assert sorted((r["source"], r["status"]) for r in report["runs"]) == [
        (s, "ok") for s in sorted(SOURCES)
    ]
