"""Every saved page of an unknown site yields its expected item through the generic spider's item
path (Fundus-style fixtures, tests/fixtures/generic).

Where extraction is known to be wrong, the expected file holds the correct value, fixed by hand,
and `known_wrong.json` says why: those fields are strict xfails, so a fix shows up as an XPASS
(then drop the entry), while the case's other fields stay guarded. A failing field of any other
case prints its name; if the change is intended, run `make fixtures SOURCE=generic` and review
`git diff tests/fixtures`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from newscrawler.fixtures import FIXTURES_DIR, VOLATILE_FIELDS, Case, load_cases
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.pages import PageSpider

CASES = load_cases("generic")
KNOWN_WRONG: dict[str, dict[str, str]] = json.loads(
    (FIXTURES_DIR / "generic" / "known_wrong.json").read_text("utf-8")
)
WRONG_FIELDS = [
    pytest.param(case, field, id=f"{case.name}-{field}",
                 marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[case.name][field]))
    for case in CASES
    for field in KNOWN_WRONG.get(case.name, {})
]  # fmt: skip


def yielded(case: Case) -> dict[str, Any]:
    """The item of the case's page, from a path of its own: dedup must not link two cases."""
    page = case.page
    item = ItemPath(PageSpider).process(page.url, page.body, page.headers, page.fetched_at)
    assert isinstance(item, ArticleItem), f"{case.name}: {item}"
    return asdict(item)


def test_there_are_fixtures():
    assert len(CASES) >= 9
    assert set(KNOWN_WRONG) <= {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_yields_expected_item(case):
    item = yielded(case)
    wrong = KNOWN_WRONG.get(case.name, {})
    assert case.expected is not None, f"{case.name}: no expected item; run make fixtures"
    assert set(case.expected) == set(item) - VOLATILE_FIELDS
    for field, expected in case.expected.items():
        if field not in wrong:
            assert item[field] == expected, f"{case.name}: {field}"
    assert item["crawled_at"] == case.page.fetched_at.isoformat()


@pytest.mark.parametrize(("case", "field"), WRONG_FIELDS)
def test_known_wrong_field(case, field):
    assert yielded(case)[field] == case.expected[field]


def test_query_naming_the_article_keeps_cases_apart():
    """Two pages of one script, told apart by `?id=` alone, are two articles; utm_* is not part
    of either's key."""
    urls = {c.expected["url"] for c in CASES if c.name.startswith("ru_query_id_")}
    assert urls == {"https://news.example.kz/view.php?id=8723",
                    "https://news.example.kz/view.php?id=8724"}  # fmt: skip
