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
