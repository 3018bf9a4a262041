"""`scrapy card [--output PATH]`: write the dataset card, by default <DATASET_DIR>/README.md."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from newscrawler.exporters.card import render_card


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Write the dataset card (README.md with a Hugging Face header) from the schema"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", metavar="PATH", help="default: <DATASET_DIR>/README.md")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        path = Path(opts.output or Path(self.settings.get("DATASET_DIR", "datasets"), "README.md"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_card(), encoding="utf-8")
        print(f"wrote {path}")
