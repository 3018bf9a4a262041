"""The dataset report as one HTML file: its figures (ops/dataset_report.py) drawn as inline SVG.

No script and no file or font from elsewhere: the page opens offline, from a mail attachment or a
CI artifact, as it was written. Every mark (a bar, a point, a table cell) carries its figure's key
and value in data-* attributes and a <title> tooltip, so the page can be read by a person and
checked against report.json by a test alike.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
WIDTH = 900
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 12, 44

_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px auto; max-width: 960px;
  padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin: 32px 0 4px; }
p.note { color: #555; margin: 2px 0 8px; } p.unavailable { color: #8a5a00; font-style: italic; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #444; }
svg.chart .grid { stroke: #e4e4e4; } svg.chart .axis { stroke: #999; }
ul.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap;
  gap: 14px; }
ul.legend span { display: inline-block; width: 11px; height: 11px; margin-right: 5px;
  vertical-align: -1px; }
.ok { color: #2a7d2a; font-weight: 600; } .failed, .unreadable { color: #b22; font-weight: 600; }
"""


@dataclass(frozen=True)
class Mark:
    """One drawn value: what it is (`key`, written as data-* attributes) and the value."""

    key: Mapping[str, str]
    value: float

    def attributes(self) -> str:
        keys = "".join(f' data-{k}="{escape(str(v))}"' for k, v in self.key.items())
        return f'class="mark"{keys} data-value="{self.value}"'

    def tooltip(self, shown: str) -> str:
        return f"<title>{escape(' · '.join(map(str, self.key.values())))}: {escape(shown)}</title>"


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}" if value in (0, 1) else f"{value:.1%}"


def _nice_step(value: float) -> float:
    """`value` rounded up to 1, 2 or 5 times a power of ten: a grid step people read at once."""
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def _count_axis(largest: float) -> tuple[float, float]:
    """(top, step) of a count axis: whole-number steps, at most five of them up to `largest`."""
    step = max(1.0, _nice_step(largest / 5)) if largest > 0 else 1.0
    return step * math.ceil(largest / step) or step, step


def _y_grid(top: float, step: float, height: float, as_text: Callable[[float], str]) -> str:
    """Horizontal grid lines every `step` from 0 to `top`, labelled."""
    parts = []
    for i in range(round(top / step) + 1):
        y = _TOP + height - height * i * step / top
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(as_text(i * step))}</text>"
        )
    return "".join(parts)


def _x_labels(categories: Sequence[str], step: float, height: float) -> str:
    """At most a dozen category labels under the plot, evenly spread."""
    every = max(1, math.ceil(len(categories) / 12))
    y = _TOP + height + 16
    return "".join(
        f'<text x="{_LEFT + step * (i + 0.5):.1f}" y="{y:.1f}" text-anchor="middle">'
        f"{escape(c)}</text>"
        for i, c in enumerate(categories)
        if i % every == 0
    )


def _svg(figure: str, height: int, body: str, label: str) -> str:
    return (
        f'<svg class="chart" data-figure="{figure}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )


def legend(names: Iterable[str]) -> str:
    items = "".join(
        f'<li><span style="background:{PALETTE[i % len(PALETTE)]}"></span>{escape(name)}</li>'
        for i, name in enumerate(names)
    )
    return f'<ul class="legend">{items}</ul>'


def stacked_bars(
    figure: str, categories: Sequence[str], series: Sequence[str], marks: Iterable[Mark],
    *, category_key: str, series_of: Callable[[Mark], str], label: str, height: int = 260,
) -> str:  # fmt: skip
    """One bar per category, stacked by series in `series` order (their colours); a category
    without marks is an empty slot, so a time axis stays linear."""
    by_slot: dict[tuple[str, str], Mark] = {}
    for mark in marks:
        by_slot[mark.key[category_key], series_of(mark)] = mark
    totals = {c: sum(m.value for (cat, _), m in by_slot.items() if cat == c) for c in categories}
    top, tick = _count_axis(max(totals.values(), default=0))
    plot_h = height - _TOP - _BOTTOM
    step = (WIDTH - _LEFT - _RIGHT) / max(len(categories), 1)
    width = step * 0.8 if step >= 5 else step
    parts = [_y_grid(top, tick, plot_h, _n)]
    for i, category in enumerate(categories):
        base = _TOP + plot_h
        for j, name in enumerate(series):
            mark = by_slot.get((category, name))
            if mark is None or not mark.value:
                continue
            h = plot_h * mark.value / top
            base -= h
            parts.append(
                f'<rect {mark.attributes()} x="{_LEFT + step * i + (step - width) / 2:.2f}" '
                f'y="{base:.2f}" width="{width:.2f}" height="{h:.2f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}">{mark.tooltip(_n(mark.value))}</rect>'
            )
    parts.append(_x_labels(categories, step, plot_h))
    axis_y = _TOP + plot_h
    parts.append(
        f'<line class="axis" x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{axis_y}" y2="{axis_y}"/>'
    )
    return _svg(figure, height, "".join(parts), label)


def share_lines(
    figure: str, categories: Sequence[str], series: Sequence[str], marks: Iterable[Mark],
    *, category_key: str, series_key: str, label: str, height: int = 220,
) -> str:  # fmt: skip
    """One line per series through its points (shares, 0 to 100 %) over the categories; a line
    joins neighbouring categories only, so that an empty stretch does not pass for a trend."""
    plot_h = height - _TOP - _BOTTOM
    step = (WIDTH - _LEFT - _RIGHT) / max(len(categories), 1)
    place = {c: i for i, c in enumerate(categories)}
    parts = [_y_grid(1.0, 0.25, plot_h, lambda v: f"{v:.0%}")]
    marks = list(marks)
    for j, name in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        points = sorted(
            ((place[m.key[category_key]], m) for m in marks if m.key[series_key] == name),
            key=lambda point: point[0],
        )
        xy = {i: (_LEFT + step * (i + 0.5), _TOP + plot_h * (1 - m.value)) for i, m in points}
        parts += [
            f'<line x1="{xy[i][0]:.1f}" y1="{xy[i][1]:.1f}" x2="{xy[k][0]:.1f}" '
            f'y2="{xy[k][1]:.1f}" stroke="{colour}" stroke-width="2"/>'
            for (i, _), (k, _) in itertools.pairwise(points)
            if k == i + 1
        ]
        parts += [
            f'<circle {m.attributes()} cx="{xy[i][0]:.1f}" cy="{xy[i][1]:.1f}" r="3.5" '
            f'fill="{colour}">{m.tooltip(_pct(m.value))}</circle>'
            for i, m in points
        ]
    parts.append(_x_labels(categories, step, plot_h))
    return _svg(figure, height, "".join(parts), label)


def horizontal_bars(
    figure: str, rows: Sequence[tuple[str, Mark]], *, label: str,
    shown: Callable[[float], str] = _n,
) -> str:  # fmt: skip
    """One labelled bar per row, in the order given, the longest full width; `shown` formats
    the values."""
    row_h, label_w = 24, 240
    height = _TOP + row_h * len(rows) + 8
    top = max((m.value for _, m in rows), default=0) or 1
    span = WIDTH - label_w - _RIGHT - 70
    parts = []
    for i, (text, mark) in enumerate(rows):
        y = _TOP + row_h * i
        w = span * mark.value / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(text)}</text>'
            f'<rect {mark.attributes()} x="{label_w}" y="{y + 4}" width="{w:.2f}" '
            f'height="{row_h - 8}" fill="{PALETTE[0]}">'
            f"{mark.tooltip(shown(mark.value))}</rect>"
            f'<text x="{label_w + w + 6:.2f}" y="{y + 16}">{escape(shown(mark.value))}</text>'
        )
    return _svg(figure, height, "".join(parts), label)


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """An HTML table; cells are HTML already (escaped by the caller), `numeric` columns align
    right."""
    right = set(numeric)

    def cls(i: int) -> str:
        return ' class="num"' if i in right else ""

    ths = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(head))
    trs = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{trs}</tbody></table>"


def _section(anchor: str, title: str, *body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{"".join(body)}</section>'


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _unavailable(text: str) -> str:
    return f'<p class="unavailable">Not available in this dataset: {escape(text)}</p>'


def _sources(report: Mapping[str, Any]) -> str:
    rows = [
        (
            escape(s["source"]),
            escape(s["read_from"]),
            _n(s["files"]),
            _n(s["articles"]),
            escape(", ".join(f"{k} {_n(v)}" for k, v in s["by_lang"].items())),
            escape(f"{s['first_published'] or '—'} … {s['last_published'] or '—'}"),
            _n(s["undated"]),
        )
        for s in report["sources"]
    ]
    head = ("source", "read from", "files", "articles", "by edition", "published", "undated")
    return _table(head, rows, {2, 3, 6})


def _per_day(fig: Mapping[str, Any]) -> str:
    title = f"Articles per {fig['bucket']}, by source and edition"
    if not fig["rows"]:
        return _section("articles-per-day", title, _unavailable("no article has a date"))
    series = [f"{s['source']} {s['lang']}" for s in fig["series"]]
    marks = [
        Mark({"date": r["date"], "source": r["source"], "lang": r["lang"]}, r["articles"])
        for r in fig["rows"]
    ]
    undated = ", ".join(f"{u['source']} {u['lang']} {_n(u['articles'])}" for u in fig["undated"])
    return _section(
        "articles-per-day",
        title,
        _note(
            f"By publication {fig['bucket']} (published_at, Asia/Almaty)"
            + (
                ", counted per month: the dates span more than a few months."
                if fig["bucket"] == "month"
                else "."
            )
            + (f" Without a date: {undated}." if undated else "")
        ),
        stacked_bars(
            "articles_per_day",
            fig["buckets"],
            series,
            marks,
            category_key="date",
            series_of=lambda m: f"{m.key['source']} {m.key['lang']}",
            label=title,
        ),
        legend(series),
    )


def _coverage(fig: Mapping[str, Any]) -> str:
    title = "Field coverage over time"
    if not fig["rows"]:
        return _section("coverage", title, _unavailable("no articles"))
    body = [
        _note(
            f"Share of articles with each field, by crawl {fig['bucket']} (crawled_at, "
            "Asia/Almaty): a fall from one day on is a page layout that changed."
        )
    ]
    categories = list(fig["buckets"])
    if any(r["date"] == "unknown" for r in fig["rows"]):
        categories.append("unknown")
    for source in dict.fromkeys(r["source"] for r in fig["rows"]):
        marks = [
            Mark({"source": source, "date": r["date"], "field": f}, r["share"][f])
            for r in fig["rows"]
            if r["source"] == source
            for f in fig["fields"]
        ]
        body += [
            f"<h3>{escape(source)}</h3>",
            share_lines(
                "coverage_over_time",
                categories,
                fig["fields"],
                marks,
                category_key="date",
                series_key="field",
                label=f"{title}: {source}",
            ),
        ]
    body.append(legend(fig["fields"]))
    return _section("coverage", title, *body)


def _body_length(fig: Mapping[str, Any]) -> str:
    title = "Body length"
    sources = list(dict.fromkeys(r["source"] for r in fig["rows"]))
    marks = [Mark({"bin": r["bin"], "source": r["source"]}, r["articles"]) for r in fig["rows"]]
    quantiles = _table(
        ("source", "10th percentile", "median", "90th percentile"),
        (
            (escape(s), _n(q["p10"]), _n(q["median"]), _n(q["p90"]))
            for s, q in fig["quantiles"].items()
        ),
        {1, 2, 3},
    )
    return _section(
        "body-length",
        title,
        _note(f"Articles by the length of their body, in {fig['unit'].split(' of ')[0]}."),
        stacked_bars(
            "body_length",
            fig["bins"],
            sources,
            marks,
            category_key="bin",
            series_of=lambda m: m.key["source"],
            label=title,
            height=220,
        ),
        legend(sources),
        quantiles,
    )


def _text_lang(fig: Mapping[str, Any]) -> str:
    title = "Text language vs edition"
    if not fig["available"]:
        return _section(
            "text-lang",
            title,
            _unavailable(
                "no text_lang column with values (the language detected from the body): the "
                "dataset was written before language detection."
            ),
        )
    columns = list(dict.fromkeys(r["text_lang"] for r in fig["rows"]))
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in fig["rows"]:
        cells[f"{r['source']} {r['edition']}", r["text_lang"]] = r
    top = max(r["articles"] for r in fig["rows"])
    rows = []
    for edition in dict.fromkeys(f"{r['source']} {r['edition']}" for r in fig["rows"]):
        row = [escape(edition)]
        for lang in columns:
            r = cells.get((edition, lang))
            if r is None:
                row.append("")
                continue
            mark = Mark(
                {"source": r["source"], "edition": r["edition"], "text-lang": lang or "none"},
                r["articles"],
            )
            shade = f"rgba(78,121,167,{0.1 + 0.6 * r['articles'] / top:.2f})"
            score = "" if r["mean_score"] is None else f", mean score {r['mean_score']}"
            row.append(
                f'<span {mark.attributes()} style="background:{shade};padding:2px 6px" '
                f'title="{escape(edition)} → {escape(lang or "none")}{score}">'
                f"{_n(r['articles'])}</span>"
            )
        rows.append(row)
    head = ["edition", *(lang or "none" for lang in columns)]
    body = [
        _note(
            "Articles by edition (the section they were published in) and by the language "
            f"detected in their body (none: not detected, or written before detection). Same "
            f"language as the edition: {_pct(fig['same_as_edition'])} of those detected."
        ),
        _table(head, rows, set(range(1, len(head)))),
    ]
    if fig["sources_without"]:
        body.append(_unavailable(f"text_lang for {', '.join(fig['sources_without'])}."))
    return _section("text-lang", title, *body)


def _original_sources(fig: Mapping[str, Any]) -> str:
    title = "Top original sources"
    if not fig["rows"]:
        return _section(
            "original-sources", title, _unavailable("no article names its original source.")
        )
    rows = [
        (r["original_source"], Mark({"label": r["original_source"]}, r["articles"]))
        for r in fig["rows"]
    ]
    return _section(
        "original-sources",
        title,
        _note(
            f"The outlet an article credits ('Источник:'): {_n(fig['with_original_source'])} of "
            f"{_n(fig['articles'])} articles name one, {_n(fig['distinct'])} outlets in all; the "
            f"top {len(rows)}."
        ),
        horizontal_bars("original_sources", rows, label=title),
    )


def _duplicates(fig: Mapping[str, Any]) -> str:
    title = "Duplicate share"
    rows = [(r["source"], Mark({"source": r["source"]}, r["share"] or 0)) for r in fig["rows"]]
    methods = {r["method"] for r in fig["rows"]}
    notes = [
        _note(
            "Articles that repeat another article, as a share of those with the key: "
            + (
                "by story (story_id, near-duplicates), an article whose story is named for an "
                "earlier one, of this source or another (a repost counts where it was reposted)."
                if methods == {"story_id"}
                else "by body (content_hash, exact duplicates within the source)."
                if methods == {"content_hash"}
                else "by story (story_id, across sources) where the source has them, else by "
                "body (content_hash, within the source)."
            )
        )
    ]
    if "content_hash" in methods:
        notes.append(
            _unavailable(
                "story_id (near-duplicate stories): exact duplicates by content_hash shown."
            )
        )
    table = _table(
        ("source", "key", "articles", "with the key", "distinct", "duplicates", "share"),
        (
            (
                escape(r["source"]),
                escape(r["method"]),
                _n(r["articles"]),
                _n(r["keyed"]),
                _n(r["distinct"]),
                _n(r["duplicates"]),
                _pct(r["share"]),
            )
            for r in fig["rows"]
        ),
        {2, 3, 4, 5, 6},
    )
    chart = horizontal_bars("duplicates", rows, label=title, shown=_pct)
    return _section("duplicates", title, *notes, chart, table)


def _failures(fig: Mapping[str, Any]) -> str:
    title = "Failures by reason"
    if not fig["rows"]:
        what = "no failures files" if not fig["files"] else "failures files without a line"
        return _section("failures", title, _note(f"None recorded: {what} in this dataset."))
    rows = [
        (
            f"{r['source']} · {r['reason']}",
            Mark({"source": r["source"], "reason": r["reason"]}, r["failures"]),
        )
        for r in fig["rows"]
    ]
    body = [
        _note(f"Articles that could not be fetched, from {_n(fig['files'])} failures files."),
        horizontal_bars("failures", rows, label=title),
    ]
    if fig["unreadable"]:
        body.append(_note(f"Left out, unreadable: {', '.join(fig['unreadable'][:5])}."))
    return _section("failures", title, *body)


def _runs(runs: Sequence[Mapping[str, Any]]) -> str:
    title = "Last runs"
    if not runs:
        return _section("runs", title, _unavailable("no run reports."))

    def status(r: Mapping[str, Any]) -> str:
        failed = f" ({escape(', '.join(r['failed']))})" if r.get("failed") else ""
        return f'<span class="{r["status"]}">{escape(r["status"])}</span>{failed}'

    def number(r: Mapping[str, Any], key: str) -> str:
        return "" if r.get(key) is None else _n(r[key])

    rows = (
        (
            escape(r["source"]), escape(r["run_id"]),
            escape((r["started_at"] or "")[:16].replace("T", " ")),
            escape(r.get("mode") or ""), status(r), escape(r.get("finish_reason") or ""),
            number(r, "exported"), number(r, "failures"),
            "" if r.get("duration_seconds") is None else f"{r['duration_seconds']:.0f} s",
        )
        for r in runs
    )  # fmt: skip
    head = ("source", "run", "started", "mode", "status", "finish", "exported", "failures", "took")
    return _section(
        "runs",
        title,
        _note("The newest first, from the run reports; start times in UTC."),
        _table(head, rows, {6, 7, 8}),
    )


def render(report: Mapping[str, Any], figures_name: str = "report.json") -> str:
    """The report page for `report` (build_dataset_report's dict), whose figures are written to
    `figures_name` beside it."""
    sources = ", ".join(s["source"] for s in report["sources"])
    head = (
        f"<h1>Dataset report: {escape(report['dataset_dir'])}</h1>"
        + _note(
            f"{_n(report['articles'])} articles from {sources or 'no source'}; made "
            f"{report['generated_at']} by `scrapy report`; the figures are in {figures_name} "
            "beside it."
        )
        + _sources(report)
    )
    body = "".join(
        [
            head,
            _per_day(report["articles_per_day"]),
            _coverage(report["coverage_over_time"]),
            _body_length(report["body_length"]),
            _text_lang(report["text_lang"]),
            _original_sources(report["original_sources"]),
            _duplicates(report["duplicates"]),
            _failures(report["failures"]),
            _runs(report["runs"]),
        ]
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Dataset report: {escape(report['dataset_dir'])}</title>"
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )
