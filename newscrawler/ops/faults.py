"""Run faults: what makes a run untrustworthy whatever its items look like.

A component that finds the run cannot be trusted (its outputs were not stored, the site was not
reached, no listing could be read, the archive is broken, the seen-store is unusable, Redis went
away, nothing moved for too long) reports it here, once, as one line a person reads. The fault is
kept as a stat, `faults/<kind>` = that line, so that:

- the monitors turn it into a failed verdict `fault/<kind>` (ops/monitors.py), shown in the summary
  and the report, whether or not MONITORS_ENABLED is set;
- `scrapy crawl` exits with the fault's code (ops/exitcodes.py; the first kind below wins);
- the feed storage does not replace an existing `-O` file with the output of such a run.

The traceback of the error behind a fault is logged at DEBUG only: expected operational errors
are one line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from scrapy.statscollectors import StatsCollector

from newscrawler.ops import exitcodes

logger = logging.getLogger(__name__)

PREFIX = "faults/"
KINDS: dict[str, int] = {
    "redis": exitcodes.REDIS_LOST,
    "state": exitcodes.STATE_FAILED,
    "unreachable": exitcodes.UNREACHABLE,
    "output": exitcodes.MONITORS_FAILED,
    "archive": exitcodes.MONITORS_FAILED,
    "discovery": exitcodes.MONITORS_FAILED,
    "stalled": exitcodes.MONITORS_FAILED,
}
"""Each kind of fault and its exit code, most telling first: it decides the code of a run with
several faults."""


def report_fault(
    stats: StatsCollector, kind: str, message: str, exc: BaseException | None = None
) -> None:
    """Record a fault of `kind` and log `message` as one error line (the traceback of `exc` at
    DEBUG). The first message of a kind is the one kept; later ones are logged only."""
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(KINDS)}")
    if stats.get_value(PREFIX + kind) is None:
        stats.set_value(PREFIX + kind, message)
    logger.error("%s", message)
    if exc is not None:
        logger.debug("%s: the error behind it", kind, exc_info=exc)


def faults(stats: Mapping[str, Any]) -> dict[str, str]:
    """{kind: message} of the faults in a run's stats, most telling first."""
    return {kind: str(stats[PREFIX + kind]) for kind in KINDS if stats.get(PREFIX + kind)}


def exit_code(stats: Mapping[str, Any]) -> int | None:
    """The exit code the run's faults call for; None when it has none."""
    found = faults(stats)
    return KINDS[next(iter(found))] if found else None
