"""Hostile answers from the local fake site: every one ends as a failure with a clear reason, never
as an article, a crash or a request the crawler should not make; the rest of the crawl goes on.

The crawl is the real `scrapy crawl mailkz` on 127.0.0.1. What needs a public base_url (private
redirect targets are refused in live mode only) is tested on the middleware itself, with a fake
resolver: nothing here looks a name up.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawlrun import FAST, run_crawl
from fakesite import FakeSite
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from newscrawler.fetch.bodies import body_problem
from newscrawler.fetch.redirects import RedirectGuardMiddleware, RedirectRefused, ip_literal
from newscrawler.spiders.sources import MailkzSpider

MAXSIZE = 5 * 1024 * 1024  # settings.DOWNLOAD_MAXSIZE


def read_jsonl(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]


def test_hostile_answers_are_filed_with_their_reason_and_the_rest_exported(tmp_path):
    with FakeSite(30, page_size=10) as site:
        a = [x.path for x in site.articles]
        port = site.base_url.rsplit(":", 1)[1]
        faults = site.faults
        faults.binary.add(a[0])
        faults.empty.add(a[1])
        faults.huge[a[2]] = 20_000_000  # refused on its Content-Length
        faults.huge[a[3]] = 20_000_000
        faults.no_length.add(a[3])  # refused as the bytes pass the limit
        faults.gzip_bomb[a[4]] = 100_000_000  # ~100 KB on the wire
        faults.redirect_loop.add(a[5])
        faults.redirect_to[a[6]] = f"http://localhost:{port}/offsite-target"
        faults.redirect_to[a[7]] = "http://10.255.255.1/latest/meta-data/"
        faults.redirect_chain[a[8]] = 8  # REDIRECT_MAX_TIMES is 5
        faults.truncated.add(a[9])
        faults.huge[a[10]] = 2_000_000  # over the warning size, under the limit: an article
        faults.redirect_chain[a[11]] = 2
        expected = {
            a[0]: "binary_body", a[1]: "empty_body", a[2]: "too_large", a[3]: "too_large",
            a[4]: "too_large_decompressed", a[5]: "redirect_loop", a[6]: "redirect_offsite",
            a[7]: "redirect_offsite", a[8]: "too_many_redirects", a[9]: "data_loss",
        }  # fmt: skip
        result = run_crawl(
            "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={tmp_path}/data",
            "-s", f"STATE_DIR={tmp_path}/state", *FAST,
        )  # fmt: skip
        requested = [path for path, _ in site.requests]
    # A third of the articles failed: the run says so with its exit code (the failure-rate
    # monitor), and files each one.
    assert result.returncode == 3, result.log
    assert "FAILED failure_rate" in result.log
    rows = read_jsonl(tmp_path / "data/mailkz/runs")
    failed = {f["url"]: f["reason"] for f in read_jsonl(tmp_path / "data/mailkz/failures")}
    assert failed == {site.base_url + path: reason for path, reason in expected.items()}
    exported = sorted(r["url"] for r in rows)
    assert exported == sorted(site.base_url + p for p in a if p not in expected)
    assert "/offsite-target" not in requested  # refused, never fetched
    for reason in ("redirect_loop", "redirect_offsite"):
        assert result.stat(f"redirect/refused/{reason}") >= 1
    assert result.stat("failures/count") == len(expected)
    assert "Traceback" not in result.log


def test_failed_articles_are_fetched_again_by_the_next_run(tmp_path):
    """A hostile answer is a failure, not content: the article is not marked seen."""
    with FakeSite(12, page_size=12) as site:
        broken = site.articles[0]
        site.faults.empty.add(broken.path)
        args = [
            "mailkz", "-a", f"base_url={site.base_url}", "-s", f"DATASET_DIR={tmp_path}/data",
            "-s", f"STATE_DIR={tmp_path}/state", *FAST,
        ]  # fmt: skip
        assert run_crawl(*args).returncode == 0
        site.faults.empty.clear()
        site.reset_log()
        second = run_crawl(*args)
        assert second.returncode == 0, second.log
        assert dict(site.article_fetches()) == {broken.path: 1}
    urls = [r["url"] for r in read_jsonl(tmp_path / "data/mailkz/runs")]
    assert sorted(urls) == sorted(site.base_url + x.path for x in site.articles)


# --- the redirect guard, in live mode -------------------------------------------------------------


class Resolver:
    """A fake DNS that records what it was asked."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        return self.answers.get(host, [])


def guard(base_url: str, resolver: Resolver) -> RedirectGuardMiddleware:
    crawler = get_crawler(MailkzSpider)
    crawler.spider = MailkzSpider(base_url=base_url)
    crawler.stats.open_spider()
    return RedirectGuardMiddleware(crawler, resolver)


def redirect(url: str, location: str, **meta: object) -> tuple[Request, Response]:
    request = Request(url, meta=meta)
    return request, Response(url, status=302, headers={"Location": location}, request=request)


ARTICLE = "https://mail.kz/ru/news/kz-news/novost"


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1/admin", "redirect_private"),
        ("http://169.254.169.254/latest/meta-data/", "redirect_private"),
        ("http://10.0.0.5:8080/", "redirect_private"),
        ("http://[::1]/", "redirect_private"),
        ("http://[::ffff:127.0.0.1]/", "redirect_private"),
        ("http://2130706433/", "redirect_private"),  # 127.0.0.1 as one number
        ("http://0x7f.1/", "redirect_private"),
        ("http://localhost:6379/", "redirect_private"),
        ("http://printer.local/", "redirect_private"),
        ("https://evil.example/ru/news/kz-news/novost", "redirect_offsite"),
        ("https://mail.kz.evil.example/", "redirect_offsite"),
        ("https://cdn.mail.kz/x", "redirect_private"),  # resolves to 10.1.2.3
        (ARTICLE + "#top", "redirect_loop"),
        ("http://[", "redirect_invalid"),
    ],
)
def test_live_mode_refuses(location, reason):
    resolver = Resolver({"cdn.mail.kz": ["10.1.2.3"]})
    mw = guard("https://mail.kz", resolver)
    request, response = redirect(ARTICLE, location)
    with pytest.raises(RedirectRefused) as refused:
        mw.process_response(request, response)
    assert refused.value.reason == reason
    assert mw.crawler.stats.get_value(f"redirect/refused/{reason}") == 1
    assert resolver.asked in ([], ["cdn.mail.kz"])  # only another host of the site is looked up


@pytest.mark.parametrize(
    "location",
    [
        ARTICLE + "/",
        "https://www.mail.kz/ru/news/kz-news/novost",
        "https://m.mail.kz/ru/news/kz-news/novost",
        "https://img.mail.kz/x.jpg",  # resolves to a public address
        "/ru/news/kz-news/novost-2",
    ],
)
def test_live_mode_follows_the_site(location):
    mw = guard("https://mail.kz", Resolver({"img.mail.kz": ["93.184.216.34", "2606:2800::1"]}))
    request, response = redirect(ARTICLE, location)
    assert mw.process_response(request, response) is response


def test_meta_refresh_and_later_hops_are_checked_on_the_way_out():
    mw = guard("https://mail.kz", Resolver({}))
    hop = Request("http://192.168.1.1/", meta={"redirect_urls": [ARTICLE]})
    with pytest.raises(RedirectRefused):
        mw.process_request(hop)
    assert mw.process_request(Request(ARTICLE)) is None


def test_loop_across_hops_and_what_redirect_middleware_would_not_follow():
    mw = guard("https://mail.kz", Resolver({}))
    request, response = redirect(ARTICLE + "/", ARTICLE, redirect_urls=[ARTICLE])
    with pytest.raises(RedirectRefused, match="redirect_loop"):
        mw.process_response(request, response)
    request, response = redirect(ARTICLE, "http://127.0.0.1/", dont_redirect=True)
    assert mw.process_response(request, response) is response


def test_a_test_crawl_on_loopback_is_not_live_mode():
    """The tests crawl 127.0.0.1: loopback targets on its own host are the site itself."""
    resolver = Resolver({})
    mw = guard("http://127.0.0.1:8080", resolver)
    url = "http://127.0.0.1:8080/ru/news/kz-news/novost"
    request, response = redirect(url, "http://127.0.0.1:8080/ru/news/kz-news/novost/")
    assert mw.process_response(request, response) is response
    for location in ("http://10.0.0.1/", "http://localhost:8080/x"):
        request, response = redirect(url, location)
        with pytest.raises(RedirectRefused, match="redirect_offsite"):
            mw.process_response(request, response)
    assert resolver.asked == []


def test_ip_literal_reads_what_resolvers_read():
    assert str(ip_literal("127.1")) == "127.0.0.1"
    assert str(ip_literal("[::1]")) == "::1"
    assert ip_literal("mail.kz") is None and ip_literal("deadbeef") is None


# --- bodies that are not pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "encoding", "problem"),
    [
        (b"", "utf-8", "empty_body"),
        (b" \r\n\t", "utf-8", "empty_body"),
        (b"\xef\xbb\xbf\n", "utf-8", "empty_body"),
        (b"\x89PNG\r\n\x1a\n" + bytes(500), "utf-8", "binary_body"),
        (b"%PDF-1.7\n%\xe2\xe3", "cp1252", "binary_body"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "utf-8", "binary_body"),  # gzip twice over
        (bytes(range(256)) * 20, "utf-8", "binary_body"),
        (b"<html>" + b"x" * MAXSIZE + b"</html>", "utf-8", "too_large"),
        ("<html><p>Привет</p></html>".encode("utf-16"), "utf-16", None),
        (b"<html><p>one stray \x00 byte and \x01 another</p>" + b"." * 500, "utf-8", None),
        (b"<html><p>ESC for ISO-2022: \x1b$B</p></html>", "iso2022_jp", None),
    ],
)
def test_body_problem(body, encoding, problem):
    assert body_problem(body, encoding, MAXSIZE) == problem


def test_replayed_or_decompressed_page_over_the_limit_is_filed(item_path):
    """A WARC replay never meets the downloader's limit: the spider applies it."""
    body = b"<html><body><h1>T</h1><p>" + b"x" * (MAXSIZE + 1) + b"</p></body></html>"
    fetched = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)
    assert item_path.process(ARTICLE, body, {"Content-Type": "text/html"}, fetched) is None
    assert item_path.stats["failures/too_large"] == 1
