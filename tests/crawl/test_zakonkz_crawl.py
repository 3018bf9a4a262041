"""The real `scrapy crawl zakonkz` against a fake zakon.kz: two local servers, one per edition
(the live editions have hosts of their own), through the listing, its 'load more' JSON pages and
the sitemap to the articles, into datasets/zakonkz/; a date window of one edition, run twice, then
replayed from the archive the first run wrote."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
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
        args = [
            "zakonkz", "-a", f"base_url=ru={ru.base_url},kk={kk.base_url}",
            "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}",
            *FAST,
        ]  # fmt: skip
        result = run_crawl(*args)
        first_requests = list(ru.requests), list(kk.requests)
        ru.requests.clear()
        kk.requests.clear()
        rerun = run_crawl(*args)
    assert result.returncode == 0, result.log
    assert rerun.returncode == 0, rerun.log
    # A scheduled rerun: every listed article was exported before, so the 'load more' pages end
    # after two of them, not at the archive's end (2002 on the live site).
    for site in (ru, kk):
        pages = [p for p in site.requests if p.startswith("/news/")]
        assert pages == ["/news/", "/news/?handler=LoadMoreNews&p=2&type=list"]
    ru.requests[:], kk.requests[:] = first_requests

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


def test_a_window_of_the_kazakh_edition_then_nothing_new_then_the_same_items_from_its_archive(
    tmp_path: Path,
) -> None:
    """Kazakh articles 10 hours apart over five Almaty days; the window is two of them."""
    kk_articles = [
        replace(a, published_at=NEWEST - timedelta(hours=10 * i))
        for i, a in enumerate(articles("kk", 12, 6065500, NEWEST))
    ]
    in_window = [
        a for a in kk_articles if "2025-12-18" <= a.published_at.date().isoformat() <= "2025-12-19"
    ]
    archive = tmp_path / "archive"
    window = ["-a", "lang=kk", "-a", "since=2025-12-18", "-a", "until=2025-12-19"]
    with FakeZakon(kk_articles) as kk:
        common = [
            "-a", f"base_url={kk.base_url}", *window, "-s", f"DATASET_DIR={tmp_path / 'datasets'}",
            "-s", f"STATE_DIR={tmp_path / 'state'}", "-s", f"WARC_ARCHIVE_DIR={archive}", *FAST,
        ]  # fmt: skip
        first = run_crawl("zakonkz", *common)
        assert first.returncode == 0, first.log
        rows = exported(tmp_path / "datasets")
        assert sorted(r["url"] for r in rows) == sorted(kk.base_url + a.path for a in in_window)
        assert {r["lang"] for r in rows} == {"kk"}

        kk.requests.clear()
        second = run_crawl("zakonkz", *common)
        assert second.returncode == 0, second.log
        assert len(exported(tmp_path / "datasets")) == len(rows)  # nothing new exported
        assert not [
            p
            for p in kk.requests
            if p.lstrip("/").split("/")[0] in {"kogam-tynysy", "quqiq", "okiga"}
        ]

    replayed = tmp_path / "replayed.jsonl"
    replay = run_crawl(
        "zakonkz", "-a", f"warc={archive}", "-a", f"base_url={kk.base_url}", *window,
        "-O", str(replayed), "-s", f"STATE_DIR={tmp_path / 'replay-state'}", *FAST,
    )  # fmt: skip
    assert replay.returncode == 0, replay.log
    again = [json.loads(line) for line in replayed.read_text("utf-8").splitlines()]
    fields = ("url", "title", "published_at", "body", "authors", "tags", "article_id")
    assert sorted(tuple(r[f] for f in fields) for r in again) == sorted(
        tuple(r[f] for f in fields) for r in rows
    )
