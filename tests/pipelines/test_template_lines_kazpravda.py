"""The held-out kazpravda-news.kz pages (fixtures heldout1_s01..s06) through one item path, in
order: the site's template lines, plain paragraphs inside the body that no rule names, go once 4
of its pages hold them, and a quote two of its articles share stays. A fixture is a single page,
so its expected body keeps them all; only a run of several pages can show them learned."""

from __future__ import annotations

from collections import Counter

from newscrawler.fixtures import Case, load_cases, outcome
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.pages import PageSpider
from newscrawler.pipelines.cleaning import paragraphs

CASES = [c for c in load_cases("generic") if c.name.startswith("heldout1_s0")]
TEMPLATE = (
    "Свежие новости региона всегда под рукой — в нашем приложении для iOS и Android.",
    "Редакция может не разделять мнение автора.",
    "Понравился материал? Расскажите о нем друзьям — нажмите на кнопку ниже.",
    "Все права защищены. При цитировании ссылка на kazpravda-news.kz обязательна.",
)
"""The site's template lines (held-out README): none of them is article text."""
QUOTE = (
    "«До конца 2024 года к сетям газоснабжения будут подключены еще 212 населенных пунктов, где "
    "проживают более 430 тысяч человек», — отметил вице-министр энергетики Арман Кульбаев."
)
"""Genuine body of s02 and s05 both: short enough to be counted, held by too few pages."""
MIN_PAGES = 4


def short(case: Case) -> str:
    """'s01' of heldout1_s01_kazpravda_polyclinic."""
    return case.name.split("_")[1]


def test_template_lines_go_once_four_pages_hold_them_and_a_shared_quote_stays() -> None:
    assert [short(c) for c in CASES] == ["s01", "s02", "s03", "s04", "s05", "s06"]
    path = ItemPath(PageSpider)
    held: Counter[str] = Counter()
    bodies = {}
    for case in CASES:
        alone = paragraphs(case.expected["body"])  # the page's body when it is the only one seen
        held.update(line for line in TEMPLATE if line in alone)
        known = {line for line in TEMPLATE if held[line] >= MIN_PAGES}
        item = outcome(path, case.page)
        assert isinstance(item, ArticleItem), f"{case.name}: {item}"
        bodies[short(case)] = paragraphs(item.body)
        assert bodies[short(case)] == [p for p in alone if p not in known], case.name
    for name in ("s05", "s06"):  # by now every line on the site's pages has reached 4
        assert not set(TEMPLATE) & set(bodies[name]), name
    assert [name for name, body in bodies.items() if QUOTE in body] == ["s02", "s05"]
