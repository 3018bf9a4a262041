"""The benchmark metric on texts whose scores are known by hand, and bench/foreign.py end to end on
a few pages: a scorer that miscounts would make every figure in the README wrong without a sign."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from crawlrun import ROOT

sys.path.append(str(ROOT / "bench"))  # after site-packages: bench/ has modules like extract.py

from aeb_score import overall, score_page, shingles
from foreign import CORPUS, EXTRACTORS

TEXT = "The quick brown fox jumps over the lazy dog."


def test_identical_texts_score_one() -> None:
    page = score_page(TEXT, TEXT)
    assert (page.precision, page.recall, page.f1) == (1.0, 1.0, 1.0)


def test_disjoint_texts_score_zero() -> None:
    page = score_page(TEXT, "Nothing of the article here at all")
    assert (page.precision, page.recall, page.f1) == (0.0, 0.0, 0.0)


def test_tokens_are_words_case_kept() -> None:
    assert score_page("one two, three four!", "One two three four").f1 == 0.0
    assert score_page("Привет, мир: как дела", "привет мир как дела").f1 == 0.0
    assert score_page("Привет, мир: как дела", "Привет — мир… как дела?").f1 == 1.0


def test_short_text_is_one_shingle() -> None:
    assert shingles("a b c") == Counter({("a", "b", "c"): 1})
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("") == shingles("... !") == Counter()
    # A 3-token truth is one shingle of three tokens: a longer prediction holding it misses it.
    assert score_page("a b c", "a b c d").f1 == 0.0


def test_shingles_are_a_multiset() -> None:
    page = score_page("a b c d", "a b c d a b c d")  # predicted: abcd twice, bcda, cdab, dabc
    assert page.precision == pytest.approx(1 / 5)  # 1/4 if counted as a set
    assert page.recall == 1.0


def test_no_prediction_counts_toward_recall_only() -> None:
    page = score_page(TEXT, None)
    assert (page.precision, page.recall, page.f1) == (None, 0.0, 0.0)
    total = overall([score_page(TEXT, TEXT), page])
    assert (total.precision, total.recall) == (1.0, 0.5)
    assert total.f1 == pytest.approx(2 / 3)


def test_f1_is_of_the_means_not_a_mean_of_page_f1s() -> None:
    total = overall([score_page(TEXT, TEXT), score_page("a b c d", "a b c d a b c d")])
    assert (total.precision, total.recall) == (pytest.approx(0.6), 1.0)
    assert total.f1 == pytest.approx(0.75)  # the mean of page F1s would be (1 + 1/3) / 2


@pytest.mark.skipif(not CORPUS.exists(), reason=f"no corpus at {CORPUS}")
def test_bench_prints_the_three_rows(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    cmd = [sys.executable, str(ROOT / "bench" / "foreign.py"), "--small", "3", "--rounds", "1"]
    proc = subprocess.run(
        [*cmd, "--json", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("3 pages of ")
    for label, _ in EXTRACTORS.values():
        assert f"| {label} |" in proc.stdout
    figures = json.loads(out.read_text())
    assert figures["pages"] == 3
    assert figures["extractors"].keys() == EXTRACTORS.keys()
    for row in figures["extractors"].values():
        assert 0 <= row["f1"] <= 1 and len(row["page_f1"]) == 3
