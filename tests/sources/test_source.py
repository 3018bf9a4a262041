"""What `Source` does for any outlet: variant pages (AMP) keyed to the article, an edition's
host under its own name, discovery seeds besides robots.txt. A made-up outlet, not a registered
one: these are the site-agnostic rules a source's data switches on."""

from __future__ import annotations

import re

import pytest

from newscrawler.extract.boilerplate import GENERIC
from newscrawler.sources.source import ArticleUrl, Edition, Source

EXAMPLE = Source(
    name="example",
    site="example.kz",
    editions=(
        Edition("ru", "https://www.example.kz", ("/news/",), sitemaps=("/sitemap.xml",)),
        Edition("kk", "https://kaz.example.kz", ("/news/",), feeds=("/rss/",)),
    ),
    article_path=re.compile(r"/(?:(?P<category>[a-z-]+)/)?(?P<id>\d+)-(?P<slug>[a-z0-9-]+)\.html"),
    boilerplate=GENERIC,
    variants=("/amp",),
)
ARTICLE = "https://www.example.kz/sport/6501234-final.html"


@pytest.mark.parametrize(
    "url",
    [
        ARTICLE,
        "https://example.kz/amp/sport/6501234-final.html",
        "https://www.example.kz/AMP/sport/6501234-final.html",
        "http://www.example.kz/sport/6501234-final.html",
        "https://example.kz/sport/6501234-final.html?utm_source=telegram#comments",
    ],
)
def test_an_article_in_any_of_its_forms_has_one_key(url: str) -> None:
    """AMP page, bare host, http, slash form: one article, one row, one seen-store entry."""
    assert EXAMPLE.where(url, EXAMPLE.roots()) == ArticleUrl("ru", "sport", "final", "6501234")
    assert EXAMPLE.url_key(url) == ARTICLE


def test_a_variant_prefix_is_a_whole_path_segment() -> None:
    roots = EXAMPLE.roots()
    assert EXAMPLE.where("https://www.example.kz/amp/", roots) is None
    ampere = "https://www.example.kz/ampere/6501234-final.html"
    assert EXAMPLE.where(ampere, roots) == ArticleUrl("ru", "ampere", "final", "6501234")
    assert EXAMPLE.url_key(ampere) == ampere


def test_keys_on_a_mirror_stay_on_the_mirror() -> None:
    roots = EXAMPLE.roots("ru=http://127.0.0.1:8080,kk=http://127.0.0.1:8081")
    amp = "http://127.0.0.1:8081/amp/okiga/6060001-boran.html"
    assert EXAMPLE.where(amp, roots) == ArticleUrl("kk", "okiga", "boran", "6060001")
    assert EXAMPLE.url_key(amp, roots) == "http://127.0.0.1:8081/okiga/6060001-boran.html"
    assert EXAMPLE.url_key(amp) == amp  # not an edition host: as it is


def test_discovery_seeds_of_the_requested_editions() -> None:
    roots = EXAMPLE.roots()
    assert EXAMPLE.sitemap_urls(roots, ("ru", "kk")) == ["https://www.example.kz/sitemap.xml"]
    assert EXAMPLE.sitemap_urls(roots, ("kk",)) == []
    assert EXAMPLE.feed_urls(roots, ("ru", "kk")) == ["https://kaz.example.kz/rss/"]
