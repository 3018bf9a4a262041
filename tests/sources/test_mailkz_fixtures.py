"""Every saved mail.kz page yields exactly its expected item (Fundus-style fixtures).

A failing case prints the field that differs; if the change is intended, run `make fixtures` and
review `git diff tests/fixtures`.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from newscrawler.extract.boilerplate import RELATED_ITEM
from newscrawler.fixtures import VOLATILE_FIELDS, load_cases
from newscrawler.items import ArticleItem
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE

CASES = load_cases("mailkz")
MARKERS = ("Источник:", "Подписывайтесь на наш", "Мы работаем для Вас", "Читайте также",
           "Посмотреть эту публикацию", "© Фото")  # fmt: skip


def yielded(item_path, case) -> ArticleItem:
    page = case.page
    item = item_path.process(page.url, page.body, page.headers, page.fetched_at)
    assert isinstance(item, ArticleItem), f"{case.name}: {item}"
    return item


def test_there_are_fixtures():
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_yields_expected_item(item_path, case):
    item = asdict(yielded(item_path, case))
    got = {k: v for k, v in item.items() if k not in VOLATILE_FIELDS}
    for field, expected in case.expected.items():
        assert got[field] == expected, f"{case.name}: {field}"
    assert item["crawled_at"] == case.page.fetched_at.isoformat().replace("Z", "+00:00")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_body_holds_no_boilerplate(item_path, case):
    body = yielded(item_path, case).body
    assert not [m for m in MARKERS if m in body]
    for para in body.split("\n\n"):
        assert not RELATED_ITEM.match(para), para
        assert not BOILERPLATE.photo_credit.match(para), para


def test_seed_page_meets_the_issue(item_path):
    item = yielded(item_path, next(c for c in CASES if c.name == "seed_ru"))
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
