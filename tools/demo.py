"""`make demo`: the main job, offline. For each registered source, packs its bundled pages into a
WARC, replays it with `scrapy crawl <source> -a warc=...`, and shows where the dataset went; then
`scrapy card` writes its dataset card with the demo's counts, `scrapy report` draws its dataset
report, and the last lines say where to look."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newscrawler.archive.writer import write_warc
from newscrawler.exporters.layout import REPORT_SUFFIX
from newscrawler.fixtures import load_cases
from newscrawler.sources import SOURCES

OUT = Path("datasets/demo")


def demo(source: str) -> None:
    """One source's snapshot crawled into `OUT/<source>.jsonl` and `.parquet`."""
    warc = OUT / f"{source}-snapshot.warc.gz"
    n = write_warc(warc, (case.page for case in load_cases(source)))
    print(f"packed {n} bundled {SOURCES[source].site} pages into {warc}")
    jsonl, parquet = OUT / f"{source}.jsonl", OUT / f"{source}.parquet"
    # The run report beside the files, for the dataset report's runs table.
    cmd = ["scrapy", "crawl", source, "-a", f"warc={warc}", "-O", str(jsonl), "-O", str(parquet),
           "-s", f"REPORT_FILE={OUT / source}{REPORT_SUFFIX}", "-L", "WARNING"]  # fmt: skip
    scrapy(cmd)
    rows = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    print(f"\n{len(rows)} articles written to {jsonl} and {parquet}\n")
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
    for source in SOURCES:
        if load_cases(source):
            demo(source)
    scrapy(["scrapy", "card", "-s", f"DATASET_DIR={OUT}"])
    scrapy(["scrapy", "report", "--dataset-dir", str(OUT)])
    print(f"\ncard: {OUT / 'README.md'} (the dataset card, with the demo's counts)")
    print(f"report: {OUT / 'report.html'} (open it in a browser; figures in report.json)")
    print(f"query it: {query_hint(OUT)}")
    return 0


def query_hint(out: Path) -> str:
    """A shell command counting the demo's articles per site and edition, with the DuckDB package
    of this interpreter (the `duckdb` command is not installed)."""
    sql = f"select site, lang, count(*) from '{out}/*.parquet' group by all order by all"
    return f'{os.path.relpath(sys.executable)} -c "import duckdb; duckdb.sql(\\"{sql}\\").show()"'


if __name__ == "__main__":
    sys.exit(main())
