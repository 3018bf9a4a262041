"""HTML and XML of the fake site, modelled on the mail.kz fixtures (tests/fixtures/mailkz).

Article pages copy the fixtures' layout: a nav header, a left "latest news" column (a
`.news-list` with dated headlines), the article (h1, date line, photo credit, body, source,
promo footer, "Читайте также:" with five dated headlines) and a right "popular" column. Listing
pages hold one `.news-list` in the aggregator's shape. Filler (scripts, menus) keeps pages at a
realistic 20-40 KB.
"""

from __future__ import annotations

import gzip
import io
import random
import zlib
from collections.abc import Collection, Sequence
from email.utils import format_datetime
from html import escape

from .articles import EDITION, FakeArticle, date_line

SECTION_NAMES = {
    "ru": {
        "kz-news": "Казахстан",
        "world-news": "В мире",
        "economic": "Экономика",
        "sport": "Спорт",
    },
    "kk": {"kz-news": "Қазақстан", "world-news": "Әлем", "economic": "Экономика", "sport": "Спорт"},
}
TELEGRAM_PROMO = "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!"
SLOGAN = "Мы работаем для Вас!"
READ_ALSO = "Читайте также:"
TRACKING_QUERY = "?utm_source=telegram&utm_medium=social&utm_campaign=mailkz_news&fbclid=IwAR0x"
"""What a link shared from social media carries (Faults.tracking_links)."""

_CHROME = {
    "ru": {
        "home": "Главная",
        "news": "Новости",
        "latest": "Последние новости",
        "popular": "Популярное",
        "next": "Следующая &raquo;",
        "prev": "&laquo; Предыдущая",
        "search": "Поиск по сайту",
        "top": (
            ("/ru/news", "Новости"), ("/ru/weather", "Погода"), ("/ru/currency", "Курсы валют"),
            ("/ru/horoscope", "Гороскоп"), ("/ru/afisha", "Афиша"), ("/ru/tv", "Телепрограмма"),
            ("/ru/games", "Игры"), ("/ru/auto", "Авто"),
        ),
        "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше.",
    },
    "kk": {
        "home": "Басты бет",
        "news": "Жаңалықтар",
        "latest": "Соңғы жаңалықтар",
        "popular": "Көп оқылған",
        "next": "Келесі &raquo;",
        "prev": "&laquo; Алдыңғы",
        "search": "Сайттан іздеу",
        "top": (
            ("/kz/news", "Жаңалықтар"), ("/kz/weather", "Ауа райы"),
            ("/kz/currency", "Валюта бағамы"), ("/kz/horoscope", "Жұлдызнама"),
            ("/kz/afisha", "Афиша"), ("/kz/tv", "Телебағдарлама"), ("/kz/games", "Ойындар"),
        ),
        "cookie": "Сайт жақсы жұмыс істеуі үшін біз cookie файлдарын пайдаланамыз.",
    },
}  # fmt: skip

# Stand-in for the CMS's inline scripts: dead weight that real pages carry (~3 KB).
_SCRIPT_FILLER = (
    '<script type="text/javascript">BX.message({'
    + ", ".join(f'"JS_CORE_MSG_{i}": "Сообщение интерфейса номер {i}"' for i in range(60))
    + ', "SERVER_TZ_OFFSET": "18000", "SITE_ID": "s1"});</script>\n'
)
_CURRENCY = (
    '<div class="block kurs"><div class="block_title">Курсы валют</div>\n'
    '<table cellpadding="0" cellspacing="0" width="100%"><tr><th></th><th>Покупка</th>'
    "<th>Продажа</th></tr><tr><td>USD</td><td>505.10</td><td>507.40</td></tr>"
    "<tr><td>EUR</td><td>590.20</td><td>594.80</td></tr>"
    "<tr><td>RUB</td><td>6.31</td><td>6.52</td></tr></table></div>\n"
)


def section_name(lang: str, category: str) -> str:
    return SECTION_NAMES[lang].get(category, category.replace("-", " ").capitalize())


def _headline_li(a: FakeArticle, *, dated: bool = True, query: str = "") -> str:
    """A listing item in the aggregator's shape: a[title][href] with a .date child (none without
    `dated`); `query` is appended to the link."""
    t = escape(a.title)
    when = f'<span class="date">{date_line(a.published_at, a.lang)}</span>' if dated else ""
    return f'<li><a href="{a.path}{escape(query)}" title="{t}">{when}{t}</a></li>\n'


def latest_column(lang: str, latest: Sequence[FakeArticle]) -> str:
    """The left "latest news" column of article pages (dated headlines, not this article's)."""
    ed = EDITION[lang]
    c = _CHROME[lang]
    items = "".join(_headline_li(a) for a in latest[:30])
    return (
        '<div id="left_col">\n  <div class="block news-list">\n'
        f'    <div class="block_title"><a href="/{ed}/news/">{c["latest"]}</a></div>\n'
        f'    <ul>\n{items}    </ul>\n    <a class="more-link" href="/{ed}/news/">&raquo;</a>\n'
        "  </div>\n</div>\n"
    )


def _popular(
    lang: str, picks: Sequence[FakeArticle], undated: Collection[str] = frozenset()
) -> str:
    """The "popular" column; the pick's date is left out for paths in `undated`."""
    c = _CHROME[lang]
    rows = []
    for a in picks:
        views = f"{5000 + zlib.crc32(a.slug.encode()) % 45000:,}".replace(",", " ")
        when = "" if a.path in undated else date_line(a.published_at, a.lang)
        rows.append(
            f'<div class="popular-item"><a href="{a.path}"><img src="/uploads/thumbs/'
            f'{a.published_at:%Y/%m/%d}/{a.slug[:40]}-320x180.jpg" width="80" height="60" '
            f'alt="" /></a><div class="date">{when}</div>'
            f'<a href="{a.path}">{escape(a.title)}</a><span class="views-count">{views}'
            '</span><div class="clear"></div></div>\n'
        )
    return (
        f'<div class="block popular">\n<div class="block_title">{c["popular"]}</div>\n'
        + "".join(rows)
        + "</div>\n"
    )


def pick_popular(a: FakeArticle | None, pool: Sequence[FakeArticle], n: int) -> list[FakeArticle]:
    """A stable pseudo-random pick of older headlines (the same page renders the same)."""
    if not pool:
        return []
    rng = random.Random(zlib.crc32(a.slug.encode()) if a else len(pool))
    window = pool[: min(len(pool), 300)]
    return [window[rng.randrange(len(window))] for _ in range(n)]


def _layout(
    lang: str,
    title: str,
    body: str,
    *,
    charset: str = "UTF-8",
    head_extra: str = "",
    categories: Sequence[str] = (),
) -> str:
    """The whole page around `body`: head, top line, header, menu, footer."""
    ed = EDITION[lang]
    c = _CHROME[lang]
    top = " | ".join(f'<a href="{href}">{label}</a>' for href, label in c["top"])
    menu = "".join(
        f'<li><a href="/{ed}/news/{cat}">{section_name(lang, cat)}</a></li>' for cat in categories
    )
    other = "kz" if ed == "ru" else "ru"
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="{lang}" lang="{lang}">\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n'
        f"<title>{escape(title)} - Mail.kz</title>\n"
        '<meta name="robots" content="index, follow" />\n'
        '<link rel="shortcut icon" href="/favicon.ico" type="image/x-icon" />\n'
        '<link href="/bitrix/templates/mailkz/styles.css?1701954512" type="text/css" '
        'rel="stylesheet" />\n'
        f"{head_extra}"
        '<script type="text/javascript" src="/bitrix/js/main/core/core.min.js?1693471512">'
        "</script>\n"
        f"{_SCRIPT_FILLER}</head>\n<body>\n"
        f'<div id="cookie_notice" class="cookie-notice" style="display:none">{c["cookie"]}</div>\n'
        f'<div id="wrapper">\n<div id="top_line">{top}</div>\n<div id="header">\n'
        f'  <div id="logo"><a href="/{ed}/"><img src="/bitrix/templates/mailkz/images/logo.png" '
        'width="180" height="50" alt="Mail.kz" /></a></div>\n'
        f'  <div id="lang"><a href="/{other}/news">{"Қаз" if ed == "ru" else "Рус"}</a></div>\n'
        f'  <div id="search"><form action="/search" method="get"><input type="text" name="q" '
        f'value="{c["search"]}" /></form> <a href="/search?q=">{c["search"]}</a></div>\n'
        f'</div>\n<div id="menu"><ul class="top_menu">{menu}</ul></div>\n'
        f'<div id="main">\n{body}</div>\n'
        '<div id="footer"><a href="/ru/about">О проекте</a> | <a href="/ru/ads">Реклама</a> | '
        '<a href="/ru/privacy/">Конфиденциальность</a><br />© 2025 Mail.kz</div>\n'
        "</div>\n</body>\n</html>\n"
    )


def article_page(
    a: FakeArticle,
    *,
    latest: Sequence[FakeArticle],
    categories: Sequence[str],
    base_url: str,
    charset: str = "UTF-8",
    dated: bool = True,
) -> str:
    """An article page; `latest` is the edition's newest-first list at request time. Without
    `dated`, the page lacks its date line (the related headlines keep theirs)."""
    ed = a.edition
    c = _CHROME[a.lang]
    h = zlib.crc32(a.slug.encode())
    t = escape(a.title)
    image = f"/upload/iblock/{h % 4096:03x}/{a.slug[:40]}.jpg"
    head = (
        f'<meta name="description" content="{escape(a.paragraphs[0])}" />\n'
        '<meta property="og:type" content="article" />\n'
        f'<meta property="og:title" content="{t}" />\n'
        f'<meta property="og:image" content="{base_url}{image}" />\n'
        '<meta property="og:site_name" content="Mail.kz" />\n'
    )
    photo = ""
    if a.photo_credit is not None or h % 5 == 0:
        credit = (
            f'<div class="photo-author">© Фото: {escape(a.photo_credit)}</div>'
            if a.photo_credit
            else ""
        )
        photo = (
            f'    <div class="news-photo"><img src="{image}" alt="{t}" title="{t}" width="700" '
            f'height="420" />{credit}</div>\n'
        )
    paras = [f'<p style="text-align: justify;"><b>{escape(a.paragraphs[0])}</b></p>\n']
    paras += [f'<p style="text-align: justify;">{escape(p)}</p>\n' for p in a.paragraphs[1:]]
    source = ""
    if a.original_source == "zakon.kz" and h % 2:
        source = (
            f'<p>Источник: <a href="https://www.zakon.kz/{6400000 + h % 99999}-{a.slug}.html" '
            'target="_blank">zakon.kz</a></p>\n'
        )
    elif a.original_source:
        source = f"<p>Источник: {escape(a.original_source)}</p>\n"
    others = [x for x in latest[:6] if x is not a][:5]
    related = "".join(
        f'<li><span class="dash">-</span><br /><span class="date">'
        f"{date_line(x.published_at, x.lang)}</span><br />"
        f'<a href="{x.path}">{escape(x.title)}</a></li>\n'
        for x in others
    )
    dateline = f'    <div class="date">{date_line(a.published_at, a.lang)}</div>\n' if dated else ""
    content = (
        '<div id="content">\n'
        f'  <div class="breadcrumbs"><a href="/{ed}/">{c["home"]}</a> &raquo; '
        f'<a href="/{ed}/news/">{c["news"]}</a> &raquo; '
        f'<a href="/{ed}/news/{a.category}/">{section_name(a.lang, a.category)}</a></div>\n'
        '  <div class="news-detail">\n'
        f'    <h1 class="news-title">{t}</h1>\n'
        f"{dateline}{photo}"
        '    <div class="news-text" id="news_text">\n'
        f"{''.join(paras)}{source}<p>&nbsp;</p>\n"
        f'<p><a href="https://t.me/mailkz_news" target="_blank"><b>{TELEGRAM_PROMO}</b></a></p>\n'
        f"<p><b>{SLOGAN}</b></p>\n"
        f'<div class="read_more">\n<p><b>{READ_ALSO}</b></p>\n<ul>\n{related}</ul>\n</div>\n'
        "</div>\n"
        '    <div class="news-share">Поделиться: <div class="ya-share2" '
        'data-services="vkontakte,facebook,telegram,whatsapp" data-size="s"></div>\n'
        f'      <a href="#" class="news-print" data-id="{400000 + h % 500000}">Версия для печати'
        "</a></div>\n  </div>\n"
        '  <div class="comments" id="comments"><div class="block_title">Комментарии (0)</div>\n'
        f'    <p>Чтобы оставить комментарий, <a href="/{ed}/auth/?backurl={a.path}">авторизуйтесь'
        "</a>.</p></div>\n</div>\n"
    )
    right = (
        '<div id="right_col">\n'
        + _popular(a.lang, pick_popular(a, latest, 10))
        + _CURRENCY
        + "</div>\n"
    )
    body = latest_column(a.lang, latest) + content + right
    return _layout(a.lang, a.title, body, charset=charset, head_extra=head, categories=categories)


def listing_page(
    lang: str,
    category: str | None,
    items: Sequence[FakeArticle],
    *,
    page: int,
    pages: int,
    popular: Sequence[FakeArticle],
    categories: Sequence[str],
    rss: bool,
    charset: str = "UTF-8",
    undated: Collection[str] = frozenset(),
    tracking: Collection[str] = frozenset(),
) -> str:
    """An edition or category listing page: one `.news-list`, pager links, nav chrome. Links to
    paths in `undated` show no date; those in `tracking` carry TRACKING_QUERY (the news list's)."""
    ed = EDITION[lang]
    c = _CHROME[lang]
    heading = section_name(lang, category) if category else c["news"]
    own = f"/{ed}/news" + (f"/{category}" if category else "")
    links = []
    if page > 1:
        links.append(f'<a rel="prev" href="?page={page - 1}">{c["prev"]}</a>')
    shown = sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})
    for n in shown:
        if n == page:
            links.append(f'<span class="current">{n}</span>')
        else:
            links.append(f'<a href="{own if n == 1 else f"?page={n}"}">{n}</a>')
    if page < pages:
        links.append(f'<a rel="next" href="?page={page + 1}">{c["next"]}</a>')
    rows = "".join(
        _headline_li(
            a, dated=a.path not in undated, query=TRACKING_QUERY if a.path in tracking else ""
        )
        for a in items
    )
    head = (
        f'<link rel="alternate" type="application/rss+xml" title="Mail.kz" href="/{ed}/rss" />\n'
        if rss
        else ""
    )
    crumbs = f'<a href="/{ed}/">{c["home"]}</a> &raquo; <a href="/{ed}/news">{c["news"]}</a>'
    body = (
        '<div id="content">\n'
        f'  <div class="breadcrumbs">{crumbs}</div>\n'
        f'  <div class="block news-list">\n    <div class="block_title"><h1>{heading}</h1></div>\n'
        f"    <ul>\n{rows}    </ul>\n  </div>\n"
        f'  <div class="pager">{" ".join(links)}</div>\n</div>\n'
        f'<div id="right_col">\n{_popular(lang, popular, undated)}{_CURRENCY}</div>\n'
    )
    title = f"{heading} ({page})" if page > 1 else heading
    return _layout(lang, title, body, charset=charset, head_extra=head, categories=categories)


def simple_page(title: str, text: str) -> str:
    """Tiny HTML for errors, redirects and stub routes."""
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8" /><title>{escape(title)}</title>'
        f"</head>\n<body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>\n"
    )


def home_page() -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8" /><title>Mail.kz</title></head>\n'
        '<body><a href="/ru/news">Новости</a> | <a href="/kz/news">Жаңалықтар</a></body></html>\n'
    )


def robots_txt(base_url: str, sitemap: bool) -> str:
    lines = ["User-agent: *", "Disallow: /search", ""]
    if sitemap:
        lines.insert(2, f"Sitemap: {base_url}/sitemap.xml")
    return "\n".join(lines)


def rss_feed(lang: str, items: Sequence[FakeArticle], base_url: str) -> str:
    """RSS 2.0 of an edition's newest items; pubDate in RFC 822 with the Almaty offset."""
    ed = EDITION[lang]
    title = "Mail.kz — " + _CHROME[lang]["news"]
    entries = "".join(
        "<item>"
        f"<title>{escape(a.title)}</title>"
        f"<link>{base_url}{a.path}</link>"
        f'<guid isPermaLink="true">{base_url}{a.path}</guid>'
        f"<pubDate>{format_datetime(a.published_at)}</pubDate>"
        f"<category>{escape(section_name(lang, a.category))}</category>"
        f"<description>{escape(a.paragraphs[0])}</description>"
        "</item>\n"
        for a in items
    )
    built = format_datetime(items[0].published_at) if items else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(title)}</title>\n<link>{base_url}/{ed}/news</link>\n"
        f"<description>{escape(title)}</description>\n<language>{lang}</language>\n"
        f'<atom:link href="{base_url}/{ed}/rss" rel="self" type="application/rss+xml" />\n'
        f"<lastBuildDate>{built}</lastBuildDate>\n{entries}</channel>\n</rss>\n"
    )


def sitemap_index(base_url: str, langs: Sequence[str], lastmod: dict[str, str]) -> str:
    maps = "".join(
        f"<sitemap><loc>{base_url}/sitemap-news-{lang}.xml</loc>"
        f"<lastmod>{lastmod[lang]}</lastmod></sitemap>\n"
        for lang in langs
        if lang in lastmod
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{maps}'
        "</sitemapindex>\n"
    )


def sitemap_urlset(lang: str, items: Sequence[FakeArticle], base_url: str) -> str:
    """A urlset with Google News tags: every article of the edition, newest first."""
    urls = "".join(
        f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published_at.isoformat()}</lastmod>"
        "<news:news><news:publication><news:name>Mail.kz</news:name>"
        f"<news:language>{lang}</news:language></news:publication>"
        f"<news:publication_date>{a.published_at.isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    )


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    + bytes(range(256)) * 40
)
"""An image's bytes, for answers that say text/html and are not."""


def padded(page: bytes, size: int) -> bytes:
    """The page grown to `size` bytes by a comment before </body> (still valid HTML)."""
    filler = max(0, size - len(page) - len("<!--  -->"))
    at = page.rfind(b"</body>")
    at = at if at >= 0 else len(page)
    return page[:at] + b"<!-- " + b"x" * filler + b" -->" + page[at:]


def gzip_zeros(size: int) -> bytes:
    """A gzip stream of `size` zero bytes, compressed a megabyte at a time."""
    out = io.BytesIO()
    chunk = bytes(min(size, 1 << 20))
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        left = size
        while left > 0:
            gz.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return out.getvalue()
