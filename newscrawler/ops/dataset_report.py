"""The dataset report's figures: what a dataset folder holds, computed from its files alone.

`scrapy report` (commands/report.py) writes them as report.json and draws them in report.html
(ops/report_html.py). Per source, the rows are read from `articles/` when compacted, else from
`runs/*.parquet` (one row per url, the newest crawl, as compaction would keep), else from
`<source>.parquet`, an `-O` export such as the demo's; the run history from the run reports
(`runs/*.report.json`, or `<source>.report.json`), the failures from the failures files
(fetch/failures.py). Only the columns a figure needs are read, a batch at a time, and the body is
reduced to its word count at once: a dataset's text never sits in memory whole.

Columns added after a dataset was written (`text_lang`, `text_lang_score`, `story_id`) are read
where a file has them; a figure that needs one says it is not available when no row holds a value,
and duplicates are then counted by exact body (`content_hash`).

Days are Asia/Almaty calendar days, as the articles/ partitions are (exporters/layout.py); a span
longer than DAILY_SPAN days is counted per month, so that a chart of years stays readable.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newscrawler.exporters.layout import REPORT_SUFFIX, articles_dir, runs_dir
from newscrawler.exporters.parquet import open_parquet
from newscrawler.exporters.schema import ARTICLE_SCHEMA, TIMESTAMP
from newscrawler.extract.dates import ALMATY
from newscrawler.sources import SOURCES

logger = logging.getLogger(__name__)

REPORT_VERSION = 1
COVERAGE_FIELDS = ("published_at", "photo_credit", "original_source", "authors")
LENGTH_EDGES = (0, 50, 100, 200, 400, 800, 1600)
"""Lower bounds of the body length bins, in words; the last bin is open."""
DAILY_SPAN = 120
TOP_ORIGINAL_SOURCES = 15
LAST_RUNS = 10
_BATCH = 8192

_KEPT = {
    "url": pa.string(),
    "lang": pa.string(),
    "original_source": pa.string(),
    "content_hash": pa.string(),
    "published_at": TIMESTAMP,
    "crawled_at": TIMESTAMP,
    "text_lang": pa.string(),
    "text_lang_score": pa.float64(),
    "story_id": pa.string(),
}
"""The columns the figures read as they are, null where a file lacks them: the last three are
added by later versions of the project, so older datasets have none."""


class DatasetReportError(Exception):
    """A source without data, or a data file that cannot be read: the report is not made
    rather than made short."""


@dataclass(frozen=True)
class SourceFiles:
    """Where one source's data, run reports and failures files are in a dataset folder."""

    name: str
    data: list[Path]
    read_from: str
    reports: list[Path]
    failures: list[Path]


def _visible(paths: Iterable[Path]) -> list[Path]:
    """Data files, without the hidden and temporary ones (`.x`, `_x`) pyarrow skips too."""
    return sorted(p for p in paths if p.is_file() and not p.name.startswith((".", "_")))


def source_files(dataset_dir: Path, name: str) -> SourceFiles | None:
    """The files of source `name` in `dataset_dir` (see the module doc), or None: no data."""
    runs = runs_dir(dataset_dir, name)
    flat = dataset_dir / f"{name}.parquet"
    if data := _visible(articles_dir(dataset_dir, name).rglob("*.parquet")):
        read_from = "articles/"
    elif data := _visible(runs.glob("*.parquet")):
        read_from = "runs/"
    elif flat.is_file():
        data, read_from = [flat], flat.name
    else:
        return None
    reports = _visible(runs.glob(f"*{REPORT_SUFFIX}"))
    reports += _visible([dataset_dir / f"{name}{REPORT_SUFFIX}"])
    failures = _visible((dataset_dir / name / "failures").glob("*.jsonl"))
    failures += _visible([dataset_dir / name / "failures.jsonl"])
    failures += _visible([dataset_dir / f"{name}.failures.jsonl"])
    return SourceFiles(name, data, read_from, reports, failures)


def dataset_sources(dataset_dir: Path, names: Iterable[str] = ()) -> list[SourceFiles]:
    """The sources to report on: those named, else every registered source and every folder
    laid out as a dataset (the generic spider's, a test spider's) that holds data.
    DatasetReportError for a named source without data."""
    wanted = list(names)
    if wanted:
        found = [(name, source_files(dataset_dir, name)) for name in wanted]
        missing = [name for name, files in found if files is None]
        if missing:
            raise DatasetReportError(
                f"no data for {', '.join(missing)} in {dataset_dir} (looked for "
                "<source>/articles/, <source>/runs/*.parquet and <source>.parquet)"
            )
        return [files for _, files in found if files is not None]
    folders = (
        {
            p.name
            for p in dataset_dir.iterdir()
            if (p / "runs").is_dir() or (p / "articles").is_dir()
        }
        if dataset_dir.is_dir()
        else set()
    )
    every = (source_files(dataset_dir, name) for name in sorted(set(SOURCES) | folders))
    return [files for files in every if files is not None]


def _filled(column: pa.Array) -> pa.Array:
    """True where a value holds something: null, '' and [] are not data."""
    if pa.types.is_list(column.type):
        length = pc.list_value_length(column)
    elif pa.types.is_string(column.type):
        length = pc.utf8_length(column)
    else:
        return pc.is_valid(column)
    return pc.fill_null(pc.greater(length, 0), False)


def _narrow(batch: pa.RecordBatch) -> pa.Table:
    """The columns the figures need, from one batch of a data file; the body becomes words."""
    names = batch.schema.names
    n = batch.num_rows

    def column(name: str, kind: pa.DataType) -> pa.Array:
        return batch.column(name).cast(kind) if name in names else pa.nulls(n, kind)

    body = column("body", pa.string())
    out = {name: column(name, kind) for name, kind in _KEPT.items()}
    out["words"] = pc.fill_null(pc.list_value_length(pc.utf8_split_whitespace(body)), 0)
    for name in COVERAGE_FIELDS:
        out[f"has_{name}"] = _filled(column(name, ARTICLE_SCHEMA.field(name).type))
    return pa.table(out)


def _newest_per_url(table: pa.Table) -> pa.Table:
    """One row per url: the newest crawl (what `scrapy compact` keeps)."""
    if table.num_rows < 2:
        return table
    ranked = table.sort_by([("url", "ascending"), ("crawled_at", "descending")])
    urls = ranked["url"]
    first = pc.fill_null(pc.not_equal(urls.slice(1), urls.slice(0, len(urls) - 1)), True)
    return ranked.filter(pa.concat_arrays([pa.array([True]), *first.chunks]))


def read_rows(files: SourceFiles) -> pa.Table:
    """The source's articles, narrowed (see `_narrow`), one row per url."""
    wanted = {*_KEPT, "body", *COVERAGE_FIELDS}
    tables = []
    for path in files.data:
        try:
            parquet = open_parquet(path)
            columns = [name for name in parquet.schema_arrow.names if name in wanted]
            batches = parquet.iter_batches(batch_size=_BATCH, columns=columns, use_threads=False)
            tables += [_narrow(batch) for batch in batches]
        except (OSError, pa.ArrowException) as exc:
            raise DatasetReportError(f"{path}: unreadable Parquet file: {exc}") from None
    if not tables:
        return _narrow(pa.RecordBatch.from_pylist([], schema=ARTICLE_SCHEMA))
    return _newest_per_url(pa.concat_tables(tables))


def almaty_dates(instants: pa.ChunkedArray) -> list[str | None]:
    """Each instant's Asia/Almaty calendar day, 'YYYY-MM-DD'. Almaty's offsets are whole hours,
    so each distinct hour is converted once (zoneinfo, the project's tz data), not each row."""
    hours = pc.floor_temporal(instants, unit="hour").combine_chunks().dictionary_encode()
    days = [
        None if h is None else h.astimezone(ALMATY).date().isoformat()
        for h in hours.dictionary.to_pylist()
    ]
    return [None if i is None else days[i] for i in hours.indices.to_pylist()]


def _buckets(days: Iterable[str | None]) -> tuple[str, list[str]]:
    """('day' or 'month', every bucket from the first day to the last, gaps included)."""
    known = sorted({d for d in days if d})
    if not known:
        return "day", []
    first, last = date.fromisoformat(known[0]), date.fromisoformat(known[-1])
    if (last - first).days <= DAILY_SPAN:
        return "day", [(first + timedelta(i)).isoformat() for i in range((last - first).days + 1)]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", months


def _in_bucket(day: str | None, bucket: str) -> str | None:
    return day if day is None or bucket == "day" else day[:7]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _available(rows: dict[str, pa.Table], column: str) -> dict[str, bool]:
    """Per source: whether any row holds `column`, i.e. the dataset was written with it."""
    return {name: rows[name][column].null_count < rows[name].num_rows for name in rows}


def _count_by(
    table: pa.Table, keys: dict[str, list[str | None]], sums: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Rows of `table` grouped by `lang` and the given key columns: their number (`count_all`)
    and the sum of each boolean column in `sums` (`<name>_sum`)."""
    grouped = table.select(["lang", *sums])
    for name, values in keys.items():
        grouped = grouped.append_column(name, pa.array(values, pa.string()))
    aggregates = [([], "count_all"), *((name, "sum") for name in sums)]
    return grouped.group_by([*keys, "lang"], use_threads=False).aggregate(aggregates).to_pylist()


def _per_day(rows: dict[str, pa.Table], days: dict[str, list[str | None]]) -> dict[str, Any]:
    bucket, buckets = _buckets(d for source in days.values() for d in source)
    counts: Counter[tuple[str, str, str]] = Counter()
    undated: Counter[tuple[str, str]] = Counter()
    for name, table in rows.items():
        keys = {"day": [_in_bucket(day, bucket) for day in days[name]]}
        for row in _count_by(table, keys):
            lang = row["lang"] or "?"
            if row["day"] is None:
                undated[name, lang] += row["count_all"]
            else:
                counts[row["day"], name, lang] += row["count_all"]
    series = sorted({(name, lang) for _, name, lang in counts} | set(undated))
    return {
        "bucket": bucket,
        "by": "published_at, in Asia/Almaty",
        "buckets": buckets,
        "series": [{"source": s, "lang": lang} for s, lang in series],
        "rows": [
            {"date": d, "source": s, "lang": lang, "articles": n}
            for (d, s, lang), n in sorted(counts.items())
        ],
        "undated": [
            {"source": s, "lang": lang, "articles": n} for (s, lang), n in sorted(undated.items())
        ],
    }


def _coverage(rows: dict[str, pa.Table]) -> dict[str, Any]:
    """Field coverage by crawl day: a drop after a given day is a page layout that changed."""
    crawl_days = {name: almaty_dates(table["crawled_at"]) for name, table in rows.items()}
    bucket, buckets = _buckets(d for source in crawl_days.values() for d in source)
    sums = tuple(f"has_{f}" for f in COVERAGE_FIELDS)
    out = []
    for name, table in rows.items():
        keys = {"day": [_in_bucket(day, bucket) or "unknown" for day in crawl_days[name]]}
        totals: Counter[str] = Counter()
        hits: dict[str, Counter[str]] = {f: Counter() for f in COVERAGE_FIELDS}
        for row in _count_by(table, keys, sums):
            totals[row["day"]] += row["count_all"]
            for f in COVERAGE_FIELDS:
                hits[f][row["day"]] += row[f"has_{f}_sum"]
        out += [
            {
                "date": day,
                "source": name,
                "articles": totals[day],
                "filled": {f: hits[f][day] for f in COVERAGE_FIELDS},
                "share": {f: _share(hits[f][day], totals[day]) for f in COVERAGE_FIELDS},
            }
            for day in sorted(totals)
        ]
    return {
        "bucket": bucket,
        "by": "crawled_at, in Asia/Almaty",
        "buckets": buckets,
        "fields": list(COVERAGE_FIELDS),
        "rows": out,
    }


def _bin_label(i: int) -> str:
    low = LENGTH_EDGES[i]
    if i + 1 == len(LENGTH_EDGES):
        return f"{low}+"
    return f"{low}–{LENGTH_EDGES[i + 1] - 1}"


def _body_length(rows: dict[str, pa.Table]) -> dict[str, Any]:
    counts = []
    quantiles = {}
    for name, table in rows.items():
        words = table["words"]
        for i, low in enumerate(LENGTH_EDGES):
            inside = pc.greater_equal(words, low)
            if i + 1 < len(LENGTH_EDGES):
                inside = pc.and_(inside, pc.less(words, LENGTH_EDGES[i + 1]))
            counts.append(
                {"bin": _bin_label(i), "source": name, "articles": pc.sum(inside).as_py() or 0}
            )
        if table.num_rows:
            p10, median, p90 = pc.quantile(words, q=[0.1, 0.5, 0.9], interpolation="nearest")
            quantiles[name] = {"p10": p10.as_py(), "median": median.as_py(), "p90": p90.as_py()}
    return {
        "unit": "words (whitespace-separated) of body",
        "bins": [_bin_label(i) for i in range(len(LENGTH_EDGES))],
        "rows": counts,
        "quantiles": quantiles,
    }


def _text_lang(rows: dict[str, pa.Table]) -> dict[str, Any]:
    available = _available(rows, "text_lang")
    cells: list[dict[str, Any]] = []
    for name, table in rows.items():
        if not available[name]:
            continue
        grouped = table.group_by(["lang", "text_lang"], use_threads=False).aggregate(
            [([], "count_all"), ("text_lang_score", "mean")]
        )
        for row in grouped.to_pylist():
            score = row["text_lang_score_mean"]
            cells.append(
                {
                    "source": name,
                    "edition": row["lang"] or "?",
                    "text_lang": row["text_lang"],
                    "articles": row["count_all"],
                    "mean_score": None if score is None else round(score, 3),
                }
            )
    cells.sort(key=lambda c: (c["source"], c["edition"], -c["articles"], c["text_lang"] or ""))
    detected = [c for c in cells if c["text_lang"] is not None]
    agree = sum(c["articles"] for c in detected if c["text_lang"] == c["edition"])
    return {
        "available": any(available.values()),
        "sources_without": sorted(name for name, ok in available.items() if not ok),
        "rows": cells,
        "same_as_edition": _share(agree, sum(c["articles"] for c in detected)),
    }


def _original_sources(rows: dict[str, pa.Table]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    articles = 0
    for table in rows.values():
        articles += table.num_rows
        named = table.filter(table["has_original_source"])["original_source"]
        counts.update(named.to_pylist())
    return {
        "articles": articles,
        "with_original_source": sum(counts.values()),
        "distinct": len(counts),
        "rows": [
            {"original_source": s, "articles": n}
            for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
                :TOP_ORIGINAL_SOURCES
            ]
        ],
    }


def _duplicates(rows: dict[str, pa.Table]) -> dict[str, Any]:
    """Articles that repeat another one's story: by story_id where the dataset has it (a row
    whose story is named for another article, the story's earliest, in this source or another:
    a mail.kz repost of a zakon.kz article counts in mail.kz), by exact body (content_hash, a
    repeat within the source) otherwise. The share is of the articles that have the key: in runs
    written before and after story_id, the older rows cannot be compared."""
    by_story = _available(rows, "story_id")
    out = []
    for name, table in rows.items():
        key = "story_id" if by_story[name] else "content_hash"
        keys = table[key].drop_null()
        if key == "story_id":
            repeats = pc.sum(pc.not_equal(table["story_id"], table["url"])).as_py() or 0
            distinct = len(keys) - repeats
        else:
            distinct = pc.count_distinct(keys).as_py()
            repeats = len(keys) - distinct
        out.append(
            {
                "source": name,
                "method": key,
                "articles": table.num_rows,
                "keyed": len(keys),
                "distinct": distinct,
                "duplicates": repeats,
                "share": _share(repeats, len(keys)),
            }
        )
    return {"available": {"story_id": any(by_story.values())}, "rows": out}


def _failures(sources: list[SourceFiles]) -> dict[str, Any]:
    counts: Counter[tuple[str, str]] = Counter()
    unreadable = []
    for files in sources:
        for path in files.failures:
            try:
                lines = path.read_text("utf-8").splitlines()
            except OSError as exc:
                unreadable.append(f"{path}: {exc}")
                continue
            for number, line in enumerate(lines, 1):
                try:
                    counts[files.name, str(json.loads(line)["reason"])] += 1
                except (ValueError, KeyError, TypeError):
                    unreadable.append(f"{path}:{number}")
    return {
        "files": sum(len(files.failures) for files in sources),
        "rows": [
            {"source": s, "reason": r, "failures": n}
            for (s, r), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "unreadable": unreadable,
    }


def _run_row(name: str, path: Path) -> dict[str, Any]:
    """One run report, as the runs table shows it; an unreadable one says so."""
    run = path.name.removesuffix(REPORT_SUFFIX)
    try:
        report = json.loads(path.read_text("utf-8"))
        failed = list(report["monitors"]["failed"])
        return {
            "source": name,
            "run_id": report.get("run_id") or run,
            "started_at": report.get("started_at"),
            "mode": report.get("mode"),
            "status": "ok" if report["ok"] else "failed",
            "failed": failed,
            "finish_reason": report.get("finish_reason"),
            "exported": report["items"]["exported"],
            "failures": report["failures"]["count"],
            "duration_seconds": report.get("duration_seconds"),
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("Run report %s is unreadable: %s", path, exc)
        return {"source": name, "run_id": run, "started_at": None, "status": "unreadable"}


def _runs(sources: list[SourceFiles]) -> list[dict[str, Any]]:
    """The last LAST_RUNS runs of each source, the newest first."""
    rows = []
    for files in sources:
        runs = [_run_row(files.name, path) for path in files.reports]
        runs.sort(key=lambda r: (r["started_at"] or "", r["run_id"]))
        rows += runs[-LAST_RUNS:]
    return sorted(rows, key=lambda r: (r["started_at"] or "", r["run_id"]), reverse=True)


def _summary(files: SourceFiles, table: pa.Table, days: list[str | None]) -> dict[str, Any]:
    dated = sorted(d for d in days if d)
    langs = Counter(table["lang"].to_pylist())
    return {
        "source": files.name,
        "read_from": files.read_from,
        "files": len(files.data),
        "articles": table.num_rows,
        "by_lang": dict(sorted(langs.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        "first_published": dated[0] if dated else None,
        "last_published": dated[-1] if dated else None,
        "undated": len(days) - len(dated),
    }


def contents(dataset_dir: Path) -> list[dict[str, Any]]:
    """What each source's files hold, per edition: articles, their text languages (most first)
    and the Almaty days of the first and last publication. The dataset card's counts."""
    rows: list[dict[str, Any]] = []
    for files in dataset_sources(dataset_dir):
        table = read_rows(files)
        table = pa.table(
            {
                "lang": pc.fill_null(table["lang"], "?"),
                "text_lang": pc.fill_null(table["text_lang"], "not detected"),
                "day": pa.array(almaty_dates(table["published_at"]), pa.string()),
            }
        )
        langs: dict[str, dict[str, int]] = {}
        by_text = table.group_by(["lang", "text_lang"], use_threads=False).aggregate(
            [([], "count_all")]
        )
        for row in sorted(by_text.to_pylist(), key=lambda r: -r["count_all"]):
            langs.setdefault(row["lang"], {})[row["text_lang"]] = row["count_all"]
        editions = table.group_by("lang", use_threads=False).aggregate(
            [([], "count_all"), ("day", "min"), ("day", "max")]
        )
        for edition in sorted(editions.to_pylist(), key=lambda r: r["lang"]):
            rows.append(
                {
                    "source": files.name,
                    "edition": edition["lang"],
                    "read_from": files.read_from,
                    "articles": edition["count_all"],
                    "text_lang": langs[edition["lang"]],
                    "first_published": edition["day_min"],
                    "last_published": edition["day_max"],
                }
            )
    return rows


def build_dataset_report(dataset_dir: Path, sources: list[SourceFiles]) -> dict[str, Any]:
    """Every figure of the report (see the module doc) for `sources` of `dataset_dir`."""
    rows = {files.name: read_rows(files) for files in sources}
    days = {name: almaty_dates(table["published_at"]) for name, table in rows.items()}
    return {
        "report_version": REPORT_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset_dir": str(dataset_dir),
        "articles": sum(t.num_rows for t in rows.values()),
        "sources": [_summary(f, rows[f.name], days[f.name]) for f in sources],
        "articles_per_day": _per_day(rows, days),
        "coverage_over_time": _coverage(rows),
        "body_length": _body_length(rows),
        "text_lang": _text_lang(rows),
        "original_sources": _original_sources(rows),
        "duplicates": _duplicates(rows),
        "failures": _failures(sources),
        "runs": _runs(sources),
    }
