"""Property tests of the cleaning steps (pipelines/cleaning.py): idempotent on any text; on an
article with boilerplate in any of its shapes, every article paragraph kept unchanged and in order,
every boilerplate paragraph gone, no marker left."""

from __future__ import annotations

from hardening_budget import budget
from hypothesis import given, settings
from hypothesis import strategies as st
from parser_fuzz import MARKERS

from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.spiders.sources import MailkzSpider

EXAMPLES = budget("cleaning_examples", 300, 5000)
PATH = ItemPath(MailkzSpider)
CLEANING = [
    p
    for p in PATH.pipelines
    if type(p).__module__ in ("newscrawler.pipelines.cleaning", "newscrawler.pipelines.attribution")
]

WORDS = (
    "акимат города сообщил что новый парк откроют летом жители района получат доступ к "
    "набережной министр отметил рост экономики на процента по итогам года эксперты считают "
    "решение своевременным депутаты мажилиса одобрили поправки в бюджет транспорт будет работать "
    "по новому расписанию әкімдік жаңа саябақ ашылатынын хабарлады тұрғындар жағалауға "
    "шыға алады министр экономиканың өсуін атап өтті сарапшылар шешімді құптады "
    "Алматы Астана Шымкент Караганда Kaspi Halyk Air Astana 2025 14,75 1200 600-ге"
).split()
"""Article vocabulary with none of the boilerplate's words, dates or share-network names."""
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(
    lambda ws: " ".join(ws).capitalize()
)
PARAGRAPH = st.builds(
    lambda sentences, quote: (f"«{sentences[0]}», – {' '.join(sentences[1:])}" if quote else
                              ". ".join(sentences)) + ".",
    st.lists(SENTENCE, min_size=2, max_size=4),
    st.booleans(),
)  # fmt: skip

ANYWHERE = (
    "© Фото: пресс-служба МИД России", "Фото: Акимат Алматы", "Поделиться", "WhatsApp Telegram",
    "Посмотреть эту публикацию в Instagram", "Публикация от Akimat Almaty (@akimat_almaty)",
    "Реклама", "Скопировать ссылку",
)  # fmt: skip
"""Boilerplate that can stand between paragraphs."""
FOOTER = (
    "Источник: zakon.kz",
    "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!",
    "Мы работаем для Вас!",
    "Нашли ошибку? Выделите её и нажмите Ctrl+Enter",
)
RELATED = (
    "Читайте также:", "-", "08:30, 20 декабря 2025", "Открыть настоящий Disneyland намерены",
    "-", "Вчера, 22:10", "Принц Гарри и Меган Маркл запросили огромную цену",
)  # fmt: skip
TAILS = (" Источник: zakon.kz", " Подписывайтесь на наш Telegram-канал.", " Мы работаем для Вас!")
"""Footer lines run onto the last paragraph's end."""


def clean(paragraphs: list[str], title: str = "Заголовок новости дня") -> ArticleItem:
    item = ArticleItem(url="https://mail.kz/ru/news/kz-news/x", site="mail.kz", lang="ru",
                       title=title, paragraphs=paragraphs)  # fmt: skip
    for pipeline in CLEANING:
        item = pipeline.process_item(item)
    return item


@st.composite
def article_with_boilerplate(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(article paragraphs, the page's paragraphs: the article with boilerplate mixed in)."""
    article = draw(st.lists(PARAGRAPH, min_size=1, max_size=6))
    page: list[str] = []
    for para in article:
        page += draw(st.lists(st.sampled_from(ANYWHERE), max_size=2))
        page.append(para)
    if draw(st.booleans()):
        page[-1] += draw(st.sampled_from(TAILS))
    end = [draw(st.permutations(FOOTER))[: draw(st.integers(0, len(FOOTER)))]]
    if draw(st.booleans()):
        end.append(list(RELATED))
    if draw(st.booleans()):
        end.append(["Читайте также: - Сегодня, 10:15 Курс доллара вырос - Вчера, 22:00 Туман"])
    for block in draw(st.permutations(end)):
        page += block
    return article, page


@settings(max_examples=EXAMPLES, deadline=None)
@given(article_with_boilerplate())
def test_boilerplate_goes_and_every_article_paragraph_stays(case):
    article, page = case
    body = clean(page).body
    assert body == "\n\n".join(article)
    assert not [m for m in MARKERS if m in body]


@settings(max_examples=EXAMPLES, deadline=None)
@given(article_with_boilerplate())
def test_cleaning_a_clean_article_changes_nothing(case):
    article, _ = case
    assert clean(article).body == "\n\n".join(article)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.one_of(
        st.lists(st.text(max_size=200), max_size=8),
        article_with_boilerplate().map(lambda case: case[1]),
        st.lists(st.sampled_from([*ANYWHERE, *FOOTER, *RELATED, *WORDS, "", " \n "]), max_size=12),
    ),
    st.sampled_from(["Заголовок новости дня", "", "Реклама"]),
)
def test_cleaning_is_idempotent(paragraphs, title):
    once = clean(paragraphs, title)
    twice = clean((once.body or "").split("\n\n"), title)
    assert twice.body == once.body
    assert (twice.original_source, twice.photo_credit) in (
        (once.original_source, once.photo_credit),
        (None, None),  # the second pass has no source line or credit left to read
    )
