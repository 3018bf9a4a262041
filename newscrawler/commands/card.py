"""`scrapy card [--output PATH] [--no-counts]`: write the dataset card, by default
<DATASET_DIR>/README.md, its Contents counted from the dataset's files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.exporters.card import render_card
from newscrawler.ops.dataset_report import DatasetReportError, contents


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Write the dataset card (README.md, Hugging Face header) with the dataset's counts"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--output", metavar="PATH", help="default: <DATASET_DIR>/README.md")
        parser.add_argument(
            "--no-counts",
            action="store_true",
            help="leave the Contents section empty: the card of the schema and sources alone, "
            "as the repository keeps it (make card)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        dataset_dir = Path(self.settings.get("DATASET_DIR", "datasets"))
        path = Path(opts.output or dataset_dir / "README.md")
        try:
            counts = [] if opts.no_counts else contents(dataset_dir)
        except DatasetReportError as exc:
            raise UsageError(f"cannot count the dataset's articles: {exc}") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_card(counts=counts), encoding="utf-8")
        print(f"wrote {path} ({sum(r['articles'] for r in counts)} articles counted)")
