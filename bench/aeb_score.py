"""The article-extraction-benchmark's metric (ScrapingHub, 2020), written from its description in
the corpus README (../shared/corpora/aeb-dev/README.md), so our figures compare with published ones.

Shingles of four `\\w+` tokens, counted as multisets: text found twice must be predicted twice, and
text in the wrong order loses the shingles that span the reordering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The 4-token shingles; a text of one to three tokens is one shingle, an empty one none."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@dataclass(frozen=True)
class PageScore:
    precision: float | None
    """None when nothing was predicted: the page then counts toward recall only."""
    recall: float | None
    """None when the truth is empty: the page then counts toward precision only."""

    @property
    def f1(self) -> float:
        """The page's own F1, for ranking pages; 0 when nothing was predicted."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(truth: str, predicted: str | None) -> PageScore:
    """Precision and recall of one page. (The benchmark divides tp, fp and fn by their sum first;
    that changes neither ratio, so it is left out.)"""
    want, got = shingles(truth), shingles(predicted or "")
    tp = (want & got).total()
    return PageScore(
        precision=tp / got.total() if got else None,
        recall=tp / want.total() if want else None,
    )


@dataclass(frozen=True)
class Overall:
    precision: float
    recall: float
    f1: float


def overall(pages: Iterable[PageScore]) -> Overall:
    """Mean precision over pages with a prediction, mean recall over pages with truth, and the F1
    of those two means (not a mean of page F1s)."""
    pages = list(pages)
    ps = [s.precision for s in pages if s.precision is not None]
    rs = [s.recall for s in pages if s.recall is not None]
    p, r = (fmean(ps) if ps else 0.0), (fmean(rs) if rs else 0.0)
    return Overall(p, r, 2 * p * r / (p + r) if p + r else 0.0)
