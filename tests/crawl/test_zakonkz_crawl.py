"""The real `scrapy crawl zakonkz` against a fake zakon.kz: two local servers, one per edition
(the live editions have hosts of their own), through the listing, its 'load more' JSON pages and
the sitemap to the articles, into datasets/zakonkz/."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from crawlrun import FAST, run_crawl
from fakesite.zakon import ALMATY, FakeZakon, articles

NEWEST = datetime(2025, 12, 20, 12, 0, tzinfo=ALMATY)


def exported(datasets: Path) -> list[dict]:
    rows = []
    for path in sorted((datasets / "zakonkz" / "runs").glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return rows


def test_listing_load_more_and_sitemap_lead_to_every_article_of_both_editions(
    tmp_path: Path,
) -> None:
    ru_articles = articles("ru", 13, 6501300, NEWEST)
    ru_articles[7] = replace(ru_articles[7], linked_as_amp=True)
    ru_articles[12] = replace(ru_articles[12], in_sitemap_only=True)
    kk_articles = articles("kk", 6, 6065500, NEWEST)
    with FakeZakon(ru_articles) as ru, FakeZakon(kk_articles) as kk:
        started = time.monotonic()
        result = run_crawl(
            "zakonkz", "-a", f"base_url=ru={ru.base_url},kk={kk.base_url}",
            "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}",
            *FAST,
        )  # fmt: skip
        took = time.monotonic() - started
    assert result.returncode == 0, result.log
    assert took < 20

    rows = {row["url"]: row for row in exported(tmp_path / "datasets")}
    expected = {ru.base_url + a.path: a for a in ru_articles}
    expected |= {kk.base_url + a.path: a for a in kk_articles}
    assert set(rows) == set(expected)  # the AMP-linked one keyed to its plain URL, once
    for url, article in expected.items():
        row = rows[url]
        assert (row["site"], row["lang"]) == ("zakon.kz", article.lang)
        assert (row["category"], row["article_id"]) == (article.section, str(article.id))
        assert row["title"] == article.title
        assert row["published_at"] == article.published_at.isoformat()
        assert row["body"] == article.body  # the lead first; no share, Google News, related card
        assert row["authors"] == [article.author]
        assert row["tags"] == list(article.tags)

    # 'load more' pages until two in a row bring nothing: ru 12 listed (5 a page), kk 6.
    for site, last in ((ru, 3), (kk, 2)):
        pages = [p for p in site.requests if p.startswith("/news/")]
        assert pages == ["/news/"] + [
            f"/news/?handler=LoadMoreNews&p={n}&type=list" for n in range(2, last + 3)
        ]
        assert not [p for p in site.requests if p.startswith(("/pbf/", "/special/"))]
        assert "/sitemap.xml" in site.requests  # read though robots.txt names none
    assert [p for p in ru.requests if p.startswith("/amp/")] == ["/amp" + ru_articles[7].path]
    assert not (tmp_path / "datasets" / "zakonkz" / "failures").exists()  # the 404 feeds: missing
    assert result.stat("discovery/missing/http_404") >= 4
