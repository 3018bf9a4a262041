"""Listings, sitemaps and feeds keep each article's date so a window can skip it unfetched."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from scrapy.http import HtmlResponse, JsonResponse, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawler.discovery.feeds import parse_feed
from newscrawler.discovery.listings import article_leads, json_card_leads, next_page, read_listing
from newscrawler.discovery.sitemaps import parse_sitemap, robots_sitemaps
from newscrawler.sources.mailkz import SOURCE

FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)


def is_article(url: str) -> bool:
    return SOURCE.where(url, SOURCE.roots()) is not None


LISTING = """<html><body><nav><a href="/ru/news/kz-news">Казахстан</a>
<a href="/ru/weather">Погода</a><span class="date">09:00, 20 декабря 2025</span></nav>
<div class="news-list"><ul>
<li><a href="/ru/news/kz-news/a?utm_source=x" title="A">
<span class="date">08:30, 20 декабря 2025</span>A</a></li>
<li><a href="/ru/news/economic/b" title="B">B</a><div class="date">Вчера, 23:10</div></li>
<li><a href="/ru/news/economic/b"><img src="b.jpg"></a><a href="/ru/news/world-news/c">C</a></li>
</ul></div><a href="?page=3">3</a><a href="?page=2">2</a></body></html>"""


def test_listing_leads_with_their_own_dates():
    response = HtmlResponse("https://mail.kz/ru/news", body=LISTING.encode(), encoding="utf-8")
    leads = article_leads(response, is_article, FETCHED)
    assert [lead.url for lead in leads] == [
        "https://mail.kz/ru/news/kz-news/a",
        "https://mail.kz/ru/news/economic/b",
        "https://mail.kz/ru/news/world-news/c",
    ]
    assert leads[0].published_at.isoformat() == "2025-12-20T08:30:00+05:00"
    assert leads[1].published_at.isoformat() == "2025-12-19T23:10:00+05:00"
    assert leads[2].published_at is None
    assert next_page(response) == "https://mail.kz/ru/news?page=2"


def test_listing_page_names_its_next_page_and_feeds():
    html = LISTING.replace(
        "<html>", "<html><head><link rel='alternate' type='application/rss+xml' href='/ru/rss'>"
    )
    response = HtmlResponse("https://mail.kz/ru/news", body=html.encode(), encoding="utf-8")
    listing = read_listing(response, is_article, FETCHED)
    assert [lead.url[-1] for lead in listing.leads] == ["a", "b", "c"]
    assert listing.next_url == "https://mail.kz/ru/news?page=2"
    assert listing.feeds == ["https://mail.kz/ru/rss"]


CARD = (
    "<a class='newscard_link' href='/ru/news/{cat}/{slug}'><span class='newscard__title'>{slug}"
    "</span><span class='newscard__date'>{date}</span></a>"
)


def load_more(data: object, content_type: str = "application/json") -> TextResponse:
    """A 'load more' answer as Scrapy makes it (a JsonResponse for application/json)."""
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = {"Content-Type": content_type}
    url = "https://mail.kz/ru/news?handler=LoadMoreNews&p=2"
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url, body=body, headers=headers, encoding="utf-8")


def test_a_load_more_json_answer_is_read_through_the_html_its_strings_hold():
    """Cards may come as one HTML string or as a list of them, beside counters and flags; every
    string holding markup is read, in document order, with the date each card shows."""
    answer = load_more({
        "ok": True,
        "html": CARD.format(cat="kz-news", slug="a", date="Вчера, 23:10")
        + CARD.format(cat="economic", slug="b", date="08:30, 20 декабря 2025"),
        "more": {"items": [CARD.format(cat="sport", slug="c", date=""), "/ru/news/sport/plain"]},
        "count": 3,
    })  # fmt: skip
    leads = json_card_leads(answer, is_article, FETCHED)
    assert [(lead.url, lead.published_at and lead.published_at.isoformat()) for lead in leads] == [
        ("https://mail.kz/ru/news/kz-news/a", "2025-12-19T23:10:00+05:00"),
        ("https://mail.kz/ru/news/economic/b", "2025-12-20T08:30:00+05:00"),
        ("https://mail.kz/ru/news/sport/c", None),
    ]
    listing = read_listing(answer, is_article, FETCHED)
    assert listing.leads == leads
    assert (listing.next_url, listing.feeds) == (None, [])


def test_an_answer_that_is_not_json_or_holds_no_cards():
    html = HtmlResponse("https://mail.kz/ru/news", body=LISTING.encode(), encoding="utf-8")
    assert json_card_leads(html, is_article, FETCHED) is None
    assert json_card_leads(load_more({"html": ""}), is_article, FETCHED) == []
    assert json_card_leads(load_more([]), is_article, FETCHED) == []
    # Undecodable JSON (no xpath either: Scrapy's JSON response refuses it) gives no leads.
    broken = HtmlResponse("https://mail.kz/ru/news", body=b"{not json", encoding="utf-8")
    deep = load_more(0).replace(body=b"[" * 100_000 + b"]" * 100_000)
    html_as_json = JsonResponse("https://mail.kz/ru/news?p=2", body=LISTING.encode())
    for answer in (broken, deep, html_as_json):
        assert read_listing(answer, is_article, FETCHED).leads == []


def test_sitemap_index_urlset_and_news_dates():
    index = parse_sitemap(
        b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<sitemap><loc>https://mail.kz/sitemap-news-ru.xml</loc></sitemap></sitemapindex>"
    )
    assert index.sitemaps == ["https://mail.kz/sitemap-news-ru.xml"]
    urlset = parse_sitemap(
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        b"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
        b"<url><loc>https://mail.kz/ru/news/kz-news/a</loc><lastmod>2025-12-21</lastmod>"
        b"<news:news><news:publication_date>2025-12-20T08:30:00+05:00</news:publication_date>"
        b"</news:news></url><url><loc>https://mail.kz/ru/news/kz-news/b</loc>"
        b"<lastmod>2025-12-19T10:00:00Z</lastmod></url></urlset>"
    )
    assert [(lead.url[-1], lead.published_at.isoformat()) for lead in urlset.leads] == [
        ("a", "2025-12-20T08:30:00+05:00"),
        ("b", "2025-12-19T15:00:00+05:00"),
    ]
    assert parse_sitemap(b"<html>not xml") == parse_sitemap(b"")


def test_robots_sitemap_lines():
    robots = "User-agent: *\nDisallow: /search\nSitemap: https://mail.kz/sitemap.xml\nsitemap:x\n"
    assert robots_sitemaps(robots) == ["https://mail.kz/sitemap.xml", "x"]


def test_rss_and_atom():
    rss = parse_feed(
        b"<rss version='2.0'><channel><item><link>https://mail.kz/ru/news/kz-news/a</link>"
        b"<pubDate>Sat, 20 Dec 2025 03:30:00 GMT</pubDate></item></channel></rss>"
    )
    assert rss[0].published_at.isoformat() == "2025-12-20T08:30:00+05:00"
    atom = parse_feed(
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
        b"<link href='https://mail.kz/kz/news/kz-news/b'/><updated>2025-12-20T08:30:00+05:00"
        b"</updated></entry></feed>"
    )
    assert atom[0].url.endswith("/b")
    assert parse_feed(b"garbage") == []
