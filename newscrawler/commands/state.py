"""`scrapy state rebuild <spider>`: rebuild a spider's seen-store from its dataset's files.

The files are the truth and the seen-store is an index of them (state/files.py). Crawls catch the
store up by themselves, and rebuild a damaged SQLite store (STATE_REBUILD); this command is for
the rest: a store refused with STATE_REBUILD off, a Redis that lost its data, or a store that
should forget the pages it recorded as dropped. The old SQLite file is kept beside the new one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.ops import exitcodes
from newscrawler.state.files import absorb
from newscrawler.state.incremental import STORE_ERRORS
from newscrawler.state.store import fresh_seen_store


class Command(ScrapyCommand):
    requires_project = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "rebuild <spider>"

    def short_desc(self) -> str:
        return "Rebuild a spider's seen-store from its dataset's run files and articles/"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2 or args[0] != "rebuild":
            raise UsageError("expected `scrapy state rebuild <spider>`, e.g. mailkz")
        assert self.settings is not None and self.crawler_process is not None
        spider = args[1]
        if spider not in self.crawler_process.spider_loader.list():
            raise UsageError(f"no spider {spider!r}")
        dataset = self.settings.get("DATASET_DIR", "datasets")
        try:
            store, aside = fresh_seen_store(self.settings, spider)
            try:
                done = absorb(store, dataset, spider)
            finally:
                store.close()
        except STORE_ERRORS as exc:
            print(f"error: {spider}: cannot rebuild the seen-store: {exc}", file=sys.stderr)
            self.exitcode = exitcodes.STATE_FAILED
            return
        for problem in done.unreadable:
            print(f"warning: left out, unreadable: {problem}", file=sys.stderr)
        print(
            f"{spider}: seen-store {store.location} rebuilt from {done.files} file(s) of "
            f"{dataset}/{spider}: {done.articles} articles"
            + (f"; the old store is kept as {aside}" if aside else "")
        )
