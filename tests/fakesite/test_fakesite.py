"""The fake mail.kz behaves like a site: complete paging, true dates, feeds, faults, clean stop."""

from __future__ import annotations

import gzip
import hashlib
import html
import http.client
import itertools
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from parsel import Selector

from newscrawler.items import ArticleItem

from .articles import ALMATY, KK_MONTHS, RU_MONTHS, FakeArticle, date_line
from .pages import TRACKING_QUERY
from .site import FakeSite

ROOT = Path(__file__).resolve().parents[2]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
DATE = re.compile(r"^(\d\d):(\d\d), (\d{1,2}) (\w+) (\d{4})$")


def fetch(site: FakeSite, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) without raising on 4xx/5xx; redirects are followed."""
    request = urllib.request.Request(site.base_url + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, dict(e.headers), e.read()


def listing_items(body: bytes) -> list[tuple[str, str, str]]:
    """(href, title attribute, .date text) of each `.news-list > ul > li > a`."""
    sel = Selector(text=body.decode())
    return [
        (a.attrib["href"], a.attrib["title"], a.css(".date::text").get())
        for a in sel.css(".news-list > ul > li > a")
    ]


def crawl_listing(site: FakeSite, path: str) -> tuple[list[str], int]:
    """Every item href from `path` on, following rel=next; and how many pages that took."""
    hrefs: list[str] = []
    url, pages = path, 0
    while url:
        status, _, body = fetch(site, url)
        assert status == 200, url
        pages += 1
        hrefs += [href for href, _, _ in listing_items(body)]
        nxt = Selector(text=body.decode()).css("a[rel=next]::attr(href)").get()
        url = path.split("?")[0] + nxt if nxt else None
    return hrefs, pages


def parse_date(text: str) -> datetime:
    """A listing `.date` back to a naive Almaty wall time (either edition's months)."""
    m = DATE.match(text)
    assert m, text
    months = RU_MONTHS if m[4] in RU_MONTHS else KK_MONTHS
    return datetime(int(m[5]), months.index(m[4]) + 1, int(m[3]), int(m[1]), int(m[2]))


@pytest.fixture
def site():
    with FakeSite(120, page_size=7, sitemap=True, rss=True) as s:
        yield s


def edition(site: FakeSite, ed: str) -> list[FakeArticle]:
    return [a for a in site.articles if a.edition == ed]


# --- content --------------------------------------------------------------------------------------


def test_5000_articles_generate_fast_and_reproducibly():
    began = time.process_time()  # this process's work, not the wait for a core another one holds
    big = FakeSite(5000)
    assert time.process_time() - began < 1.5
    arts = big.articles
    assert len(arts) == 5000
    assert 0.6 < sum(a.lang == "ru" for a in arts) / 5000 < 0.73
    assert {a.category for a in arts} == {"kz-news", "economic", "world-news", "sport"}
    assert arts[0].published_at == datetime(2025, 12, 20, 12, 0, tzinfo=ALMATY)
    gaps = [a.published_at - b.published_at for a, b in itertools.pairwise(arts)]
    assert all(timedelta(minutes=30) <= g <= timedelta(minutes=60) for g in gaps)
    assert len({a.slug for a in arts}) == len({a.path for a in arts}) == 5000
    bodies = {hashlib.sha256("\n\n".join(a.paragraphs).encode()).digest() for a in arts}
    assert len(bodies) == 5000  # the dedup pipeline would drop repeated bodies
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.slug) for a in arts)
    again = FakeSite(5000).articles
    assert [(a.path, a.paragraphs) for a in again[:50]] == [
        (a.path, a.paragraphs) for a in arts[:50]
    ]
    assert FakeSite(50, seed=1).articles[0].title != FakeSite(50, seed=2).articles[0].title


def test_article_page_looks_like_mailkz(site):
    ru = next(a for a in site.articles if a.lang == "ru" and a.original_source == "zakon.kz")
    kk = next(a for a in site.articles if a.lang == "kk")
    for a in (ru, kk):
        status, headers, body = fetch(site, a.path)
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert 20_000 <= len(body) <= 60_000
        sel = Selector(text=body.decode())
        assert sel.css("h1::text").get() == a.title
        assert sel.css(".news-detail > .date::text").get() == date_line(a.published_at, a.lang)
        text = " ".join(sel.css(".news-text p").xpath("string()").getall())
        assert all(p in text for p in a.paragraphs)
        for line in ("Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!",
                     "Мы работаем для Вас!", "Читайте также:"):  # fmt: skip
            assert line in text
        assert len(sel.css(".read_more li .date")) == 5
        assert len(sel.css("#left_col .news-list li .date")) == 30  # dated sidebar headlines
        if a.photo_credit:
            assert sel.css(".photo-author::text").get() == f"© Фото: {a.photo_credit}"
    assert "Источник:" in fetch(site, ru.path)[2].decode()
    assert any(m in fetch(site, kk.path)[2].decode() for m in KK_MONTHS)


def test_project_item_path_recovers_the_ground_truth(site, item_path):
    """The fake pages carry what FakeArticle says: the project's extractor gets it all back."""
    for a in site.articles[:25]:
        _, headers, body = fetch(site, a.path)
        item = item_path.process(
            "https://mail.kz" + a.path, body, headers, datetime(2025, 12, 21, tzinfo=ALMATY)
        )
        assert isinstance(item, ArticleItem), a.path
        assert (item.title, item.lang, item.category, item.slug) == (
            a.title, a.lang, a.category, a.slug)  # fmt: skip
        assert item.body == "\n\n".join(a.paragraphs)
        assert item.published_at == a.published_at.isoformat()
        assert (item.photo_credit, item.original_source) == (a.photo_credit, a.original_source)


# --- listings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ed", ["ru", "kz"])
def test_edition_paging_lists_every_article_once_newest_first(site, ed):
    hrefs, pages = crawl_listing(site, f"/{ed}/news")
    want = [a.path for a in edition(site, ed)]
    assert hrefs == want
    assert pages == -(-len(want) // 7)
    assert fetch(site, f"/{ed}/news?page={pages + 1}")[0] == 404
    assert fetch(site, f"/{ed}/news?page=0")[0] == 404
    assert fetch(site, f"/{ed}/news?page=x")[0] == 404
    assert fetch(site, f"/{ed}/news/")[0] == 200


@pytest.mark.parametrize("ed", ["ru", "kz"])
def test_category_listings_partition_the_edition(site, ed):
    seen: list[str] = []
    for cat in site.categories:
        hrefs, _ = crawl_listing(site, f"/{ed}/news/{cat}")
        assert hrefs == [a.path for a in edition(site, ed) if a.category == cat]
        seen += hrefs
    assert sorted(seen) == sorted(a.path for a in edition(site, ed))
    assert fetch(site, f"/{ed}/news/no-such-category")[0] == 404


def test_listing_markup_titles_dates_and_nav(site):
    by_path = {a.path: a for a in site.articles}
    for ed in ("ru", "kz"):
        _, _, body = fetch(site, f"/{ed}/news?page=2")
        items = listing_items(body)
        assert len(items) == 7
        for href, title, date in items:
            a = by_path[href]
            assert title == a.title
            assert date == date_line(a.published_at, a.lang)
            assert parse_date(date) == a.published_at.replace(tzinfo=None)
            assert date.split()[2] in (RU_MONTHS if ed == "ru" else KK_MONTHS)
        sel = Selector(text=body.decode())
        links = sel.css("a::attr(href)").getall()
        assert f"/{ed}/weather" in links and "/search?q=" in links
        assert f"/{ed}/news/kz-news" in links
        assert sel.css("a[rel=next]::attr(href)").get() == "?page=3"
        assert {"?page=3", "?page=4"} <= set(links)
        assert sel.css('link[rel=alternate][type="application/rss+xml"]::attr(href)').get() == (
            f"/{ed}/rss"
        )


def test_listing_links_without_dates_or_with_tracking_parameters(site: FakeSite) -> None:
    """Switches for crawl tests: an undated link leaves the date window to the article page; a
    tracked link carries utm_*/fbclid, which the crawler must drop from the article URL."""
    ru = edition(site, "ru")
    tracked = {a.path for a in ru[1:3]}
    site.faults.undated_links |= {a.path for a in ru}
    site.faults.tracking_links |= tracked
    _, _, body = fetch(site, "/ru/news")
    assert [href for href, _, _ in listing_items(body)] == [
        a.path + (TRACKING_QUERY if a.path in tracked else "") for a in ru[:7]
    ]
    assert Selector(text=body.decode()).css(".date::text").getall() == []  # the popular column too
    assert fetch(site, ru[1].path + TRACKING_QUERY)[0] == 200
    _, _, kz = fetch(site, "/kz/news")
    assert all(date for _, _, date in listing_items(kz))


def test_dates_across_the_2024_offset_change():
    """Almaty moved from UTC+6 to UTC+5 on 2024-03-01: listing wall times follow the zone."""
    with FakeSite(60, start=datetime(2024, 3, 1, 9, 0, tzinfo=ALMATY)) as s:
        offsets = {a.published_at.utcoffset() for a in s.articles}
        assert offsets == {timedelta(hours=5), timedelta(hours=6)}
        by_path = {a.path: a for a in s.articles}
        for ed in ("ru", "kz"):
            for p in range(1, 4):
                status, _, body = fetch(s, f"/{ed}/news?page={p}")
                if status == 404:
                    break
                for href, _, date in listing_items(body):
                    local = by_path[href].published_at.astimezone(ALMATY).replace(tzinfo=None)
                    assert parse_date(date) == local


def test_added_articles_come_first_on_page_one(site):
    before = list(site.articles)
    fresh = site.add_articles(6)
    assert site.articles[:6] == fresh and site.articles[6:] == before
    assert fresh[-1].published_at > before[0].published_at
    assert all(x.published_at > y.published_at for x, y in itertools.pairwise(fresh))
    for ed in ("ru", "kz"):
        new = [a.path for a in fresh if a.edition == ed]
        _, _, body = fetch(site, f"/{ed}/news")
        assert [h for h, _, _ in listing_items(body)][: len(new)] == new
        assert crawl_listing(site, f"/{ed}/news")[0] == [a.path for a in edition(site, ed)]
    assert all(fetch(site, a.path)[0] == 200 for a in fresh)


# --- robots, sitemaps, RSS ------------------------------------------------------------------------


def test_robots_txt(site):
    status, headers, body = fetch(site, "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    lines = body.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow: /search"]
    assert f"Sitemap: {site.base_url}/sitemap.xml" in lines
    with FakeSite(5) as plain:
        assert "Sitemap" not in fetch(plain, "/robots.txt")[2].decode()
        assert fetch(plain, "/sitemap.xml")[0] == 404


def test_sitemaps_list_every_article_with_its_date(site):
    status, _, body = fetch(site, "/sitemap.xml")
    assert status == 200
    locs = [e.text for e in ElementTree.fromstring(body).iter(f"{SM}loc")]
    assert locs == [f"{site.base_url}/sitemap-news-ru.xml", f"{site.base_url}/sitemap-news-kk.xml"]
    for lang in ("ru", "kk"):
        _, headers, body = fetch(site, f"/sitemap-news-{lang}.xml")
        assert headers["Content-Type"].startswith("application/xml")
        urls = ElementTree.fromstring(body).findall(f"{SM}url")
        want = [a for a in site.articles if a.lang == lang]
        assert [u.findtext(f"{SM}loc") for u in urls] == [site.url(a) for a in want]
        for u, a in zip(urls, want, strict=True):
            published = datetime.fromisoformat(u.findtext(f"{NEWS}news/{NEWS}publication_date"))
            assert published == a.published_at and published.utcoffset() is not None
            assert u.findtext(f"{SM}lastmod")
            assert u.findtext(f"{NEWS}news/{NEWS}title") == a.title
    assert fetch(site, "/sitemap-news-en.xml")[0] == 404


def test_rss_has_the_latest_50():
    with FakeSite(200, rss=True) as site:
        check_rss(site)
    with FakeSite(5) as plain:
        assert fetch(plain, "/ru/rss")[0] == 404
        assert b"application/rss+xml" not in fetch(plain, "/ru/news")[2]


def check_rss(site: FakeSite) -> None:
    for ed, lang in (("ru", "ru"), ("kz", "kk")):
        status, headers, body = fetch(site, f"/{ed}/rss")
        assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
        channel = ElementTree.fromstring(body).find("channel")
        assert channel is not None
        items = channel.findall("item")
        want = [a for a in site.articles if a.lang == lang][:50]
        assert len(items) == len(want) == 50
        for item, a in zip(items, want, strict=True):
            assert item.findtext("link") == site.url(a)
            assert item.findtext("title") == a.title
            assert parsedate_to_datetime(item.findtext("pubDate") or "") == a.published_at


def test_unknown_paths_are_404(site):
    a = site.articles[0]
    for path in ("/nope", "/ru/news/kz-news/no-such-slug", a.path + "x", "/en/news",
                 "/r/0" + a.path, "/r/2/ru/news/kz-news/no-such-slug"):  # fmt: skip
        status, _, body = fetch(site, path)
        assert status == 404 and b"<html>" in body, path


# --- faults ---------------------------------------------------------------------------------------


def test_error_500_every_time_until_switched_off(site):
    a, b = site.articles[:2]
    site.faults.error_500.add(a.path)
    for _ in range(3):
        status, headers, body = fetch(site, a.path)
        assert status == 500 and headers["Content-Type"].startswith("text/html") and body
    assert fetch(site, b.path)[0] == 200
    site.faults.error_500.clear()
    assert fetch(site, a.path)[0] == 200


def test_flaky_500_then_success(site):
    a = site.articles[0]
    site.faults.flaky_500[a.path] = 2
    assert [fetch(site, a.path)[0] for _ in range(4)] == [500, 500, 200, 200]
    assert site.faults.flaky_500 == {}


def test_429_with_retry_after_then_success(site):
    a = site.articles[0]
    site.faults.too_many_429[a.path] = 2
    site.faults.retry_after = 7
    for _ in range(2):
        status, headers, _ = fetch(site, a.path)
        assert status == 429 and headers["Retry-After"] == "7"
    assert fetch(site, a.path)[0] == 200


def test_slow_path_answers_late(site):
    a, b = site.articles[:2]
    site.faults.slow.add(a.path)
    site.faults.slow_seconds = 0.3
    began = time.perf_counter()
    assert fetch(site, a.path)[0] == 200
    assert time.perf_counter() - began >= 0.3
    began = time.perf_counter()
    assert fetch(site, b.path)[0] == 200
    assert time.perf_counter() - began < 0.3


def test_truncated_body_promises_more_than_it_sends(site):
    a = site.articles[0]
    full = fetch(site, a.path)[2]
    site.faults.truncated.add(a.path)
    with urllib.request.urlopen(site.url(a), timeout=10) as r:
        assert r.status == 200 and int(r.headers["Content-Length"]) == len(full)
        with pytest.raises(http.client.IncompleteRead) as err:
            r.read()
    assert len(err.value.partial) == len(full) // 2
    assert site.article_fetches()[a.path] == 1  # the complete fetch only


def test_redirect_chain_ends_at_the_article(site):
    a = site.articles[0]
    site.faults.redirect_chain[a.path] = 3
    site.reset_log()
    with urllib.request.urlopen(site.url(a), timeout=10) as r:
        assert r.url == site.url(a) + "/"
        assert Selector(text=r.read().decode()).css("h1::text").get() == a.title
    assert site.requests == [
        (a.path, 301),
        (f"/r/2{a.path}", 302),
        (f"/r/1{a.path}", 301),
        (f"{a.path}/", 200),
    ]
    assert site.article_fetches() == Counter({a.path: 1})
    site.faults.redirect_chain[a.path] = 1
    site.reset_log()
    fetch(site, a.path)
    assert site.requests == [(a.path, 301), (f"{a.path}/", 200)]


def test_cp1251_page(site):
    ru = next(a for a in site.articles if a.lang == "ru")
    kk = next(a for a in site.articles if a.lang == "kk")
    site.faults.cp1251.update({ru.path, kk.path, "/ru/news"})
    for a in (ru, kk):
        _, headers, body = fetch(site, a.path)
        assert headers["Content-Type"] == "text/html; charset=windows-1251"
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = html.unescape(body.decode("cp1251"))  # Kazakh letters come as &#NNNN;
        assert 'content="text/html; charset=windows-1251"' in text
        assert f">{a.title}</h1>" in text
        assert a.paragraphs[-1] in text
    _, headers, body = fetch(site, "/ru/news")
    assert headers["Content-Type"] == "text/html; charset=windows-1251"
    assert "Новости" in body.decode("cp1251")


def test_faults_also_hit_the_slash_form_but_not_other_paths(site):
    a, b = site.articles[:2]
    site.faults.error_500.add(a.path)
    assert fetch(site, a.path + "/")[0] == 500
    assert fetch(site, b.path + "/")[0] == 200


def test_hostile_answers_are_200s_that_are_not_pages(site):
    a, b, c = site.articles[:3]
    site.faults.binary.add(a.path)
    site.faults.empty.add(b.path)
    site.faults.huge[c.path] = 3_000_000
    status, headers, body = fetch(site, a.path)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body.startswith(b"\x89PNG")
    assert fetch(site, b.path)[2] == b""
    _, headers, body = fetch(site, c.path)
    assert len(body) == 3_000_000 == int(headers["Content-Length"])
    assert f">{c.title}</h1>".encode() in body and body.rstrip().endswith(b"</html>")


def test_no_length_ends_the_body_by_closing(site):
    a = site.articles[0]
    site.faults.no_length.add(a.path)
    status, headers, body = fetch(site, a.path)
    assert status == 200 and "Content-Length" not in headers and headers["Connection"] == "close"
    assert f">{a.title}</h1>".encode() in body


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(site):
    a = site.articles[0]
    site.faults.gzip_bomb[a.path] = 50_000_000
    status, headers, body = fetch(site, a.path)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert len(body) < 200_000
    assert len(gzip.decompress(body)) == 50_000_000


def test_redirect_loop_and_redirect_anywhere(site):
    a, b = site.articles[:2]
    site.faults.redirect_loop.add(a.path)
    site.faults.redirect_to[b.path] = "http://10.255.255.1/admin"
    site.reset_log()
    assert fetch(site, a.path)[0] == 302  # urllib gives up on the loop
    assert site.requests[:3] == [(a.path, 302), (f"{a.path}/", 302), (a.path, 302)]
    request = urllib.request.Request(site.url(b))
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(request, timeout=10)
    assert err.value.headers["Location"] == "http://10.255.255.1/admin"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


# --- request log ----------------------------------------------------------------------------------


def test_request_log_and_article_fetches(site):
    a, b = site.articles[:2]
    fetch(site, "/robots.txt")
    site.reset_log()
    assert site.requests == [] and site.article_fetches() == Counter()
    site.faults.error_500.add(b.path)
    fetch(site, a.path)
    fetch(site, a.path)
    fetch(site, b.path)
    fetch(site, "/ru/news?page=2")
    fetch(site, "/missing")
    fetch(site, a.path, method="HEAD")
    assert site.requests == [
        (a.path, 200),
        (a.path, 200),
        (b.path, 500),
        ("/ru/news?page=2", 200),
        ("/missing", 404),
        (a.path, 200),
    ]
    assert site.article_fetches() == Counter({a.path: 2})  # GETs with a full 200 body only


def test_concurrent_requests_are_all_logged(site):
    paths = [a.path for a in site.articles[:40]]
    site.reset_log()
    threads = [threading.Thread(target=fetch, args=(site, p)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(site.requests) == sorted((p, 200) for p in paths)
    assert site.article_fetches() == Counter(paths)


# --- lifecycle ------------------------------------------------------------------------------------


def test_stop_ends_every_thread_and_frees_the_port():
    before = set(threading.enumerate())
    site = FakeSite(10)
    site.start()
    port = int(site.base_url.rsplit(":", 1)[1])
    idle = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # keep-alive, left open
    idle.request("GET", "/ru/news")
    assert idle.getresponse().read()
    site.faults.slow.add(site.articles[0].path)
    site.faults.slow_seconds = 30
    results: list[object] = []

    def slow_client() -> None:
        try:
            results.append(fetch(site, site.articles[0].path)[0])
        except (OSError, http.client.HTTPException) as exc:  # cut off by stop()
            results.append(exc)

    client = threading.Thread(target=slow_client)
    client.start()
    time.sleep(0.2)
    began = time.perf_counter()
    site.stop()
    assert time.perf_counter() - began < 3
    client.join(5)
    idle.close()
    assert not client.is_alive()
    assert len(results) == 1 and isinstance(results[0], ConnectionError)  # dropped unanswered
    assert [t for t in threading.enumerate() if t not in before] == []
    with socket.socket() as s:  # the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    site.stop()  # idempotent


def test_cli_serves_until_interrupted():
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakesite", "--articles", "30", "--port", "0", "--rss"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("30 articles")
        base = re.search(r"serving (\S+)", proc.stdout.readline())
        assert base
        with urllib.request.urlopen(base[1] + "/ru/rss", timeout=5) as r:
            assert r.status == 200
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == 0 and "stopped after 1 requests" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
