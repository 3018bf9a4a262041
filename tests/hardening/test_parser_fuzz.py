"""Mutation fuzzing of the article parser: the fixture pages truncated, cut up, duplicated,
re-encoded, sprinkled with control characters, nested deep, padded to 20 MB, given hostile
metadata (tests/hardening/page_mutations.py), each through the whole item path.

Promised for every case: no crash; no hang (a case past PAGE_LIMIT seconds kills its worker and
fails the run: a generous bound, not a speed test); an item only without boilerplate markers and
only if it exports and reads back; otherwise a rejection counted under exactly one reason.
"""

from __future__ import annotations

from hardening_budget import FIGURES, budget, seed
from parser_fuzz import run

PAGE_LIMIT = 20.0


def test_mutated_pages_never_crash_hang_or_leak():
    report = run(seed(20261125), budget("fuzz_cases", 1000, 20_000), limit=PAGE_LIMIT)
    slowest = report.slowest
    FIGURES["fuzz"] = (
        f"seed {report.seed}: {len(report.outcomes)} of {report.cases} cases, "
        f"{dict(report.kinds)}; slowest page {slowest.seconds:.1f} s ({slowest.ops})"
        if slowest
        else f"seed {report.seed}: no case finished"
    )
    FIGURES["fuzz rejections"] = dict(report.reasons.most_common())
    assert not report.hung, f"seed {report.seed}: case(s) past {PAGE_LIMIT} s: {report.hung}"
    assert len(report.outcomes) == report.cases
    problems = [(o.index, o.fixture, o.ops, o.kind, o.problems) for o in report.bad]
    assert not problems, f"seed {report.seed}: {problems[:5]}"
    assert report.kinds["item"] > report.cases / 2  # mutations leave most articles readable
    assert {"failures/too_large", "failures/empty_body", "failures/binary_body"} <= set(
        report.reasons
    )
