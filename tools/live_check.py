"""`make live-check`: crawl a handful of current articles per edition of each registered source's
live site and check what every item must satisfy, printing what broke. Needs internet; never run by
tests or CI.

    .venv/bin/python tools/live_check.py [--source mailkz] [--per-edition 5] [--base-url URL]

Each edition is crawled by the real `scrapy crawl` (first listing page only, articles fetched even
if an earlier run has them, into a temporary folder: the datasets and the seen-store are not
touched). Then every item is checked: a title of sane length, a publication date that is recent,
a body of sane length without any known boilerplate marker, the edition's language. Exit code 0
when every check passed, 1 otherwise: the day a site changes its markup, this says where.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newscrawler.ops.audit import boilerplate_markers
from newscrawler.sources import SOURCES, source_of

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Check:
    name: str
    test: Callable[[dict[str, Any]], bool]


def checks(now: datetime, max_age: timedelta, lang: str) -> list[Check]:
    """The invariants of one edition's items."""

    def recent(item: dict[str, Any]) -> bool:
        if not item.get("published_at"):
            return False
        published = datetime.fromisoformat(item["published_at"])
        return now - max_age <= published <= now + timedelta(hours=1)

    def clean(item: dict[str, Any]) -> bool:
        source = source_of(item.get("site") or "")
        return source is not None and not boilerplate_markers(item.get("body"), source.boilerplate)

    return [
        Check("title present, 10-300 chars", lambda i: 10 <= len(i.get("title") or "") <= 300),
        Check("published_at present", lambda i: bool(i.get("published_at"))),
        Check(f"published within {max_age.days} days, not in the future", recent),
        Check("body present, 300-100,000 chars", lambda i: 300 <= len(i.get("body") or "") <= 1e5),
        Check("body of at least 40 words", lambda i: (i.get("word_count") or 0) >= 40),
        Check("no boilerplate left in the body", clean),
        Check(f"lang is {lang!r}", lambda i: i.get("lang") == lang),
    ]


def crawl(
    source: str, lang: str, args: argparse.Namespace, work: Path
) -> tuple[int, list[dict[str, Any]]]:
    """The real crawl of one edition: (exit code, items)."""
    name = f"{source}-{lang}"
    out = work / f"{name}.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", source,
        "-a", f"lang={lang}", "-a", f"limit={args.per_edition}", "-a", "max_pages=1",
        "-a", "refetch=1", *(("-a", f"base_url={args.base_url}") if args.base_url else ()),
        "-O", str(out),
        "-s", f"STATE_DIR={work / 'state'}", "-s", f"DATASET_DIR={work / 'datasets'}",
        "-s", f"REPORT_FILE={work / name}.report.json", "-s", f"LOG_FILE={work / name}.log",
        "-s", "CLOSESPIDER_TIMEOUT=600", "-s", "PROGRESS_BAR=0",
        *(arg for setting in args.set for arg in ("-s", setting)),
    ]  # fmt: skip
    # The crawl's stderr (its summary) goes to its log: it names files of a temporary folder.
    with (work / f"{name}.log").open("a", encoding="utf-8") as log:
        code = subprocess.run(command, cwd=ROOT, check=False, stderr=log).returncode
    items = (
        [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    )
    return code, items


def judge(
    edition: str, code: int, items: list[dict[str, Any]], args: argparse.Namespace
) -> list[str]:
    """Print one edition's results; the names of the checks that failed."""
    lang = edition.rsplit("/", 1)[-1]
    print(f"{edition}: {len(items)} article(s) (crawl exit code {code})")
    broken = []
    if not items:
        print("  FAIL  no article found: discovery (the listing page or its links) is broken")
        broken.append("discovery")
    for check in checks(datetime.now(UTC), timedelta(days=args.max_age_days), lang):
        bad = [item for item in items if not check.test(item)]
        status = "FAIL" if bad else "ok"
        example = f"  e.g. {bad[0].get('url')}" if bad else ""
        print(f"  {status:<4}  {check.name:<50} {len(items) - len(bad)}/{len(items)}{example}")
        if bad:
            broken.append(check.name)
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/live_check.py", description=__doc__)
    parser.add_argument("--per-edition", type=int, default=5, help="articles per edition (5)")
    parser.add_argument(
        "--source", action="append", choices=sorted(SOURCES), help="source to check (all)"
    )
    parser.add_argument("--base-url", help="site root of a mirror (the source's own)")
    parser.add_argument(
        "--max-age-days", type=int, default=30, help="oldest publication date that is current (30)"
    )
    parser.add_argument("--keep", type=Path, help="keep the crawls' items and logs in this folder")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a Scrapy setting for the crawls (repeatable)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    sources = args.source or sorted(SOURCES)
    if args.base_url and len(sources) != 1:
        parser.error("--base-url is one site's: name its --source")
    with tempfile.TemporaryDirectory(prefix="live-check-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        failed: list[str] = []
        for source in sources:
            for lang in SOURCES[source].langs:
                edition = f"{source}/{lang}"
                code, items = crawl(source, lang, args, work)
                failed += [f"{edition}: {name}" for name in judge(edition, code, items, args)]
                if code not in (0, 3):  # 3: a monitor failed; its checks are repeated above
                    log = work / f"{source}-{lang}.log"
                    failed.append(f"{edition}: crawl exit code {code} (log: {log})")
    print(f"live-check: {'FAILED: ' + '; '.join(failed) if failed else 'OK'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
