"""Pages per second: our whole item path vs bare `trafilatura.extract`, on the same pages.

The pages are the bundled fixtures, read back from a WARC as a replay reads them. The item path is
the spider callback (one lxml parse, chrome dropped, trafilatura on the body container) plus every
item pipeline. Usage: make bench  (or: .venv/bin/python bench/extract.py --rounds 5); a smoke run
in seconds: --rounds 1.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

import trafilatura
from warcio.archiveiterator import ArchiveIterator

from newscrawler.archive.writer import FetchedPage, write_warc
from newscrawler.fixtures import load_cases
from newscrawler.itempath import ItemPath
from newscrawler.spiders.sources import MailkzSpider


def pages_from_warc(path: Path) -> list[FetchedPage]:
    pages = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                pages.append(
                    FetchedPage(
                        url=record.rec_headers.get_header("WARC-Target-URI"),
                        body=record.content_stream().read(),
                        fetched_at=datetime.fromisoformat(
                            record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                        ),
                        headers=dict(record.http_headers.headers),
                    )
                )
    return pages


def item_path_round(pages: list[FetchedPage]) -> float:
    path = ItemPath(MailkzSpider)  # fresh per round, so dedup sees each page once
    start = time.perf_counter()
    for page in pages:
        path.process(page.url, page.body, page.headers, page.fetched_at)
    return time.perf_counter() - start


def trafilatura_round(pages: list[FetchedPage]) -> float:
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.body, url=page.url)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "fixtures.warc.gz"
        write_warc(warc, (case.page for case in load_cases("mailkz")))
        pages = pages_from_warc(warc)
    kb = sum(len(p.body) for p in pages) / len(pages) / 1024
    item_path_round(pages)  # warm-up: imports, regex compilation, trafilatura's caches
    trafilatura_round(pages)
    ours = min(item_path_round(pages) for _ in range(args.rounds))
    bare = min(trafilatura_round(pages) for _ in range(args.rounds))
    n = len(pages)
    print(f"{n} pages, {kb:.0f} KB on average; best of {args.rounds} rounds")
    print(f"item path (parse + pipelines): {n / ours:7.1f} pages/s  {1000 * ours / n:6.1f} ms/page")
    print(f"bare trafilatura.extract:      {n / bare:7.1f} pages/s  {1000 * bare / n:6.1f} ms/page")
    print(f"speed-up: {bare / ours:.2f}x")


if __name__ == "__main__":
    main()
