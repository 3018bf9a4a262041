"""The run report: one JSON file per run beside its data, and the one-screen summary of it.

`<DATASET_DIR>/<spider>/runs/<run-id>.report.json` (or REPORT_FILE for a run with -o/-O) holds what
an operator asks about a finished run: what was fetched (pages, HTTP statuses, bytes), what was
exported per edition and into which files, what was skipped (already seen, outside the window, not
an article, replay records) and dropped and why, what each cleaning step removed, what failed and
why, field coverage, boilerplate left, the monitors' verdicts, the files written, and every raw
crawl stat. It is written atomically and durably (atomic_files.py), also for a failed run. The
summary is the part a user reads at the end of every run: where the data went, what was skipped,
what failed, how long it took, what to run next.

The reports in runs/ are also the run history: the volume monitor compares a run with the recent
healthy runs that had the same arguments. `scrapy compact --prune` leaves them in place.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newscrawler.atomic_files import atomic_write
from newscrawler.exporters.layout import REPORT_SUFFIX
from newscrawler.ops.monitors import BENIGN_DROPS, NOT_ARTICLE_DROPS, RunFigures, Verdict

logger = logging.getLogger(__name__)

REPORT_VERSION = 1
_SUMMARY_FIELDS = ("title", "published_at", "body", "original_source", "photo_credit", "authors")
"""The fields whose coverage the summary shows; the report has every field's."""


def jsonable(value: Any) -> Any:
    """Stats and arguments as JSON: datetimes as ISO 8601, paths and other objects as text."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _group(stats: Mapping[str, Any], prefix: str, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """{rest: count} of the stats under `prefix` (but `skip`), largest first."""
    found = {
        k.removeprefix(prefix): int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and k.removeprefix(prefix) not in skip
    }
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def build_report(
    *,
    stats: Mapping[str, Any],
    run_id: str | None,
    spider: str,
    args: Mapping[str, Any],
    verdicts: list[Verdict] | None,
    field_names: list[str],
    boilerplate_examples: Mapping[str, list[str]],
    files: Mapping[str, str | None],
    outputs: list[Mapping[str, Any]] | None = None,
    monitors_enabled: bool = True,
) -> dict[str, Any]:
    """The report of a finished run (see the module doc); with the monitors disabled,
    `verdicts` holds only the faults' verdicts. `outputs`: each output file's `path`, `format`,
    `items` written and whether it was `stored`."""
    figures = RunFigures.from_stats(stats)
    failed = [v.name for v in verdicts or [] if v.status == "failed"]
    replaying = bool(args.get("warc"))
    dropped = {
        stage: group
        for stage, prefix in (
            ("extract", "extract/dropped/"),
            ("validation", "validation/dropped/"),
            ("dedup", "dedup/dropped/"),
        )
        if (group := _group(stats, prefix))
    }
    exported_fmt = {
        k.split("/")[1]: int(v)
        for k, v in stats.items()
        if k.startswith("dataset/") and k.endswith("/dropped")
    }
    if exported_fmt:
        dropped["export"] = exported_fmt
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "run_id": run_id,
        "spider": spider,
        "mode": "replay" if replaying else "crawl",
        "args": jsonable(args),
        "ok": not failed,
        "started_at": jsonable(stats.get("start_time")),
        "finished_at": jsonable(stats.get("finish_time")),
        "duration_seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 3),
        "finish_reason": figures.finish_reason,
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "bytes_fetched": int(stats.get("downloader/response_bytes", 0)),
        "http_status": _group(stats, "downloader/response_status_count/"),
        "items": {
            "exported": figures.exported,
            "by_lang": _group(stats, "audit/items/"),
            "by_text_lang": {
                lang: n for lang, n in _group(stats, "text_lang/").items() if "/" not in lang
            },
            "text_lang_differs": dict(sorted(figures.text_lang_differs.items())),
            "article_pages": figures.pages,
            "found": figures.found,
        },
        "dropped": dropped,
        "cleaning": {
            "removed": {
                k.removeprefix("cleaning/").removesuffix("_removed"): int(v)
                for k, v in sorted(stats.items())
                if k.startswith("cleaning/") and k.endswith("_removed")
            },
            "markup_dropped": {
                k.removeprefix("extract/").removesuffix("_dropped"): int(v)
                for k, v in sorted(stats.items())
                if k.startswith("extract/") and k.endswith("_dropped")
            },
        },
        "failures": {
            "count": figures.failures,
            "by_reason": _group(stats, "failures/", skip=("count", "file")),
        },
        "coverage": {
            name: {
                "filled": figures.filled.get(name, 0),
                "of": figures.parsed,
                "share": round(figures.filled.get(name, 0) / figures.parsed, 4)
                if figures.parsed
                else None,
            }
            for name in field_names
        },
        "boilerplate": {
            kind: {"items": n, "examples": list(boilerplate_examples.get(kind, []))}
            for kind, n in figures.boilerplate.items()
        },
        "skipped": {
            "already_seen": int(stats.get("incremental/skipped_seen", 0)),
            "outside_window": int(stats.get("discovery/skipped_outside_window", 0))
            + int(stats.get("extract/dropped/outside_window", 0)),
            "not_article": sum(
                int(stats.get(f"extract/dropped/{reason}", 0)) for reason in NOT_ARTICLE_DROPS
            ),
            "replay": _group(stats, "replay/skipped/"),
        },
        "incremental": {
            "skipped_seen": int(stats.get("incremental/skipped_seen", 0)),
            "recorded": int(stats.get("incremental/recorded", 0)),
        },
        "files": {k: v for k, v in files.items() if v},
        "outputs": [dict(out) for out in outputs or []],
        "monitors": {
            "enabled": monitors_enabled,
            "ok": not failed,
            "failed": failed,
            "verdicts": [v.as_dict() for v in verdicts or []],
        },
        "stats": jsonable(dict(sorted(stats.items()))),
    }
    if replaying:
        report["replay"] = _group(stats, "replay/")
    if stats.get("archive/records"):
        report["archive"] = {
            "records": int(stats.get("archive/records", 0)),
            "files": int(stats.get("archive/files", 0)),
            "bytes": int(stats.get("archive/bytes", 0)),
        }
    return report


def write_report(path: Path, report: Mapping[str, Any]) -> None:
    """Write `report` to `path` atomically: a reader sees the whole report or none."""
    with atomic_write(path) as out:
        out.write((json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def recent_found(
    runs: Path, *, args: Mapping[str, Any], exclude: str | None, limit: int
) -> list[int]:
    """Articles found by the last `limit` healthy runs in `runs` with these arguments, oldest
    first. An unreadable report is logged and left out."""
    found: list[int] = []
    wanted = jsonable(args)
    for path in sorted(runs.glob(f"*{REPORT_SUFFIX}")):
        if exclude and path.name == f"{exclude}{REPORT_SUFFIX}":
            continue
        try:
            report = json.loads(path.read_text("utf-8"))
            if report.get("args") == wanted and report["monitors"]["ok"]:
                found.append(int(report["items"]["found"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("Run report %s is unreadable, left out of the history: %s", path, exc)
    return found[-limit:]


def summary(report: Mapping[str, Any]) -> str:
    """The report on one screen, printed at the end of the run: where the data went, what was
    skipped and why, what failed, how long it took, and what to run next."""

    def counts(group: Mapping[str, int], limit: int = 6) -> str:
        parts = [f"{k} {v:,}" for k, v in list(group.items())[:limit]]
        if len(group) > limit:
            parts.append(f"+{len(group) - limit} more")
        return ", ".join(parts) or "none"

    monitors = report["monitors"]
    verdicts = monitors["verdicts"]
    head = "OK" if report["ok"] else f"FAILED ({', '.join(monitors['failed'])})"
    items = report["items"]
    run = " ".join(filter(None, (report["spider"], report["run_id"])))
    took = _duration(report["duration_seconds"])
    lines = [
        f"Run summary: {run} ({report['mode']}): {head} after {took} ({report['finish_reason']})"
    ]
    lines += [f"  FAILED {v['name']}: {v['reason']}" for v in verdicts if v["status"] == "failed"]
    lines += _stored(items, report["outputs"])
    lines.append(f"  skipped: {_skipped(report['skipped'])}")
    if report["skipped"]["replay"]:
        replay = report["skipped"]["replay"]
        lines.append(f"  replay records skipped: {sum(replay.values()):,} ({counts(replay)})")
    dropped = {
        stage: {k: v for k, v in group.items() if stage != "extract" or k not in BENIGN_DROPS}
        for stage, group in report["dropped"].items()
    }
    dropped_text = "; ".join(
        f"{stage} {counts(group)}" for stage, group in dropped.items() if group
    )
    lines.append(f"  dropped: {dropped_text or 'none'}")
    failures = report["failures"]
    failed = "none"
    if failures["count"]:
        failed = f"{failures['count']:,} ({counts(failures['by_reason'])})"
    if report["files"].get("failures"):
        failed += f", listed in {report['files']['failures']}"
    lines += [
        f"  failed: {failed}",
        f"  fetched: {_n(report['pages_fetched'], 'page')} ({_size(report['bytes_fetched'])}), "
        f"HTTP {counts(report['http_status'])}; {_n(items['found'], 'article')} found",
        f"  cleaning removed: {counts(report['cleaning']['removed'], 8)}",
        "  coverage: "
        + (
            ", ".join(
                f"{name} {c['share']:.0%}"
                for name, c in report["coverage"].items()
                if c["share"] is not None and name in _SUMMARY_FIELDS
            )
            or "no items"
        ),
    ]
    for kind, left in report["boilerplate"].items():
        example = f" (e.g. {left['examples'][0]})" if left["examples"] else ""
        lines.append(f"  boilerplate left: {kind} in {left['items']:,} items{example}")
    if not monitors["enabled"]:
        lines.append("  monitors: disabled (MONITORS_ENABLED=0)")
    passed = [v["name"] for v in verdicts if v["status"] == "passed"]
    if passed:
        lines.append(f"  monitors passed: {', '.join(passed)}")
    skipped: dict[str, list[str]] = {}
    for v in verdicts:
        if v["status"] == "skipped":
            skipped.setdefault(v["reason"], []).append(v["name"])
    for reason, names in skipped.items():
        lines.append(f"  monitors skipped {', '.join(names)}: {reason}")
    for kind in ("report", "log"):
        if report["files"].get(kind):
            lines.append(f"  {kind}: {report['files'][kind]}")
    hint = _next_step(report)
    if hint:
        lines.append(f"  next: {hint}")
    return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 60 else str(timedelta(seconds=round(seconds)))


def _stored(items: Mapping[str, Any], outputs: list[Mapping[str, Any]]) -> list[str]:
    """Where the run's articles went: each output file with its item count."""
    by_lang = ", ".join(f"{k} {v:,}" for k, v in items["by_lang"].items())
    head = f"  stored: {_n(items['exported'], 'article')}" + (f" ({by_lang})" if by_lang else "")
    stored = [out for out in outputs if out["stored"]]
    if not outputs:
        return [f"{head}, in no file (no -o/-O, no dataset run)"]
    if not stored:
        why = "no new articles" if not items["exported"] else "see FAILED above"
        return [f"{head}, no file written ({why})"]
    width = max(len(out["path"]) for out in outputs)
    lines = [f"{head}, in"]
    for out in outputs:
        what = _n(out["items"], "item") if out["stored"] else "NOT stored"
        lines.append(f"    {out['path']:<{width}}  {what}")
    return lines


def _skipped(skipped: Mapping[str, Any]) -> str:
    parts = []
    if skipped["already_seen"]:
        parts.append(
            f"{_n(skipped['already_seen'], 'article')} already seen (earlier runs exported "
            "them; -a refetch=1 fetches them again)"
        )
    if skipped["outside_window"]:
        parts.append(f"{_n(skipped['outside_window'], 'article')} outside the since/until window")
    if skipped["not_article"]:
        parts.append(f"{_n(skipped['not_article'], 'page')} not an article")
    return ", ".join(parts) or "none"


def _next_step(report: Mapping[str, Any]) -> str | None:
    """`scrapy compact` after a dataset run that stored its files: it folds the runs into one
    row per url."""
    stored = [Path(out["path"]) for out in report["outputs"] if out["stored"]]
    if not report["run_id"] or not stored:
        return None
    dataset = stored[0].parent.parent
    option = "" if dataset.parent == Path("datasets") else f" -s DATASET_DIR={dataset.parent}"
    return (
        f"scrapy compact {report['spider']}{option}  (folds runs/ into articles/, one row per url)"
    )
