"""`scrapy compact <dataset> [--prune]`: fold a dataset's runs into its articles/ tree."""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.exporters.compaction import CompactionError, compact
from newscrawler.exporters.parquet import DEFAULT_ROW_GROUP_SIZE
from newscrawler.exporters.stories import StoriesUpdate
from newscrawler.state.lines import LineStore, lines_path


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <dataset>"

    def short_desc(self) -> str:
        return "Fold a dataset's runs into one row per url, by language and month"

    def long_desc(self) -> str:
        return (
            "Reads <DATASET_DIR>/<dataset>/runs/*.parquet and the current articles/, keeps the "
            "newest crawl of each url and swaps in a new "
            "articles/lang=<l>/year=<YYYY>/month=<MM>/ tree, without the template lines "
            "learned from the site's pages since they were crawled, and with the text language "
            "of rows written before text_lang existed. Runs stay unless --prune is given. Each "
            "article gets a story_id shared with its near duplicates in every source, kept in "
            "<DATASET_DIR>/_stories/."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--prune", action="store_true", help="delete the runs (.parquet and .jsonl) folded in"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("name one dataset, e.g. `scrapy compact mailkz`")
        assert self.settings is not None
        lines = lines_path(self.settings["STATE_DIR"], args[0])
        known = LineStore(lines) if lines.exists() else None
        try:
            result = compact(
                self.settings.get("DATASET_DIR", "datasets"),
                args[0],
                row_group_size=self.settings.getint(
                    "PARQUET_ROW_GROUP_SIZE", DEFAULT_ROW_GROUP_SIZE
                ),
                prune=opts.prune,
                known=known,
            )
        except CompactionError as e:
            print(f"error: {e}", file=sys.stderr)
            self.exitcode = 1
            return
        finally:
            if known is not None:
                known.close()
        if result.recovered:
            print("restored articles/, left renamed away by an interrupted compaction")
        print(
            f"{args[0]}: {result.rows} articles from {len(result.runs)} runs "
            f"in {len(result.partitions)} partitions"
            + (f"; pruned {len(result.pruned)} run files" if opts.prune else "")
            + (
                f"; removed {result.template_removed} template lines learned from the site"
                if result.template_removed
                else ""
            )
            + (
                f"; detected the text language of {result.text_lang_filled} older rows"
                if result.text_lang_filled
                else ""
            )
        )
        for line in stories_summary(args[0], result.stories):
            print(line)


def stories_summary(name: str, update: StoriesUpdate) -> list[str]:
    """The stories part of the summary: what was hashed, what was grouped, what to do next."""
    lines = [
        f"{name}: {update.grouped} articles share a story with others ({update.stories} stories, "
        f"in _stories/); bodies hashed: {update.sketched}, already known: {update.reused}"
    ]
    if update.reread:
        lines.append(f"stories: read again from their articles/: {', '.join(update.reread)}")
    if update.exact_duplicates:
        urls = sum(map(len, update.exact_duplicates))
        first = update.exact_duplicates[0]
        lines.append(
            f"exact duplicates within a site: {urls} urls share {len(update.exact_duplicates)} "
            f"bodies, e.g. {first[0]} = {first[1]}"
        )
    for source, n in update.stale.items():
        lines.append(
            f"stories: {n} articles of {source} are in another story than its files say: "
            f"`scrapy compact {source}` updates them"
        )
    return lines
