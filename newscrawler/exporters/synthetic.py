"""Realistic synthetic ArticleItems for the export benchmark and the dataset tests.

Deterministic for a seed, streamed (a generator, so 100,000 items cost no memory), and shaped like
mail.kz output: Russian and Kazakh bodies of 2-5 KB (one Kazakh-edition article in 4 in Russian),
Almaty offsets that follow the 2024 switch from UTC+6 to UTC+5, empty and non-empty lists, and
optional fields that are often null.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from newscrawler.extract.dates import ALMATY
from newscrawler.items import ArticleItem

_RU = (
    "Казахстан",
    "правительство",
    "министр",
    "заявил",
    "области",
    "город",
    "жители",
    "проект",
    "развитие",
    "экономика",
    "президент",
    "Токаев",
    "Астана",
    "Алматы",
    "решение",
    "вопрос",
    "году",
    "тенге",
    "банк",
    "рынок",
    "цены",
    "граждан",
    "закон",
    "депутаты",
    "мажилис",
    "школа",
    "больница",
    "дорога",
    "строительство",
    "компания",
    "нефть",
    "газ",
    "экспорт",
)
_KK = (
    "Қазақстан",
    "үкімет",
    "министр",
    "мәлімдеді",
    "облыс",
    "қала",
    "тұрғындар",
    "жоба",
    "даму",
    "экономика",
    "Президент",
    "Тоқаев",
    "Астана",
    "Алматы",
    "шешім",
    "мәселе",
    "жылы",
    "теңге",
    "банк",
    "нарық",
    "баға",
    "азаматтар",
    "заң",
    "депутаттар",
    "Мәжіліс",
    "мектеп",
    "аурухана",
    "жол",
    "құрылыс",
    "компания",
    "мұнай",
    "газ",
    "экспорт",
    "өңір",
    "әкімдік",
)
# Pseudo-words from syllables give the text a realistic vocabulary size, and so a realistic
# compression ratio: a few dozen real words alone would compress far better than news does.
_SYLLABLES = {
    "ru": (
        "ра",
        "но",
        "ст",
        "ви",
        "ка",
        "ло",
        "пре",
        "ди",
        "мен",
        "тов",
        "ско",
        "го",
        "ва",
        "ния",
        "за",
        "ре",
        "те",
        "по",
        "ль",
        "ство",
        "ми",
        "жа",
        "сь",
        "ру",
        "бе",
        "де",
        "кто",
        "шь",
    ),
    "kk": (
        "ба",
        "қа",
        "лы",
        "ңыз",
        "тар",
        "дың",
        "ле",
        "ге",
        "ші",
        "өз",
        "ұл",
        "үй",
        "сі",
        "мен",
        "ар",
        "на",
        "ғы",
        "ды",
        "қор",
        "жа",
        "бі",
        "ім",
        "де",
        "тің",
        "ке",
        "ой",
        "әл",
        "ны",
    ),
}
_AUTHORS = ("Айгерим Нурланова", "Дмитрий Ковалёв", "Асхат Сейтқали", "Ольга Ким")
_TAGS = ("экономика", "общество", "политика", "қоғам", "спорт", "Алматы")
_SOURCES = ("zakon.kz", "tengrinews.kz", "inform.kz", None, None)


def _word(rng: random.Random, words: tuple[str, ...], syllables: tuple[str, ...]) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(words)
    if roll < 0.5:
        return f"{rng.randint(1, 2025)},"
    return "".join(rng.choices(syllables, k=rng.randint(2, 4)))


def _sentence(rng: random.Random, words: tuple[str, ...], syllables: tuple[str, ...]) -> str:
    text = " ".join(_word(rng, words, syllables) for _ in range(rng.randint(6, 14)))
    return text[0].upper() + text[1:]


def _paragraphs(rng: random.Random, lang: str, size: int) -> str:
    words, syllables = (_KK if lang == "kk" else _RU), _SYLLABLES[lang]
    paragraphs: list[str] = []
    length = 0
    while length < size:
        text = " ".join(_sentence(rng, words, syllables) + "." for _ in range(rng.randint(2, 5)))
        paragraphs.append(text)
        length += len(text.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def synthetic_article(rng: random.Random, index: int, crawled_at: datetime) -> ArticleItem:
    """One article; `index` makes the url unique, `crawled_at` is the fetch time (UTC)."""
    lang = "kk" if index % 3 == 2 else "ru"
    text_lang = "ru" if index % 12 == 11 else lang  # the Kazakh edition has Russian texts too
    words = _KK if text_lang == "kk" else _RU
    published = datetime(2023, 6, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 900_000))
    body = _paragraphs(rng, text_lang, rng.randint(2_000, 5_000))
    slug = f"article-{index}"
    source = rng.choice(_SOURCES)
    return ArticleItem(
        url=f"https://mail.kz/{lang}/news/kz-news/{slug}",
        canonical_url=f"https://mail.kz/{lang}/news/kz-news/{slug}" if index % 2 else None,
        site="mail.kz",
        lang=lang,
        category="kz-news",
        slug=slug,
        title=_sentence(rng, words, _SYLLABLES[text_lang]),
        published_at=None if index % 17 == 0 else published.astimezone(ALMATY).isoformat(),
        body=body,
        original_source=source,
        original_url=f"https://{source}/news/{index}" if source and index % 2 else None,
        photo_credit="пресс-служба акимата" if index % 4 == 0 else None,
        image_url=f"https://mail.kz/images/{index}.jpg" if index % 5 else None,
        authors=rng.sample(_AUTHORS, k=rng.randint(0, 2)),
        tags=rng.sample(_TAGS, k=rng.randint(0, 3)),
        word_count=len(body.split()),
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        text_lang=text_lang,  # what detection says of these bodies, at a body's confidence
        text_lang_score=1.0 - index % 7 / 1000,
        crawled_at=crawled_at.astimezone(UTC).isoformat(),
    )


def synthetic_articles(
    count: int, *, seed: int = 0, start: int = 0, crawled_at: datetime | None = None
) -> Iterator[ArticleItem]:
    """`count` articles with indexes `start`, `start + 1`, ...; same seed, same articles."""
    rng = random.Random(seed)
    when = crawled_at or datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
    for index in range(start, start + count):
        yield synthetic_article(rng, index, when)
