"""Export benchmark: time and peak RSS of writing synthetic mail.kz-like articles (bodies of 2-5 KB,
Russian and Kazakh) to Parquet and to JSONL, at 10,000 and 100,000 items.

Each measurement runs in its own process, since peak RSS (ru_maxrss) only ever grows. Items are
generated on the fly, so memory is the exporter's: the check is that peak RSS at the largest size
stays within 10% of the smallest (the Parquet exporter holds one row group, never the file).
For Parquet only sizes of at least one row group count: below that the exporter holds every item,
so its memory grows with them by design; with fewer than two such sizes Parquet is not judged.
The time counts only the exporter's calls, not the generation of the items.

    .venv/bin/python bench/export.py            # or: make bench-export
    .venv/bin/python bench/export.py --sizes 1000 2000    # a smoke run in seconds
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawler.exporters.jsonl import JsonLinesItemExporter
from newscrawler.exporters.parquet import DEFAULT_ROW_GROUP_SIZE, ParquetItemExporter
from newscrawler.exporters.synthetic import synthetic_articles

EXPORTERS = {"parquet": ParquetItemExporter, "jsonl": JsonLinesItemExporter}
RSS_TOLERANCE = 1.10


def measure(fmt: str, count: int, out_dir: Path) -> dict[str, float | int | str]:
    """Export `count` items to one file; returns seconds, peak RSS (MiB) and file size."""
    path = out_dir / f"bench-{count}.{fmt}"
    spent = 0.0
    with path.open("wb") as f:
        exporter = EXPORTERS[fmt](f)
        exporter.start_exporting()
        for item in synthetic_articles(count):
            started = time.perf_counter()
            exporter.export_item(item)
            spent += time.perf_counter() - started
        started = time.perf_counter()
        exporter.finish_exporting()
        spent += time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": fmt,
        "items": count,
        "seconds": round(spent, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "bytes": path.stat().st_size,
    }


def judged_sizes(fmt: str, sizes: list[int]) -> list[int]:
    """The sizes whose peak RSS tests the bound, smallest first: for Parquet those of at least one
    row group, since below that memory grows with the items by design."""
    return sorted({n for n in sizes if fmt != "parquet" or n >= DEFAULT_ROW_GROUP_SIZE})


def run_child(fmt: str, count: int, out_dir: Path) -> dict:
    cmd = [sys.executable, __file__, "--child", fmt, str(count), str(out_dir)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "COUNT", "DIR"), help="internal")
    args = parser.parse_args()
    if args.child:
        fmt, count, out_dir = args.child
        print(json.dumps(measure(fmt, int(count), Path(out_dir))))
        return 0

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for fmt in EXPORTERS:
            for count in args.sizes:
                results.append(run_child(fmt, count, Path(tmp)))
    print(f"row group size {DEFAULT_ROW_GROUP_SIZE}; Python {sys.version.split()[0]}\n")
    print("| format | items | seconds | items/s | peak RSS MiB | file MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        rate = r["items"] / r["seconds"] if r["seconds"] else float("inf")
        print(
            f"| {r['format']} | {r['items']:,} | {r['seconds']:.2f} | {rate:,.0f} "
            f"| {r['peak_rss_mib']:.1f} | {r['bytes'] / 2**20:.1f} |"
        )
    ok = True
    by_key = {(r["format"], r["items"]): r for r in results}
    print(
        f"\nbound: peak RSS at the largest size at most {RSS_TOLERANCE:.2f}x that at the smallest; "
        f"for Parquet only sizes of at least one row group ({DEFAULT_ROW_GROUP_SIZE:,}) count"
    )
    for fmt in EXPORTERS:
        judged = judged_sizes(fmt, args.sizes)
        if len(judged) < 2:
            print(f"{fmt}: not judged: fewer than two sizes of at least one row group")
            continue
        small, large = judged[0], judged[-1]
        growth = by_key[(fmt, large)]["peak_rss_mib"] / by_key[(fmt, small)]["peak_rss_mib"]
        verdict = "ok" if growth <= RSS_TOLERANCE else "FAIL"
        ok &= growth <= RSS_TOLERANCE
        print(f"{fmt}: peak RSS at {large:,} is {growth:.2f}x that at {small:,} ({verdict})")
    for count in args.sizes:
        ratio = by_key[("parquet", count)]["bytes"] / by_key[("jsonl", count)]["bytes"]
        print(f"Parquet is {ratio:.0%} of the JSONL size at {count:,} items")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
