"""A fake zakon.kz edition for crawl tests: one local server per edition, as the two live on hosts
of their own (www.zakon.kz, kaz.zakon.kz). Markup and routes follow ../shared/sites/zakonkz.md.

Routes (GET):
  /robots.txt                                   allows everything, names no sitemap
  /sitemap.xml                                  urlset of the articles only the sitemap lists
  /news/                                        HTML listing: the first page of cards
  /news/?handler=LoadMoreNews&p=N&type=list     'load more': JSON {"html": cards of page N};
                                                past the last page {"html": ""}
  /<section>/<id>-<slug>.html                   article page (the current layout)
  /amp/<section>/<id>-<slug>.html               its AMP page
  anything else                                 404 (/rss/, /sitemap/index.xml, /pbf/..., ...)

Every card page also links promotional pages (/pbf/, /special/, special.zakon.kz) that are no
articles, and the listing links one article by its AMP URL.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "kk": "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
}
SECTIONS = {"ru": ("obshestvo", "sport", "finansy"), "kk": ("kogam-tynysy", "quqiq", "okiga")}
PROMO = (
    '<a class="newscard_link" href="/pbf/6500001-partnerskii-material.html">Партнерам</a>'
    '<a class="newscard_link" href="/special/6500002-spetsproekt.html">Спецпроект</a>'
    '<a class="newscard_link" href="https://special.zakon.kz/6500003-promo.html">Промо</a>'
)


@dataclass(frozen=True)
class ZakonArticle:
    lang: str
    section: str
    id: int
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published_at: datetime
    author: str
    tags: tuple[str, ...]
    in_sitemap_only: bool = False
    """Listed by /sitemap.xml alone, not by the listing: only the sitemap seed finds it."""
    linked_as_amp: bool = False
    """The listing links its AMP page, as a shared link may."""

    @property
    def slug(self) -> str:
        return f"novost-{self.id}"

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.id}-{self.slug}.html"

    @property
    def body(self) -> str:
        """The dataset's body: the lead, then the paragraphs."""
        return "\n\n".join((self.lead, *self.paragraphs))


def articles(lang: str, n: int, first_id: int, newest: datetime) -> list[ZakonArticle]:
    """`n` articles of an edition, newest first, 40 minutes apart."""
    word = "Новость" if lang == "ru" else "Жаңалық"
    found = []
    for i in range(n):
        aid = first_id - i
        found.append(
            ZakonArticle(
                lang=lang,
                section=SECTIONS[lang][i % 3],
                id=aid,
                title=f"{word} номер {aid}: событие дня в Алматы",
                lead=f"Лид {aid}: коротко о главном, что произошло в городе за этот день.",
                paragraphs=(
                    f"Абзац первый {aid}. В акимате рассказали о планах на следующий год и о "
                    "том, как изменится работа городских служб после реформы.",
                    f"Абзац второй {aid}. Специалисты отмечают, что изменения затронут "
                    "несколько тысяч жителей, и советуют следить за новостями.",
                ),
                published_at=newest - timedelta(minutes=40 * i),
                author=f"Автор {aid % 7} Фамилия",
                tags=(f"тег{aid % 5}", "Алматы"),
            )
        )
    return found


def date_line(lang: str, when: datetime) -> str:
    """'14:05, 19 декабря 2025' / '14:05, 19 желтоқсан 2025'."""
    month = MONTHS[lang].split()[when.month - 1]
    return f"{when:%H:%M}, {when.day} {month} {when.year}"


def card(article: ZakonArticle) -> str:
    href = ("/amp" if article.linked_as_amp else "") + article.path
    stamp = date_line(article.lang, article.published_at)
    return (
        f'<a class="newscard_link" href="{href}"><div class="newscard">'
        f'<span class="newscard__title">{html.escape(article.title)}</span>'
        f'<span class="newscard__date">{stamp}</span></div></a>'
    )


def listing_page(lang: str, cards: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Новости</title>'
        '</head><body><header><a href="/">Zakon.kz</a> <a href="/news/">Новости</a></header>'
        f'<main><div class="newsList">{cards}</div>'
        '<button class="loadMore" data-handler="LoadMoreNews">Показать еще</button></main>'
        f"<aside>{PROMO}</aside></body></html>"
    )


def article_page(article: ZakonArticle, amp: bool = False) -> str:
    """The current layout [V]: div.article__block > h1, .date, .description (the lead),
    .content (the body, an inline related card in it), willShare, google-news-follow, the tags,
    the author block."""
    paras = [f"<p>{html.escape(p)}</p>" for p in article.paragraphs]
    related = (
        '<div class="zmainCard_item"><div class="zmainCard__label">Материал по теме</div>'
        f'<a href="/{article.section}/{article.id - 100}-drugoe.html">'
        '<span class="zmainCard__title">Другая новость о том же событии в городе</span>'
        '<span class="zmainCard__date">10:30, 12 декабря 2025</span></a></div>'
    )
    tags = "".join(
        f'<a class="badge large" href="/tags/t{i}/">{t}</a>' for i, t in enumerate(article.tags)
    )
    canonical = f'<link rel="canonical" href="{article.path}">' if amp else ""
    return f"""<!DOCTYPE html><html lang="{article.lang}"><head><meta charset="utf-8">
<title>{html.escape(article.title)} - Zakon.kz</title>{canonical}</head><body>
<header><a href="/">Zakon.kz</a><nav><a href="/news/">Новости</a></nav></header>
<main><div class="article__block">
<h1>{html.escape(article.title)}</h1>
<div class="date">{date_line(article.lang, article.published_at)}</div>
<div class="description">{html.escape(article.lead)}</div>
<div class="content">{paras[0]}{related}{"".join(paras[1:])}</div>
<div class="willShare">Поделитесь новостью <a href="https://t.me/share">Telegram</a></div>
<div class="google-news-follow">
<a href="https://news.google.com/">Следите за новостями Zakon.kz в Google News</a></div>
<div class="tags newsTags">{tags}</div>
<div class="authorBlock"><a href="/authors/a{article.id % 7}/">{article.author}</a>
<span>{article.author}</span></div>
</div></main>
<aside><div class="lastNews">{PROMO}</div></aside>
</body></html>"""


def sitemap(base_url: str, listed: list[ZakonArticle]) -> str:
    urls = "".join(
        f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published_at.isoformat()}</lastmod></url>"
        for a in listed
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


@dataclass
class FakeZakon:
    """One edition of a fake zakon.kz on 127.0.0.1, `page_size` cards a listing page."""

    articles: list[ZakonArticle]
    page_size: int = 5
    base_url: str = ""
    requests: list[str] = field(default_factory=list)
    """Every path (with its query) asked for, in order."""
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def listed(self) -> list[ZakonArticle]:
        return [a for a in self.articles if not a.in_sitemap_only]

    def __enter__(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append(self.path)
                status, content_type, body = site.answer(self.path)
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def answer(self, target: str) -> tuple[int, str, str]:
        """(status, content type, body) of a request target."""
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        page_html = "text/html; charset=utf-8"
        if parts.path == "/robots.txt":
            return 200, "text/plain", "User-agent: *\nAllow: /\n"
        if parts.path == "/sitemap.xml":
            only = [a for a in self.articles if a.in_sitemap_only]
            return 200, "application/xml", sitemap(self.base_url, only)
        if parts.path == "/news/":
            if query.get("handler") == ["LoadMoreNews"]:
                page = int(query.get("p", ["1"])[0])
                return (
                    200,
                    "application/json; charset=utf-8",
                    json.dumps(
                        {
                            "html": self.cards(page) + (PROMO if self.cards(page) else ""),
                            "page": page,
                        }
                    ),
                )
            return 200, page_html, listing_page(self.articles[0].lang, self.cards(1))
        by_path = {a.path: a for a in self.articles}
        amp = parts.path.startswith("/amp/")
        article = by_path.get(parts.path.removeprefix("/amp") if amp else parts.path)
        if article is not None:
            return 200, page_html, article_page(article, amp=amp)
        return 404, page_html, "<html><body><h1>404</h1></body></html>"

    def cards(self, page: int) -> str:
        chunk = self.listed[(page - 1) * self.page_size : page * self.page_size]
        return "".join(card(a) for a in chunk)
