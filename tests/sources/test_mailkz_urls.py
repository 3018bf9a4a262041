from __future__ import annotations

import pytest

from newscrawler.sources.mailkz.urls import ArticleUrl, listing_urls, parse_article_url


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
    assert parse_article_url(url) == expected


def test_mirror_urls_need_their_base():
    url = "http://127.0.0.1:8080/kz/news/kz-news/abc"
    assert parse_article_url(url) is None
    assert parse_article_url(url, "http://127.0.0.1:8080") == ArticleUrl("kk", "kz-news", "abc")


def test_listing_urls():
    assert listing_urls("https://mail.kz/", ("kk",)) == ["https://mail.kz/kz/news"]
