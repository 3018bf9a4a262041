"""Hostile variants of the fixture pages for the parser fuzz: each case is a fixture page with a
few random mutations, reproducible from (seed, index) alone.

The mutations are what crawlers meet: truncated transfers, elements deleted, duplicated or moved
(chrome into the article), wrong or missing charsets, control characters and invalid bytes, deep
nesting, pages padded to many megabytes, hostile JSON-LD and meta values, empty and binary bodies.
A module, not conftest, so its name is unique on sys.path.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import lxml.html
from lxml.html import HtmlElement
from scrapy.http import HtmlResponse

from newscrawler.fixtures import load_cases

MB = 1_000_000
UNDER_LIMIT = 5 * 1024 * 1024 - 100_000
"""Padding just under DOWNLOAD_MAXSIZE (5 MiB): parsed, so it must finish in bounded time."""
OVER_LIMIT = 20 * MB


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    body: bytes
    headers: dict[str, str]
    fetched_at: datetime
    ops: tuple[str, ...] = field(default=())

    def but(self, op: str, **changes: object) -> Page:
        return replace(self, ops=(*self.ops, op), **changes)  # type: ignore[arg-type]


def fixture_pages() -> list[Page]:
    pages = []
    for case in load_cases("mailkz"):
        p = case.page
        pages.append(Page(case.name, p.url, p.body, dict(p.headers), p.fetched_at))
    return pages


def _text(page: Page) -> tuple[str, str]:
    """The page decoded as Scrapy decodes it, and that encoding."""
    response = HtmlResponse(page.url, body=page.body, headers=page.headers)
    return response.text, response.encoding


def _tree_op(page: Page, op: str, mutate: Callable[[HtmlElement], None]) -> Page:
    """Parse, mutate the tree, serialize back in the page's own encoding."""
    text, encoding = _text(page)
    try:
        doc = lxml.html.document_fromstring(text)
    except Exception:  # an earlier mutation left nothing parseable: leave the page as it is
        return page.but(f"{op}:unparsed")
    try:
        mutate(doc)
    except ValueError:  # lxml refuses to move text holding control characters: keep what is done
        op += ":partial"
    out = lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    return page.but(op, body=out.encode(encoding, "xmlcharrefreplace"))


_BLOCKS = frozenset(
    "p div section article main header footer aside nav ul ol li table tr td blockquote h1 h2 h3 "
    "h4 h5 h6 figure form".split()
)
_FORMATTING = frozenset("a b strong i em u s span font small big".split())


def _elements(doc: HtmlElement, tags: frozenset[str] | None = None) -> list[HtmlElement]:
    """The elements under <body> (of `tags` only, when given); the body itself if none."""
    body = doc.find("body")
    root = body if body is not None else doc
    found = [
        el
        for el in root.iter()
        if isinstance(el.tag, str) and el is not root and (tags is None or el.tag in tags)
    ]
    return found or [root]


BOILERPLATE_WORDS: tuple[str, ...] = (
    "Источник", "Первоисточник", "Дереккөз", "Подписывайтесь", "Будьте в курсе", "Мы работаем",
    "Telegram", "Біздің", "Барлық оқиғалардан", "Читайте", "Смотрите также", "Оқи отырыңыз",
    "Тағы оқыңыз", "Ұқсас жаңалықтар", "Последние новости", "Фото", "Сурет", "Photo",
    "Поделиться", "Посмотреть", "Просмотреть", "View this", "Публикация от", "Пост от",
    "Нашли ошибку", "Қате тапсаңыз", "Смотреть", "Watch on", "shared by",
)  # fmt: skip
"""Words that open a line of boilerplate. Byte-level mutations keep out of the lines holding one:
a control character or a cut inside 'Подписывайтесь на наш Telegram' leaves a phrase no rule can
know, a mutation artifact rather than a page a site would serve."""


def _free_spans(page: Page) -> list[tuple[int, int]]:
    """Byte ranges of the page's lines that hold no boilerplate word."""
    _, encoding = _text(page)
    words = [w.encode(encoding, "ignore") for w in BOILERPLATE_WORDS]
    spans, start = [], 0
    for line in page.body.split(b"\n"):
        end = start + len(line) + 1
        if not any(w and w in line for w in words):
            spans.append((start, min(end, len(page.body))))
        start = end
    return spans or [(0, len(page.body))]


def _keep_tail(el: HtmlElement) -> None:
    """Leave an element's tail where it is before the element moves (lxml moves it along)."""
    if el.tail:
        previous, parent = el.getprevious(), el.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        elif parent is not None:
            parent.text = (parent.text or "") + el.tail
        el.tail = None


def truncate(rng: random.Random, page: Page) -> Page:
    start, end = rng.choice(_free_spans(page))
    cut = rng.randint(start, end)
    return page.but(f"truncate@{cut}", body=page.body[:cut])


def delete(rng: random.Random, page: Page) -> Page:
    """Whole elements go; a formatting element may lose its tags and keep its text."""

    def go(doc: HtmlElement) -> None:
        els = _elements(doc)
        for el in rng.sample(els, min(len(els), rng.randint(1, 5))):
            if el.getparent() is None:
                continue
            if el.tag in _FORMATTING and rng.random() < 0.5:
                el.drop_tag()
            else:
                el.drop_tree()

    return _tree_op(page, "delete", go)


def duplicate(rng: random.Random, page: Page) -> Page:
    """Elements copied next to a block elsewhere on the page."""

    def go(doc: HtmlElement) -> None:
        els, blocks = _elements(doc), _elements(doc, _BLOCKS)
        for el in rng.sample(els, min(len(els), rng.randint(1, 5))):
            target = rng.choice(blocks)
            if target.getparent() is None or el in target.iterancestors():
                continue
            twin = copy.deepcopy(el)
            twin.tail = None  # the text after an element is its parent's, not the element's
            target.addnext(twin)

    return _tree_op(page, "duplicate", go)


def move(rng: random.Random, page: Page) -> Page:
    """Chrome into the article and the article into chrome: an element moved before a block."""

    def go(doc: HtmlElement) -> None:
        els, blocks = _elements(doc), _elements(doc, _BLOCKS)
        for _ in range(rng.randint(1, 3)):
            el, target = rng.choice(els), rng.choice(blocks)
            if el is target or el in target.iterancestors() or target.getparent() is None:
                continue
            if el.getparent() is not None:
                _keep_tail(el)
                target.addprevious(el)

    return _tree_op(page, "move", go)


_CHARSETS = ("windows-1251", "koi8-r", "iso-8859-1", "utf-16", "shift_jis", "x-bogus", "utf-8")
_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)


def charset(rng: random.Random, page: Page) -> Page:
    kind = rng.choice(["declare", "reencode", "strip", "bom", "meta"])
    other = rng.choice(_CHARSETS)
    headers = dict(page.headers)
    if kind == "declare":  # the header lies about the bytes
        headers["Content-Type"] = f"text/html; charset={other}"
        return page.but(f"charset:declare={other}", headers=headers)
    if kind == "reencode":  # the bytes change, the declarations do not
        text, _ = _text(page)
        target = other if other != "x-bogus" else "cp1251"
        return page.but(f"charset:reencode={target}", body=text.encode(target, "replace"))
    if kind == "strip":  # no declaration at all: the parser must guess
        headers["Content-Type"] = "text/html"
        return page.but("charset:strip", headers=headers, body=_META_CHARSET.sub(b"", page.body))
    if kind == "bom":  # a byte-order mark that disagrees with the rest
        bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
        return page.but(f"charset:bom={bom.hex()}", body=bom + page.body)
    meta = f'<meta charset="{other}">'.encode()
    return page.but(f"charset:meta={other}", body=meta + _META_CHARSET.sub(b"", page.body))


_CONTROL: tuple[bytes, ...] = (
    *(bytes([b]) for b in (*range(0, 9), 11, 12, *range(14, 32), 127)),
    b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\xc0\x80", b"\xed\xa0\x80",  # invalid UTF-8
    "\u2028".encode(), "\u2029".encode(), "\u0085".encode(), "\u202e".encode(),
    "\ufeff".encode(), "\ufffe".encode(), "\uffff".encode(), "\u200b".encode(),
    b"&#0;", b"&#xD800;", b"&#xDFFF;", b"&#x110000;", b"&#1114112;", b"&#xFFFE;", b"&#12;",
)  # fmt: skip


_TEXT_RUN = re.compile(rb"(?<=>)[^<\n]{2,}")


def control(rng: random.Random, page: Page) -> Page:
    """Control characters, invalid bytes and odd references in the text between tags."""
    n = rng.choice([1, 10, 100, 1000])
    runs = [
        (start + m.start(), start + m.end())
        for start, end in _free_spans(page)
        for m in _TEXT_RUN.finditer(page.body[start:end])
    ]
    if not runs:
        return page.but("control:none")
    inserts = sorted(
        (rng.randint(start + 1, end - 1), rng.choice(_CONTROL))
        for start, end in rng.choices(runs, k=n)
    )
    pieces, last = [], 0
    for at, junk in inserts:
        pieces += [page.body[last:at], junk]
        last = at
    return page.but(f"control:{n}", body=b"".join([*pieces, page.body[last:]]))


def nest(rng: random.Random, page: Page) -> Page:
    depth = rng.choice([50, 300, 3000, 30000, 100000])
    opener = rng.choice([b"<div>", b"<b>", b"<span><div>", b"<table><tr><td>", b"<ul><li>"])
    closer = b"".join(b"</" + t + b">" for t in re.findall(rb"<(\w+)>", opener)[::-1])
    at = _random_tag_start(rng, page.body)
    closed = rng.random() < 0.5
    text = "<p>Глубоко вложенный текст.</p>".encode()
    inner = opener * depth + text + (closer * depth if closed else b"")
    body = page.body[:at] + inner + page.body[at:]
    return page.but(f"nest:{opener.decode()}x{depth}{'' if closed else ':open'}", body=body)


def _random_tag_start(rng: random.Random, body: bytes) -> int:
    starts = [m.start() for m in re.finditer(rb"<(?:p|div|h1|article|section)\b", body)]
    return rng.choice(starts) if starts else rng.randint(0, len(body))


_PADDING: dict[str, bytes] = {
    "space": b" " * 1000,
    "comment": b"<!--" + b"c" * 1000 + b"-->",
    "para": b"<p>" + "Текст, которого в статье нет, повторяется. ".encode() * 20 + b"</p>",
    "divs": b"<div>" + b"x" * 1000 + b"</div>",
    "inline": b"<i></i>" * 150,
    "links": b'<a href="/ru/news/kz-news/x">' + "ссылка ".encode() * 10 + b"</a>",
    "word": b"A" * 1000,
}


def pad(rng: random.Random, page: Page, size: int | None = None, form: str | None = None) -> Page:
    size = size or rng.choice([MB, 3 * MB])
    form = form or rng.choice(sorted(_PADDING))
    unit = _PADDING[form]
    junk = unit * max(1, (size - len(page.body)) // len(unit))
    at = rng.choice([_random_tag_start(rng, page.body), len(page.body)])
    return page.but(f"pad:{form}:{size}", body=page.body[:at] + junk + page.body[at:])


_JSONLD: tuple[str, ...] = (
    "[" * 100_000,
    '{"@type": "NewsArticle", "headline": "\\ud83d", "datePublished": "2025-12-20T08:30:00Z"}',
    '{"@type": "NewsArticle", "headline": "Заголовок \\ud800 конец"}',
    '{"@type": ["NewsArticle"], "headline": 5, "author": {"name": ["x"]}, "image": [[1]]}',
    '{"@type": "NewsArticle", "datePublished": "9999-12-31T23:59:59-23:59"}',
    '{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00+14:00"}',
    '{"@type": "NewsArticle", "keywords": {"a": 1}, "author": [null, 1, {"name": null}]}',
    '{"@graph": {"@graph": {"@graph": []}}}',
    '{"@type": "NewsArticle", "image": {"url": ["a"]}, "headline": ["a", "b"]}',
    '{"@type": "NewsArticle", "headline": "' + "Очень длинный заголовок " * 5000 + '"}',
)
_META: tuple[str, ...] = (
    '<meta property="og:image" content="http://[::1">',
    '<link rel="canonical" href="http://[broken">',
    '<link rel="canonical" href="javascript:alert(1)">',
    '<meta property="article:published_time" content="2025-13-45T99:99:99">',
    '<meta property="og:title" content="\x00\x01">',
    '<meta property="article:tag" content="&#xD800;">',
    '<time datetime="99999-01-01T00:00">99999</time>',
    '<img src="http://[x]/a.jpg">',
    '<p>Источник: <a href="http://[">zakon.kz</a></p>',
)


def hostile_metadata(rng: random.Random, page: Page) -> Page:
    if rng.random() < 0.5:
        ld = rng.choice(_JSONLD)
        snippet = f'<script type="application/ld+json">{ld}</script>'
    else:
        snippet = rng.choice(_META)
    at = page.body.find(b"</head>")
    at = at if at >= 0 and rng.random() < 0.5 else _random_tag_start(rng, page.body)
    body = page.body[:at] + snippet.encode("utf-8", "surrogatepass") + page.body[at:]
    return page.but(f"metadata:{snippet[:40]!r}", body=body)


def entities(rng: random.Random, page: Page) -> Page:
    """A billion-laughs style DOCTYPE: the HTML parser must not expand it."""
    laughs = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    head = f"<!DOCTYPE html [{laughs}]>".encode()
    body = re.sub(rb"^\s*<!DOCTYPE[^>]*>", b"", page.body, flags=re.IGNORECASE)
    return page.but("entities", body=head + body.replace(b"<p", b"<p>&a9;</p><p", 1))


def emptied(rng: random.Random, page: Page) -> Page:
    return page.but("empty", body=rng.choice([b"", b" ", b"\n\r\n\t ", b"\xef\xbb\xbf"]))


def binary(rng: random.Random, page: Page) -> Page:
    magic = rng.choice([b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0", b"%PDF-1.7\n", b""])
    noise = rng.randbytes(rng.choice([100, 10_000, 200_000]))
    return page.but(f"binary:{magic[:4]!r}", body=magic + noise)


MUTATIONS: dict[str, tuple[Callable[[random.Random, Page], Page], float]] = {
    "truncate": (truncate, 3),
    "delete": (delete, 4),
    "duplicate": (duplicate, 4),
    "move": (move, 3),
    "charset": (charset, 3),
    "control": (control, 3),
    "nest": (nest, 2),
    "pad": (pad, 0.3),
    "metadata": (hostile_metadata, 3),
    "entities": (entities, 0.5),
    "empty": (emptied, 0.3),
    "binary": (binary, 0.3),
}
"""name -> (mutation, weight); padding is rare because each padded page costs seconds."""

FIXED_CASES: tuple[tuple[str, int, str], ...] = (
    ("seed_ru", OVER_LIMIT, "para"),
    ("seed_ru", UNDER_LIMIT, "para"),
    ("kk_plain", UNDER_LIMIT, "divs"),
    ("ru_jsonld", OVER_LIMIT, "space"),
)
"""(fixture, size, padding) run in every fuzz: the size limit and the biggest page we parse."""


def fuzz_case(pages: list[Page], seed: int, index: int) -> Page:
    """Case `index` of a fuzz run: the fixed padded pages first, then random mutations."""
    rng = random.Random(f"{seed}:{index}")
    if index < len(FIXED_CASES):
        name, size, form = FIXED_CASES[index]
        page = next(p for p in pages if p.name == name)
        return pad(rng, page, size, form)
    page = rng.choice(pages)
    names = sorted(MUTATIONS)
    weights = [MUTATIONS[n][1] for n in names]
    for name in rng.choices(names, weights, k=rng.randint(1, 3)):
        page = MUTATIONS[name][0](rng, page)
    return page
