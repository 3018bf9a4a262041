"""The text rules of the cleaning pipelines, on bodies as trafilatura may leave them."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newscrawler.items import ArticleItem

SEED = Path(__file__).resolve().parents[1] / "fixtures/seed/mailkz_seed_page.txt"
ARTICLE = [
    "15 февраля состоялся телефонный разговор министров, сообщает Zakon.kz.",
    "Алматы. 26 наурыз. 7kun.kz – Министрлер кездесті, деп хабарлайды Zakon.kz.",
    "Днями ранее пресс-секретарь прокомментировал заявление про встречу с Владимиром Путиным.",
]
RELATED = [
    "Читайте также:", "-", "08:30, 20 декабря 2025", "Открыть настоящий Disneyland намерены",
    "-", "08:10, 20 декабря 2025", "Принц Гарри и Меган Маркл запросили огромную цену",
]  # fmt: skip
FOOTER = [
    "Источник: zakon.kz",
    "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!",
    "Мы работаем для Вас!",
]
MARKERS = ("Источник", "Подписывайтесь", "Мы работаем", "Читайте также", "Фото:", "Disneyland")


def make_item(paragraphs: list[str], **fields) -> ArticleItem:
    values = {"url": "https://mail.kz/ru/news/kz-news/x", "site": "mail.kz", "lang": "ru",
              "title": "Заголовок статьи", "paragraphs": paragraphs}  # fmt: skip
    return ArticleItem(**{**values, **fields})


def run(item_path, paragraphs: list[str], **fields) -> ArticleItem:
    result = item_path.run_pipelines(make_item(paragraphs, **fields))
    assert isinstance(result, ArticleItem), result
    return result


def test_seed_text_comes_out_clean(item_path):
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    item = run(item_path, lines[1:], title=lines[0])
    paras = item.body.split("\n\n")
    assert len(paras) == 6
    assert paras[0].startswith("15 февраля состоялся")
    assert paras[-1].endswith("про встречу с Владимиром Путиным.")
    assert item.original_source == "zakon.kz"
    assert item.photo_credit == "пресс-служба МИД России"
    assert not any(marker in item.body for marker in MARKERS)
    stats = item_path.stats
    assert stats["cleaning/footer_removed"] == 2
    assert stats["cleaning/source_line_removed"] == 1
    assert stats["cleaning/photo_credit_removed"] == 1
    assert stats["cleaning/related_removed"] == 16


@pytest.mark.parametrize(
    "tail",
    [
        ["Читайте также:-19:58, 24 сентября 2025Туман накрыл Алматы-19:40, 24 сентября 2025Курс"],
        ["Читайте также: - Сегодня, 10:15 Курс доллара вырос - Вчера, 22:00 Туман"],
        [*FOOTER, *RELATED],
        [*RELATED, *FOOTER],
        [
            "Источник: zakon.kz Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий! "
            "Мы работаем для Вас!"
        ],
        ["© Фото: Акимат", *RELATED[:4], "Фото: Zakon.kz", "Поделиться", "WhatsApp Telegram"],
        ["Посмотреть эту публикацию в Instagram", "Публикация от Akimat Almaty (@akimat_almaty)"],
        ["Текст: Меруерт Сагатова", "Дизайн и вёрстка: Тимур Ахмедов", "Мәтін: Ерлан Омаров"],
        ["Иллюстрации: А. Ким, Т. Ахмедов", "ВИДЕО: Су тапшылығы Қызылордада (2024)"],
        ["ТҮРКІСТАН"],
        ["УСТЬ-КАМЕНОГОРСК"],
        ["Фотогалерея 1 / 3", "Фото 2 из 12", "Фотогалерея", "1 / 10"],
        ["15:45", "Загрузка текста…", "Жүктелуде..."],
        [
            "The press release is published as provided by the company. The editorial board is "
            "not responsible for its content.",
            "Редакция не несёт ответственности за содержание рекламных материалов.",
            "Мнение автора может не совпадать с мнением редакции.",
        ],
        ["Айгерим Бекова, Актау"],
        [
            "Compiled by Laura Brenner in London; Editing by Mark Dwyer",
            "Our Standards: The GlobalWire Trust Principles.",
        ],
        [
            "Reporting by Olzhas Auyezov; additional reporting by Tamara Vaal; "
            "Editing by Mark Heinrich"
        ],
        [
            "Добавить комментарий",
            "Комментарии публикуются после проверки модератором. Редакция оставляет за собой "
            "право удалять сообщения, содержащие оскорбления.",
        ],
    ],
)
def test_boilerplate_in_any_shape_leaves_only_the_article(item_path, tail):
    item = run(item_path, [*ARTICLE, *tail])
    assert item.body == "\n\n".join(ARTICLE)


@pytest.mark.parametrize(
    "notice",
    [
        "Реклама. ТОО «Кондитер Плюс», БИН 123456789012. Erid: 2VtzqwXYZ12",
        "Жарнама. «Сауда Орталығы» ЖШС, БСН 987654321098, erid: 2VtzqvAbCdE",
        "Беттегі қатені көрсеңіз, мәтінді белгілеп, Ctrl+Enter басыңыз",
        "Беттегі қатені байқасаңыз, оны белгілеп, Ctrl+Enter басыңыз.",
        "Заметили опечатку? Выделите фрагмент и нажмите Ctrl + Enter.",
    ],
    ids=["ad-ru", "ad-kk", "typo-kk", "typo-kk-other-words", "typo-ru-other-words"],
)
def test_ad_labels_and_typo_notices_go_wherever_they_stand(item_path, notice):
    """An advertiser's label (its erid token) and a typo notice in any wording, between the
    paragraphs: the body goes on after them."""
    item = run(item_path, [ARTICLE[0], notice, *ARTICLE[1:], notice])
    assert item.body == "\n\n".join(ARTICLE)


def test_related_block_run_onto_the_last_paragraph(item_path):
    last = ARTICLE[-1] + "Читайте также:-19:58, 24 сентября 2025Туман накрыл Алматы"
    item = run(item_path, [*ARTICLE[:-1], last, "Источник: zakon.kz"])
    assert item.body == "\n\n".join(ARTICLE)
    assert item.original_source == "zakon.kz"


def test_source_line_run_onto_a_paragraph_and_capitalized_outlet(item_path):
    item = run(item_path, [*ARTICLE[:-1], ARTICLE[-1] + " Источник: Zakon.kz"])
    assert item.body == "\n\n".join(ARTICLE)
    assert item.original_source == "zakon.kz"


def test_markup_stage_source_wins_over_text(item_path):
    item = run(item_path, [*ARTICLE, "Источник: 7kun.kz"], credits={"source": "Zakon.kz"})
    assert item.original_source == "zakon.kz"


def test_first_credit_is_the_photo_credit_and_captions_go(item_path):
    body = ["© Фото: пресс-служба МИД", ARTICLE[0], "Фото: Акимат Алматы", *ARTICLE[1:]]
    item = run(item_path, body)
    assert item.photo_credit == "пресс-служба МИД"
    assert item.body == "\n\n".join(ARTICLE)


@pytest.mark.parametrize(
    "para",
    [
        "Эксперты советуют: читайте также инструкции к лекарствам перед приемом.",
        "Источник в правительстве сообщил, что решение примут к концу недели.",
        "— Мы работаем над этим, — сказал министр.",
        "Фотографии с места происшествия публикуют очевидцы.",
        "Публикация от 5 мая вызвала широкий резонанс в соцсетях.",
        "Реклама алкоголя в Казахстане запрещена, напомнили в министерстве.",
        "Чтобы отправить сообщение, нажмите Ctrl+Enter.",
        "Telegram-канал министерства за неделю набрал 100 тысяч подписчиков.",
        "В МВД призвали казахстанцев не подписываться на сомнительные Telegram-каналы.",
        "Мошенники рассылали сообщения «Подпишитесь на наш канал и получите выплату».",
        "«Подпишитесь на наш Telegram», — писали аферисты в рассылке от имени банка.",
        "Подпишитесь на рассылку МЧС, чтобы узнавать о паводках, призвали в ведомстве.",
        "Чтобы получать уведомления, подпишитесь на бот eGov в Telegram.",
        "Полиция тұрғындарды күмәнді Telegram арналарына жазылмауға шақырды.",
        "Газета выходит с 1995 года, подписка на неё оформляется в любом отделении почты.",
        "Мы проехали по бывшему дну моря: читайте об этом в нашем репортаже.",
        "Смотрите, что мы нашли в Telegram-канале депутата.",
        "Текст: «Закон вступает в силу с 1 января», — говорится в документе.",
        "Дизайн: новый логотип компании представили на выставке в Астане.",
        "Текст законопроекта опубликован на портале открытых НПА.",
    ],
)
def test_article_text_that_resembles_boilerplate_is_kept(item_path, para):
    """Sentences that share words with boilerplate: a reference, a quote, an instruction; news
    naming Telegram or a subscription (a fact, a warning, a quoted or retold appeal, an
    explainer's instruction with no outlet speaking), lines opening with a credits word."""
    item = run(item_path, [ARTICLE[0], para])
    assert item.body == f"{ARTICLE[0]}\n\n{para}"


def test_cleaning_is_idempotent(item_path):
    once = run(item_path, [*ARTICLE, *FOOTER, *RELATED])
    twice = run(type(item_path)(type(item_path.spider)), once.body.split("\n\n"))
    assert twice.body == once.body


def test_normalization(item_path):
    raw = "  Текст\u00a0с\u00a0неразрывными   пробелами и мяг\u00adким пере\u200bносом. "
    item = run(item_path, [raw], title=" Заголовок\u00a0 ")
    assert item.body == "Текст с неразрывными пробелами и мягким переносом."
    assert item.title == "Заголовок"
    assert item.word_count == 7
    assert len(item.content_hash) == 64


def test_title_repeated_as_first_paragraph_goes(item_path):
    item = run(item_path, ["Заголовок статьи", *ARTICLE])
    assert item.body == "\n\n".join(ARTICLE)


@pytest.mark.parametrize(
    ("paragraphs", "fields", "reason"),
    [(ARTICLE, {"title": None}, "missing_title"), ([], {}, "missing_body")],
)
def test_validation_drops_and_counts(item_path, paragraphs, fields, reason):
    item = make_item(paragraphs, **fields)
    result = item_path.run_pipelines(item)
    assert isinstance(result, DropItem)
    assert item.url in str(result)
    assert item_path.stats[f"validation/dropped/{reason}"] == 1


def test_body_of_boilerplate_only_is_dropped(item_path):
    result = item_path.run_pipelines(make_item([*FOOTER, *RELATED]))
    assert isinstance(result, DropItem)
    assert item_path.stats["validation/dropped/missing_body"] == 1


def test_dedup_by_url_and_by_body(item_path):
    first = item_path.run_pipelines(make_item(ARTICLE))
    same_url = item_path.run_pipelines(make_item(ARTICLE[:2]))
    same_body = item_path.run_pipelines(make_item(ARTICLE, url="https://mail.kz/kz/news/kz-news/y"))
    other = item_path.run_pipelines(make_item(ARTICLE[:1], url="https://mail.kz/ru/news/a/z"))
    assert isinstance(first, ArticleItem) and isinstance(other, ArticleItem)
    assert isinstance(same_url, DropItem) and isinstance(same_body, DropItem)
    assert item_path.stats["dedup/dropped/url"] == 1
    assert item_path.stats["dedup/dropped/content_hash"] == 1


@pytest.mark.parametrize(
    "appeal",
    [
        ["Ещё больше новостей — в нашем Instagram. Жмите и подписывайтесь!"],
        ["Подпишитесь на Orda.kz в Telegram — там мы публикуем то, что не попадает на сайт."],
        ["Есть новость? Пишите нам в WhatsApp: +7 700 000 00 00 (анонимность гарантируем)."],
        [
            "Vlast.kz — независимое издание. Мы существуем благодаря читателям. Поддержите нас "
            "ежемесячным пожертвованием, чтобы мы могли и дальше разбираться в сложных темах."
        ],
        [
            "Понравился проект?",
            "Подпишитесь на рассылку The Steppe: раз в неделю мы присылаем лучшие истории.",
        ],
        [
            "Zakon.kz жаңалықтарын бірінші болып оқығыңыз келе ме? Біздің Telegram, WhatsApp және "
            "Instagram парақшаларымызға жазылыңыз. Хабарламаларды қосып қойыңыз."
        ],
        ["Support our journalism: subscribe to our newsletter today."],
        ["Следите за новостями Mail.kz в Instagram и TikTok – там всё самое интересное за день."],
        ["Orda.kz – независимое издание. Поддержать редакцию можно через Kaspi или Patreon."],
        [
            "Vlast.kz существует благодаря читателям. Поддержать независимую журналистику можно "
            "по ссылке."
        ],
        [
            "Before you move on… Our journalism is free to read, but it is funded by readers. "
            "Support the Courier from just £1."
        ],
    ],
    ids=[
        "instagram",
        "telegram",
        "whatsapp",
        "donation",
        "newsletter-question",
        "kk",
        "en",
        "outlet-by-its-domain",
        "donation-infinitive",
        "journalism-infinitive",
        "en-support-the-outlet",
    ],
)
def test_appeals_to_subscribe_write_or_donate_go_in_any_wording(item_path, appeal):
    """The outlet asking its reader to subscribe, write in or donate, as a plain paragraph between
    the article's: whatever its words, channel or language."""
    item = run(item_path, [ARTICLE[0], *appeal, *ARTICLE[1:]])
    assert item.body == "\n\n".join(ARTICLE)
    assert item_path.stats["cleaning/appeal_removed"] == len(appeal)


@pytest.mark.parametrize(
    "news",
    [
        "Поддержать пострадавших можно через Kaspi.kz по номеру благотворительного фонда.",
        "Подписаться на рассылку о ценах на топливо можно на сайте министерства энергетики.",
        "Жители подписали обращение к акиму и разместили его в Telegram-канале района.",
        "В 15:45 движение по трассе восстановили, сообщили в полиции.",
        "Редакция газеты «Время» отметила 25-летие: первый номер вышел в 1999 году.",
        "Support the reform, our readers told us in a survey on the future of local journalism.",
    ],
)
def test_news_naming_a_donation_or_a_channel_is_no_appeal(item_path, news):
    """An ask in the infinitive is the outlet's only when it speaks (its domain, 'мы') and names
    its own means: a charity's account or a ministry's newsletter in the news stays."""
    item = run(item_path, [ARTICLE[0], news, *ARTICLE[1:]])
    assert item.body == "\n\n".join([ARTICLE[0], news, *ARTICLE[1:]])


def test_an_appeal_run_onto_the_news_never_takes_the_news_with_it(item_path):
    """A paragraph whose news an appeal follows is the article's: a known promo phrase is cut
    from its end, one in new words stays rather than the news going with it."""
    news = "Аким пообещал отремонтировать дорогу до осени."
    item = run(item_path, [ARTICLE[0], f"{news} Подписывайтесь на наш Telegram-канал."])
    assert item.body == f"{ARTICLE[0]}\n\n{news}"
    appeal = "Подпишитесь на Orda.kz в Telegram — там мы публикуем то, что не попадает на сайт."
    item = run(type(item_path)(type(item_path.spider)), [ARTICLE[0], f"{news} {appeal}"])
    assert item.body == f"{ARTICLE[0]}\n\n{news} {appeal}"


@pytest.mark.parametrize(
    ("line", "source", "credit"),
    [
        ("Фото и текст: Kazinform", "Kazinform", "Kazinform"),
        ("Текст и фото: Tengrinews.kz", "tengrinews.kz", "Tengrinews.kz"),
        ("Текст и фото: Данияр Мусин", None, "Данияр Мусин"),
        ("Источник фото: Depositphotos", None, "Depositphotos"),
        (
            "Photo credit: Ministry of Transport of Kazakhstan",
            None,
            "Ministry of Transport of Kazakhstan",
        ),
        (
            "Waves crash against the harbour wall. Photograph: Alan Crichton/PA",
            None,
            "Alan Crichton/PA",
        ),
    ],
)
def test_credit_lines_naming_photos_and_text(item_path, line, source, credit):
    """A line crediting text and photos names the source and the credit (a person: only the
    credit); 'Источник фото' is a photo's credit, never the article's source."""
    item = run(item_path, [*ARTICLE, line])
    assert item.body == "\n\n".join(ARTICLE)
    assert (item.original_source, item.photo_credit) == (source, credit)


def test_a_caption_line_closing_with_a_credit_goes_and_gives_the_credit(item_path):
    caption = "Порт Аральска, 2025 год. Фото: Алмас Жумабеков / The Steppe"
    item = run(item_path, [ARTICLE[0], caption, *ARTICLE[1:]])
    assert item.body == "\n\n".join(ARTICLE)
    assert item.photo_credit == "Алмас Жумабеков / The Steppe"
    long = f"{ARTICLE[2]} Спасатели работали до утра. Фото: ДЧС"
    item = run(type(item_path)(type(item_path.spider)), [*ARTICLE[:2], long])
    assert item.body.endswith("Спасатели работали до утра.")


def test_a_place_in_capitals_inside_the_text_and_a_sentence_about_a_video_stay(item_path):
    body = [ARTICLE[0], "АЛМАТЫ", "Видео с места аварии публикуют очевидцы в соцсетях.", ARTICLE[1]]
    assert run(item_path, body).body == "\n\n".join(body)
