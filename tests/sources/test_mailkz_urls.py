"""mail.kz URL shapes, and the one form of an article URL that keys the dataset and the seen-store.

mail.kz names an article by its path alone ([V] /<edition>/news/<category>/<slug>): no query
parameter identifies an article, so every one goes, tracking ones (utm_*, fbclid, gclid, yclid)
and page variants (?amp=1) alike; a kept one would make the same article a second row.
"""

from __future__ import annotations

import pytest

from newscrawler.discovery.listings import canonical_article_url
from newscrawler.sources.mailkz import SOURCE
from newscrawler.sources.source import ArticleUrl

ARTICLE = "https://mail.kz/ru/news/sport/boksery-vyigrali"
VARIANTS = [
    "?utm_source=telegram&utm_medium=social&utm_campaign=mailkz_news",
    "?utm_source=rss",
    "?fbclid=IwAR0x",
    "?gclid=abc&yclid=123",
    "?utm_source=telegram&fbclid=IwAR0x#comments",
    "?amp=1",
    "?amp",
    "#comments",
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mail.kz/ru/news/kz-news/v-bostandykskom-raione-almaty",
         ArticleUrl("ru", "kz-news", "v-bostandykskom-raione-almaty")),
        ("https://www.mail.kz/kz/news/economic/policeiler-elordada/",
         ArticleUrl("kk", "economic", "policeiler-elordada")),
        ("http://mail.kz/RU/news/world-news/abc?utm=1", ArticleUrl("ru", "world-news", "abc")),
        ("https://mail.kz/ru/news/kz-news", None),
        ("https://mail.kz/ru/news", None),
        ("https://mail.kz/en/news/kz-news/abc", None),
        ("https://zakon.kz/ru/news/kz-news/abc", None),
        ("https://mail.kz/ru/news/kz-news/abc/comments", None),
        ("mailto:news@mail.kz", None),
    ],
)  # fmt: skip
def test_article_urls(url, expected):
    assert SOURCE.where(url, SOURCE.roots()) == expected


def test_mirror_urls_need_their_base():
    url = "http://127.0.0.1:8080/kz/news/kz-news/abc"
    assert SOURCE.where(url, SOURCE.roots()) is None
    mirror = SOURCE.roots("http://127.0.0.1:8080")
    assert SOURCE.where(url, mirror) == ArticleUrl("kk", "kz-news", "abc")


def test_one_root_per_edition():
    """A mirror may serve each edition from an address of its own."""
    roots = SOURCE.roots("ru=http://127.0.0.1:8080,kk=http://127.0.0.1:8081")
    assert SOURCE.where("http://127.0.0.1:8081/kz/news/sport/abc", roots) == ArticleUrl(
        "kk", "sport", "abc"
    )
    assert SOURCE.where("http://127.0.0.1:8080/kz/news/sport/abc", roots) is None


def test_listing_urls():
    roots = SOURCE.roots()
    assert SOURCE.listing_urls(roots, ("kk",)) == ["https://mail.kz/kz/news"]
    assert SOURCE.listing_urls(roots, ("ru",), ("sport",)) == ["https://mail.kz/ru/news/sport"]


@pytest.mark.parametrize("suffix", ["", *VARIANTS, "/", "/?utm_source=telegram"])
def test_the_item_url_is_the_bare_article_path(suffix: str) -> None:
    assert SOURCE.url_key(ARTICLE + suffix) == ARTICLE


@pytest.mark.parametrize("suffix", VARIANTS)
def test_discovered_links_lose_tracking_parameters(suffix: str) -> None:
    """The request URL and the seen-store key: one per article however it was linked."""
    assert canonical_article_url(ARTICLE + suffix) == ARTICLE


def test_the_bare_path_keeps_what_names_the_article() -> None:
    """Host, port (a mirror, the fake site) and a slug's -2 (a second article under the same title)
    are the article's name; both forms agree on it."""
    url = "http://127.0.0.1:8080/kz/news/economic/policeiler-elordada-2?utm_source=x"
    assert SOURCE.url_key(url) == "http://127.0.0.1:8080/kz/news/economic/policeiler-elordada-2"
    assert canonical_article_url(url) == SOURCE.url_key(url)
