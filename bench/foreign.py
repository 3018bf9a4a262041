"""Article text on pages nobody on the team wrote: our item path vs trafilatura, scored with the
article-extraction-benchmark's shingle metric (bench/aeb_score.py) on its development half
(../shared/corpora/aeb-dev: 85 real pages of 59 sites, mostly English).

The item path is what a `generic` crawl runs on an article page: the spider callback (content type
and body checks, extraction with the site-agnostic rules, date window) and every item pipeline,
through ItemPath and the spider `newscrawler.extract_page` uses (pages.PageSpider). A page without
an item scores as empty.
Speed counts only the extraction calls (files are read and unzipped first), one page at a time:
pages/s of the fastest round (wall clock), and beside it pages/s of each page's fastest round in
CPU time, summed, which others' load on a shared machine disturbs less.

Usage: make bench-foreign  (or: .venv/bin/python bench/foreign.py [--small N] [--json PATH])
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from aeb_score import Overall, PageScore, overall, score_page, shingles

from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.pages import PageSpider

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "aeb-dev"
HEADERS = {"Content-Type": "text/html; charset=utf-8"}
"""The corpus stores no response headers; its README says every page is UTF-8."""
FETCHED_AT = datetime(2020, 1, 1, tzinfo=UTC)
"""Fixed, so relative date lines resolve the same way every run (the pages date from 2019)."""
WORST = 5


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    truth: str
    html: bytes
    markup: str
    """The HTML decoded (UTF-8), as trafilatura is handed it: decoding is file reading here."""


def load_pages(corpus: Path, limit: int | None) -> list[Page]:
    """The corpus pages in ground-truth.json order, the first `limit` of them."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in list(truth.items())[:limit]:
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(page_id, entry["url"], entry["articleBody"], html, html.decode("utf-8", "replace"))
        )
    return pages


Extract = Callable[[Page], tuple[str | None, str | None]]
"""A page -> (the predicted text or None, why there is none)."""


class ItemPathExtract:
    """One run of the item path over the corpus: dedup state spans the pages, as in a crawl."""

    def __init__(self) -> None:
        self.path = ItemPath(PageSpider)
        self.counted: Counter[str] = Counter()

    def __call__(self, page: Page) -> tuple[str | None, str | None]:
        result = self.path.process(page.url, page.html, HEADERS, FETCHED_AT)
        if isinstance(result, ArticleItem):
            return result.body, None
        return None, self._drop_reason()

    def _drop_reason(self) -> str:
        """The `*/dropped/*` stats key the last page raised (extract/, validation/, dedup/)."""
        for key, value in self.path.stats.items():
            if "/dropped/" in key and value > self.counted[key]:
                self.counted[key] = value
                return key
        return "no item"


def _trafilatura(text: str | None) -> tuple[str | None, str | None]:
    return text, None if text else "extract() returned None"


def trafilatura_defaults(page: Page) -> tuple[str | None, str | None]:
    return _trafilatura(trafilatura.extract(page.markup, url=page.url))


def trafilatura_precision(page: Page) -> tuple[str | None, str | None]:
    return _trafilatura(
        trafilatura.extract(page.markup, url=page.url, favor_precision=True, include_comments=False)
    )


EXTRACTORS: dict[str, tuple[str, Callable[[], Extract]]] = {
    "item_path": ("item path (callback + pipelines)", ItemPathExtract),
    "trafilatura": ("trafilatura.extract(html, url=url)", lambda: trafilatura_defaults),
    "trafilatura_precision": (
        "trafilatura, favor_precision=True, include_comments=False",
        lambda: trafilatura_precision,
    ),
}


@dataclass
class Result:
    label: str
    scores: dict[str, PageScore] = field(default_factory=dict)
    no_prediction: dict[str, str] = field(default_factory=dict)
    """Page id -> why the page has no prediction (a drop's stats key)."""
    seconds: float = float("inf")
    """The fastest round's extraction time: the machine may be shared, and others' load only ever
    slows a round down."""
    page_cpu: list[float] = field(default_factory=list)
    """Each page's fastest CPU time (time.process_time) over the rounds: a page slowed by others'
    load in one round (their use of the caches, a preemption's cold start) is not in another."""

    @property
    def cpu_seconds(self) -> float:
        return sum(self.page_cpu)

    @property
    def overall(self) -> Overall:
        return overall(self.scores.values())

    @property
    def drops(self) -> Counter[str]:
        return Counter(self.no_prediction.values())

    @property
    def zero_pages(self) -> int:
        return sum(1 for s in self.scores.values() if s.f1 == 0)


def run_round(
    extract: Extract, pages: list[Page]
) -> tuple[list[tuple[str | None, str | None]], float, list[float]]:
    """Every page's output, the seconds spent in the extraction calls alone, and each call's CPU
    seconds."""
    outputs, spent, cpu = [], 0.0, []
    for page in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        outputs.append(extract(page))
        cpu.append(time.process_time() - start_cpu)
        spent += time.perf_counter() - start
    return outputs, spent, cpu


def measure(pages: list[Page], rounds: int) -> dict[str, Result]:
    """Score each extractor on its first round; time the best of `rounds`. Rounds alternate the
    extractors, so a change of load on the machine falls on all three; each round gets a fresh
    extractor (dedup sees each page once), and one throwaway page warms imports and caches first."""
    results = {key: Result(label) for key, (label, _) in EXTRACTORS.items()}
    for _, make in EXTRACTORS.values():
        make()(pages[0])
    for n in range(rounds):
        for key, (_, make) in EXTRACTORS.items():
            outputs, spent, cpu = run_round(make(), pages)
            result = results[key]
            result.seconds = min(result.seconds, spent)
            result.page_cpu = (
                [min(a, b) for a, b in zip(result.page_cpu, cpu, strict=True)] if n else cpu
            )
            if n == 0:
                for page, (text, reason) in zip(pages, outputs, strict=True):
                    result.scores[page.id] = score_page(page.truth, text)
                    if reason is not None:
                        result.no_prediction[page.id] = reason
    return results


def worst(result: Result, pages: list[Page]) -> list[Page]:
    """The pages of lowest F1; of equal F1 (many zeros), those with the most article text first."""
    size = {p.id: shingles(p.truth).total() for p in pages}
    return sorted(pages, key=lambda p: (result.scores[p.id].f1, -size[p.id]))[:WORST]


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def report(
    results: dict[str, Result], pages: list[Page], corpus: Path, rounds: int
) -> dict[str, Any]:
    """Print the table, the drops and the worst pages; return the same figures for --json."""
    n = len(pages)
    sites = len({(urlsplit(p.url).hostname or "").removeprefix("www.") for p in pages})
    machine = {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "date": date.today().isoformat(),
        "load_average": round(os.getloadavg()[0], 2),
        "rounds": rounds,
    }
    kb = sum(len(p.html) for p in pages) / n / 1024
    print(f"{n} pages of {sites} sites ({corpus.name}), {kb:.0f} KB on average; one process, one "
          f"page at a time; pages/s: best of {rounds} rounds; CPU pages/s: each page's best of "
          f"{rounds} in CPU time, summed")  # fmt: skip
    print(f"{machine['cores']} cores, Python {machine['python']}, {machine['date']}, "
          f"load average {machine['load_average']}\n")  # fmt: skip
    print("| extractor | P | R | F1 | pages scoring 0 | pages/s | CPU pages/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    figures: dict[str, Any] = {"pages": n, "sites": sites, "kb": kb, **machine, "extractors": {}}
    for key, result in results.items():
        o = result.overall
        rate, cpu_rate = n / result.seconds, n / result.cpu_seconds
        print(f"| {result.label} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | "
              f"{result.zero_pages} | {rate:.1f} | {cpu_rate:.1f} |")  # fmt: skip
        figures["extractors"][key] = {
            "label": result.label,
            **asdict(o),
            "zero_pages": result.zero_pages,
            "pages_per_s": rate,
            "seconds": result.seconds,
            "cpu_pages_per_s": cpu_rate,
            "cpu_seconds": result.cpu_seconds,
            "drops": dict(result.drops),
            "worst": [],
            "page_f1": {page_id: s.f1 for page_id, s in result.scores.items()},
        }
    for key, result in results.items():
        drops = ", ".join(f"{reason} {k}" for reason, k in result.drops.most_common()) or "none"
        print(f"\n{result.label}: no prediction for {result.drops.total()} pages ({drops})")
        print(f"worst {WORST} pages:")
        for page in worst(result, pages):
            s = result.scores[page.id]
            reason = result.no_prediction.get(page.id)
            print(f"  F1 {s.f1:.3f}  P {_fmt(s.precision)}  R {_fmt(s.recall)}  {page.id[:12]}  "
                  f"{page.url}{f'  ({reason})' if reason else ''}")  # fmt: skip
            figures["extractors"][key]["worst"].append(
                {"id": page.id, "url": page.url, "f1": s.f1, **asdict(s), "no_prediction": reason}
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of ground-truth.json")
    parser.add_argument("--small", type=int, metavar="N", help="only the first N pages")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--rounds", type=int, default=5, help="time the best of N rounds (5)")
    args = parser.parse_args()
    # The spider logs each page it drops, every round; the summary counts them by reason.
    logging.getLogger(PageSpider.name).setLevel(logging.ERROR)
    pages = load_pages(args.corpus, args.small)
    figures = report(measure(pages, args.rounds), pages, args.corpus, args.rounds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
