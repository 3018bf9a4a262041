"""Stories benchmark: time and peak RSS of the near-duplicate step of `scrapy compact`
(exporters/stories.py) on 100,000 synthetic articles, and of adding a 1,000-item run after it.

The articles are bench-export's synthetic mail.kz items (bodies of 2-5 KB), one in ten a repost of
an earlier one with its lead paragraph rewritten and its last paragraph cut, so about a tenth of
them belong to stories of two or more. They are filed as compaction files them (one Parquet file a
language and month) and fed to the story index as compaction does: `open`, `add` per partition,
`assign`, every partition written again with its story_id, `save`. Three measurements, each in
its own process (peak RSS only ever grows):

- full: a dataset that has no index yet: every body is hashed;
- add, same source: a 1,000-item run folded into that source: its 100,000 bodies are read and
  their content hashes found in the index, the 1,000 new ones hashed, every partition rewritten;
- add, other source: the 1,000 items are another source's: the 100,000 stay in the index as they
  are, only the new source's articles are read, hashed and written.

The planted reposts also score the grouping: the share found, and merges nobody planted. Then
the two other dataset-quality steps on the same 100,000 articles: text_lang detected for every
body (the crawl does it per item, so its rate is what a crawl pays), and `scrapy report`'s figures
of the folder (once per dataset, never in a crawl).

    .venv/bin/python bench/quality.py              # or: make bench-quality
    .venv/bin/python bench/quality.py --items 5000 --add 200    # a smoke run in seconds
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawler.atomic_files import atomic_write
from newscrawler.exporters.compaction import file_story_ids
from newscrawler.exporters.layout import articles_dir, partition_month, partition_path
from newscrawler.exporters.nearduplicates import THRESHOLD
from newscrawler.exporters.parquet import DEFAULT_ROW_GROUP_SIZE, parquet_writer
from newscrawler.exporters.schema import ARTICLE_SCHEMA, RowBuilder
from newscrawler.exporters.stories import StoryIndex, stories_dir
from newscrawler.exporters.synthetic import synthetic_articles
from newscrawler.items import PARAGRAPH_SEP, ArticleItem, split_body
from newscrawler.ops.dataset_report import build_dataset_report, dataset_sources
from newscrawler.pipelines.cleaning import fingerprint
from newscrawler.pipelines.language import detect

REPOST_EVERY = 10


def articles(count: int, start: int, site: str, week: bool = False) -> list[ArticleItem]:
    """Synthetic articles, every REPOST_EVERY-th a repost (`repost_of` in its title) of one of
    the 50 before it: another lead, the last paragraph cut. `week`: all published in one week,
    as a day's run finds them, rather than over two years and a half."""
    rng = random.Random(start)
    items = list(synthetic_articles(count, start=start, seed=start))
    for i, item in enumerate(items):
        item.site, item.url = site, item.url.replace("mail.kz", site)
        if week:
            item.published_at = f"2025-12-{14 + i % 7:02d}T{i % 24:02d}:00:00+05:00"
        if i % REPOST_EVERY == REPOST_EVERY - 1:
            original = items[i - rng.randint(1, min(i, 50))]
            paras = split_body(original.body)
            lead = split_body(item.body)[0]
            item.body = PARAGRAPH_SEP.join([lead, *paras[1:-1]] if len(paras) > 2 else [lead])
            item.title = f"repost_of {original.url}"
        item.word_count, item.content_hash = fingerprint(item.body)
    return items


def write_dataset(root: Path, name: str, items: list[ArticleItem], run: bool = False) -> None:
    """`items` filed as compaction files them, or as one run file (`run`)."""
    builder = RowBuilder(ARTICLE_SCHEMA)
    groups: dict[Path, list[dict]] = defaultdict(list)
    for item in items:
        row = builder.to_row(item)
        year, month = partition_month(row["published_at"], row["crawled_at"])
        groups[partition_path(name, item.lang, year, month)].append(row)
    for path, rows in groups.items():
        target = root / name / "runs" / "extra.parquet" if run else articles_dir(root, name) / path
        table = pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)
        if run and target.exists():
            table = pa.concat_tables([pq.read_table(target), table])
        with atomic_write(target) as f:
            writer = parquet_writer(f, ARTICLE_SCHEMA)
            writer.write_table(table)
            writer.close()


def partitions(root: Path, name: str) -> list[Path]:
    return sorted(articles_dir(root, name).rglob("*.parquet"))


def peak_rss_kib() -> int:
    """This process's peak RSS since it started: VmHWM, not ru_maxrss, which Linux carries over
    from the parent it was forked from (here one holding every generated article)."""
    status = Path("/proc/self/status")
    if status.exists():
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds() -> float:
    """User and system time of this process, its threads included: what the step costs on a
    machine that others share, where wall time also counts their turns."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def step(root: Path, name: str, extra: Path | None) -> dict:
    """The near-duplicate step of compacting `name`, `extra` (a run file) folded into it."""
    started, cpu = time.perf_counter(), cpu_seconds()
    index = StoryIndex(root, name)
    index.open()
    files = partitions(root, name)
    for path in files:
        index.add(pq.read_table(path))
    if extra is not None:
        index.add(pq.read_table(extra))
    grouped = time.perf_counter()
    story_ids = index.assign()
    assigned = time.perf_counter()
    rewritten = sum(file_story_ids(path, story_ids, DEFAULT_ROW_GROUP_SIZE) for path in files)
    index.save()
    done = time.perf_counter()
    update = index.update
    return {
        "seconds": round(done - started, 2),
        "cpu_seconds": round(cpu_seconds() - cpu, 2),
        "rewritten": f"{rewritten}/{len(files)}",
        "read_and_hash": round(grouped - started, 2),
        "group": round(assigned - grouped, 2),
        "write": round(done - assigned, 2),
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
        "sketched": update.sketched,
        "reused": update.reused,
        "stories": update.stories,
        "grouped": update.grouped,
    }


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two bodies' word 5-gram sets."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[^\W_]+", text.lower())
        return {tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 1))}

    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def score(root: Path, items: list[ArticleItem]) -> dict:
    """Planted reposts found in the stories table, split at the threshold by their exact
    Jaccard similarity, and members of a story that shares no planted original with another."""
    stories = pq.read_table(stories_dir(root) / "stories.parquet").to_pylist()
    story_of = {url: row["story_id"] for row in stories for url in row["members"]}
    body = {item.url: item.body for item in items}
    planted = {i.url: i.title.split()[1] for i in items if (i.title or "").startswith("repost_of")}

    def origin(url: str) -> str:
        while url in planted:
            url = planted[url]
        return url

    counts = {"above": [0, 0], "below": [0, 0]}
    for url, original in planted.items():
        side = counts["above" if jaccard(body[url], body[original]) >= THRESHOLD else "below"]
        side[0] += 1
        side[1] += story_of[url] == story_of[original]
    stray = 0
    for row in stories:
        origins = [origin(url) for url in row["members"]]
        stray += sum(origins.count(o) == 1 for o in origins) if len(origins) > 1 else 0
    return {**counts, "stray": stray}


def languages(root: Path, name: str) -> dict:
    """text_lang of every body of the dataset, as the language pipeline detects it per item."""
    bodies = [b for path in partitions(root, name) for b in pq.read_table(path)["body"].to_pylist()]
    started, cpu = time.perf_counter(), cpu_seconds()
    for body in bodies:
        detect(body)
    seconds = time.perf_counter() - started
    return {
        "items": len(bodies),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds() - cpu, 2),
        "items_per_s": round(len(bodies) / seconds),
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
    }


def report(root: Path) -> dict:
    """`scrapy report`'s figures of the whole dataset folder, as the command builds them."""
    started, cpu = time.perf_counter(), cpu_seconds()
    figures = build_dataset_report(root, dataset_sources(root))
    return {
        "items": figures["articles"],
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(cpu_seconds() - cpu, 2),
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
    }


def run_child(*args: str) -> dict:
    cmd = [sys.executable, __file__, "--child", *args]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def child(kind: str, root: Path) -> dict:
    if kind == "full":
        return step(root, "news", None)
    if kind == "text_lang":
        return languages(root, "news")
    if kind == "report":
        return report(root)
    if kind == "same":
        return step(root, "news", root / "news" / "runs" / "extra.parquet")
    return step(root, "other", None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--add", type=int, default=1_000)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help="internal")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0

    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        root = Path(tmp)
        base = articles(args.items, 0, "mail.kz")
        new = articles(args.add, args.items, "mail.kz", week=True)
        write_dataset(root, "news", base)
        results["full"] = run_child("full", str(root))
        quality = score(root, base)
        results["text_lang"] = run_child("text_lang", str(root))
        results["report"] = run_child("report", str(root))
        pristine = root.with_name(root.name + "-full")
        shutil.copytree(root, pristine)
        write_dataset(root, "news", new, run=True)
        results["same"] = run_child("same", str(root))
        shutil.rmtree(root)
        pristine.rename(root)
        write_dataset(root, "other", articles(args.add, args.items, "zakon.kz", week=True))
        results["other"] = run_child("other", str(root))
    load = os.getloadavg()[0]
    print(f"{args.items:,} items, {args.add:,} added; Python {sys.version.split()[0]}; "
          f"{os.cpu_count()} cores, load average {load:.1f}\n")  # fmt: skip
    print(
        "| step | seconds | CPU seconds | read + hash | group | write | partitions written "
        "| peak RSS MiB | hashed | known |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    names = {
        "full": f"{args.items:,} items, no index",
        "same": f"+ {args.add:,}, same source",
        "other": f"+ {args.add:,}, other source",
    }
    for kind, r in results.items():
        if kind not in names:
            continue
        print(
            f"| {names[kind]} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} "
            f"| {r['read_and_hash']:.1f} | {r['group']:.1f} | {r['write']:.1f} | {r['rewritten']} "
            f"| {r['peak_rss_mib']:.0f} | {r['sketched']:,} | {r['reused']:,} |"
        )
    full = results["full"]
    print(f"\nstories of two or more: {full['stories']:,} holding {full['grouped']:,} articles")
    for side, word in (("above", "at or above"), ("below", "below")):
        planted, found = quality[side]
        print(
            f"planted reposts {word} Jaccard {THRESHOLD} (exact, word 5-grams): "
            f"{found:,} of {planted:,} grouped with their original"
        )
    print(f"articles in a story with no other article of their planted origin: {quality['stray']}")
    lang, rep = results["text_lang"], results["report"]
    print(
        f"\ntext_lang (per item, in the crawl): {lang['items']:,} bodies in "
        f"{lang['seconds']:.1f} s ({lang['cpu_seconds']:.1f} CPU s), "
        f"{lang['items_per_s']:,} items/s, peak RSS {lang['peak_rss_mib']:.0f} MiB "
        "(the bodies held in memory included)"
    )
    print(
        f"scrapy report (per dataset): {rep['items']:,} articles in {rep['seconds']:.1f} s "
        f"({rep['cpu_seconds']:.1f} CPU s), peak RSS {rep['peak_rss_mib']:.0f} MiB"
    )
    ok = full["cpu_seconds"] < 60 and full["peak_rss_mib"] < 1024
    print(
        f"bound: the full step under 60 CPU seconds and 1 GiB: {'ok' if ok else 'FAIL'} "
        "(CPU, not wall time: on a shared machine the wall clock also counts others' turns)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
