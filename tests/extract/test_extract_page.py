"""`newscrawler.extract_page`: the crawl's item path for HTML a user already has."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import newscrawler
from newscrawler.fixtures import load_cases

SEED = next(c for c in load_cases("mailkz") if c.name == "seed_ru")
FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)


def test_a_page_gives_its_item_keyed_by_its_url_with_the_query_that_names_it():
    item = newscrawler.extract_page(
        SEED.html_path.read_bytes(), "https://www.example.kz/view.php?id=8723&utm_source=tg#top"
    )
    assert isinstance(item, newscrawler.extract_page.__globals__["ArticleItem"])
    assert item.url == "https://www.example.kz/view.php?id=8723"
    assert (item.site, item.lang, item.body_source) == ("example.kz", "ru", "container")
    assert item.title == SEED.expected["title"]
    assert item.body == SEED.expected["body"]
    assert item.word_count and item.content_hash


def test_the_same_page_twice_gives_the_same_item():
    """No dedup and no learning across calls: a result depends on its page alone."""
    html = SEED.html_path.read_text("utf-8")
    first = newscrawler.extract_page(html, "https://example.kz/a", FETCHED)
    assert newscrawler.extract_page(html, "https://example.kz/a", FETCHED) == first


def test_pages_without_an_article_say_why():
    empty = newscrawler.extract_page(b"", "https://example.kz/a")
    assert empty == newscrawler.Dropped("failures/empty_body", "not an article page: empty_body")
    chrome = newscrawler.extract_page("<html><body><p>Меню</p></body></html>", "https://x.kz/a")
    assert isinstance(chrome, newscrawler.Dropped)
    assert chrome.reason == "extract/dropped/no_text"
    state = json.dumps(
        {"article": {"title": "Засеяли саксаулом 10 тысяч гектаров", "text": "Слово " * 300}}
    )
    shell = (
        "<html><head><title>Засеяли саксаулом 10 тысяч гектаров | Dala News</title></head><body>"
        "<div class='footer'><p>© 2023 Dala News. Все права защищены. Использование материалов "
        "разрешено только со ссылкой на источник.</p></div>"
        f"<script>window.__STATE__={state}</script></body></html>"
    )
    dropped = newscrawler.extract_page(shell, "https://dala.example.kz/news/saxaul")
    assert isinstance(dropped, newscrawler.Dropped)
    assert dropped.reason == "extract/dropped/script_shell"


def article(headline: str, words: str, paragraphs: int) -> str:
    body = "".join(
        f"<p>{words} {i}: {words} {words} {words} {words}.</p>" for i in range(paragraphs)
    )
    return f"<article><h1>{headline}</h1><div class='text'>{body}</div></article>"


def test_a_body_after_two_headlines_none_of_them_the_pages_is_dropped():
    """An infinite scroll whose page states no title the headlines agree with: the longer body is
    the second article's, and nothing says which is this page's."""
    first = article("Аким Алматы встретился с жителями Медеуского района", "Первый текст", 2)
    second = article("В Астане открыли новый мост через Ишим", "Второй текст длиннее", 6)
    page = f"<html><head><title>Новости</title></head><body>{first}{second}</body></html>"
    dropped = newscrawler.extract_page(page, "https://example.kz/news/akim")
    assert dropped == newscrawler.Dropped(
        "extract/dropped/ambiguous_article", "extract/dropped/ambiguous_article"
    )
    titled = page.replace(
        "<title>Новости", "<title>Аким Алматы встретился с жителями Медеуского района"
    )
    item = newscrawler.extract_page(titled, "https://example.kz/news/akim")
    assert item.title.startswith("Аким Алматы") and "Первый текст" in item.body
    assert "Второй текст" not in item.body


LEADS = [
    ("Астанада жаңа велосипед жолдары ашылды", "Елордада 12 шақырым жаңа велосипед жолы "
     "пайдалануға берілді, олар Есіл өзенінің жағалауын саябақтармен байланыстырады."),
    ("Теңге бағамы: доллар арзандады", "Қор биржасындағы сауда қорытындысы бойынша доллардың "
     "орташа өлшенген бағамы 510,92 теңге болды, бұл кешегіден төмен."),
    ("Синоптиктер аптап ыстық туралы ескертті", "Алдағы үш күнде еліміздің оңтүстігі мен "
     "батысында ауа температурасы 40–42 градусқа дейін көтеріледі деп күтілуде."),
    ("Түркістан облысында жаңа аурухана салынады", "Облыс орталығында 300 төсектік көпбейінді "
     "аурухананың құрылысы басталды, нысанды 2027 жылы пайдалануға беру жоспарланған."),
    ("Алматыда метроның жаңа бекеті ашылады", "Қала әкімдігі метроның екі жаңа бекетінің "
     "құрылысы аяқталуға жақын екенін хабарлады, олар күзде ашылмақ."),
]  # fmt: skip
TEASERS = "".join(
    f"<div class='item'><a href='/kz/news/{i}'>{title}</a><div class='date'>12:0{i}, 18 маусым "
    f"2025</div><p>{lead}</p></div>"
    for i, (title, lead) in enumerate(LEADS)
)
FOOTER = (
    "<footer><p>© 2000–2025 Example.kz. Барлық құқықтар қорғалған. Материалдарды пайдаланған кезде "
    "сайтқа гиперсілтеме міндетті. Редакция авторлардың пікірімен келіспеуі мүмкін.</p></footer>"
)


def page(title: str, body: str, head: str = "") -> str:
    return f"<html><head><title>{title} - Example.kz</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "title", ["Бет табылмады", "Страница не найдена", "Ошибка 404", "404 — Page not found"]
)
def test_a_not_found_page_served_with_status_200_is_dropped(title):
    """A 404 page at an article-shaped URL: its apology and the latest news, teasers with leads
    longer than the apology, are no article."""
    body = (
        f"<main><div class='nf'><h1>{title}</h1><p>Мүмкін, жаңалық жойылған немесе мекенжай "
        f"қате терілген.</p></div><div class='latest'><h2>Соңғы жаңалықтар</h2>{TEASERS}</div>"
        f"</main>{FOOTER}"
    )
    dropped = newscrawler.extract_page(page(title, body), "https://example.kz/kz/news/x/y-z-1")
    assert dropped.reason == "extract/dropped/not_found_page"


def test_tag_and_section_pages_are_dropped_whatever_their_url():
    items = "".join(
        f"<li><a href='/kz/news/{i}'>{title}</a><div class='date'>12:0{i}, 18 маусым 2025</div>"
        f"<p>{lead}</p></li>"
        for i, (title, lead) in enumerate(LEADS)
    )
    tag = f"<main><h1>#Салық кодексі</h1><p>Тег бойынша 148 материал</p><ul>{items}</ul></main>"
    dropped = newscrawler.extract_page(
        page("Салық кодексі", tag + FOOTER), "https://example.kz/kz/news/t"
    )
    assert dropped.reason == "extract/dropped/listing_page"
    cards = "".join(
        f"<a href='/news/{i}'><div class='card'><div class='title'>{title}</div>"
        f"<div class='date'>Сегодня, 12:0{i}</div></div></a>"
        for i, (title, _) in enumerate(LEADS * 2)
    )
    section = f"<main><h1>Происшествия</h1><div class='cards'>{cards}</div></main>{FOOTER}"
    dropped = newscrawler.extract_page(page("Происшествия", section), "https://example.kz/news")
    assert dropped.reason == "extract/dropped/listing_page"


VIDEO_HEAD = (
    '<meta property="og:type" content="video.other"><script type="application/ld+json">'
    '{"@context": "https://schema.org", "@type": "VideoObject", "name": "Вечерний выпуск"}'
    "</script>"
)


def test_a_video_page_with_no_text_by_its_headline_is_dropped_not_its_footer_exported():
    cards = "".join(
        f"<div class='card'><a href='/video/{i}'><span>30:1{i}</span> {title}</a></div>"
        for i, (title, _) in enumerate(LEADS)
    )
    body = (
        "<div class='page'><div class='video'><h1>Новости. 17 июня 2025. Вечерний выпуск</h1>"
        f"<iframe src='https://player.example.kz/1'></iframe></div>{cards}</div>{FOOTER}"
    )
    title = "Новости. 17 июня 2025. Вечерний выпуск"
    dropped = newscrawler.extract_page(page(title, body, VIDEO_HEAD), "https://example.kz/video/1")
    assert dropped.reason == "extract/dropped/no_article_text"
    with_text = body.replace(
        "</iframe>", "</iframe>" + "".join(f"<p>{lead}</p>" for _, lead in LEADS)
    )
    item = newscrawler.extract_page(
        page(title, with_text, VIDEO_HEAD), "https://example.kz/video/1"
    )
    assert item.body.startswith(LEADS[0][1])


def test_articles_that_look_like_listings_or_not_found_pages_are_kept():
    """Paragraphs each opening with a linked name go on in the same line: prose, not teasers;
    a headline naming a missing page says more than that."""
    linked = "".join(
        f"<p><a href='/org/{i}'>{title}</a> — {lead}</p>" for i, (title, lead) in enumerate(LEADS)
    )
    title = "Бет табылмады: неге мемлекеттік сайттар жиі істен шығады"
    html = page(title, f"<main><article><h1>{title}</h1>{linked}</article></main>{FOOTER}")
    item = newscrawler.extract_page(html, "https://example.kz/kz/news/sites")
    assert isinstance(item, newscrawler.extract_page.__globals__["ArticleItem"])
    assert len(item.body.split("\n\n")) == len(LEADS)


def profile_head(types: str) -> str:
    return (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": {types}, "mainEntity": {{"@type": "Person", "name": "Дана Ермекова"}}}}'
        "</script>"
    )


def test_an_authors_profile_page_is_dropped_and_an_article_declaring_more_is_kept():
    """A bio under a name, over the author's teasers, is prose by a headline: only the page's
    own declaration tells it from a short article."""
    bio = (
        "<main><h1>Дана Ермекова</h1><p>Пишет о социальной политике, образовании и городской "
        "среде Астаны. Окончила факультет журналистики, в редакции с 2019 года.</p></main>"
    )
    url = "https://example.kz/avtory/dana-ermekova"
    dropped = newscrawler.extract_page(
        page("Дана Ермекова", bio, profile_head('"ProfilePage"')), url
    )
    assert dropped.reason == "extract/dropped/profile_page"
    article = profile_head('["ProfilePage", "NewsArticle"]')
    item = newscrawler.extract_page(page("Дана Ермекова", bio, article), url)
    assert item.body.startswith("Пишет о социальной политике")


def test_json_ld_of_another_article_gives_neither_its_date_nor_its_authors():
    """A template that cached the previous page's JSON-LD: its headline shares nothing with the
    og:title and <title>, so its datePublished and author are not this page's."""
    title = "В Шымкенте водитель внедорожника сбил двух пешеходов на переходе"
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "В Таразе '
        'задержали похитителей скота", "datePublished": "2026-11-27T10:05:00+05:00", '
        '"author": {"@type": "Person", "name": "Бауыржан Омаров"}}</script>'
    )
    head = f'<meta property="og:title" content="{title}">{ld}'
    paragraphs = "".join(f"<p>{lead}</p>" for _, lead in LEADS)
    body = f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
    fetched = datetime(2026, 12, 3, 12, tzinfo=UTC)
    url = "https://example.kz/news/shymkent-dtp"
    item = newscrawler.extract_page(page(title, body, head), url, fetched_at=fetched)
    assert (item.published_at, item.authors) == (None, [])
    own = ld.replace("В Таразе задержали похитителей скота", title)
    item = newscrawler.extract_page(page(title, body, head.replace(ld, own)), url, fetched)
    assert item.published_at == "2026-11-27T10:05:00+05:00"
    assert item.authors == ["Бауыржан Омаров"]
