"""Page metadata from JSON-LD, OpenGraph and <meta>: the publisher's own statements about the page.

Site-agnostic. Values are returned raw (strings, lists); callers decide precedence and parse dates.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from newscrawler.extract.headline import agreement, reference_titles, words
from newscrawler.extract.html import clean_text

_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                            "AnalysisNewsArticle", "WebPage"})  # fmt: skip
_OTHER_HEADLINE = 0.3
"""Agreement below which a JSON-LD headline is another article's than the one og:title and
<title> name (a template caching the previous page's JSON-LD): its dates and authors are not
this page's."""


@dataclass
class PageMetadata:
    """What the page says about itself; empty fields when it says nothing."""

    title: str | None = None
    page_title: str = ""
    """The `<title>`'s text, as it stands (site name and all): read once here, in the walk for
    the other head elements, for every reader of it."""
    published: str | None = None
    modified: str | None = None
    """When the page says it was last changed (JSON-LD dateModified, article:modified_time):
    many sites restamp it on every save, so it is read only beside a visible update label."""
    canonical_url: str | None = None
    image_url: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    """JSON-LD articleBody as paragraphs: the second opinion on the body (extract/article.py)."""
    lang: str | None = None
    """The language the page declares (`<html lang>`, og:locale, JSON-LD inLanguage), as an
    ISO 639 code: the edition's language, which its text may not be in."""
    types: frozenset[str] = frozenset()
    """What the page says it is: its og:type ('article', 'video.other', 'website') and every
    JSON-LD @type ('NewsArticle', 'VideoObject', 'CollectionPage', 'BreadcrumbList')."""


def read_metadata(tree: HtmlElement) -> PageMetadata:
    """JSON-LD first (most specific), then OpenGraph/article:*, then plain <meta> and <link>.

    <meta name=keywords> is left out on purpose: it is SEO filler, not the page's tags.
    """
    # One walk of the tree for the three kinds of element read, not one each.
    found: dict[str, list[HtmlElement]] = {"meta": [], "script": [], "link": [], "title": []}
    for el in tree.iter(*found):
        found[el.tag].append(el)
    meta = _meta_tags(found["meta"])
    objects = _jsonld_objects(s for s in found["script"] if s.get("type") == "application/ld+json")
    page_title = (found["title"][0].text or "") if found["title"] else ""
    ld = _article_object(objects, [meta.get("og:title"), meta.get("twitter:title"), page_title])
    canonical = _canonical(found["link"])
    return PageMetadata(
        title=_text(ld.get("headline")) or meta.get("og:title") or meta.get("twitter:title"),
        page_title=page_title,
        published=_text(ld.get("datePublished"))
        or meta.get("article:published_time")
        or meta.get("datepublished")
        or meta.get("pubdate")
        or meta.get("date"),
        modified=_text(ld.get("dateModified"))
        or meta.get("article:modified_time")
        or meta.get("og:updated_time"),
        canonical_url=canonical or meta.get("og:url"),
        image_url=_image(ld.get("image")) or meta.get("og:image") or meta.get("twitter:image"),
        authors=_names(ld.get("author")) or _split(meta.get("author")),
        tags=_keywords(ld.get("keywords")) or meta.get_all("article:tag"),
        body=_paragraphs(ld.get("articleBody")),
        lang=_language(tree.get("lang"))
        or _language(meta.get("og:locale"))
        or _language(_text(ld.get("inLanguage"))),
        types=frozenset(
            [*(t for obj in objects for t in _types(obj)), *filter(None, [meta.get("og:type")])]
        ),
    )


class _Meta(dict[str, str]):
    """First value per meta name, plus every value for repeated names (article:tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.all: dict[str, list[str]] = {}

    def get_all(self, name: str) -> list[str]:
        return self.all.get(name, [])


def _meta_tags(metas: Iterable[HtmlElement]) -> _Meta:
    found = _Meta()
    for el in metas:
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = clean_text(el.get("content") or "")
        if name and content:
            found.setdefault(name, content)
            found.all.setdefault(name, []).append(content)
    return found


def _canonical(links: Iterable[HtmlElement]) -> str | None:
    """The href of the first <link rel=canonical> that has one, as XPath's
    `string(//link[@rel='canonical']/@href)` reads it."""
    hrefs = (el.get("href") for el in links if el.get("rel") == "canonical")
    return next((href for href in hrefs if href is not None), "").strip() or None


def _jsonld_objects(scripts: Iterable[HtmlElement]) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, in document order; broken JSON-LD is skipped, not fatal
    (so is JSON nested too deep for the decoder, which raises RecursionError)."""
    found: list[dict[str, Any]] = []
    for script in scripts:
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        found.extend(_objects(data))
    return found


def _article_object(objects: list[dict[str, Any]], stated: list[str | None]) -> dict[str, Any]:
    """The JSON-LD object describing the page's article: an article type rather than a bare
    WebPage (an @graph lists both), and never one whose headline shares next to nothing with
    every title the page states in its markup."""
    titles = reference_titles(stated, "")
    found = [
        obj
        for obj in objects
        if _ARTICLE_TYPES.intersection(_types(obj)) and not _other_article(obj, titles)
    ]
    return next((obj for obj in found if _types(obj) != ["WebPage"]), found[0] if found else {})


def _other_article(obj: dict[str, Any], titles: list[set[str]]) -> bool:
    headline = words(_text(obj.get("headline")) or "")
    return bool(headline and titles) and all(
        agreement(headline, t) < _OTHER_HEADLINE for t in titles
    )


def _types(obj: dict[str, Any]) -> list[str]:
    """A JSON-LD object's @type values (one or a list)."""
    types = obj.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _objects(data: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value and its @graph, in document order. A loop, not recursion:
    JSON the decoder accepts can still nest deeper than the interpreter's stack allows."""
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            found.append(value)
            stack.append(value.get("@graph", []))
    return found


_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")


def _paragraphs(value: Any) -> list[str]:
    """articleBody's paragraphs: its lines, or its blocks when a site put HTML in it."""
    if not isinstance(value, str):
        return []
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", value)))
    return [line for line in (clean_text(part) for part in text.split("\n")) if line]


_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)
_MISNAMED = {"kz": "kk"}
"""Codes sites write for a language that has another: Kazakh is 'kk' ('kz' is the country)."""


def _language(value: str | None) -> str | None:
    """The primary language subtag of a declared language ('ru-RU' -> 'ru', 'kz' -> 'kk')."""
    m = _LANGUAGE.match((value or "").strip())
    if m is None:
        return None
    code = m[1].lower()
    return _MISNAMED.get(code, code)


def _text(value: Any) -> str | None:
    return clean_text(value) or None if isinstance(value, str) else None


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _text(value)


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [_text(i.get("name") if isinstance(i, dict) else i) for i in items]
    return [n for n in names if n]


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for k in (_text(v) for v in value) if k]
    return _split(value) if isinstance(value, str) else []


def _split(value: str | None) -> list[str]:
    return [part for part in (clean_text(p) for p in (value or "").split(",")) if part]
