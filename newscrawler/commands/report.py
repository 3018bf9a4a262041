"""`scrapy report [<source>...] [--dataset-dir DIR] [--output PATH]`: the dataset report.

One HTML file to look at (ops/report_html.py: charts as inline SVG, opens offline) and its
figures as JSON beside it (ops/dataset_report.py), by default <DATASET_DIR>/report.html and
report.json. Both are written atomically: a browser or a script reading the previous report
while a new one is made sees one whole report or the other.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from newscrawler.atomic_files import atomic_write
from newscrawler.ops import exitcodes
from newscrawler.ops.dataset_report import (
    DatasetReportError,
    build_dataset_report,
    dataset_sources,
)
from newscrawler.ops.report_html import render


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [<source>...]"

    def short_desc(self) -> str:
        return "Write the dataset report: report.html (charts, opens offline) and report.json"

    def long_desc(self) -> str:
        return (
            "Articles per day by source and edition, field coverage over time, body lengths, "
            "text language vs edition, top original sources, duplicate share, failures by "
            "reason and the last runs, for every source in the dataset folder (or those "
            "named). A source is read from <source>/articles/, else <source>/runs/, else an "
            "-O export <source>.parquet."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--dataset-dir", metavar="DIR", help="default: DATASET_DIR")
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="the HTML file, its figures beside it as .json (default: <DIR>/report.html)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        dataset = Path(opts.dataset_dir or self.settings.get("DATASET_DIR", "datasets"))
        html = Path(opts.output or dataset / "report.html")
        figures = html.with_suffix(".json")
        try:
            sources = dataset_sources(dataset, args)
            if not sources:
                raise DatasetReportError(f"no dataset in {dataset}")
            report = build_dataset_report(dataset, sources)
        except DatasetReportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = exitcodes.USAGE
            return
        with atomic_write(figures) as out:
            out.write((json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        with atomic_write(html) as out:
            out.write(render(report, figures.name).encode("utf-8"))
        print(
            f"wrote {html} and {figures}: {report['articles']:,} articles from "
            + ", ".join(s["source"] for s in report["sources"])
        )
