"""Quality monitors: the checks that decide whether a finished run is healthy.

A markup change on the site does not crash a crawl; it quietly fills the dataset with null dates
or boilerplate bodies. These checks read the run's figures (from the crawl stats) and give one
verdict each, `passed`, `failed` or `skipped` (with the reason), and any failure fails the run:

    fault/<kind>  no fault made the run untrustworthy (ops/faults.py: outputs not stored, site
                  unreachable, archive broken, seen-store unusable, Redis lost, no progress)
    finish        the run ended as meant to (not stopped by a signal, not out of memory)
    feeds         every output file was stored
    errors        no spider exception or pipeline error (a bug)
    coverage/<f>  share of article pages whose item has field f >= MONITOR_MIN_COVERAGE[f]
    boilerplate   items whose body still holds a boilerplate marker <= MONITOR_MAX_BOILERPLATE_ITEMS
    failure_rate  share of article fetches that failed <= MONITOR_MAX_FAILURE_RATE
    volume        articles found >= MONITOR_MIN_ITEMS_RATIO x the median of recent comparable runs
    text_lang     in each edition, the share of items whose text is in another language (the
                  language pipeline's `text_lang`) <= MONITOR_MAX_TEXT_LANG_DIFFERS

Shares are judged with a Wilson confidence interval (MONITOR_CONFIDENCE): a coverage fails only
when even its upper limit is below the bound, a failure rate only when even its lower limit is
above it. So a run of 10 pages with no date at all fails, while 4 dated pages of 5 do not. Runs
with fewer than MONITOR_MIN_SAMPLE article pages skip the share checks: too few to judge.

Why text_lang judges only a majority: a text in another language than its edition is
information, not an error (the Kazakh edition publishes Russian texts, and a Kazakh text quoting
Russian is still Kazakh), so the report counts every one. But when most of an edition's items are
in another language, its `lang` no longer says what the texts are (the edition switch, or the
spider's mapping of URLs to editions, broke): that is a failure of the data, at 0.5 by default.

Why "articles found" for volume, not items exported: an incremental run exports only what was
published since the last run, which is legitimately near zero at night. What a broken listing or a
block changes is how many article links the run found at all (exported, dropped, failed, or skipped
as already seen), so that is compared with the recent runs' median.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from scrapy.settings import BaseSettings

from newscrawler.ops.faults import faults as run_faults
from newscrawler.pipelines.language import DIFFERS_PREFIX, UNDETERMINED

NOT_ARTICLE_DROPS = frozenset(
    {"not_article", "not_html", "not_found_page", "listing_page", "no_article_text", "profile_page"}
)
"""Pages that hold no article: by their URL or content type, or by what they hold (a 404 page
served with 200, a tag or section listing, a video page, an author's profile;
extract/article.py)."""
BENIGN_DROPS = frozenset({"outside_window", *NOT_ARTICLE_DROPS})
"""Page drops that say nothing about extraction quality: not an article, or deliberately skipped."""
_FINISH_REASONS = {
    "unreachable": "stopped: the site could not be reached (UNREACHABLE_AFTER)",
    "state_failed": "stopped before fetching: the seen-store could not be used",
    "shutdown": "stopped by a signal (SIGTERM, Ctrl-C) before it finished",
    "cancelled": "cancelled before it finished",
    "memusage_exceeded": "stopped for using more memory than MEMUSAGE_LIMIT_MB",
    "closespider_errorcount": "stopped after CLOSESPIDER_ERRORCOUNT errors",
    "closespider_timeout_no_item": "stopped: no item for CLOSESPIDER_TIMEOUT_NO_ITEM seconds",
    "redis_lost": "stopped: Redis was unreachable for REDIS_RECONNECT_TIMEOUT seconds",
    "stalled": "stopped: no progress for STALL_TIMEOUT seconds",
}

Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Thresholds:
    """The monitors' bounds, from the MONITOR_* settings (see settings.py)."""

    min_coverage: Mapping[str, float]
    max_boilerplate_items: int
    max_failure_rate: float
    min_items_ratio: float
    history_runs: int
    min_history: int
    min_sample: int
    confidence: float
    max_errors: int
    ok_finish_reasons: tuple[str, ...]
    max_text_lang_differs: float

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Thresholds:
        """The thresholds; ValueError naming the setting when one is out of range."""
        coverage = {str(k): float(v) for k, v in settings.getdict("MONITOR_MIN_COVERAGE").items()}
        shares = {f"MONITOR_MIN_COVERAGE[{k!r}]": v for k, v in coverage.items()}
        shares["MONITOR_MAX_FAILURE_RATE"] = settings.getfloat("MONITOR_MAX_FAILURE_RATE")
        shares["MONITOR_MIN_ITEMS_RATIO"] = settings.getfloat("MONITOR_MIN_ITEMS_RATIO")
        shares["MONITOR_MAX_TEXT_LANG_DIFFERS"] = settings.getfloat("MONITOR_MAX_TEXT_LANG_DIFFERS")
        for name, value in shares.items():
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be a share between 0 and 1, got {value}")
        confidence = settings.getfloat("MONITOR_CONFIDENCE")
        if not 0 < confidence < 1:
            raise ValueError(f"MONITOR_CONFIDENCE must be between 0 and 1, got {confidence}")
        counts = {
            name: settings.getint(name)
            for name in (
                "MONITOR_MAX_BOILERPLATE_ITEMS",
                "MONITOR_HISTORY_RUNS",
                "MONITOR_MIN_HISTORY",
                "MONITOR_MIN_SAMPLE",
                "MONITOR_MAX_ERRORS",
            )
        }
        for name, value in counts.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")
        return cls(
            min_coverage=coverage,
            max_boilerplate_items=counts["MONITOR_MAX_BOILERPLATE_ITEMS"],
            max_failure_rate=shares["MONITOR_MAX_FAILURE_RATE"],
            min_items_ratio=shares["MONITOR_MIN_ITEMS_RATIO"],
            history_runs=max(1, counts["MONITOR_HISTORY_RUNS"]),
            min_history=max(1, counts["MONITOR_MIN_HISTORY"]),
            min_sample=counts["MONITOR_MIN_SAMPLE"],
            confidence=confidence,
            max_errors=counts["MONITOR_MAX_ERRORS"],
            ok_finish_reasons=tuple(settings.getlist("MONITOR_OK_FINISH_REASONS")),
            max_text_lang_differs=shares["MONITOR_MAX_TEXT_LANG_DIFFERS"],
        )


@dataclass(frozen=True)
class Verdict:
    name: str
    status: Status
    reason: str
    """One line a person reads: what was measured against what."""
    value: float | None = None
    bound: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RunFigures:
    """What the monitors judge, derived from the crawl stats (see `from_stats`)."""

    finish_reason: str
    exported: int
    pages: int
    """Article responses that reached the spider's parser (items or dropped pages)."""
    parsed: int
    """Article pages judged for coverage: exported, dropped for a missing field, or given up on
    by extraction (not duplicates, nor pages outside the window or not articles at all)."""
    failures: int
    found: int
    filled: Mapping[str, int]
    boilerplate: Mapping[str, int]
    """Items per kind of boilerplate left in the body."""
    boilerplate_items: int
    errors: int
    feeds_failed: int
    faults: Mapping[str, str]
    """{kind: one line} of the run's faults (ops/faults.py)."""
    by_edition: Mapping[str, int]
    """Items exported per edition (`lang`)."""
    text_lang_detected: int
    """Items whose text language was detected (the language pipeline ran on them)."""
    text_lang_differs: Mapping[str, int]
    """Items per edition whose text is in another language."""

    @property
    def attempted(self) -> int:
        return self.pages + self.failures

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> RunFigures:
        def total(prefix: str, skip: frozenset[str] = frozenset()) -> int:
            return sum(
                int(v)
                for k, v in stats.items()
                if k.startswith(prefix) and k.removeprefix(prefix) not in skip
            )

        exported = int(stats.get("item_scraped_count", 0))
        pages = total("extract/items/") + total("extract/dropped/")
        failures = total("failures/", frozenset({"count", "file"}))
        parsed = exported + total("validation/dropped/") + total("extract/dropped/", BENIGN_DROPS)
        return cls(
            finish_reason=str(stats.get("finish_reason", "")),
            exported=exported,
            pages=pages,
            parsed=parsed,
            failures=failures,
            found=max(pages, exported) + failures + int(stats.get("incremental/skipped_seen", 0)),
            filled={
                k.removeprefix("audit/field/"): int(v)
                for k, v in stats.items()
                if k.startswith("audit/field/")
            },
            boilerplate={
                k.removeprefix("audit/boilerplate/"): int(v)
                for k, v in stats.items()
                if k.startswith("audit/boilerplate/")
            },
            boilerplate_items=int(stats.get("audit/boilerplate_items", 0)),
            errors=int(stats.get("spider_exceptions/count", 0))
            + int(stats.get("audit/item_errors", 0)),
            feeds_failed=total("feedexport/failed_count/"),
            faults=run_faults(stats),
            by_edition={
                k.removeprefix("audit/items/"): int(v)
                for k, v in stats.items()
                if k.startswith("audit/items/")
            },
            text_lang_detected=sum(
                int(v)
                for k, v in stats.items()
                if k.startswith("text_lang/") and not k.startswith(DIFFERS_PREFIX)
            ),
            text_lang_differs={
                k.removeprefix(DIFFERS_PREFIX): int(v)
                for k, v in stats.items()
                if k.startswith(DIFFERS_PREFIX)
            },
        )


def wilson(successes: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson score interval of a proportion: (low, high); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    z = statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - margin), min(1.0, centre + margin)


NO_HISTORY = "not a dataset run (-o/-O): no earlier runs to compare"


def judge(
    figures: RunFigures, history: list[int] | None, t: Thresholds, no_history: str = NO_HISTORY
) -> list[Verdict]:
    """Every monitor's verdict. `history`: articles found by recent comparable healthy runs,
    oldest first; None when the run has none to compare with, for the reason `no_history`."""
    return [
        *fault_verdicts(figures),
        _finish(figures, t),
        _feeds(figures),
        _errors(figures, t),
        *(_coverage(figures, name, bound, t) for name, bound in t.min_coverage.items()),
        _boilerplate(figures, t),
        _failure_rate(figures, t),
        _volume(figures, history, t, no_history),
        _text_lang(figures, t),
    ]


def fault_verdicts(figures: RunFigures) -> list[Verdict]:
    """One failed verdict per fault: judged even with the monitors disabled."""
    return [Verdict(f"fault/{kind}", "failed", line) for kind, line in figures.faults.items()]


def _pct(share: float) -> str:
    """'80%', '97.5%': one decimal, none when it is 0."""
    return f"{share:.1%}".replace(".0%", "%")


def _finish(f: RunFigures, t: Thresholds) -> Verdict:
    if f.finish_reason in t.ok_finish_reasons:
        return Verdict("finish", "passed", f"ended with {f.finish_reason!r}")
    why = _FINISH_REASONS.get(f.finish_reason, "not a reason in MONITOR_OK_FINISH_REASONS")
    return Verdict("finish", "failed", f"ended with {f.finish_reason!r}: {why}")


def _feeds(f: RunFigures) -> Verdict:
    if f.feeds_failed:
        return Verdict(
            "feeds", "failed", f"{f.feeds_failed} output file(s) failed to store; see the log",
            f.feeds_failed, 0,
        )  # fmt: skip
    return Verdict("feeds", "passed", "every output file was stored", 0, 0)


def _errors(f: RunFigures, t: Thresholds) -> Verdict:
    status: Status = "failed" if f.errors > t.max_errors else "passed"
    reason = f"{f.errors} spider exception(s) or pipeline error(s), at most {t.max_errors}"
    if status == "failed":
        reason += ": a bug; the log has the tracebacks"
    return Verdict("errors", status, reason, f.errors, t.max_errors)


def _coverage(f: RunFigures, field: str, bound: float, t: Thresholds) -> Verdict:
    name = f"coverage/{field}"
    if f.parsed < t.min_sample:
        return Verdict(
            name, "skipped",
            f"{f.parsed} article page(s): too few to judge (MONITOR_MIN_SAMPLE={t.min_sample})",
        )  # fmt: skip
    have = min(f.filled.get(field, 0), f.parsed)
    share = have / f.parsed
    _, high = wilson(have, f.parsed, t.confidence)
    reason = f"{have} of {f.parsed} article pages have {field} ({_pct(share)}), bound {_pct(bound)}"
    if high < bound:
        reason += f"; at most {_pct(high)} at {t.confidence:.0%} confidence"
        return Verdict(name, "failed", reason, round(share, 4), bound)
    return Verdict(name, "passed", reason, round(share, 4), bound)


def _boilerplate(f: RunFigures, t: Thresholds) -> Verdict:
    items = f.boilerplate_items
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(f.boilerplate.items()))
    if items > t.max_boilerplate_items:
        reason = (
            f"{items} of {f.exported} items still hold boilerplate ({kinds}); "
            f"at most {t.max_boilerplate_items}"
        )
        return Verdict("boilerplate", "failed", reason, items, t.max_boilerplate_items)
    reason = f"{items} of {f.exported} items hold a known boilerplate marker"
    return Verdict("boilerplate", "passed", reason, items, t.max_boilerplate_items)


def _failure_rate(f: RunFigures, t: Thresholds) -> Verdict:
    if f.attempted < t.min_sample:
        return Verdict(
            "failure_rate", "skipped",
            f"{f.attempted} article fetch(es): too few to judge "
            f"(MONITOR_MIN_SAMPLE={t.min_sample})",
        )  # fmt: skip
    share = f.failures / f.attempted
    low, _ = wilson(f.failures, f.attempted, t.confidence)
    reason = (
        f"{f.failures} of {f.attempted} article fetches failed ({_pct(share)}), "
        f"bound {_pct(t.max_failure_rate)}"
    )
    if low > t.max_failure_rate:
        reason += f"; at least {_pct(low)} at {t.confidence:.0%} confidence"
        return Verdict("failure_rate", "failed", reason, round(share, 4), t.max_failure_rate)
    return Verdict("failure_rate", "passed", reason, round(share, 4), t.max_failure_rate)


def _volume(f: RunFigures, history: list[int] | None, t: Thresholds, no_history: str) -> Verdict:
    if history is None:
        return Verdict("volume", "skipped", no_history)
    recent = history[-t.history_runs :]
    if len(recent) < t.min_history:
        return Verdict(
            "volume", "skipped",
            f"{len(recent)} earlier healthy run(s) with the same arguments; "
            f"needs MONITOR_MIN_HISTORY={t.min_history}",
        )  # fmt: skip
    median = statistics.median(recent)
    if median < t.min_sample:
        return Verdict(
            "volume", "skipped",
            f"recent runs found a median of {median:g} articles: too few to compare",
        )  # fmt: skip
    bound = t.min_items_ratio * median
    reason = (
        f"{f.found} articles found; the last {len(recent)} healthy runs' median is {median:g}, "
        f"bound {t.min_items_ratio:g} x median = {bound:g}"
    )
    status: Status = "failed" if f.found < bound else "passed"
    return Verdict("volume", status, reason, f.found, round(bound, 2))


def _text_lang(f: RunFigures, t: Thresholds) -> Verdict:
    if not f.text_lang_detected:
        return Verdict("text_lang", "skipped", "no item's text language was detected")
    editions = {
        lang: n
        for lang, n in sorted(f.by_edition.items())
        if lang not in (UNDETERMINED, "unknown") and n >= t.min_sample
    }
    if not editions:
        return Verdict(
            "text_lang", "skipped",
            f"no edition has MONITOR_MIN_SAMPLE={t.min_sample} items: too few to judge",
        )  # fmt: skip
    shares, broken = [], []
    for lang, n in editions.items():
        differs = min(f.text_lang_differs.get(lang, 0), n)
        shares.append(differs / n)
        low, _ = wilson(differs, n, t.confidence)
        if low > t.max_text_lang_differs:
            broken.append(f"{lang} at least {_pct(low)} at {t.confidence:.0%} confidence")
    reason = "items whose text is in another language than their edition: " + ", ".join(
        f"{lang} {min(f.text_lang_differs.get(lang, 0), n)} of {n} ({_pct(share)})"
        for (lang, n), share in zip(editions.items(), shares, strict=True)
    )
    reason += f"; bound {_pct(t.max_text_lang_differs)}"
    status: Status = "passed"
    if broken:
        status = "failed"
        reason += f"; {', '.join(broken)}: the edition's lang no longer names its texts"
    return Verdict("text_lang", status, reason, round(max(shares), 4), t.max_text_lang_differs)
