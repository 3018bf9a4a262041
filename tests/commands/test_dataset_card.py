"""The dataset card comes from the schema, and the committed one is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from newscrawler.exporters.card import render_card
from newscrawler.exporters.schema import ARTICLE_SCHEMA, RowBuilder
from newscrawler.items import ArticleItem
from newscrawler.sources import SOURCES

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_card_is_the_one_make_card_renders():
    committed = (ROOT / "datasets" / "README.md").read_text("utf-8")
    assert committed == render_card(), "the schema changed: run `make card` and commit"


def test_every_field_is_in_the_table_with_its_type_and_doc():
    card = render_card()
    for f in ARTICLE_SCHEMA:
        line = next(line for line in card.splitlines() if line.startswith(f"| `{f.name}` |"))
        assert f.metadata[b"doc"].decode()[:20].replace("<", "&lt;") in line
    assert "| `published_at` | `timestamp[us, tz=UTC]` | yes |" in card
    assert "| `tags` | `list<string>` | no |" in card


def test_the_header_is_yaml_with_hugging_face_configs():
    card = render_card()
    header = yaml.safe_load(card.split("---\n")[1])
    configs = {c["config_name"]: c["data_files"][0]["path"] for c in header["configs"]}
    per_source = {name: f"{name}/articles/**/*.parquet" for name in SOURCES}
    assert configs == {
        "default": "*/articles/**/*.parquet",
        **per_source,
        "runs": "*/runs/*.parquet",
        "stories": "_stories/stories.parquet",
    }
    assert header["language"] == ["ru", "kk"]
    for source in SOURCES.values():
        assert f"| `{source.name}/` | {source.site} |" in card


def test_scrapy_card_writes_the_card(tmp_path):
    out = tmp_path / "card.md"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "card", "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text("utf-8") == render_card()


def test_scrapy_card_counts_each_source_and_edition_from_the_files(tmp_path):
    """Two sources' runs, one of them a run older than text_lang: the Contents table has a row
    per source and edition with its articles, text languages and days of publication."""
    rows = RowBuilder(ARTICLE_SCHEMA)

    def run_file(source: str, items: list[ArticleItem], *, old: bool = False) -> None:
        table = pa.Table.from_pylist([rows.to_row(i) for i in items], schema=ARTICLE_SCHEMA)
        if old:
            table = table.drop_columns(["text_lang", "text_lang_score"])
        path = tmp_path / source / "runs" / "20251220T060000Z.parquet"
        path.parent.mkdir(parents=True)
        pq.write_table(table, path)

    def item(site: str, n: int, lang: str, text_lang: str, day: str) -> ArticleItem:
        return ArticleItem(
            url=f"https://{site}/{lang}/{n}", site=site, lang=lang, title="T", body="B",
            text_lang=text_lang, published_at=f"{day}T23:30:00+05:00",
        )  # fmt: skip

    run_file("mailkz", [
        item("mail.kz", 1, "ru", "ru", "2025-12-18"), item("mail.kz", 2, "ru", "ru", "2025-12-19"),
        item("mail.kz", 3, "kk", "ru", "2025-12-19"), item("mail.kz", 4, "kk", "kk", "2025-12-20"),
    ])  # fmt: skip
    run_file("zakonkz", [item("zakon.kz", 5, "ru", "ru", "2025-12-17")], old=True)
    out = tmp_path / "README.md"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "card", "-s", f"DATASET_DIR={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "(5 articles counted)" in proc.stdout
    card = out.read_text("utf-8")
    assert "5 articles, counted from the files" in card
    assert "| `mailkz` (runs/) | kk | 2 | ru 1, kk 1 | 2025-12-19 | 2025-12-20 |" in card
    assert "| `mailkz` (runs/) | ru | 2 | ru 2 | 2025-12-18 | 2025-12-19 |" in card
    assert "| `zakonkz` (runs/) | ru | 1 | not detected 1 | 2025-12-17 | 2025-12-17 |" in card

    def without_contents(text: str) -> str:
        return text[: text.index("## Contents")] + text[text.index("## Fields") :]

    assert without_contents(card) == without_contents(render_card()), "only Contents is data"
