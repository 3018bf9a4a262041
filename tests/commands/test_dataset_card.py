"""The dataset card comes from the schema, and the committed one is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from newscrawler.exporters.card import render_card
from newscrawler.exporters.schema import ARTICLE_SCHEMA
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
