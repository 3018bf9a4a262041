"""Crash anywhere (issue 7.4): SIGKILL crawls and compactions at random points, then finish and
compare with a clean run. The bounded version runs here; `make soak` runs many more rounds."""

from __future__ import annotations

from crash_harness import crash_anywhere
from hardening_budget import FIGURES, budget, seed


def test_killed_anywhere_the_dataset_ends_equal_to_a_clean_runs(tmp_path):
    rounds, chosen = budget("crash_rounds", 14, 150), seed(7)
    figures = crash_anywhere(tmp_path, rounds, chosen, min_kills=rounds // 2)
    FIGURES["crash anywhere"] = f"seed {chosen}: {figures.summary()}"
    FIGURES["crash points"] = dict(sorted(figures.where.items()))
    assert figures.lost == 0 and figures.duplicated == 0
    assert sum(figures.crashes.values()) >= rounds // 2, figures.summary()
