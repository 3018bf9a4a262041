"""zakon.kz as its data says (sources/zakonkz/): URL shapes and keys, its listing reader, and its
furniture by name kept out of every fixture's body."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, JsonResponse

from newscrawler.extract.boilerplate import RELATED_ITEM
from newscrawler.fixtures import FIXTURES_DIR, Case, load_cases, outcome
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.sources.source import ArticleUrl
from newscrawler.sources.zakonkz import SOURCE
from newscrawler.sources.zakonkz.boilerplate import BOILERPLATE
from newscrawler.sources.zakonkz.listings import read_zakon_listing
from newscrawler.spiders.sources import SPIDERS

ROOTS = SOURCE.roots()
FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
ARTICLE = "https://www.zakon.kz/sport/6507788-kazakhstanskii-lyzhnik-zavoeval-medal.html"
MARKERS = (
    "Поделитесь новостью", "Жаңалықпен бөлісіңіз", "Google News", "Нашли ошибку", "Беттегі қате",
    "Жаңалықтар телефоныңда", "Материал по теме", "Тақырыпқа қатысты", "Читайте также", "Erid",
    "публикацию в Instagram", "Мнение автора",
)  # fmt: skip
"""zakon.kz's furniture by its words: a marker in a body is a rule of sources/zakonkz gone quiet
(an embed's words, not the name Instagram, which an article may well say: held-out a06)."""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ARTICLE, ArticleUrl("ru", "sport", "kazakhstanskii-lyzhnik-zavoeval-medal", "6507788")),
        ("https://www.zakon.kz/6413582-v-kazakhstane-izmeniat-pravila.html",
         ArticleUrl("ru", None, "v-kazakhstane-izmeniat-pravila", "6413582")),
        ("https://zakon.kz/amp/proisshestviia/6503456-pozhar.html",
         ArticleUrl("ru", "proisshestviia", "pozhar", "6503456")),
        ("https://kaz.zakon.kz/kogam-tynysy/6065432-astanada-mektep-ashyldy.html",
         ArticleUrl("kk", "kogam-tynysy", "astanada-mektep-ashyldy", "6065432")),
        ("https://www.zakon.kz/redaktsiia-zakonkz/6500100-o-nas.html",
         ArticleUrl("ru", "redaktsiia-zakonkz", "o-nas", "6500100")),
        ("https://www.zakon.kz/pbf/6500001-partnerskii-material.html", None),
        ("https://www.zakon.kz/special/6501500-zimnie-kanikuly.html", None),
        ("https://zakon.kz/amp/special/6501500-zimnie-kanikuly.html", None),
        ("https://special.zakon.kz/6501500-zimnie-kanikuly.html", None),
        ("https://www.zakon.kz/news/", None),
        ("https://www.zakon.kz/sport/", None),
        ("https://www.zakon.kz/pbi/WEBP/2025-12-20/file-1/800x450.webp", None),
        ("https://mail.kz/ru/news/kz-news/6501234-abc.html", None),
    ],
)  # fmt: skip
def test_article_urls(url: str, expected: ArticleUrl | None) -> None:
    assert SOURCE.where(url, ROOTS) == expected


@pytest.mark.parametrize(
    "url",
    [
        ARTICLE,
        "https://zakon.kz/amp/sport/6507788-kazakhstanskii-lyzhnik-zavoeval-medal.html",
        "http://zakon.kz/sport/6507788-kazakhstanskii-lyzhnik-zavoeval-medal.html",
        ARTICLE + "?utm_source=telegram&utm_medium=social#comments",
    ],
)
def test_one_key_per_article_whatever_form_it_was_fetched_in(url: str) -> None:
    assert SOURCE.url_key(url, ROOTS) == ARTICLE


def test_each_edition_starts_from_its_news_listing_sitemaps_and_feeds() -> None:
    assert SOURCE.listing_urls(ROOTS, ("ru", "kk")) == [
        "https://www.zakon.kz/news/",
        "https://kaz.zakon.kz/news/",
    ]
    assert SOURCE.listing_urls(ROOTS, ("kk",), ("quqiq",)) == ["https://kaz.zakon.kz/quqiq/"]
    assert "https://www.zakon.kz/sitemap/index.xml" in SOURCE.sitemap_urls(ROOTS, ("ru",))
    assert "https://kaz.zakon.kz/rss/" in SOURCE.feed_urls(ROOTS, ("kk",))


def is_article(url: str) -> bool:
    return SOURCE.where(url, ROOTS) is not None


CARD = (
    '<a class="newscard_link" href="{href}"><span class="newscard__title">Заголовок</span>'
    '<span class="newscard__date">{date}</span></a>'
)


def test_the_news_listing_goes_on_with_its_load_more_pages() -> None:
    cards = CARD.format(href="/sport/6501290-a.html", date="Сегодня, 10:15")
    page = HtmlResponse("https://www.zakon.kz/news/", body=cards.encode(), encoding="utf-8")
    listing = read_zakon_listing(page, is_article, FETCHED)
    assert [lead.url for lead in listing.leads] == ["https://www.zakon.kz/sport/6501290-a.html"]
    assert listing.next_url == "https://www.zakon.kz/news/?handler=LoadMoreNews&p=2&type=list"

    html = "".join([
        CARD.format(href="/finansy/6501280-b.html", date="09:12, 18 декабря 2025"),
        CARD.format(href="/pbf/6500001-partner.html", date=""),
        CARD.format(href="/special/6500002-promo.html", date=""),
        CARD.format(href="https://special.zakon.kz/6500003-promo.html", date=""),
        CARD.format(href="https://zakon.kz/amp/sport/6501279-c.html", date=""),
    ])  # fmt: skip
    url = "https://www.zakon.kz/news/?handler=LoadMoreNews&p=2&type=list"
    more = JsonResponse(url, body=json.dumps({"html": html, "count": 5}).encode())
    listing = read_zakon_listing(more, is_article, FETCHED)
    dated = [
        (lead.url, lead.published_at and lead.published_at.isoformat()) for lead in listing.leads
    ]
    assert dated == [
        ("https://www.zakon.kz/finansy/6501280-b.html", "2025-12-18T09:12:00+05:00"),
        ("https://zakon.kz/amp/sport/6501279-c.html", None),
    ]
    assert listing.next_url == "https://www.zakon.kz/news/?handler=LoadMoreNews&p=3&type=list"


def test_a_section_listing_follows_only_the_pages_it_links() -> None:
    cards = CARD.format(href="/sport/6501290-a.html", date="")
    linked = cards + '<a href="/sport/?p=2">2</a><a href="/sport/?p=3">3</a>'
    page = HtmlResponse("https://www.zakon.kz/sport/", body=linked.encode(), encoding="utf-8")
    assert (
        read_zakon_listing(page, is_article, FETCHED).next_url == "https://www.zakon.kz/sport/?p=2"
    )
    last = HtmlResponse("https://www.zakon.kz/sport/?p=3", body=cards.encode(), encoding="utf-8")
    assert read_zakon_listing(last, is_article, FETCHED).next_url is None
    odd = JsonResponse("https://www.zakon.kz/sport/?p=2", body=b'{"html": ""}')
    assert read_zakon_listing(odd, is_article, FETCHED).next_url is None


CASES = [case for case in load_cases("zakonkz") if case.dropped is None]


@pytest.fixture(scope="module")
def shared_path() -> ItemPath:
    """One item path for the module (it takes a second to build); the pages are distinct
    articles sharing no line, so neither dedup nor the template lines link them."""
    return ItemPath(SPIDERS["zakonkz"])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_body_holds_none_of_zakons_furniture(shared_path: ItemPath, case: Case) -> None:
    item = outcome(shared_path, case.page)
    assert isinstance(item, ArticleItem), item
    assert not [m for m in MARKERS if m in item.body]
    for para in item.body.split("\n\n"):
        assert not RELATED_ITEM.match(para), para
        assert not BOILERPLATE.photo_credit.match(para), para


LISTINGS = sorted((FIXTURES_DIR / "zakonkz" / "listings").glob("*.truth.json"))


@pytest.mark.parametrize("truth_path", LISTINGS, ids=lambda p: p.name.split("_")[0])
def test_held_out_listing_answers_give_every_article_once_with_its_date(truth_path) -> None:
    """Listing answers written by an author who never saw the reader (HTML pages with a dateless
    live card, mixed relative and absolute links, promo cards; 'load more' JSON escaped the
    System.Text.Json way, or nested, with full dates): every article in order, each card's time."""
    truth = json.loads(truth_path.read_text("utf-8"))
    [page] = [p for p in truth_path.parent.glob(truth_path.name.split(".")[0] + ".*")
              if not p.name.endswith(".truth.json")]  # fmt: skip
    cls = JsonResponse if page.suffix == ".json" else HtmlResponse
    response = cls(url=truth["url"], body=page.read_bytes(), encoding="utf-8")
    roots = SOURCE.roots()
    fetched = datetime.fromisoformat(truth["fetched_at"].replace("Z", "+00:00"))
    found = read_zakon_listing(response, lambda u: SOURCE.where(u, roots) is not None, fetched)
    got = [(SOURCE.url_key(lead.url), lead.published_at) for lead in found.leads]
    want = [
        (a["url"], datetime.fromisoformat(a["published_at"]) if a["published_at"] else None)
        for a in truth["articles"]
    ]
    assert got == want
