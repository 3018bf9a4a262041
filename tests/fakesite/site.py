"""A local fake mail.kz: listings, article pages, robots/sitemaps/RSS and switchable faults.

Tests and benchmarks crawl it on 127.0.0.1 instead of the real site (no network in CI). The
server is the standard library's ThreadingHTTPServer in a daemon thread, speaking HTTP/1.1 with
keep-alive like a real front end; `stop()` closes every open connection and joins every thread,
so no test leaks a thread or a port.

Routes (all GET/HEAD):
  /robots.txt                         Disallow: /search (+ Sitemap: line when sitemap=True)
  /ru/news, /kz/news[?page=N]         edition listing, newest first, page_size items a page
  /ru/news/<cat>, /kz/news/<cat>      category listing, same paging; past the last page: 404
  /ru/news/<cat>/<slug>[/]            article page (the slash form is a redirect chain's end)
  /r/<k>/<article path>               redirect hop, k hops left before the article
  /ru/rss, /kz/rss                    RSS 2.0, latest 50 (rss=True)
  /sitemap.xml, /sitemap-news-<lang>.xml   index + Google News urlsets (sitemap=True)
  /search, /                          stubs; anything else 404

Hostile faults (`binary`, `empty`, `huge`, `no_length`, `gzip_bomb`, `redirect_loop`,
`redirect_to`) turn an answer into what a crawler must survive; see `Faults`.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import math
import socket
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

from . import pages
from .articles import ALMATY, EDITION, ArticleFactory, FakeArticle, generate

__all__ = ["FakeArticle", "FakeSite", "Faults"]

log = logging.getLogger(__name__)

DEFAULT_START = datetime(2025, 12, 20, 12, 0, tzinfo=ALMATY)
RSS_ITEMS = 50
_LANG_OF_EDITION = {ed: lang for lang, ed in EDITION.items()}


@dataclass
class Faults:
    """Server misbehaviour per path (without query), all off by default.

    Tests flip these while the server runs. The counted faults (flaky_500, too_many_429) count
    down in place and drop their key at zero, so the dict shows what is still to come.
    """

    error_500: set[str] = field(default_factory=set)
    flaky_500: dict[str, int] = field(default_factory=dict)
    too_many_429: dict[str, int] = field(default_factory=dict)
    retry_after: int = 1
    slow: set[str] = field(default_factory=set)
    slow_seconds: float = 5.0
    truncated: set[str] = field(default_factory=set)
    redirect_chain: dict[str, int] = field(default_factory=dict)
    cp1251: set[str] = field(default_factory=set)
    undated: set[str] = field(default_factory=set)
    """Article pages without their date line, as after a markup change (monitor tests)."""
    undated_links: set[str] = field(default_factory=set)
    """Articles whose listing links show no date: only the article page tells when it is from."""
    tracking_links: set[str] = field(default_factory=set)
    """Articles whose news-list links carry pages.TRACKING_QUERY (utm_*, fbclid), as shared
    links do; the article page answers with or without them."""
    # Hostile answers (tests/hardening): a 200 text/html that is not a page, or is too much of one.
    binary: set[str] = field(default_factory=set)  # a PNG labelled text/html
    empty: set[str] = field(default_factory=set)  # 200 with an empty body
    huge: dict[str, int] = field(default_factory=dict)  # the page padded to this many bytes
    no_length: set[str] = field(default_factory=set)  # no Content-Length: ends when it closes
    gzip_bomb: dict[str, int] = field(default_factory=dict)  # gzip of this many zero bytes
    redirect_loop: set[str] = field(default_factory=set)  # path -> path/ -> path -> ...
    redirect_to: dict[str, str] = field(default_factory=dict)  # 302 to this URL, any host
    mid_article: Callable[[str], None] | None = None
    """Called with the path once half of an article page is sent, before the rest: the crash
    harness kills the crawler there, mid-fetch."""


@dataclass
class _Reply:
    status: int
    body: str | bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    article: FakeArticle | None = None  # set for article pages, for article_fetches


class _Stopping(Exception):
    """The server is stopping while a request waits: drop it unanswered, as a dying server does."""


class _Index:
    """An immutable snapshot of the articles and their lookups; swapped whole on add_articles."""

    def __init__(self, articles: Sequence[FakeArticle], version: int) -> None:
        self.version = version
        self.by_path = {a.path: a for a in articles}
        self.by_lang: dict[str, list[FakeArticle]] = {"ru": [], "kk": []}
        self.by_category: dict[tuple[str, str], list[FakeArticle]] = {}
        for a in articles:
            self.by_lang[a.lang].append(a)
            self.by_category.setdefault((a.lang, a.category), []).append(a)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that remembers its live connections so stop() can end them."""

    daemon_threads = True
    request_queue_size = 256  # the default 5 makes a crawler's burst of connects wait 1 s

    def __init__(self, address: tuple[str, int], site: FakeSite) -> None:
        self.site = site
        self.live: dict[socket.socket, threading.Thread] = {}
        self.live_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"fakesite-conn-{client_address[1]}",
            daemon=True,
        )
        with self.live_lock:
            self.live[request] = thread
        thread.start()

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self.live_lock:
            self.live.pop(request, None)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A client hanging up (or stop() cutting it off) is normal here; anything else is a bug.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect from a real front end
    server_version = "nginx"
    sys_version = ""
    timeout = 60  # an idle keep-alive connection is dropped after this
    disable_nagle_algorithm = True  # else headers + body as two writes stall ~40 ms (delayed ACK)
    server: _Server

    def do_GET(self) -> None:
        self.server.site._serve(self, head_only=False)

    def do_HEAD(self) -> None:
        self.server.site._serve(self, head_only=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FakeSite:
    """A fake mail.kz serving `articles` articles, the same ones for the same `seed`.

    About 2/3 are Russian; categories are drawn evenly; the newest is published at `start`
    (default 2025-12-20 12:00 Almaty) and each older one 30-60 minutes before the last.
    `articles` is newest first; `requests` logs (path with query, status) of every answer.
    A redirect chain ends at the article's slash form, `url(article) + "/"`: see `_hop`.
    With `gzip`, every answer is gzip-encoded for a client that accepts it, as a front end does.
    """

    def __init__(
        self,
        articles: int = 50,
        *,
        seed: int = 0,
        start: datetime | None = None,
        page_size: int = 20,
        sitemap: bool = False,
        rss: bool = False,
        gzip: bool = False,
        categories: tuple[str, ...] = ("kz-news", "economic", "world-news", "sport"),
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        if not categories:
            raise ValueError("at least one category is needed")
        newest = start or DEFAULT_START
        if newest.tzinfo is None:
            newest = newest.replace(tzinfo=ALMATY)
        self.page_size = page_size
        self.sitemap = sitemap
        self.rss = rss
        self.gzip = gzip
        self.categories = categories
        self.faults = Faults()
        self.base_url = ""
        self.requests: list[tuple[str, int]] = []
        self.received: list[str] = []
        """Every request target as it arrives, before its answer (a slow one's too); `requests`
        holds (target, status) once answered."""
        self._fetches: Counter[str] = Counter()
        self._agents: Counter[str] = Counter()
        self._log_lock = threading.Lock()
        self._lock = threading.Lock()  # articles, the fault counters, the page caches
        self._factory = ArticleFactory(seed, categories)
        self.articles: list[FakeArticle] = generate(self._factory, articles, newest, before=True)
        self._index = _Index(self.articles, 0)
        self._cache: dict[tuple[object, ...], str] = {}
        self._bombs: dict[int, bytes] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Serve on 127.0.0.1:`port` (0: a free port) from a daemon thread; the base URL."""
        if self._server is not None:
            return self.base_url
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", port), self)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._cache.clear()  # cached XML embeds the base URL
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fakesite-server",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop accepting, cut open connections (slow answers included), join every thread."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wakes handlers sleeping on a `slow` fault
        server.shutdown()
        with server.live_lock:
            live = dict(server.live)
        for conn in live:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if thread is not None:
            thread.join(5)
        for worker in live.values():
            worker.join(5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- content ---------------------------------------------------------------------------------

    def add_articles(self, n: int) -> list[FakeArticle]:
        """Publish `n` articles newer than the newest; listings show them at once."""
        with self._lock:
            newest = self.articles[0].published_at if self.articles else DEFAULT_START
            fresh = generate(self._factory, n, newest, before=False)
            self.articles[:0] = fresh
            self._index = _Index(self.articles, self._index.version + 1)
            self._cache.clear()
        return fresh

    def url(self, article: FakeArticle) -> str:
        if not self.base_url:
            raise RuntimeError("the site is not started")
        return self.base_url + article.path

    # --- request log -----------------------------------------------------------------------------

    def article_fetches(self) -> Counter[str]:
        """Article path -> complete 200 GETs served (truncated answers are not counted)."""
        with self._log_lock:
            return Counter(self._fetches)

    def user_agents(self) -> Counter[str]:
        """User-Agent header -> requests that sent it (politeness tests)."""
        with self._log_lock:
            return Counter(self._agents)

    def reset_log(self) -> None:
        with self._log_lock:
            self.requests.clear()
            self.received.clear()
            self._fetches.clear()
            self._agents.clear()

    def _record(self, target: str, status: int, agent: str) -> None:
        with self._log_lock:
            self.requests.append((target, status))
            self._agents[agent] += 1

    # --- serving ---------------------------------------------------------------------------------

    def _serve(self, handler: _Handler, *, head_only: bool) -> None:
        target = handler.path
        with self._log_lock:
            self.received.append(target)
        path = urlsplit(target).path
        query = parse_qs(urlsplit(target).query)
        try:
            reply, truncate = self._respond(path, query)
        except _Stopping:
            handler.close_connection = True
            return
        except Exception:
            log.exception("fake site failed on %s", target)
            reply, truncate = _Reply(500, pages.simple_page("500", "internal error")), False
        self._record(target, reply.status, handler.headers.get("User-Agent", ""))
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        key = reply.article.path if reply.article else urlsplit(target).path
        encoded = any(name == "Content-Encoding" for name, _ in reply.headers)  # a gzip bomb
        if self.gzip and not encoded and "gzip" in handler.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            reply.headers = [
                *reply.headers,
                ("Content-Encoding", "gzip"),
                ("Vary", "Accept-Encoding"),
            ]
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        if key in self.faults.no_length:  # HTTP/1.0 style: the body ends when the server closes
            handler.send_header("Connection", "close")
            handler.close_connection = True
        else:
            handler.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if head_only:
            return
        if truncate:
            # The full length was promised; half arrives, then the connection closes.
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        if reply.article is not None and reply.status == 200:
            with self._log_lock:  # before the write, so a client that has the page sees it
                self._fetches[reply.article.path] += 1
            if self.faults.mid_article is not None:
                handler.wfile.write(body[: len(body) // 2])
                handler.wfile.flush()
                self.faults.mid_article(reply.article.path)
                body = body[len(body) // 2 :]
        handler.wfile.write(body)

    def _respond(self, path: str, query: dict[str, list[str]]) -> tuple[_Reply, bool]:
        """The reply for a path, faults applied, and whether to truncate it."""
        faults = self.faults
        index = self._index
        article = index.by_path.get(path.rstrip("/")) if path.count("/") >= 4 else None
        key = article.path if article else path
        if key in faults.slow and self._stopping.wait(faults.slow_seconds):
            raise _Stopping
        if key in faults.error_500:
            return _Reply(500, pages.simple_page("500 Internal Server Error", "Ошибка")), False
        if self._take(faults.flaky_500, key):
            return _Reply(500, pages.simple_page("500 Internal Server Error", "Ошибка")), False
        if self._take(faults.too_many_429, key):
            headers = [("Retry-After", str(faults.retry_after))]
            page = pages.simple_page("429 Too Many Requests", "Слишком много запросов")
            return _Reply(429, page, headers=headers), False
        hops = faults.redirect_chain.get(path, 0) if article and path == article.path else 0
        if hops > 0:
            return self._hop(article.path, hops), False
        if key in faults.redirect_to:
            return self._redirect(faults.redirect_to[key]), False
        if article is not None and key in faults.redirect_loop:
            return self._redirect(article.path if path.endswith("/") else f"{path}/"), False
        if article is not None:
            reply = self._article(article, cp1251=key in faults.cp1251)
        else:
            reply = self._route(path, query, cp1251=key in faults.cp1251)
        if reply.status == 200:
            reply = self._hostile(reply, key)
        return reply, reply.status == 200 and key in faults.truncated

    def _hostile(self, reply: _Reply, key: str) -> _Reply:
        """The hostile variants of a 200: not a page, an empty one, a huge one, a gzip bomb."""
        faults = self.faults
        if key in faults.binary:
            reply.body = pages.PNG_BYTES
        elif key in faults.empty:
            reply.body = b""
        elif key in faults.huge:
            page = reply.body.encode() if isinstance(reply.body, str) else reply.body
            reply.body = pages.padded(page, faults.huge[key])
        elif key in faults.gzip_bomb:
            reply.body = self._bomb(faults.gzip_bomb[key])
            reply.headers.append(("Content-Encoding", "gzip"))
        return reply

    def _bomb(self, size: int) -> bytes:
        """gzip of `size` zero bytes (a few KB per MB), built once per size."""
        with self._lock:
            bomb = self._bombs.get(size)
            if bomb is None:
                bomb = self._bombs[size] = pages.gzip_zeros(size)
        return bomb

    def _redirect(self, location: str) -> _Reply:
        """A 302 to `location`: a path on this site or any absolute URL."""
        target = location if "://" in location else self.base_url + location
        return _Reply(302, pages.simple_page("302 Found", target), headers=[("Location", target)])

    def _take(self, counts: dict[str, int], key: str) -> bool:
        """Use up one of a counted fault's answers; False once none are left."""
        with self._lock:
            left = counts.get(key, 0)
            if left <= 0:
                counts.pop(key, None)
                return False
            if left == 1:
                counts.pop(key)
            else:
                counts[key] = left - 1
            return True

    def _hop(self, article_path: str, left: int) -> _Reply:
        """One redirect with `left` hops to go: via /r/<left-1>/..., the last to `path/`.

        The chain ends at the article's slash form, not the path it started from, because a
        crawler's duplicate filter would drop a redirect back to a URL it has already fetched.
        """
        nxt = f"/r/{left - 1}{article_path}" if left > 1 else f"{article_path}/"
        status = 301 if left % 2 else 302
        headers = [("Location", self.base_url + nxt)]
        return _Reply(status, pages.simple_page(f"{status} Moved", nxt), headers=headers)

    def _article(self, article: FakeArticle, *, cp1251: bool) -> _Reply:
        latest = self._index.by_lang[article.lang]
        html = pages.article_page(
            article,
            latest=latest,
            categories=self.categories,
            base_url=self.base_url,
            charset="windows-1251" if cp1251 else "UTF-8",
            dated=article.path not in self.faults.undated,
        )
        reply = _Reply(200, html, article=article)
        return self._encode(reply) if cp1251 else reply

    @staticmethod
    def _encode(reply: _Reply) -> _Reply:
        """cp1251 as an old CMS sends it: Kazakh letters it lacks become character references."""
        assert isinstance(reply.body, str)
        reply.body = reply.body.encode("cp1251", errors="xmlcharrefreplace")
        reply.content_type = "text/html; charset=windows-1251"
        return reply

    def _route(self, path: str, query: dict[str, list[str]], *, cp1251: bool) -> _Reply:
        if path.startswith("/r/"):
            return self._redirect_hop(path)
        if path == "/robots.txt":
            text = pages.robots_txt(self.base_url, self.sitemap)
            return _Reply(200, text, "text/plain; charset=utf-8")
        if path == "/":
            return _Reply(200, pages.home_page())
        if path == "/search":
            return _Reply(200, pages.simple_page("Поиск", "Ничего не найдено"))
        if self.sitemap and (path == "/sitemap.xml" or path.startswith("/sitemap-news-")):
            return self._sitemap(path)
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "rss" and parts[0] in _LANG_OF_EDITION and self.rss:
            lang = _LANG_OF_EDITION[parts[0]]
            index = self._index
            latest = index.by_lang[lang][:RSS_ITEMS]
            xml = self._cached(
                ("rss", lang), index, lambda: pages.rss_feed(lang, latest, self.base_url)
            )
            return _Reply(200, xml, "application/rss+xml; charset=utf-8")
        if len(parts) in (2, 3) and parts[0] in _LANG_OF_EDITION and parts[1] == "news":
            category = parts[2] if len(parts) == 3 else None
            if category is not None and category not in self.categories:
                return self._not_found()
            return self._listing(_LANG_OF_EDITION[parts[0]], category, query, cp1251=cp1251)
        return self._not_found()

    def _redirect_hop(self, path: str) -> _Reply:
        _, _, left, rest = path.split("/", 3)
        article = self._index.by_path.get("/" + rest)
        if article is None or not left.isdigit() or int(left) < 1:
            return self._not_found()
        return self._hop(article.path, int(left))

    def _listing(
        self, lang: str, category: str | None, query: dict[str, list[str]], *, cp1251: bool
    ) -> _Reply:
        index = self._index
        if category is None:
            items = index.by_lang[lang]
        else:
            items = index.by_category.get((lang, category), [])
        raw = query.get("page", ["1"])[-1]
        if not raw.isdigit() or int(raw) < 1:
            return self._not_found()
        page = int(raw)
        pages_total = max(1, math.ceil(len(items) / self.page_size))
        if page > pages_total:
            return self._not_found()
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        html = pages.listing_page(
            lang,
            category,
            chunk,
            page=page,
            pages=pages_total,
            popular=pages.pick_popular(None, index.by_lang[lang][20:], 5),
            categories=self.categories,
            rss=self.rss,
            charset="windows-1251" if cp1251 else "UTF-8",
            undated=self.faults.undated_links,
            tracking=self.faults.tracking_links,
        )
        reply = _Reply(200, html)
        return self._encode(reply) if cp1251 else reply

    def _sitemap(self, path: str) -> _Reply:
        index = self._index
        if path == "/sitemap.xml":
            lastmod = {
                lang: items[0].published_at.isoformat()
                for lang, items in index.by_lang.items()
                if items
            }
            xml = pages.sitemap_index(self.base_url, ("ru", "kk"), lastmod)
            return _Reply(200, xml, "application/xml; charset=utf-8")
        lang = path.removeprefix("/sitemap-news-").removesuffix(".xml")
        if lang not in index.by_lang or not path.endswith(".xml") or not index.by_lang[lang]:
            return self._not_found()
        items = index.by_lang[lang]
        xml = self._cached(
            ("sitemap", lang), index, lambda: pages.sitemap_urlset(lang, items, self.base_url)
        )
        return _Reply(200, xml, "application/xml; charset=utf-8")

    def _cached(self, key: tuple[object, ...], index: _Index, build: Callable[[], str]) -> str:
        """Big feeds are built once per article set (the cache is cleared when it changes)."""
        full = (*key, index.version)
        text = self._cache.get(full)
        if text is None:
            text = self._cache[full] = build()
        return text

    @staticmethod
    def _not_found() -> _Reply:
        return _Reply(404, pages.simple_page("404 Not Found", "Страница не найдена"))
