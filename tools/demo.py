"""`make demo`: the main job, offline. For each registered source, packs its bundled pages into a
WARC and replays it with `scrapy crawl <source> -a warc=...` into the dataset layout a real crawl
writes (a run under `<source>/runs/`); `scrapy compact` folds each source's run into its
`articles/` tree, where every article gets its `story_id`; then `scrapy card` writes the dataset
card with the demo's counts, `scrapy report` draws the dataset report, and the last lines say where
to look."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from newscrawler.archive.writer import write_warc
from newscrawler.fixtures import load_cases
from newscrawler.sources import SOURCES

OUT = Path("datasets/demo")
SETTINGS = ["-s", f"DATASET_DIR={OUT}", "-s", f"STATE_DIR={OUT / '.state'}"]
"""The demo's dataset and its state (the sites' learned template lines) in one folder of its own:
a user's datasets/ and .state/ are never touched."""


def demo(source: str) -> None:
    """One source's snapshot crawled into a run of `OUT/<source>/runs/`."""
    warc = OUT / f"{source}-snapshot.warc.gz"
    n = write_warc(warc, (case.page for case in load_cases(source)))
    print(f"packed {n} bundled {SOURCES[source].site} pages into {warc}")
    scrapy(["scrapy", "crawl", source, "-a", f"warc={warc}", *SETTINGS, "-L", "WARNING"])
    (jsonl,) = (OUT / source / "runs").glob("*.jsonl")
    rows = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    print(f"\n{len(rows)} articles written to {jsonl} and its .parquet\n")
    for row in rows[:3]:
        body = row["body"][:160].replace("\n", " ")
        print(
            f"- [{row['lang']}] {row['title']}\n  published_at={row['published_at']} "
            f"source={row['original_source']} credit={row['photo_credit']}\n  {body}…"
        )
    print()


def scrapy(cmd: list[str]) -> None:
    """Run a `scrapy ...` command line with this interpreter's scrapy, echoing it first."""
    print("running:", " ".join(cmd))
    subprocess.run([str(Path(sys.executable).parent / cmd[0]), *cmd[1:]], check=True)


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)  # each demo starts from nothing: one run a source
    OUT.mkdir(parents=True)
    sources = [source for source in SOURCES if load_cases(source)]
    for source in sources:
        demo(source)
    for source in sources:
        scrapy(["scrapy", "compact", source, *SETTINGS])
    # A story found by a later source's compaction (zakon.kz's original of a mail.kz repost)
    # reaches an earlier source's files at its next compaction: one more for each of those.
    for source in sources[:-1]:
        scrapy(["scrapy", "compact", source, *SETTINGS])
    scrapy(["scrapy", "card", *SETTINGS])
    scrapy(["scrapy", "report", "--dataset-dir", str(OUT)])
    print(f"\ncard: {OUT / 'README.md'} (the dataset card, with the demo's counts)")
    print(f"report: {OUT / 'report.html'} (open it in a browser; figures in report.json)")
    print(f"query it: {query_hint(OUT)}")
    return 0


def query_hint(out: Path) -> str:
    """A shell command counting the demo's compacted articles per site and edition, with the
    DuckDB package of this interpreter (the `duckdb` command is not installed)."""
    articles = f"'{out}/*/articles/**/*.parquet'"
    sql = f"select site, lang, count(*) from {articles} group by all order by all"
    return f'{os.path.relpath(sys.executable)} -c "import duckdb; duckdb.sql(\\"{sql}\\").show()"'


if __name__ == "__main__":
    sys.exit(main())
