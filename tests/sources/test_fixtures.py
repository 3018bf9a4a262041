"""Every saved page of every fixture source (tests/fixtures/<source>, Fundus-style) yields exactly
its expected item through its source's item path, or is dropped for its expected reason.

Where extraction is known to be wrong, the expected file holds the correct value, fixed by hand,
and the source's `known_wrong.json` says why: those fields are strict xfails, so a fix shows up as
an XPASS (then drop the entry), while the case's other fields stay guarded. A failing field of any
other case prints its name; if the change is intended, run `make fixtures` and review
`git diff tests/fixtures`.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pytest

from newscrawler.extract.boilerplate import RELATED_ITEM
from newscrawler.fixtures import (
    SPIDERS,
    VOLATILE_FIELDS,
    Case,
    known_wrong,
    load_cases,
    outcome,
)
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem, record
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE

CASES = {source: {c.name: c for c in load_cases(source)} for source in SPIDERS}
KNOWN_WRONG = {source: known_wrong(source) for source in SPIDERS}
MIN_CASES = {"mailkz": 12, "generic": 9}
"""Fewer cases than this means the fixtures went missing, not that a source has few pages."""
MAILKZ_MARKERS = ("Источник:", "Подписывайтесь на наш", "Мы работаем для Вас", "Читайте также",
                  "Посмотреть эту публикацию", "© Фото")  # fmt: skip


def params(source: str | None = None, items_only: bool = False) -> list:
    """(source, case) of every case, or of one source's; only those yielding an item if asked."""
    return [
        pytest.param(src, case, id=f"{src}/{case.name}")
        for src, cases in CASES.items()
        if source in (None, src)
        for case in cases.values()
        if not (items_only and case.dropped)
    ]


@cache
def result(source: str, name: str) -> ArticleItem | str:
    """The case's item, or the reason its page was dropped; from a path of its own, so dedup and
    template lines never link two cases; once per session, as every test reads the same run."""
    return outcome(ItemPath(SPIDERS[source]), CASES[source][name].page)


def yielded(source: str, case: Case) -> ArticleItem:
    item = result(source, case.name)
    assert isinstance(item, ArticleItem), f"{source}/{case.name}: dropped ({item})"
    return item


def test_there_are_fixtures() -> None:
    for source, cases in CASES.items():
        assert len(cases) >= MIN_CASES.get(source, 1), source


@pytest.mark.parametrize("source", SPIDERS)
def test_known_wrong_names_fields_of_expected_items(source: str) -> None:
    """An entry for a renamed case or field, or for a page expected to be dropped, would never
    be checked."""
    for name, fields in KNOWN_WRONG[source].items():
        case = CASES[source].get(name)
        assert case is not None and case.expected is not None, f"{source}/{name}"
        assert set(fields) <= set(case.expected) - VOLATILE_FIELDS, f"{source}/{name}"


@pytest.mark.parametrize(("source", "case"), params())
def test_fixture_yields_expected_item(source: str, case: Case) -> None:
    if case.dropped is not None:
        assert case.expected is None
        assert result(source, case.name) == case.dropped
        return
    assert case.expected is not None, f"{case.name}: no expected item; run make fixtures"
    item = record(yielded(source, case))
    wrong = KNOWN_WRONG[source].get(case.name, {})
    assert set(case.expected) == set(item) - VOLATILE_FIELDS
    for field, expected in case.expected.items():
        if field not in wrong:
            assert item[field] == expected, f"{case.name}: {field}"
    assert datetime.fromisoformat(item["crawled_at"]) == case.page.fetched_at


@pytest.mark.parametrize(
    ("source", "case", "field"),
    [
        pytest.param(source, case, field, id=f"{source}/{name}-{field}",
                     marks=pytest.mark.xfail(strict=True, reason=why))
        for source, wrong in KNOWN_WRONG.items()
        for name, fields in wrong.items()
        if (case := CASES[source].get(name)) is not None
        for field, why in fields.items()
    ],
)  # fmt: skip
def test_known_wrong_field(source: str, case: Case, field: str) -> None:
    assert getattr(yielded(source, case), field) == case.expected[field]


@pytest.mark.parametrize(("source", "case"), params("mailkz", items_only=True))
def test_mailkz_body_holds_no_boilerplate(source: str, case: Case) -> None:
    """mail.kz's furniture by name: a marker here is a rule of sources/mailkz gone quiet."""
    body = yielded(source, case).body
    assert not [m for m in MAILKZ_MARKERS if m in body]
    for para in body.split("\n\n"):
        assert not RELATED_ITEM.match(para), para
        assert not BOILERPLATE.photo_credit.match(para), para


def test_mailkz_seed_page_meets_the_issue() -> None:
    item = yielded("mailkz", CASES["mailkz"]["seed_ru"])
    paras = item.body.split("\n\n")
    assert item.title == "Сергей Лавров и Марко Рубио провели телефонные переговоры"
    assert len(paras) == 6
    assert paras[0].startswith("15 февраля состоялся")
    assert paras[-1].endswith("про встречу с Владимиром Путиным.")
    assert item.original_source == "zakon.kz"
    assert item.photo_credit == "пресс-служба МИД России"
    assert item.published_at is None
    for headline in ("Disneyland", "Меган Маркл", "Высота фуры", "корпоратив", "Blue Origin"):
        assert headline not in item.body


def test_generic_query_naming_the_article_keeps_cases_apart() -> None:
    """Two pages of one script, told apart by `?id=` alone, are two articles; utm_* is not part
    of either's key."""
    cases = CASES["generic"].values()
    urls = {c.expected["url"] for c in cases if c.name.startswith("ru_query_id_")}
    assert urls == {"https://news.example.kz/view.php?id=8723",
                    "https://news.example.kz/view.php?id=8724"}  # fmt: skip
