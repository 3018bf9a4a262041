"""The held-out pages of one site through one item path, in order: kazpravda-news.kz (fixtures
heldout1_s01..s06), astana-times.example.kz (heldout2_t01..t06), ertisinfo.kz (heldout3_t01..t06)
and tobolmedia.kz (heldout4_t01..t06). The site's template lines, plain paragraphs inside the body
that no rule names, go once 4 of its pages hold them, compaction then takes them from the first
pages too, and a paragraph two or three of its articles share stays (ertisinfo.kz's background
paragraph is on 3 of its 6 pages: half the site's pages, and still article text). A fixture is a
single page, so its expected body keeps them all; only a run of several pages can show them
learned."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscrawler.exporters.compaction import compact
from newscrawler.fixtures import Case, load_cases, outcome
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem, split_body
from newscrawler.pages import PageSpider
from newscrawler.pipelines.template import TemplateLinesPipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "commands"))
from test_compact_command import articles, write_run

MIN_PAGES = 4


@dataclass(frozen=True)
class Series:
    prefix: str
    """Fixture names of the series start with it; the cases run in name order."""
    names: tuple[str, ...]
    template: tuple[str, ...]
    """The site's template lines (held-out README): none of them is article text."""
    shared: str
    """Genuine body of two or three of the articles: held by too few pages (or too long) to be
    counted."""
    shared_by: tuple[str, ...]
    clean: tuple[str, ...]
    """Pages by which every template line on them has reached MIN_PAGES."""
    on_every_page: bool = False
    """Every page of the series shows every template line."""


KAZPRAVDA = Series(
    prefix="heldout1_s0",
    names=("s01", "s02", "s03", "s04", "s05", "s06"),
    template=(
        "Свежие новости региона всегда под рукой — в нашем приложении для iOS и Android.",
        "Редакция может не разделять мнение автора.",
        "Понравился материал? Расскажите о нем друзьям — нажмите на кнопку ниже.",
        "Все права защищены. При цитировании ссылка на kazpravda-news.kz обязательна.",
    ),
    shared=(
        "«До конца 2024 года к сетям газоснабжения будут подключены еще 212 населенных пунктов, "
        "где проживают более 430 тысяч человек», — отметил вице-министр энергетики Арман "
        "Кульбаев."
    ),
    shared_by=("s02", "s05"),
    clean=("s05", "s06"),
)
ASTANA_TIMES = Series(
    prefix="heldout2_t0",
    names=("t01", "t02", "t03", "t04", "t05", "t06"),
    template=(
        "Материал подготовлен на основе открытых данных и носит информационный характер.",
        "Следите за нами, чтобы первыми узнавать главное о жизни столицы!",
        "© Astana Times. Использование материалов допускается только с активной гиперссылкой на "
        "источник.",
    ),
    shared=(
        "Напомним, в 2023 году в Астане утвердили комплексный план развития общественного "
        "транспорта до 2027 года. Он предусматривает обновление 70% автобусного парка и "
        "появление выделенных полос на всех магистральных улицах города."
    ),
    shared_by=("t02", "t05"),
    clean=("t04", "t05", "t06"),
    on_every_page=True,
)

ERTIS_INFO = Series(
    prefix="heldout3_t0",
    names=("t01", "t02", "t03", "t04", "t05", "t06"),
    template=(
        "Новости Павлодара и области читайте на Ertis Info.",
        "Есть новость? Присылайте фото и видео на почту редакции news@ertisinfo.kz.",
    ),
    shared=(
        "Напомним, реконструкция трассы Павлодар — Экибастуз протяжённостью 140 километров "
        "началась в 2023 году, завершить её планируют в 2026 году."
    ),
    shared_by=("t02", "t04", "t06"),
    clean=("t04", "t05", "t06"),
    on_every_page=True,
)

TOBOL_MEDIA = Series(
    prefix="heldout4_t0",
    names=("t01", "t02", "t03", "t04", "t05", "t06"),
    template=(
        "Больше новостей Костаная — в нашем WhatsApp.",
        "Мнение авторов публикаций может не совпадать с позицией редакции. При полном или "
        "частичном использовании материалов гиперссылка на tobolmedia.kz обязательна.",
    ),
    shared="Причины возгорания устанавливают дознаватели.",
    shared_by=("t02", "t05"),
    clean=("t04", "t05", "t06"),
    on_every_page=True,
)
SERIES = [KAZPRAVDA, ASTANA_TIMES, ERTIS_INFO, TOBOL_MEDIA]


def short(case: Case) -> str:
    """'s01' of heldout1_s01_kazpravda_polyclinic."""
    return case.name.split("_")[1]


@pytest.mark.parametrize("series", SERIES, ids=lambda s: s.prefix)
def test_template_lines_go_once_four_pages_hold_them_and_a_shared_paragraph_stays(
    series: Series, tmp_path: Path
) -> None:
    cases = [c for c in load_cases("generic") if c.name.startswith(series.prefix)]
    assert tuple(short(c) for c in cases) == series.names
    path = ItemPath(PageSpider)
    held: Counter[str] = Counter()
    bodies, items = {}, []
    for case in cases:
        alone = split_body(case.expected["body"])  # the page's body when it is the only one seen
        if series.on_every_page:
            assert set(series.template) <= set(alone), case.name
        held.update(line for line in series.template if line in alone)
        known = {line for line in series.template if held[line] >= MIN_PAGES}
        item = outcome(path, case.page)
        assert isinstance(item, ArticleItem), f"{case.name}: {item}"
        bodies[short(case)] = split_body(item.body)
        assert bodies[short(case)] == [p for p in alone if p not in known], case.name
        items.append(item)
    for name in series.clean:
        assert not set(series.template) & set(bodies[name]), name
    shared_by = tuple(name for name, body in bodies.items() if series.shared in body)
    assert shared_by == series.shared_by

    # The run's items as a dataset, compacted with the run's line counts: the first pages, kept
    # whole while the lines were unknown, lose them too; the shared paragraph stays.
    write_run(tmp_path, "run-1", items)
    store = next(p for p in path.pipelines if isinstance(p, TemplateLinesPipeline)).store
    compact(tmp_path, "news", row_group_size=4, known=store)
    compacted = {row["url"]: split_body(row["body"]) for row in articles(tmp_path).to_pylist()}
    for case, item in zip(cases, items, strict=True):
        expected = [p for p in split_body(case.expected["body"]) if p not in series.template]
        assert compacted[item.url] == expected, case.name
