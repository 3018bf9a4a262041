"""`newscrawler.extract_page`: the crawl's item path for HTML a user already has."""

from __future__ import annotations

import json
from datetime import UTC, datetime

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
