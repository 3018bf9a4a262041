"""The markup stage on small pages built to break naive rules (site-agnostic behaviour)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newscrawler.extract import article
from newscrawler.extract.article import extract_article
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE

FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
URL = "https://mail.kz/ru/news/kz-news/x"
TEXT = [
    "Первый абзац новости о событиях в Алматы, достаточно длинный для настоящей статьи.",
    "Второй абзац с подробностями: в акимате рассказали о планах на следующий год.",
    "Третий абзац завершает материал и цитирует официальных лиц города Алматы.",
]
PARAS = "".join(f"<p>{t}</p>" for t in TEXT)
SIDEBAR = (
    "<aside><h3>Популярное</h3><ul>"
    "<li><a href='/ru/news/kz-news/a'>10:00, 1 января 2025 Старая новость</a></li></ul></aside>"
)


def extract(body: str, head: str = ""):
    html = f"<html><head><title>Заголовок - mail.kz</title>{head}</head><body>{body}</body></html>"
    return extract_article(html.encode(), "utf-8", URL, FETCHED, BOILERPLATE)


def test_logo_h1_loses_to_the_article_headline():
    found = extract(
        "<header><h1><a href='/'>Mail.kz</a></h1></header>"
        f"<main><div class='article'><h1>Заголовок статьи</h1><div class='text'>{PARAS}</div>"
        f"</div>{SIDEBAR}</main>"
    )
    assert found.title == "Заголовок статьи"
    assert found.paragraphs == TEXT


def test_lead_paragraph_in_its_own_block_is_kept():
    lead = "Лид: главное о событии одним абзацем, который стоит отдельно от основного текста."
    found = extract(
        f"<div class='news'><h1>Заголовок</h1><div class='lead'>{lead}</div>"
        f"<div class='text'>{PARAS}</div></div>"
    )
    assert found.paragraphs == [lead, *TEXT]


def test_wrapper_named_like_a_sidebar_is_not_chrome():
    found = extract(f"<div class='layout-with-sidebar'><h1>Заголовок</h1>{PARAS}</div>")
    assert found.paragraphs == TEXT


def test_chrome_names_on_a_page_wrapper_do_not_hide_the_article_under_a_script_heavy_page():
    """Real pages (aeb-dev): the article inside 'modal-enabled' or a theme's '…-menu' wrapper,
    with inline scripts and a long legal footer outweighing it in raw text."""
    script = "<script>" + "var config = {a: 1, b: [2, 3]};" * 400 + "</script>"
    footer = "<div class='footer-legal'>" + "<p>Legal terms of use and privacy policy. </p>" * 3
    for wrapper in ("box article modal-enabled", "td-content-wrap td-transition-content-and-menu"):
        found = extract(
            f"{script}<div class='{wrapper}'><h1>Заголовок</h1>{PARAS}</div>{footer}</div>{script}"
        )
        assert found.paragraphs == TEXT, wrapper


def test_an_aspnet_page_inside_one_form_is_read():
    found = extract(
        f"<form id='aspnetForm' method='post'><nav><a href='/'>Главная</a></nav>"
        f"<div class='content'><h1>Заголовок</h1>{PARAS}</div>{SIDEBAR}</form>"
    )
    assert found.paragraphs == TEXT


def test_a_small_sidebar_stays_chrome_beside_the_article():
    widget = "<div class='widget'>" + "<p>Подпишитесь на рассылку новостей портала сегодня.</p>"
    found = extract(f"<div class='post'><h1>Заголовок</h1>{PARAS}</div>{widget}</div>")
    assert found.paragraphs == TEXT


def test_dates_of_other_articles_are_never_the_article_date():
    related = (
        "<div><b>Читайте также:</b></div><table><tr><td>-</td><td>08:30, 20 декабря 2025</td>"
        "<td>Открыть Disneyland намерены</td></tr></table>"
    )
    found = extract(
        f"<div class='news'><h1>Заголовок</h1><div>{PARAS}{related}</div></div>{SIDEBAR}"
    )
    assert found.published_at is None
    assert not any("Disneyland" in p for p in found.paragraphs)


def test_time_element_and_labelled_date_line():
    found = extract(
        "<article><h1>Заголовок</h1><time datetime='2024-02-03T14:25'>3 февраля</time>"
        f"{PARAS}</article>"
    )
    assert found.published_at.isoformat() == "2024-02-03T14:25:00+06:00"
    meta = "<p class='meta'>Опубликовано: 12:05, 7 октября 2025</p>"
    found = extract(f"<div><h1>Заголовок</h1>{meta}{PARAS}</div>")
    assert found.published_at.isoformat() == "2025-10-07T12:05:00+05:00"
    assert found.paragraphs == TEXT


def test_source_link_after_a_bold_label():
    found = extract(
        f"<div><h1>Заголовок</h1>{PARAS}"
        "<p><strong>Источник:</strong> <a href='https://www.zakon.kz/6500000-x.html'>Zakon.kz</a></p>"
        "</div>"
    )
    assert found.credits == {"source": "Zakon.kz"}
    assert found.original_url == "https://www.zakon.kz/6500000-x.html"


def test_figcaption_credit_and_og_image():
    found = extract(
        "<div><h1>Заголовок</h1><figure><img src='/img/lead.jpg'><figcaption>© Фото: Акимат"
        f"</figcaption></figure>{PARAS}</div>"
    )
    assert found.credits == {"photo": "Акимат"}
    assert found.image_url == "https://mail.kz/img/lead.jpg"
    assert found.paragraphs == TEXT


def test_div_soup_with_line_breaks():
    text = "<br><br>".join([*TEXT, "Источник: zakon.kz", "Мы работаем для Вас!"])
    found = extract(f"<div id='content'><h1>Заголовок</h1><div class='txt'>{text}</div></div>")
    assert found.paragraphs[:3] == TEXT


def test_meta_row_byline_tags_and_tweet_leave_the_body():
    tweet = (
        "<blockquote class='twitter-tweet'><p>Каток открыт! <a href='https://t.co/x'>"
        "pic.twitter.com/Qx7</a></p>— Акимат Алматы (@almaty_akimat) December 19, 2025</blockquote>"
    )
    found = extract(
        "<div class='story'><h1>Заголовок</h1><div class='row'><a href='/ru/news/kz-news'>Казахстан"
        "</a><span>Сегодня, 01:15</span><span>512</span></div><div>Автор: <a href='/a/1'>Алия "
        f"Нурланова</a></div><div class='text'>{PARAS}{tweet}</div><div class='ftags'><b>Теги:</b> "
        "<a href='/ru/tags/katok/'>каток</a>, <a href='/ru/tags/almaty/'>Алматы</a></div></div>"
    )
    assert found.paragraphs == TEXT
    assert found.published_at.isoformat() == "2025-12-20T01:15:00+05:00"
    assert found.authors == ["Алия Нурланова"]
    assert found.tags == ["каток", "Алматы"]


def test_date_in_a_meta_list_item_without_a_link():
    found = extract(
        "<div><h1>Заголовок</h1><ul class='story-meta'><li><a href='/ru/news/economic'>Рубрика</a>"
        f"</li><li>12-01-2024, 17:05</li><li>Просмотров: 2 115</li></ul>{PARAS}</div>"
    )
    assert found.published_at.isoformat() == "2024-01-12T17:05:00+06:00"
    assert found.paragraphs == TEXT


def test_a_tag_link_inside_running_text_stays():
    para = (
        "Подробнее о <a href='/ru/tags/katok/'>катках</a> города читайте в нашем обзоре за неделю."
    )
    found = extract(f"<div><h1>Заголовок</h1>{PARAS}<p>{para}</p></div>")
    assert found.paragraphs[-1] == "Подробнее о катках города читайте в нашем обзоре за неделю."
    assert found.tags == []


def test_a_charset_label_that_lies_is_overruled_by_the_bytes():
    html = f"<html><body><div><h1>Заголовок</h1>{PARAS}</div></body></html>"
    for body, label in ((html.encode("cp1251"), "utf-8"), (html.encode("utf-8"), "cp1251")):
        found = extract_article(body, label, URL, FETCHED, BOILERPLATE)
        assert found.charset_repaired
        assert found.title == "Заголовок" and found.paragraphs == TEXT
    found = extract_article(html.encode("utf-8"), "utf-8", URL, FETCHED, BOILERPLATE)
    assert not found.charset_repaired


LD_TEXT = [
    "Аким Алматы провёл встречу с жителями Медеуского района и обсудил ремонт дорог и дворов.",
    "По его словам, в следующем году город отремонтирует более ста дворов и двадцать улиц.",
    "Жители также спросили о новых автобусных маршрутах, освещении парков и детских площадках.",
    "Аким пообещал, что график работ опубликуют на сайте акимата до конца этого месяца.",
]


def jsonld(paragraphs: list[str]) -> str:
    data = {
        "@type": "NewsArticle",
        "headline": "Аким встретился с жителями",
        "articleBody": "\n".join(paragraphs),
        "datePublished": "2025-12-19T10:00:00+05:00",
    }
    return f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"


def test_a_script_shell_page_takes_its_jsonld_body_never_the_footer():
    footer = (
        "<footer><p>© 2025 Портал. Все права защищены. Перепечатка материалов разрешена только "
        "с письменного согласия редакции и с активной ссылкой на источник.</p></footer>"
    )
    found = extract(f"{jsonld(LD_TEXT)}<div id='app'>Загрузка…</div>{footer}")
    assert (found.paragraphs, found.body_source) == (LD_TEXT, "jsonld")
    bare = extract(f"{jsonld(LD_TEXT)}<div id='app'></div>")  # no running text at all
    assert (bare.paragraphs, bare.body_source) == (LD_TEXT, "jsonld")
    assert bare.title == "Аким встретился с жителями"
    assert bare.published_at is not None


def test_the_next_article_of_an_infinite_scroll_never_gives_its_body_to_the_first():
    nxt = [t.replace("Алматы", "Астаны").replace("Медеуского", "Есильского") * 2 for t in TEXT]
    found = extract(
        f"{jsonld(LD_TEXT)}<article><h1>Аким встретился с жителями</h1>"
        + "".join(f"<p>{t}</p>" for t in LD_TEXT[:1])
        + "</article><article><h1>Следующая новость</h1>"
        + "".join(f"<p>{t}</p>" for t in nxt)
        + "</article>"
    )
    assert (found.paragraphs, found.body_source) == (LD_TEXT, "jsonld")


def test_a_jsonld_teaser_or_the_same_text_keeps_the_markup_body():
    same = extract(f"{jsonld(TEXT)}<div class='text'>{PARAS}</div>")
    assert (same.paragraphs, same.body_source) == (TEXT, "container")
    teaser = extract(f"{jsonld(['Коротко: аким встретился с жителями.'])}<div>{PARAS}</div>")
    assert (teaser.paragraphs, teaser.body_source) == (TEXT, "container")


def test_table_rows_hold_their_own_cells_only():
    """A rowspan or colspan leaves the rows it covers without that cell: a row is its own
    cells joined by ' | ', with no empty cell and no dangling separator."""
    table = (
        "<table><tr><th rowspan='2'>Район</th><th colspan='2'>Сроки</th></tr>"
        "<tr><th>начало</th><th>конец</th></tr>"
        "<tr><td rowspan='2'>Есиль</td><td>3 июня</td><td>16 июня</td></tr>"
        "<tr><td>10 июня</td><td></td></tr>"
        "<tr><td colspan='3'>Графики могут меняться.</td></tr></table>"
    )
    found = extract(f"<div class='news'><h1>Заголовок</h1>{PARAS}{table}</div>")
    assert found.paragraphs == [
        *TEXT,
        "Район | Сроки",
        "начало | конец",
        "Есиль | 3 июня | 16 июня",
        "10 июня",
        "Графики могут меняться.",
    ]


def test_a_paywalled_article_is_its_visible_teaser_without_the_subscription_box():
    """The teaser is what a reader sees of a paywalled article (real pages score it as the
    article); the subscription box after it, however wordy, is not."""
    box = (
        "<div class='paywall'><div class='paywall__title'>Этот материал доступен только "
        "подписчикам</div><p class='paywall__text'>Оформите подписку, чтобы читать аналитику, "
        "интервью и расследования без ограничений и получать доступ к архиву за десять лет.</p>"
        "<ul><li><b>1 месяц</b> — 1 990 ₸</li><li><b>12 месяцев</b> — 17 900 ₸</li></ul></div>"
    )
    found = extract(f"<article><h1>Заголовок</h1><div class='body'>{PARAS}</div>{box}</article>")
    assert found.paragraphs == TEXT


CHRONOLOGY = [
    ("12 января 2023", "Правительство продлило мораторий на рост цен на бензин до конца полугодия"),
    ("1 июля 2023", "Мораторий истёк, на заправках Алматы литр бензина подорожал до 218 тенге"),
    ("2 октября 2023", "Цена литра бензина в Астане впервые превысила 230 тенге, сообщили АЗС"),
]
RELATED = [("9 января 2025", "Продажи электромобилей в Казахстане выросли вдвое за первый квартал")]
PROSE = [f"{TEXT[0]} {TEXT[1]}", f"{TEXT[1]} {TEXT[2]}", f"{TEXT[2]} {TEXT[0]}"]
"""Paragraphs of running text: 80 characters or more."""


def dated_links(items: list[tuple[str, str]]) -> str:
    """A list of 'date — linked headline' items, the link four fifths of each."""
    return (
        "<ul>"
        + "".join(
            f"<li><strong>{day}</strong> — <a href='/news/{i}'>{event}</a></li>"
            for i, (day, event) in enumerate(items)
        )
        + "</ul>"
    )


def test_a_list_of_links_between_the_paragraphs_is_the_article_one_after_them_is_related():
    """A chronology whose every event links its story, set between the body's paragraphs under
    a subheading of its own, is text; the same 'date — link' list under a related heading, or
    after the body, is other articles'."""
    found = extract(
        f"<div class='news'><h1>Заголовок</h1><p>{PROSE[0]}</p><h2>Хронология</h2>"
        f"{dated_links(CHRONOLOGY)}<p>{PROSE[1]}</p><h3>Ещё по теме</h3>{dated_links(RELATED * 3)}"
        f"<p>{PROSE[2]}</p>{dated_links(RELATED * 3)}</div>"
    )
    events = [f"{day} — {event}" for day, event in CHRONOLOGY]
    assert found.paragraphs == [PROSE[0], "Хронология", *events, *PROSE[1:]]


def test_a_one_link_paragraph_completing_the_one_before_is_prose():
    """A linked headline the sentence before it leads into ('… под заголовком', '…:') is text;
    after a related heading, a subheading or a finished paragraph it is another article's."""
    headline = "<p><a href='https://example.com/story'>«Central Asia’s Water Crunch»</a></p>"
    lead_ins = ["Статья вышла 10 марта под заголовком", "Эксперты опубликовали доклад:"]
    finished = f"{TEXT[1]} {TEXT[2][:-1]}"  # a long paragraph missing its final stop
    not_lead_ins = ["Читайте также на сайте:", "<strong>Что говорят эксперты</strong>", finished]
    for before in lead_ins + not_lead_ins:
        found = extract(
            f"<div class='news'><h1>Заголовок</h1><p>{TEXT[0]}</p><p>{before}</p>{headline}"
            f"<p>{TEXT[2]}</p></div>"
        )
        kept = "«Central Asia’s Water Crunch»" in found.paragraphs
        assert kept == (before in lead_ins), before


def test_a_short_lead_beside_the_body_opens_it():
    """A one-sentence lead is too short to count as running text beside the body."""
    lead = "Минтранс снизил цены на авиабилеты по 12 направлениям."
    found = extract(
        f"<div class='article'><h1>Заголовок</h1><div class='date'>Сегодня, 01:15</div>"
        f"<div class='description'>{lead}</div><div class='content'>{PARAS}</div></div>"
    )
    assert found.paragraphs == [lead, *TEXT]


def test_a_lead_in_the_header_with_the_headline_opens_the_body():
    lead = "Лид статьи стоит в шапке рядом с заголовком и датой, отдельно от основного текста."
    found = extract(
        "<article><header><h1>Заголовок</h1><time datetime='2025-12-20T01:15:00+05:00'>"
        f"20 декабря</time><p class='article__lead'>{lead}</p></header>"
        f"<figure><img src='/a.jpg'><figcaption>Фото: Акимат</figcaption></figure>"
        f"<div class='article__body'>{PARAS}</div></article>"
    )
    assert found.paragraphs == [lead, *TEXT]


def test_a_lead_classed_block_is_not_taken_before_the_headline_or_twice():
    """A rubric's description above the headline is no lead; a lead the body repeats as its
    opening words is not set before it again."""
    rubric = "Описание рубрики: новости Алматы и области каждый день"
    lead = "Минтранс снизил цены на авиабилеты по 12 направлениям."
    first = f"{lead} Новые тарифы начнут действовать с 1 января 2026 года по всей стране."
    found = extract(
        f"<div class='news'><div class='rubric-description'>{rubric}</div><h1>Заголовок</h1>"
        f"<p class='lead'>{lead}</p><div class='text'><p>{first}</p>{PARAS}</div></div>"
    )
    assert found.paragraphs == [first, *TEXT]


def test_authors_from_links_to_their_pages_and_their_block_leaves_the_body():
    """An author block repeating the name (its photo's title, a mobile copy) and unclassed as
    a byline: the link to the author's page names them once."""
    block = (
        "<div class='authorBlock'><a href='/authors/aigerim-sadykova/'><img alt='x'></a>"
        "<a href='/authors/aigerim-sadykova/'>Айгерим Садыкова</a><span>Айгерим Садыкова</span>"
        "</div>"
    )
    found = extract(f"<div class='news'><h1>Заголовок</h1><div class='text'>{PARAS}{block}</div>")
    assert found.authors == ["Айгерим Садыкова"]
    assert found.paragraphs == TEXT


def test_an_author_page_linked_inside_a_sentence_is_words_of_the_article():
    quote = (
        "Об этом рассказал наш обозреватель <a href='/authors/erlan-mukashev/'>Ерлан Мукашев</a>, "
        "побывавший на месте событий в Алматы на прошлой неделе."
    )
    found = extract(f"<div class='news'><h1>Заголовок</h1><div class='text'>{PARAS}<p>{quote}</p>")
    assert found.authors == []
    assert found.paragraphs[-1].startswith("Об этом рассказал наш обозреватель Ерлан Мукашев,")


def test_a_flash_under_a_longer_appeal_box_is_the_body():
    """Two short sentences, and after them an app-and-channels box that outweighs them by text
    density: the box asks the reader to subscribe, so it is never the body container."""
    flash = [
        "В Шымкенте в подвале девятиэтажного дома произошёл пожар, сообщили в ДЧС.",
        "Из дома эвакуировали 27 человек, пострадавших нет.",
    ]
    box = (
        "<div class='phone-news'><div class='phone-news__title'>Новости в телефоне</div><p>Хотите "
        "узнавать новости первыми? Подпишитесь на наши Telegram, WhatsApp и Instagram. Каждый "
        "день самые важные события, объяснения экспертов, фото и видео — всё в одном месте. "
        "Включите уведомления, и вы ничего не пропустите.</p></div>"
    )
    text = "".join(f"<p>{t}</p>" for t in flash)
    found = extract(
        f"<main><div class='page'><div class='article'><h1>Пожар в Шымкенте</h1>"
        f"<div class='content'>{text}</div></div>{box}</div></main>"
    )
    assert found.paragraphs == flash


def test_a_text_byline_opening_the_body_names_the_author():
    found = extract(
        f"<article><h1>Заголовок</h1><div class='entry'><p><strong>Текст: Алия Бекова</strong>"
        f"</p>{PARAS}</div></article>"
    )
    assert found.authors == ["Алия Бекова"]
    assert found.paragraphs == TEXT


def test_the_lead_photos_credit_survives_a_chrome_sounding_wrapper():
    """Every wrapper of a Bitrix article named like chrome: the lead photo's 'widget__img' goes
    with the chrome, its credit is still the article's."""
    found = extract(
        "<div class='widget widget--news-detail'><h1>Заголовок</h1><div class='widget__img'>"
        "<img src='/a.jpg'><div class='widget__caption'>Фото: kt.kz</div></div>"
        f"<div class='widget__content'>{PARAS}</div></div>"
    )
    assert found.credits.get("photo") == "kt.kz"
    assert found.paragraphs == TEXT


def test_a_cover_standfirst_set_with_the_headline_opens_the_body():
    """Tilda: the cover holds the headline and the standfirst (classed 'descr'); the text blocks
    follow as records of their own, and the body's span leaves the cover out."""
    standfirst = (
        "Двадцать лет назад от Аральска до воды было почти сто километров. Сегодня — около "
        "пятнадцати. Мы проехали по бывшему дну моря."
    )
    text = [f"{t} {t}" for t in TEXT]
    records = "".join(f"<div class='t-rec'><div class='t-text'>{t}</div></div>" for t in text)
    found = extract(
        f"<div class='t-records'><div class='t-rec'><div class='t-cover'><h1>Заголовок</h1>"
        f"<div class='t-descr'>{standfirst}</div></div></div>{records}</div>"
    )
    assert found.paragraphs == [standfirst, *text]


def test_a_japanese_body_is_not_taken_for_a_scrap_by_its_few_spaces(monkeypatch):
    """Chinese and Japanese have no spaces between words: 300 characters of an article are not
    the 'few words' that ask trafilatura for a second opinion on the whole page."""
    sentence = "先日、不正に改造したスマートフォンを販売したとして、男性が逮捕されました。"
    japanese = [sentence * 3, sentence * 3, sentence * 2]

    def whole_page(*_: object) -> list[str]:
        raise AssertionError("second opinion asked")

    monkeypatch.setattr(article, "whole_page_paragraphs", whole_page)
    body = "".join(f"<p>{p}</p>" for p in japanese)
    found = extract(f"<div class='article'><h1>逮捕されました</h1><div>{body}</div></div>")
    assert (found.paragraphs, found.body_source) == (japanese, "container")


def test_a_list_inside_a_list_item_is_read_once():
    """trafilatura keeps a nested list inside its item: reading every item of the outer list
    recursively gave the inner items twice (aeb-dev: a fact check's list of sources)."""
    inner = "<ul><li>Первый источник.</li><li>Второй источник.</li></ul>"
    sources = f"<ul><li>Источники{inner}</li></ul>"
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{sources}</div></div>")
    assert found.paragraphs == [*TEXT, "Источники", "Первый источник.", "Второй источник."]


def test_a_hover_card_inside_a_sentence_is_dropped_and_the_name_kept():
    """aeb-dev (thehill.com): a person's name in the text holds a card shown on hover, with their
    photo, name again and latest headlines, all in the paragraph's markup."""
    card = (
        "<span><img src='/p.jpg'><a href='/people/a'>Айгуль Сейтова</a>"
        "<a href='/news/1'>Другая новость о депутате и её законопроекте</a> "
        "<a href='/news/2'>Ещё одна новость о депутате</a></span>"
    )
    name = f"<span><a href='/people/a'>Айгуль Сейтова</a>{card}</span>"
    lead = f"<p>Депутат {name} выступила в мажилисе с докладом о бюджете на следующий год.</p>"
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{lead}{PARAS}</div></div>")
    assert found.paragraphs == [
        "Депутат Айгуль Сейтова выступила в мажилисе с докладом о бюджете на следующий год.",
        *TEXT,
    ]
    assert found.dropped["link_card"] == 1


def test_the_pages_own_address_as_a_line_is_no_text():
    """aeb-dev (mysanantonio.com): a print layout shows the page's URL in the block that holds
    the article."""
    for before, after in ((f"<span>{URL}</span>", ""), ("", f"<p class='print'>{URL}</p>")):
        found = extract(
            f"<div class='article'><h1>Заголовок</h1><div>{before}{PARAS}{after}</div></div>"
        )
        assert found.paragraphs == TEXT


def test_a_box_of_teaser_cards_under_a_related_heading_goes_with_it():
    """aeb-dev (panarmenian.net): 'Top stories' in a box of its own, then cards of thumbnail,
    linked headline and lead in table cells, inside the block that holds the article."""
    card = (
        "<div><table><tr><td><a href='/news/{n}'><img src='/t{n}.jpg'></a></td>"
        "<td><a href='/news/{n}'>Заголовок другой новости номер {n} о городе</a></td></tr></table>"
        "<div>Лид другой новости, достаточно длинный, чтобы считаться абзацем текста.</div></div>"
    )
    cards = "".join(card.format(n=n) for n in range(3))
    boxes = f"<div class='box-title'><strong>Читайте также</strong></div><div>{cards}</div>"
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{boxes}</div></div>")
    assert found.paragraphs == TEXT


def test_the_lead_photos_caption_in_a_div_goes_and_a_photo_reports_captions_stay():
    """aeb-dev (ctvnews.ca): a `div` of the image and its caption paragraph before the body."""
    caption = "Вид на Алматы с Кок-Тобе: снимок из архива агентства, сделанный весной того года."
    figure = f"<div class='image'><img src='/a.jpg'><p>{caption}</p></div>"
    found = extract(f"<div class='article'><h1>Заголовок</h1>{figure}<div>{PARAS}</div></div>")
    assert found.paragraphs == TEXT
    captions = [f"{text} Фото с места событий." for text in TEXT]
    report = "".join(f"<div><img src='/{n}.jpg'><p>{c}</p></div>" for n, c in enumerate(captions))
    found = extract(f"<article><h1>Заголовок</h1>{report}</article>")
    assert found.paragraphs == captions


NEWS = (
    "С девяти утра движение на трассе Астана – Караганда закрыто из-за метели и гололёда; "
    "ограничение снимут после улучшения погоды, сообщили в КазАвтоЖоле."
)
SIDE_TEASERS = "".join(
    f"<div class='box__teaser'><a href='/ru/news/kz-news/t{i}'>Другая новость номер {i} о "
    f"погоде и дорогах страны</a><span class='box__date'>2 декабря 2026, 1{i}:00</span>"
    f"<p>Лид другой новости номер {i}: синоптики обещают снег, гололёд и ветер до 25 метров в "
    "секунду в северных и центральных регионах страны на ближайшие двое суток.</p></div>"
    for i in range(4)
)


HEADLINE = "На трассе Астана – Караганда ввели ограничения из-за метели"


def titled(body: str):
    """A page whose <title> states the headline, as pages do: the headline is then known."""
    html = f"<html><head><title>{HEADLINE} - mail.kz</title></head><body>{body}</body></html>"
    return extract_article(html.encode(), "utf-8", URL, FETCHED, BOILERPLATE)


def test_a_side_column_of_teasers_with_leads_does_not_outweigh_a_one_paragraph_news_item():
    """Each teaser: a linked headline, an inline date, its lead. Their leads outweigh the news
    item, but they are other articles' text: the body is the paragraph under the headline."""
    found = titled(
        f"<div class='cols'><div class='main'><div class='story'><h1>{HEADLINE}</h1>"
        f"<div class='story__text'><p>{NEWS}</p></div></div></div>"
        f"<div class='side'><div class='box'><div class='box__title'>Новости по теме</div>"
        f"{SIDE_TEASERS}</div></div></div>"
    )
    assert found.paragraphs == [NEWS]


def test_a_page_of_teasers_alone_is_still_a_listing():
    with pytest.raises(article.ExtractionError) as raised:
        titled(f"<div class='cols'><h1>{HEADLINE}</h1><div class='list'>{SIDE_TEASERS}</div></div>")
    assert raised.value.reason == "listing_page"


def test_the_whole_page_reading_adds_no_side_column_to_a_short_news_item():
    """trafilatura's reading of the whole page holds the news item and the side column's exchange
    rates and horoscope: the item is not taken to be a piece of that longer text."""
    horoscope = "".join(
        f"<p>{sign}: день новых знакомств, решения не торопите, покупки отложите.</p>"
        for sign in ("Овен", "Телец", "Близнецы", "Рак", "Лев", "Дева", "Весы", "Скорпион")
    )
    rates = (
        "<table><tr><td>USD</td><td>498,10</td></tr><tr><td>EUR</td><td>524,60</td></tr></table>"
    )
    found = titled(
        f"<div class='cols'><div class='main'><div class='story'><h1>{HEADLINE}</h1>"
        f"<div class='story__text'><p>{NEWS}</p></div></div></div>"
        f"<div class='side'><div class='box'>{rates}</div><div class='box'>{horoscope}</div>"
        "</div></div>"
    )
    assert found.paragraphs == [NEWS]
    assert found.body_source == "container"


def test_the_date_and_cover_credit_beside_a_headline_in_a_hero_band_over_the_columns():
    """The page's own headline, its empty <time datetime> (filled by a script) and the cover's
    credit stand in a band above the columns that hold the body: read there all the same."""
    found = titled(
        "<div class='hero'><figure><img src='/c.jpg'><figcaption>Фото: Mail.kz / Иван Петров"
        f"</figcaption></figure><div class='hero__text'><h1>{HEADLINE}</h1>"
        "<div class='hero__meta'><time datetime='2025-12-03T10:30:00+05:00'></time>"
        "<span>4 102</span></div></div></div>"
        f"<div class='cols'><div class='main'><div class='story__text'>{PARAS}</div></div>"
        "<div class='side'><ul><li><a href='/ru/news/kz-news/o'>Другая новость</a> "
        "<span>15:25, 3 декабря 2026</span></li></ul></div></div>"
    )
    assert found.paragraphs == TEXT
    assert found.published_at.isoformat() == "2025-12-03T10:30:00+05:00"
    assert found.credits["photo"] == "Mail.kz / Иван Петров"


def test_a_joomla_content_heading_cell_is_the_headline_and_its_table_gives_the_dates():
    found = titled(
        "<div id='maincolumn'><table class='contentpaneopen'><tr>"
        f"<td class='contentheading' width='100%'>{HEADLINE}</td></tr></table>"
        "<table class='contentpaneopen'>"
        "<tr><td class='createdate'>Сейсенбі, 15 Қараша 2022 11:20</td></tr>"
        f"<tr><td>{PARAS}</td></tr>"
        "<tr><td class='modifydate'>Соңғы өзгеріс ( Сейсенбі, 15 Қараша 2022 16:05 )</td></tr>"
        "</table></div>"
    )
    assert found.title == HEADLINE
    assert found.paragraphs == TEXT
    assert found.published_at.isoformat() == "2022-11-15T11:20:00+06:00"
    assert found.updated_at.isoformat() == "2022-11-15T16:05:00+06:00"


def test_a_related_card_labelled_inside_its_link_goes_whole():
    """Held-out round 7 (a hashed-class layout) and the zakon.kz redesign: a card between the
    paragraphs is one link holding the label, the headline and its date in spans. Cutting the
    label alone left the headline and date as a line of the body."""
    card = (
        "<a href='/kz/news/y'><img src='/t.jpg'><span>Тағы оқыңыз</span>"
        "<span>Шымкентте балалар ауруханасының жаңа корпусы салынады</span>"
        "<span>3 желтоқсан 2026</span></a>"
    )
    paras = [f"<p>{t}</p>" for t in TEXT]
    found = extract(
        f"<div class='article'><h1>Заголовок</h1><div>{paras[0]}{card}{''.join(paras[1:])}</div>"
        "</div>"
    )
    assert found.paragraphs == TEXT


def test_an_ad_box_between_the_paragraphs_goes_with_its_offer():
    """Held-out round 7: an ad box labelled 'Жарнама' in an element of its own, its offer and terms
    in blocks after it. The label alone was furniture; the offer stayed as the article's."""
    ad = (
        "<div><span>Жарнама</span><div>Пәтеріңізді жылытыңыз: пластик терезелер 20% жеңілдікпен"
        "</div><div>Өлшеу мен орнату тегін. Ұсыныс 31 желтоқсанға дейін жарамды.</div></div>"
    )
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{ad}{PARAS}</div></div>")
    assert found.paragraphs == TEXT + TEXT
    assert found.dropped["ad"] == 1


def test_a_paragraph_opening_with_an_ad_label_word_stays():
    """The label must stand in an element of its own at the box's start: prose about ads stays."""
    prose = (
        "<div><b>Реклама</b> на билбордах в Алматы подорожала на треть за год, сообщили в "
        "ассоциации рекламодателей.</div>"
    )
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{prose}</div></div>")
    assert found.paragraphs[-1].startswith("Реклама на билбордах")


def test_captions_among_the_paragraphs_go_and_sentences_by_images_stay():
    """Held-out round 7: photos inside the text with a caption in a plain `div` and no 'Фото:'
    label. After the text begins, a caption is told from a paragraph by having no closing stop."""

    def figure(line: str) -> str:
        return f"<div><img src='/v.jpg'><div>{line}</div></div>"

    caption = "Так выглядит салон: вдоль стен – сиденья, посередине – поручни"
    sentence = "Вагоны собраны на заводе и прошли испытания на полигоне."
    found = extract(
        f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{figure(caption)}"
        f"{figure(sentence)}{PARAS}</div></div>"
    )
    assert found.paragraphs == [*TEXT, sentence, *TEXT]
    assert found.dropped["caption"] == 1


def test_hatoms_published_stamp_inside_the_permalink_dates_the_post():
    """Held-out round 7 (Blogger): the post's only time is hAtom's `abbr.published[title]`,
    inside the permalink; dates in links are otherwise other articles'."""
    footer = (
        "<div class='post-footer'>Posted by <span>Айдос</span> at <a href='/2025/12/x.html'>"
        "<abbr class='published' title='2025-12-19T14:05:00+05:00'>14:05</abbr></a></div>"
    )
    found = extract(f"<div class='post'><h1>Заголовок</h1><div>{PARAS}</div>{footer}</div>")
    assert found.published_at == datetime(2025, 12, 19, 9, 5, tzinfo=UTC)


def test_a_date_after_an_update_label_of_its_own_is_the_update():
    """aeb-dev (newsnation.in): 'Updated : ' in one span, the date in the next; the page shows no
    publication time, and the update's is not one."""
    meta = "<div><span>Бюро новостей | Обновлено : </span><span>19 декабря 2025, 09:01</span></div>"
    found = extract(f"<div class='article'><h1>Заголовок</h1>{meta}<div>{PARAS}</div></div>")
    assert found.published_at is None
    assert found.updated_at == datetime(2025, 12, 19, 4, 1, tzinfo=UTC)


def test_a_one_sentence_news_item_in_a_table_layout_beats_its_feed_and_footer():
    """Held-out round 8 (an old table layout; first scored F1 0: the side feed was the body). The
    right column's feed items open with their time ('16:32 <a>…</a>') before the headline and
    have leads; the legal footer shares only the page's one <table> with the headline."""
    news = (
        "Движение по Медеускому шоссе выше плотины закрыто до 18:00 из-за схода снега на "
        "проезжую часть, сообщили в департаменте полиции, водителей просят выбирать объезд."
    )
    lead = "Подробности события, о котором рассказывает эта новость ленты, в одном предложении."
    feed = "".join(
        f"<li><span>16:{i:02d}</span> <a href='/n/{i}'>Заголовок новости ленты номер {i}</a>"
        f"<p>{lead}</p></li>"
        for i in range(10, 22)
    )
    legal = (
        "Mail.kz — казахстанский информационный портал. Мнение редакции может не совпадать с "
        "мнением авторов. При перепечатке материалов ссылка на источник обязательна. "
        "Редакция не несёт ответственности за содержание рекламных материалов и комментариев."
    )
    title = "В Алматы временно закрыли Медеуское шоссе"
    html = (
        f"<html><head><title>{title} - Mail.kz</title></head><body><table><tr><td><div>"
        f"<h1>{title}</h1><div>03.12.2025 | 15:50</div><div><p>{news}</p></div></div></td>"
        f"<td><ul>{feed}</ul></td></tr><tr><td colspan='2'><p>{legal}</p>"
        "<p>© 2002–2025 Mail.kz</p></td></tr></table></body></html>"
    )
    found = extract_article(html.encode(), "utf-8", URL, FETCHED, BOILERPLATE)
    assert found.paragraphs == [news]


def test_a_gallery_among_the_paragraphs_goes_and_a_listicle_stays():
    """Held-out round 8: a gallery of ten captioned photos (caption and counter '1 / 10' in
    hashed-free plain divs) after two paragraphs. A listicle's items are an image and sentences."""
    gallery = (
        "<div><div>Фотогалерея</div>"
        + "".join(
            f"<div><img src='/g{i}.jpg'><div>Мастера режут ледяные блоки у реки, кадр {i}</div>"
            f"<div>{i} / 5</div></div>"
            for i in range(1, 6)
        )
        + "</div>"
    )
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{gallery}</div></div>")
    assert found.paragraphs == TEXT
    assert found.dropped["gallery"] == 1
    listicle = (
        "<div>"
        + "".join(
            f"<div><img src='/l{i}.jpg'><p>Факт {i}: в Алматы больше парков. Их площадь "
            "выросла.</p></div>"
            for i in range(1, 6)
        )
        + "</div>"
    )
    found = extract(f"<div class='article'><h1>Заголовок</h1><div>{PARAS}{listicle}</div></div>")
    assert len(found.paragraphs) == len(TEXT) + 5


def test_the_body_is_not_widened_past_a_headline_under_a_logo_h1():
    """Held-out round 8 (a newspaper's site): the logo is the <h1>, the headline an <h2>; the
    climb from the text to its siblings stops at the headline's block, not at the page's wrapper
    holding a right column with a subscription paragraph."""
    title = "Малый Арал: что изменилось в Аральске за двадцать лет"
    right = (
        "<div id='right'><div>Свежий номер</div><div>Подписка</div><div>Подписной индекс газеты "
        "«Время» — 65320. Оформить подписку можно во всех отделениях «Казпочты».</div></div>"
    )
    html = (
        f"<html><head><title>{title} - Время</title></head><body><div id='top'><h1>Время</h1>"
        f"</div><div id='wrap'><div id='content'><h2>{title}</h2><div>{PARAS}</div>"
        f"<div>Опубликовано в номере №187 от 3 декабря 2025 года</div></div>{right}</div>"
        "</body></html>"
    )
    found = extract_article(html.encode(), "utf-8", URL, FETCHED, BOILERPLATE)
    assert found.paragraphs == TEXT


@pytest.mark.parametrize(
    "label", ["<b>Толығырақ:</b>", "Сондай-ақ оқыңыз:", "Подробнее:", "Also read:"]
)
def test_a_labelled_link_to_another_headline_is_dropped_whatever_its_label(label):
    """'<label>: <a>headline</a>' between the paragraphs points to another article: its label
    may outweigh a short link, and is in no list of related headings."""
    line = (
        f"<p>{label} <a href='/ru/news/kz-news/y'>Астанада қоғамдық көлік жол ақысы өзгерді</a></p>"
    )
    paras = PARAS.replace("</p>", "</p>" + line, 1)
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{paras}</article></main>")
    assert found.paragraphs == TEXT


def test_a_source_or_credit_link_after_its_label_is_read_not_dropped():
    source = (
        "<p>Источник: <a href='https://www.gov.kz/memleket/entities/dsm'>Министерство "
        "здравоохранения Республики Казахстан</a></p>"
    )
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{PARAS}{source}</article></main>")
    assert found.original_url == "https://www.gov.kz/memleket/entities/dsm"
    assert found.paragraphs == TEXT


def test_a_wordpress_publication_stamp_inside_its_permalink_is_the_date():
    meta = (
        "<div class='entry-meta'>Опубликовано <a href='/2025/12/19/x/' rel='bookmark'><time "
        "class='entry-date published' datetime='2025-12-19T06:12:00Z'>19.12.2025</time></a></div>"
    )
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{meta}{PARAS}</article></main>")
    assert found.published_at.isoformat() == "2025-12-19T11:12:00+05:00"
    linked = meta.replace(" published", "")  # a date in a link is another article's, as before
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{linked}{PARAS}</article></main>")
    assert found.published_at is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("1766124900", "2025-12-19T11:15:00+05:00"),
        ("1766124900000", "2025-12-19T11:15:00+05:00"),
        ("20251219", None),
    ],
)
def test_a_unix_time_a_script_renders_as_the_date_is_read(stamp, expected):
    """`<span data-timestamp>` filled in by a script: the markup holds only the number."""
    meta = (
        f"<div class='news__meta'><span class='news__date' data-timestamp='{stamp}'></span></div>"
    )
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{meta}{PARAS}</article></main>")
    assert (found.published_at and found.published_at.isoformat()) == expected


MODIFIED = '<meta property="article:modified_time" content="2025-12-19T11:05:00Z">'


def test_an_update_is_read_from_its_time_element_or_the_metadata_beside_its_label():
    """'Updated <time datetime>': the stamp after the label is the update. The metadata's
    modification time, which has its offset, comes first once the page shows an update, and
    stands in for a label whose time cannot be read ('16.05 GMT'); without a label shown, many
    sites restamp it on every save, and it is no update."""
    published = "<time datetime='2025-12-19T06:00:00Z'>19 декабря 2025</time>"
    updated = "<span>Updated <time datetime='2025-12-19T09:30:00Z'>12:30 PM EST</time></span>"
    header = f"<h1>Заголовок статьи</h1><div>{published} {{}}</div>"
    article = f"<main><article>{header}{PARAS}</article></main>"
    found = extract(article.format(updated))
    assert found.updated_at.isoformat() == "2025-12-19T14:30:00+05:00"
    found = extract(article.format(updated), MODIFIED)
    assert found.updated_at.isoformat() == "2025-12-19T16:05:00+05:00"
    last_modified = "<span>Last modified on Fri 19 Dec 16.05 GMT</span>"
    found = extract(article.format(last_modified), MODIFIED)
    assert found.updated_at.isoformat() == "2025-12-19T16:05:00+05:00"
    assert extract(article.format(""), MODIFIED).updated_at is None
    earlier = updated.replace("09:30:00Z", "05:30:00Z")  # before the publication: no update
    assert extract(article.format(earlier)).updated_at is None


def test_endnotes_lose_their_links_back_to_the_markers_and_keep_their_text():
    notes = (
        "<ol class='footnotes'><li id='fn1'>Архив РК, ф. 44. <a href='#fnref1'>↩</a></li>"
        "<li id='fn2'>По оценкам 1914 года. <a href='#fnref2' class='footnote-back'>↑</a></li></ol>"
    )
    found = extract(f"<main><article><h1>Заголовок статьи</h1>{PARAS}{notes}</article></main>")
    assert found.paragraphs == [*TEXT, "Архив РК, ф. 44.", "По оценкам 1914 года."]
    assert found.dropped["back_link"] == 2
