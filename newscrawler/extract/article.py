"""One article page -> its parts, by markup. Site-agnostic; a source supplies its `Boilerplate`.

The page is parsed once. We find the body container and the article region (the smallest element
holding the headline and the body), read metadata, the date line and the source link from the
region, drop chrome we can recognise by markup, and hand only the body container to trafilatura.
Text rules in the cleaning pipelines catch what markup did not.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newscrawler.extract import dates
from newscrawler.extract.boilerplate import (
    AD_LABEL,
    DASH_ONLY,
    MAX_APPEAL,
    PERSON_NAMES,
    RELATED_ITEM,
    Boilerplate,
    is_appeal,
)
from newscrawler.extract.headline import (
    microdata_headlines,
    next_article_heading,
    page_headline,
    reference_titles,
    words,
)
from newscrawler.extract.html import (
    MAY_WRAP_PAGE,
    NEVER_TEXT,
    changed,
    class_words,
    clean_text,
    common_ancestor,
    drop_chrome,
    element_text,
    find_body_container,
    first_chunks,
    has_class_token,
    has_running_text,
    is_prose,
    may_hold_attribute,
    page_encoding,
    page_memo,
    parse_html,
    raw_text,
    remove,
    short_text,
    text_within,
    with_text_siblings,
)
from newscrawler.extract.metadata import PageMetadata, read_metadata
from newscrawler.extract.text import (
    coverage,
    distinct_share,
    extract_paragraphs,
    whole_page_paragraphs,
)
from newscrawler.items import Credits

_DATE_TOKENS = frozenset(
    ["date", "time", "datetime", "meta", "published", "pubdate", "info", "created"]
)
_STAMP_TOKENS = frozenset({"date", "datetime", "published", "pubdate", "timestamp", "dateline"})
"""Class tokens of a block that is only a date stamp (the broader _DATE_TOKENS also say where a
date may stand among other things: 'meta', 'info')."""
_STAMP_ATTRIBUTES = ("data-published", "data-date", "data-datetime", "data-time")
_AUTHOR_TOKENS = frozenset({"author", "authors", "byline"})
_TAG_TOKENS = frozenset({"tags", "tag", "keywords"})
_AUTHOR_LABEL = re.compile(r"^(?:Автор\w*(?: материала)?|Текст|Author|By)\s*:?\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_TITLE_TOKENS = frozenset({"title", "headline", "heading"})
_TAG_HREF = re.compile(r"/(?:tags?|tegi|teg)/", re.IGNORECASE)
_AUTHOR_HREF = re.compile(r"/(?:authors?|avtory?|avtor)/[^/?#]+/?(?:[?#]|$)", re.IGNORECASE)
"""A link to one author's page ('/authors/aigerim-sadykova/'): its text names the author."""
_LEAD_TOKENS = frozenset(
    {"lead", "lede", "description", "announce", "anons", "intro", "standfirst"}
)
_MIN_LEAD, _MAX_LEAD = 20, 600
_STANDFIRST_BREAKS = ("br", "p", "div", "li", "table", "blockquote")
_AUTHOR_LINE = re.compile(
    r"^(?:(?:Автор\w*(?: материала)?|Author)\s*:\s*\S.{0,78}|"
    rf"(?:Текст|Мәтін|Text)\s*:\s*{PERSON_NAMES})$",
    re.IGNORECASE,
)
"""A byline by its words ('Автор: Алия Нурланова', 'Текст: Алия Бекова') where no class names it;
a 'Текст:' line only before names ('Текст: «…»' may be a document's)."""
_CREDIT_TOKENS = frozenset({"credit", "copyright", "caption", "photo", "figcaption"})
_CREDIT_MARK = ":"
"""Every credit line has it, after its label ('Фото: …'): Boilerplate.photo_credit's colon."""
_MAX_DATE_TEXT = 100
_MAX_RELATED_ITEM = 300
_MAX_RELATED_BOX = 1500
_MAX_LEAD_IN = 120
"""A paragraph that leads into the next line without a colon is one short clause ('Статья вышла
10 марта под заголовком'); a longer one without its final stop is a finished, sloppy sentence."""
_MAX_BOX_HEADING = 40
"""Text outside the links of a box of links: its heading ('Материал по теме', 'Читайте также')."""
MAX_ELEMENTS = 100_000
"""News pages hold a few thousand elements. Each markup pass visits them all, a few seconds per
hundred thousand: a page past this (a page of a million empty tags fits the size limit) is not
parsed, so no page takes more than seconds."""


class ExtractionError(Exception):
    """A page that yields no article; `reason` becomes a stats key."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class ExtractedArticle:
    title: str | None
    published_at: datetime | None
    paragraphs: list[str]
    updated_at: datetime | None = None
    canonical_url: str | None = None
    image_url: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    original_url: str | None = None
    credits: Credits = field(default_factory=Credits)
    """What the page's credit elements say, raw: the item's `credits` (pipelines/attribution.py
    makes original_source and photo_credit of them)."""
    dropped: Counter[str] = field(default_factory=Counter)
    """What the markup stage removed, by kind (chrome, related, date_line, ...)."""
    charset_repaired: bool = False
    """The page was decoded with another encoding than it declared (see html.page_encoding)."""
    lang: str | None = None
    """The language the page declares (extract/metadata.py), or None."""
    body_source: str = "container"
    """Where the body came from: `container` (the page's densest running text), `jsonld` (the
    page's JSON-LD articleBody, when the markup holds no article text or another text) or
    `whole_page` (trafilatura on the whole page, when the container held only a scrap of it)."""


SURE_WORDS = 60
"""A container body this short gets a second opinion: trafilatura on the whole page."""
ADDED_BY_HEADLINE = 0.7
"""Share of the word runs that the whole page's reading adds to a short body which must stand
in the block holding the headline and the body for that reading to be taken."""
SCRAP_WORDS = 25
"""A container body this short is a scrap (a subtitle, a byline): the whole page's reading
replaces it even when it does not hold it."""
MIN_DISTINCT = 0.5
"""A whole page's reading with fewer distinct 4-word runs than this share of its runs repeats
itself (trafilatura copies the items of nested lists into every list around them, with whatever
chrome they hold): it never replaces the container's body."""
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
r"""A JSON string's escaped character (\u0417 for З): state objects often spell Cyrillic so."""
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
"""Kana and CJK ideographs: the letters of scripts written without spaces between words."""
MIN_SCRIPT_ARTICLE = 1000
"""Characters of a script that may hold an article (a state object); shorter ones are code."""
MIN_JSONLD_WORDS = 40
"""A JSON-LD body shorter than this is a teaser: it never overrides the markup's body."""
JSONLD_AGREES = 0.5
"""Share of the JSON-LD body's word runs the markup's body must hold to be taken as the same
text; below it the markup's body is another text (the next article of an infinite scroll, a
footer on a script-shell page) and the JSON-LD body is taken instead."""


def extract_article(
    body: bytes, encoding: str, url: str, fetched_at: datetime, rules: Boilerplate
) -> ExtractedArticle:
    """Parse an article page. Raises ExtractionError when the page holds no article text."""
    with page_memo():
        return _extract_article(body, encoding, url, fetched_at, rules)


def _extract_article(
    body: bytes, encoding: str, url: str, fetched_at: datetime, rules: Boilerplate
) -> ExtractedArticle:
    charset = page_encoding(body, encoding)
    tree = parse_html(body, charset)
    if tree is None:
        raise ExtractionError("unparseable", "empty or unparseable HTML")
    # lxml makes an element's Python object when a walk meets it and frees it when the walk
    # moves on, again on every walk; held here, every walk of this page reuses them. Held up to
    # one past the limit: a hostile page of millions of elements is refused after 100,001.
    held = list(islice(tree.iter(), MAX_ELEMENTS + 1))
    if len(held) > MAX_ELEMENTS:
        raise ExtractionError("too_complex", f"over {MAX_ELEMENTS} elements")
    meta = read_metadata(tree)
    root = tree.find("body")
    root = root if root is not None else tree
    titles = reference_titles([meta.title, meta.page_title], url)
    microdata = may_hold_attribute(body, charset, "itemprop")
    headline = page_headline(root, titles, microdata)
    end = next_article_heading(root, headline, titles) if headline is not None else None
    densest = _past_appeals(root, headline, end, find_body_container(root, headline, end))
    densest = _past_side_boxes(root, headline, end, densest)
    if densest is None:
        if meta.body:
            return _from_jsonld(meta, url, fetched_at, _repaired(charset, encoding))
        raise ExtractionError("no_text", "no block of running text on the page")
    container, span = with_text_siblings(densest, headline)
    if end is not None and container in end.iterancestors():
        _drop_from(end, container)
    if headline is None and len(_article_headings(root, container)) > 1:
        raise ExtractionError(
            "ambiguous_article",
            "the body follows several articles' headlines and none agrees with the page's "
            "title: whether it is this page's article or the next one's cannot be told",
        )
    h1 = headline if headline is not None else _headline(root, container, microdata)
    _refuse_non_article(meta, h1, container, span)
    region = _article_region(h1, container)
    dropped: Counter[str] = Counter()
    # Before chrome goes; over the whole page by the page's own headline (a hero band's cover).
    lead_credit = _credit_before_body(
        root if headline is not None else region, h1, container, rules
    )
    dropped["chrome"] += drop_chrome(region, keep=[container] + ([h1] if h1 is not None else []))
    dropped["related"] += _drop_related_blocks(region, container, rules)

    image_url = _absolute(url, meta.image_url or _first_image(region))  # before figures go
    photo_credit = _drop_credits(region, rules, dropped)  # captions go either way
    photo_credit = lead_credit or photo_credit
    author_classed, tag_classed = _by_tokens(region, _AUTHOR_TOKENS, _TAG_TOKENS)
    bylines = [*author_classed, *_smallest_starting_with(region, _AUTHOR_LINE, _AUTHOR_LABEL)]
    author_links = _author_links(region, container)
    linked = list(dict.fromkeys(element_text(a) for a, _ in author_links))
    authors = meta.authors or linked or _author_names(bylines)  # before the date's row goes
    published = _stated(meta.published, fetched_at)
    date_el = _date_line(region, h1, fetched_at, own_headline=headline is not None)
    # Before the date's row, which may hold it, goes; a time alone is on the publication's day.
    shown_published = published or (date_el[1] if date_el else None)
    updated = _updated(region, fetched_at, shown_published, _stated(meta.modified, fetched_at))
    if date_el is not None:
        published = published or date_el[1]
        row = _meta_row(date_el[0], container)
        if container in row.iterancestors():
            remove(row)
            dropped["date_line"] += 1

    dropped["date_line"] += _drop_date_rows(container)
    outlet, original_url, source_el = _source_line(region, url, rules)
    if source_el is not None and container in source_el.iterancestors():
        remove(source_el)
        dropped["source_line"] += 1
    anchors = _tag_anchors(region, [el for el in tag_classed if region in _up(el)])  # not removed
    tag_names = [element_text(a).lstrip("#") for a in anchors]
    tags = meta.tags or list(dict.fromkeys(t for t in tag_names if t))
    blocks = [*_tag_blocks(anchors, container), *bylines, *(b for _, b in author_links)]
    for el in blocks:
        if el is not None and el.getparent() is not None and container in el.iterancestors():
            remove(el)
    standfirst = _standfirst(h1, container, span)  # before the headline leaves the container
    if h1 is not None and container in h1.iterancestors():
        _drop_header(h1, container)
    dropped["related"] += _drop_link_lines(container, rules)
    dropped["link_card"] += _drop_link_cards(container)
    dropped["gallery"] += _drop_galleries(container)
    dropped["caption"] += _drop_image_captions(container)
    dropped["ad"] += _drop_ad_boxes(container)
    dropped["back_link"] += _drop_back_links(container)

    lead = _lead(region, h1, container) or standfirst
    canonical = _absolute(url, meta.canonical_url)
    around = common_ancestor(h1, container) if h1 is not None else None  # before it is read
    # The page's own address as a line (a print layout's header) is no text of the article.
    paragraphs = [
        p for p in extract_paragraphs(_trimmed(container, span), url) if p not in (url, canonical)
    ]
    body_source = "container"
    if _jsonld_differs(meta.body, paragraphs):
        paragraphs, body_source = meta.body, "jsonld"
    elif end is None and _fewer_words(paragraphs, SURE_WORDS):  # trafilatura reads every article
        whole = _without_appeals(whole_page_paragraphs(body.decode(charset, "replace"), url))
        if _takes_over(whole, paragraphs) and _added_by_headline(whole, paragraphs, around):
            paragraphs, body_source = whole, "whole_page"
        elif _article_in_script(tree, titles):
            raise ExtractionError(
                "script_shell",
                f"{_word_count(paragraphs)} words of text in the markup, and a script holding "
                "the titled article: the page renders it in the browser; the markup holds only "
                "its furniture",
            )
    if body_source == "container" and lead is not None and not _holds(paragraphs, lead):
        paragraphs = [lead, *paragraphs]
    return ExtractedArticle(
        title=(element_text(h1) if h1 is not None else None) or _title_fallback(meta),
        published_at=published,
        updated_at=updated,
        paragraphs=paragraphs,
        body_source=body_source,
        canonical_url=canonical,
        image_url=image_url,
        authors=authors,
        tags=tags,
        original_url=original_url,
        credits=_credits(outlet, photo_credit),
        dropped=dropped,
        charset_repaired=_repaired(charset, encoding),
        lang=meta.lang,
    )


MAX_APPEALS = 3
"""Appeal boxes set aside in turn before the body container is taken as it is."""


def _past_appeals(
    root: HtmlElement,
    headline: HtmlElement | None,
    end: HtmlElement | None,
    densest: HtmlElement | None,
) -> HtmlElement | None:
    """The body container, never a box that is the outlet asking its reader to subscribe or
    donate (boilerplate.is_appeal): under a flash of two short sentences, such a box outweighs
    the article by text density. Each one is removed and the container sought again."""
    for _ in range(MAX_APPEALS):
        text = text_within(densest, MAX_APPEAL) if densest is not None else None
        if text is None or not is_appeal(text):  # a long text is no appeal: not cleaned whole
            break
        remove(densest)
        densest = find_body_container(root, headline, end)
    return densest


def _without_appeals(paragraphs: list[str]) -> list[str]:
    """A whole page's reading without the appeal boxes it took for text: they do not make it
    longer than the container's body."""
    return [p for p in paragraphs if not is_appeal(p)]


_NOT_FOUND_PHRASE = (
    r"(?:запрашиваемая\s+|такой\s+)?(?:страница|страницы|материал|новость|статья|публикация)\s+"
    r"(?:не\s+(?:найден[аоы]?|существует)|удален[аоы]?)|ничего\s+не\s+найдено|"
    r"(?:бет|парақ|парақша|мұндай\s+бет)\s+(?:табылмады|табылған\s+жоқ|жоқ)|ештеңе\s+табылмады|"
    r"(?:sorry[,!]?\s+|oops[,!]?\s+)?(?:the\s+|this\s+)?page\s+(?:not\s+found|"
    r"(?:you\s+requested\s+)?(?:could\s+not|can[’']?t|cannot)\s+be\s+found)|"
    r"(?:page\s+)?not\s+found|nothing\s+found"
)
_NOT_FOUND = re.compile(
    rf"^(?:(?:ошибка|error|қате)\s*)?(?:404(?:\s*[-–—.:!|]?\s*(?:{_NOT_FOUND_PHRASE}))?|"
    rf"(?:{_NOT_FOUND_PHRASE}))[\s.!]*$",
    re.IGNORECASE,
)
"""A title that says the page is not there ('Страница не найдена', 'Бет табылмады', 'Ошибка
404', 'Page not found'): a 404 page a site serves with status 200."""
_TITLE_SITE_NAME = re.compile(r"\s+[-|—–]\s+")
MAX_NOT_FOUND_WORDS = 300
"""A page titled 'not found' has an apology and maybe the latest news: little text. An article
under that title (a column so named) says more."""
MIN_TEASERS = 4
"""Items opening with a linked headline that make a block a list of other articles."""
MAX_TEASER_NOTE = 30
"""Characters of an inline note (a date, a view count) between a teaser's link and its lead."""
_LINE_ENDS = frozenset(["br", "div", "p", "ul", "ol", "table", "h2", "h3", "h4", "h5", "h6"])
_DECLARED_ARTICLE = frozenset({"article", "NewsArticle", "Article", "ReportageNewsArticle",
                               "AnalysisNewsArticle", "BlogPosting"})  # fmt: skip
_DECLARED_COLLECTION = frozenset({"VideoObject", "CollectionPage", "ItemList", "SearchResultsPage"})
_DECLARED_PROFILE = frozenset({"ProfilePage", "AboutPage", "ContactPage"})
"""schema.org page types about a person or the outlet: a bio under a name is not news."""


def _past_side_boxes(
    root: HtmlElement,
    headline: HtmlElement | None,
    end: HtmlElement | None,
    densest: HtmlElement | None,
) -> HtmlElement | None:
    """The body container, never a box away from the headline that holds no running text of
    its own when running text stands by the headline: a side column's list of other articles'
    teasers with their leads, or its horoscope of short lines, outweighs a one-paragraph news
    item by length. Without such text the box stays the container (and a list of teasers makes
    the page a listing: _refuse_non_article)."""
    if headline is None or densest is None or densest in _up(headline):
        return densest
    if has_running_text(densest) and not _is_listing([densest]):
        return densest
    other = find_body_container(root, headline, end, outside=densest)
    if (
        other is not None
        and common_ancestor(headline, other).tag not in ("body", "html")
        and has_running_text(other)
    ):
        return other
    return densest


def _refuse_non_article(
    meta: PageMetadata,
    h1: HtmlElement | None,
    container: HtmlElement,
    span: list[HtmlElement] | None,
) -> None:
    """Raise ExtractionError for a page that holds no article, whatever its URL looks like, told
    by what any site's such pages share: a title saying the page is not found over little text
    (`not_found_page`); a list of other articles' teasers as the body container with no prose
    besides, or by a headline whose own text lost to the page's footer and outweighing that
    (`listing_page`: a tag, section or search page); a page declaring itself a video or a
    collection, with no article body stated, whose text lost to the footer (`no_article_text`);
    a page declaring itself a profile, about or contact page and no article (`profile_page`).
    """
    if _says_not_found(h1, meta) and len(element_text(container).split()) < MAX_NOT_FOUND_WORDS:
        raise ExtractionError("not_found_page", "the page's title says it is not found")
    # The densest text shares nothing with the headline but the page: a footer.
    footer = h1 is not None and common_ancestor(h1, container).tag in ("body", "html")
    if footer and _declares_no_article(meta):
        raise ExtractionError(
            "no_article_text",
            f"a page declaring itself {', '.join(sorted(meta.types))} has no text by its headline",
        )
    if _declares_profile(meta):
        raise ExtractionError(
            "profile_page",
            f"the page declares itself {', '.join(sorted(meta.types & _DECLARED_PROFILE))}",
        )
    scope = span if span is not None else [container]
    if _is_listing(scope) or (footer and _teasers_outweigh(_top_block(h1), container)):
        raise ExtractionError(
            "listing_page", "the page's text is a list of other articles' teasers"
        )


def _says_not_found(h1: HtmlElement | None, meta: PageMetadata) -> bool:
    """Whether the headline, og:title or <title> (its site name set aside) says not found."""
    page_title = _TITLE_SITE_NAME.split(clean_text(meta.page_title))[0]
    stated = [element_text(h1) if h1 is not None else "", meta.title or "", page_title]
    return any(_NOT_FOUND.match(title) for title in stated if title)


def _is_listing(scope: list[HtmlElement]) -> bool:
    """Whether `scope` (the body container, or its span of blocks) is a list of other articles:
    MIN_TEASERS teasers or more, and no line of prose outside them."""
    teasers = _teasers(scope)
    if len(teasers) < MIN_TEASERS:
        return False
    stack = list(scope)
    while stack:
        el = stack.pop()
        if el in teasers or not isinstance(el.tag, str):
            continue
        if is_prose(el):
            return False
        stack.extend(el)
    return True


def _teasers(scope: list[HtmlElement]) -> set[HtmlElement]:
    """The items of the lists of other articles in `scope`: children of one block, at least
    MIN_TEASERS of them, each opening with a linked headline on a line of its own."""
    teasers: set[HtmlElement] = set()
    for top in scope:
        for parent in top.iter():
            if len(parent) < MIN_TEASERS:  # most elements: too few children to be such a list
                continue
            items = [c for c in parent if isinstance(c.tag, str) and _is_teaser(c)]
            if len(items) >= MIN_TEASERS:
                teasers.update(items)
    return teasers


def _teasers_outweigh(block: HtmlElement, container: HtmlElement) -> bool:
    """Whether `block` holds a list of other articles' teasers with more text than `container`:
    a section page's cards, all text in links, beside the footer that won the running text (a
    page's header menu of headlines weighs less than its article)."""
    teasers = _teasers([block])
    length = sum(len(element_text(t)) for t in teasers)
    return len(teasers) >= MIN_TEASERS and length > len(element_text(container))


def _top_block(el: HtmlElement) -> HtmlElement:
    """The page's top-level block holding `el`: its ancestor right under <body>."""
    while (parent := el.getparent()) is not None and parent.tag not in ("body", "html"):
        el = parent
    return el


def _is_teaser(item: HtmlElement) -> bool:
    """An item of a list of other articles: it opens with a linked headline (its time may come
    first) set as a line of its own, a card that is one link or a link that its date or lead
    follows in blocks of their own (a short inline date or view count may stand between). A
    paragraph opening with a linked name goes on in the same line."""
    if not _opens_with_headline_link(item, stamp_first=True):
        return False
    link = next(item.iter("a"))
    if link is item:
        return True
    following, tail = link.getnext(), link.tail
    while following is not None and following.tag not in _LINE_ENDS:
        if (tail or "").strip() or len(raw_text(following)) > MAX_TEASER_NOTE:
            return False
        following, tail = following.getnext(), following.tail
    return not (tail or "").strip()


def _states_article(meta: PageMetadata) -> bool:
    """Whether the page's metadata says it is an article or states an article body."""
    return bool(meta.body or meta.types & _DECLARED_ARTICLE)


def _declares_no_article(meta: PageMetadata) -> bool:
    """Whether the page says it is a video or a collection, not an article, and states no
    article body (og:type 'video.other', JSON-LD VideoObject or CollectionPage)."""
    return not _states_article(meta) and any(
        t.startswith("video.") or t in _DECLARED_COLLECTION for t in meta.types
    )


def _declares_profile(meta: PageMetadata) -> bool:
    """Whether the page says it is a person's or the outlet's own page (an author's profile
    with their bio and their articles' teasers), and not also an article."""
    return bool(meta.types & _DECLARED_PROFILE) and not _states_article(meta)


def _stated(value: str | None, fetched_at: datetime) -> datetime | None:
    """A time the page's metadata states (published, modified), unless it lies after the fetch."""
    return dates.before_fetch(dates.parse_iso(value or ""), fetched_at)


def _repaired(charset: str, declared: str) -> bool:
    return codecs.lookup(charset).name != codecs.lookup(declared).name


def _jsonld_differs(jsonld: list[str], paragraphs: list[str]) -> bool:
    """Whether the page's JSON-LD articleBody is a full text that the markup's body is not."""
    words = sum(len(p.split()) for p in jsonld)
    return words >= MIN_JSONLD_WORDS and coverage(paragraphs, jsonld) < JSONLD_AGREES


def _word_count(paragraphs: list[str]) -> int:
    """Words between spaces, and a word per two characters of Chinese and Japanese, which are
    written without spaces: a long Japanese article is not a scrap of a few 'words'."""
    return sum(map(_paragraph_words, paragraphs))


def _paragraph_words(paragraph: str) -> int:
    return len(paragraph.split()) + len(_UNSPACED.findall(paragraph)) // 2


def _fewer_words(paragraphs: list[str], count: int) -> bool:
    """Whether _word_count(paragraphs) < count, told from the paragraphs up to the one that
    reaches it: a body's first paragraphs, not all of its words (split, and searched for CJK)."""
    seen = 0
    for paragraph in paragraphs:
        seen += _paragraph_words(paragraph)
        if seen >= count:
            return False
    return True


def _article_in_script(tree: HtmlElement, titles: list[set[str]]) -> bool:
    """Whether an inline script (a framework's state, `window.__STATE__ = {…}`) holds the page's
    titled article: a long text holding the title's words, JSON escapes read."""
    for script in tree.iter("script"):
        text = script.text or ""
        if len(text) < MIN_SCRIPT_ARTICLE or script.get("type") == "application/ld+json":
            continue
        held = words(_JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text))
        if any(len(title & held) >= 0.8 * len(title) for title in titles):
            return True
    return False


def _takes_over(whole: list[str], ours: list[str]) -> bool:
    """Whether trafilatura's reading of the whole page is the body ours is only a piece of (a
    lead, one paragraph of a body in <div>s) or missed (a byline box): at least twice as long,
    and holding most of ours unless ours is a scrap; never a reading that repeats itself."""
    mine, theirs = _word_count(ours), _word_count(whole)
    if theirs < SURE_WORDS or theirs < 2 * mine or distinct_share(whole) < MIN_DISTINCT:
        return False
    return mine < SCRAP_WORDS or coverage(whole, ours) >= 0.5


def _added_by_headline(whole: list[str], ours: list[str], around: HtmlElement | None) -> bool:
    """Whether the text the whole page's reading adds to ours stands in `around`, the block
    holding the headline and our container: a side column's exchange rates and horoscope
    beside a one-paragraph news item are no part of it."""
    if around is None:
        return True
    held = set(ours)
    return coverage([raw_text(around)], [p for p in whole if p not in held]) >= ADDED_BY_HEADLINE


def _from_jsonld(
    meta: PageMetadata, url: str, fetched_at: datetime, repaired: bool
) -> ExtractedArticle:
    """A page whose markup holds no running text (a script shell that renders in the browser):
    the article as its JSON-LD states it."""
    return ExtractedArticle(
        title=_title_fallback(meta),
        published_at=_stated(meta.published, fetched_at),
        paragraphs=meta.body,
        canonical_url=_absolute(url, meta.canonical_url),
        image_url=_absolute(url, meta.image_url),
        authors=meta.authors,
        tags=meta.tags,
        charset_repaired=repaired,
        body_source="jsonld",
        lang=meta.lang,
    )


def _article_headings(root: HtmlElement, container: HtmlElement) -> list[HtmlElement]:
    """The <h1>s before or inside the body that may head an article each: three words or more,
    outside chrome, each in a block of its own (a page setting its sections in <h1> puts them
    side by side). Two of them and the body may be the second article's."""
    before = {*container.xpath("preceding::h1"), *container.iter("h1")}
    found: dict[HtmlElement, HtmlElement] = {}
    for h1 in root.iter("h1"):
        if (
            h1 in before
            and len(element_text(h1).split()) >= 3
            and not any(
                a.tag in NEVER_TEXT and a.tag not in MAY_WRAP_PAGE for a in h1.iterancestors()
            )
        ):
            found.setdefault(h1.getparent(), h1)
    return list(found.values())


def _headline(root: HtmlElement, container: HtmlElement, microdata: bool) -> HtmlElement | None:
    """The element holding the article's headline, on a page whose headings agree with none of
    the titles it states (extract/headline.py).

    In order: a microdata `itemprop=headline`; the <h1> closest to the body (a logo in an <h1> of
    the page header shares less of the body's ancestry); else, on pages without <h1>, the last
    heading-like line before the body.
    """
    for el in microdata_headlines(root) if microdata else ():
        if element_text(el):
            return el
    best, best_depth = None, -1
    for h1 in root.iter("h1"):
        if not element_text(h1) or any(
            a.tag in NEVER_TEXT and a.tag not in MAY_WRAP_PAGE for a in h1.iterancestors()
        ):
            continue
        depth = sum(1 for _ in common_ancestor(h1, container).iterancestors())
        if depth > best_depth:
            best, best_depth = h1, depth
    return best if best is not None else _heading_before(root, container)


def _heading_before(root: HtmlElement, container: HtmlElement) -> HtmlElement | None:
    """The last heading-like line before the body: an h2/h3, a '*title*'-classed block, or a bold
    line standing alone in its block (old table layouts set the headline in <b>)."""
    found = None
    for el in root.iter():
        if el is container:
            break
        if not isinstance(el.tag, str):
            continue
        bold = el.tag in ("b", "strong")
        if not (bold or el.tag in ("h2", "h3") or has_class_token(el, _TITLE_TOKENS)):
            continue
        text = short_text(el, 250)
        if text is None or len(text) < 15 or any(a.tag == "a" for a in _up(el)):
            continue
        parent = el.getparent()
        if not bold or (parent is not None and short_text(parent, 250) == text):
            found = el
    return found


def _trimmed(container: HtmlElement, span: list[HtmlElement] | None) -> HtmlElement:
    """The container with only its span of body blocks (see html.with_text_siblings)."""
    if span is not None:
        keep = set(span)
        changed(container)
        container.text = None
        for child in list(container):
            if child not in keep:
                container.remove(child)
    return container


def _drop_from(el: HtmlElement, container: HtmlElement) -> None:
    """Remove `el` and everything after it inside `container`: the next article of a page that
    holds several, when one wrapper holds them all."""
    parent = el.getparent()
    changed(parent)
    for sibling in list(parent)[parent.index(el) :]:
        parent.remove(sibling)
    el = parent
    while el is not container:
        parent = el.getparent()
        for sibling in list(parent)[parent.index(el) + 1 :]:
            parent.remove(sibling)
        el.tail = None
        el = parent


def _drop_header(h1: HtmlElement, container: HtmlElement) -> None:
    """Remove the headline and what precedes it inside the body container (a rubric link, a
    breadcrumb): in a flat layout they are the container's first children, never article text."""
    changed(h1)
    el = h1
    while el is not container:
        parent = el.getparent()
        for sibling in list(parent)[: parent.index(el)]:
            parent.remove(sibling)
        parent.text = None
        el = parent
    remove(h1)


def _article_region(h1: HtmlElement | None, container: HtmlElement) -> HtmlElement:
    """The smallest element with the headline and the body; the container's parent when the
    headline lies elsewhere (a site header) or is missing, so sidebars stay out of the region."""
    if h1 is not None:
        region = common_ancestor(h1, container)
        if region.tag not in ("body", "html"):
            return region
    parent = container.getparent()
    return parent if parent is not None and parent.tag not in ("body", "html") else container


def _drop_related_blocks(region: HtmlElement, container: HtmlElement, rules: Boilerplate) -> int:
    """Remove 'Читайте также' blocks: the element the heading opens, or the heading and the run of
    item-like siblings after it (dash, timestamp, headline, a list right after the heading) when
    the items are loose in the body."""
    removed = 0
    keep = {container, *container.iterancestors()}
    for heading in _smallest_starting_with(region, rules.related_start, rules.related_label):
        if heading.getparent() is None or heading in keep:
            continue
        block = heading
        parent = block.getparent()
        while (
            parent is not None
            and parent not in keep
            and rules.related_start.match(element_text(parent))
        ):
            block, parent = parent, parent.getparent()
        card = next(block.iterancestors("a"), None)
        if card is not None and card not in keep and short_text(card, _MAX_RELATED_BOX):
            block = card  # the heading labels a link card: 'Тағы оқыңыз' + headline + date
        loose_items = len(element_text(block)) <= 40
        sibling = block.getnext()
        remove(block)
        removed += 1
        after_date = False
        first = True
        while loose_items and sibling is not None:
            text = element_text(sibling)
            is_date = bool(RELATED_ITEM.match(text)) and len(text) <= _MAX_RELATED_ITEM
            is_list = _is_item_list(sibling) or (
                first and (sibling.tag in ("ul", "ol") or _is_headline_box(sibling, text))
            )
            if not (not text or DASH_ONLY.match(text) or is_date or after_date or is_list):
                break
            first = first and not text
            if text:  # an empty element (<br>, <b></b>) between a date and its headline
                after_date = is_date and dates.parse_date_line(text.strip(" -–—•·")) is not None
            nxt = sibling.getnext()
            remove(sibling)
            removed += 1
            sibling = nxt
    return removed


def _is_headline_box(el: HtmlElement, text: str) -> bool:
    """A box of other articles in any markup (teaser cards of `div`s or table cells, with
    thumbnails and leads): two linked headlines or more, to different pages, making at least a
    third of its text."""
    headlines = {a.get("href"): len(t) for a in el.iter("a") if len(t := element_text(a)) >= 15}
    return len(headlines) >= 2 and sum(headlines.values()) >= len(text) / 3


def _drop_link_lines(container: HtmlElement, rules: Boilerplate) -> int:
    """Remove the body's lines and boxes that are links and little else: other articles'
    headlines set between or after the paragraphs (a related block without a heading, a 'read
    also' line, a table of contents, an inline 'По теме' card), whatever words head them. Prose
    holds its links inside sentences.

    Two kinds of link line are the article's own and stay, their links unwrapped (so that
    trafilatura's link-density pruning keeps them too): the items of a list of links set between
    the body's paragraphs under no related heading (a chronology linking each event's story; a
    list at the body's end, or under a related heading, is related), and a one-link paragraph
    that completes the one before it (see _completes_lead_in)."""
    removed = 0
    for teasers in [el for el in container.iter("ul", "ol") if _is_teaser_list(el)]:
        parent = teasers.getparent()
        remove(teasers)
        removed += 1
        if parent is not container and len(element_text(parent)) <= _MAX_BOX_HEADING:
            remove(parent)  # the list's box, left with its heading ('Самое читаемое') alone
    for text_list in _link_lists_in_text(container, rules):
        _unwrap_links(text_list)
    for el in list(container.iter("p", "li", "h2", "h3", "h4", "div", "section", "aside")):
        if el.getparent() is None or el is container:
            continue
        if not (_is_link_line(el) or _labelled_headline_link(el)):
            continue
        if _completes_lead_in(el, rules):
            _unwrap_links(el)
        else:
            remove(el)
            removed += 1
    return removed


def _drop_image_captions(container: HtmlElement) -> int:
    """Remove the captions of figures written without <figure>: a `div` holding an image and, in
    a block of its own, one short line of plain text. Before the body's first running text, any
    such line (the lead photo's caption); after it, only a line that is no sentence (no closing
    stop), since a paragraph may start with an image. A photo report, whose running text is its
    captions, keeps them all."""
    figures: list[HtmlElement] = []
    for el in container.iterdescendants():
        if any(a in figures for a in el.iterancestors()):
            continue
        if (
            el.tag == "div"
            and next(el.iter("img", "picture"), None) is not None
            and _is_caption_block(el)
        ):
            figures.append(el)
            continue
        if isinstance(el.tag, str) and is_prose(el):
            figures += _captions_in_text(container, figures)
            for figure in figures:
                remove(figure)
            return len(figures)
    return 0


MIN_GALLERY = 3
_MAX_GALLERY_CAPTION = 200
_COUNTER = re.compile(r"\d{1,3}\s*(?:/|из|of)\s*\d{1,3}")


def _drop_galleries(container: HtmlElement) -> int:
    """Remove the galleries among the body's paragraphs: a block of MIN_GALLERY images or more,
    each in an item of its own with at most a one-sentence caption (and a counter, '1 / 10'),
    and nothing else but a short heading ('Фотогалерея'). The body's own prose elsewhere tells
    a gallery inside an article from a photo report, whose captions are its text and stay. A
    listicle's items, an image and sentences each, are no gallery."""
    galleries = [
        el
        for el in container.iter()
        if len(el) >= MIN_GALLERY and el is not container and _is_gallery(el)
    ]
    galleries = [g for g in galleries if not any(a in galleries for a in g.iterancestors())]
    if not galleries or not any(
        is_prose(el)
        for el in container.iter("p", "div", "blockquote")
        if not any(g is el or g in el.iterancestors() for g in galleries)
    ):
        return 0
    for gallery in galleries:
        remove(gallery)
    return len(galleries)


def _is_gallery(el: HtmlElement) -> bool:
    items = 0
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if next(child.iter("img", "picture"), None) is None:
            if len(element_text(child)) > _MAX_BOX_HEADING:
                return False  # a paragraph of its own: an article's part, not a gallery's
            continue
        texts = (clean_text(c.text or "") for c in child.iter() if isinstance(c.tag, str))
        lines = [t for t in texts if t and not _COUNTER.fullmatch(t)]
        caption = " ".join(lines)
        if len(caption) > _MAX_GALLERY_CAPTION or ". " in caption:
            return False
        items += 1
    return items >= MIN_GALLERY


def _captions_in_text(container: HtmlElement, before: list[HtmlElement]) -> list[HtmlElement]:
    """The figures among the body's paragraphs whose caption is a label, not a sentence: the
    nearest `div` around each image (through a link or a <picture>), a caption block."""
    found = []
    for img in container.iter("img"):
        figure = img.getparent()
        while figure is not None and figure.tag in ("a", "picture", "span"):
            figure = figure.getparent()
        if (
            figure is None
            or figure is container
            or figure.tag != "div"
            or figure in before
            or figure in found
            or not _is_caption_block(figure)
        ):
            continue
        caption = text_within(figure, _MAX_RELATED_ITEM) or ""
        if not caption.endswith((".", "!", "?", "…", ":", ";")):
            found.append(figure)
    return found


_BACK_LINK = frozenset({"↩", "↩︎", "↑", "^", "⤴", "⬆"})
"""The glyphs of a link back from a note to where it is cited: navigation, not text."""


def _drop_back_links(container: HtmlElement) -> int:
    """Remove the links back from endnotes to their markers ('… СПб., 1914. <a href="#fnref1">↩
    </a>'): a link within the page whose text is an arrow alone."""
    links = [
        a
        for a in container.iter("a")
        if (a.get("href") or "").startswith("#") and element_text(a) in _BACK_LINK
    ]
    for a in links:
        remove(a)
    return len(links)


_MAX_AD = 400
"""An ad box between paragraphs: a label, an offer and a line of terms, not a paragraph of text."""


def _drop_ad_boxes(container: HtmlElement) -> int:
    """Remove ad boxes set in the body: a block of the body that opens with an ad label, a line in
    an element of its own ('Жарнама', 'Реклама'), and holds a short offer. The label alone goes as
    furniture at cleaning; the offer's lines after it would stay as the article's."""
    boxes = []
    for label in container.iter():
        text = label.text
        if (
            not isinstance(label.tag, str)
            or not text
            or len(text) > 40
            or len(label)
            or (label.tail and label.tail.strip())  # a sentence's first word: 'Реклама на …'
            or not AD_LABEL.fullmatch(text.strip())
        ):
            continue
        box = label.getparent()
        if (
            box is not None
            and box is not container
            and _own_first_chunk_is(box, label)
            and short_text(box, _MAX_AD) is not None
        ):
            boxes.append(box)
    for box in boxes:
        remove(box)
    return len(boxes)


def _own_first_chunk_is(box: HtmlElement, label: HtmlElement) -> bool:
    """Whether `label` holds the first text of `box`."""
    if box.text and box.text.strip():
        return False
    for child in box:
        if child is label:
            return True
        if element_text(child) or (child.tail and child.tail.strip()):
            return False
    return False


def _is_caption_block(el: HtmlElement) -> bool:
    """One short line of text without links, all of it in one child element."""
    text = text_within(el, _MAX_RELATED_ITEM)
    if not text or any(element_text(a) for a in el.iter("a")):
        return False
    loose = [el.text, *(c.tail for c in el)]
    if any(t and t.strip() for t in loose):
        return False
    return sum(1 for c in el if isinstance(c.tag, str) and element_text(c)) == 1


_CARD_TAGS = ("span", "small", "font", "em", "i", "b", "strong")


def _drop_link_cards(container: HtmlElement) -> int:
    """Remove cards set inside sentences: an inline element holding an image and two links or
    more and no text besides them, such as the hover card of a person named in the text (their
    photo, name and latest headlines), which a reader sees only on hovering the name. Inline
    widgets of share links go too; a sentence's own links come with its words. The innermost
    first: the name's own link, around the card, stays."""
    removed = 0
    for el in reversed(list(container.iter(*_CARD_TAGS))):  # every element after those it holds
        if _is_link_card(el):
            remove(el)
            removed += 1
    return removed


def _is_link_card(el: HtmlElement) -> bool:
    if next(el.iter("img"), None) is None:
        return False
    links = [text for text in map(element_text, el.iter("a")) if text]
    return len(links) >= 2 and len(element_text(el)) <= sum(map(len, links)) + len(links)


def _is_link_line(el: HtmlElement) -> bool:
    """A line (or a box: a div, section or aside with a short heading) of links and little else,
    a date aside."""
    if next(el.iter("a"), None) is None:  # no link: no link line (most of a body's paragraphs)
        return False
    box = el.tag in ("div", "section", "aside")
    text = short_text(el, _MAX_RELATED_BOX if box else _MAX_RELATED_ITEM)
    if not text:
        return False
    linked = sum(len(element_text(a)) for a in el.iter("a"))
    undated = clean_text(
        dates.DATE_LINE_RE.sub(" ", text) if dates.may_hold_date_line(text) else text
    )
    if box:
        return linked >= 15 and len(undated) - linked <= _MAX_BOX_HEADING
    return linked >= 15 and linked >= 0.8 * len(undated)


_LABELLED_LINK = re.compile(r"^(?P<label>\w[\w-]*(?:\s+[\w-]+){0,2})\s*:\s*(?P<rest>.+)$")
"""A line of a short label and a colon before the rest ('Толығырақ: …', 'Подробнее: …')."""
_MIN_LINKED_HEADLINE = 4
"""Words of a link that reads as another article's headline, not a name or an outlet."""


def _labelled_headline_link(el: HtmlElement) -> bool:
    """A paragraph that is a label of one to three words, a colon and one link holding the rest
    as a headline: another article pointed to in any words ('Толығырақ:', 'Сондай-ақ оқыңыз:'),
    whose label outweighs the link by too much for _is_link_line. (Source, credit and byline
    lines, labelled links too, are read and gone before link lines are looked for.)"""
    if el.tag not in ("p", "div"):
        return False
    links = list(el.iter("a"))
    if len(links) != 1:  # told before the text is read: most paragraphs hold no link
        return False
    text = short_text(el, _MAX_RELATED_ITEM)
    m = _LABELLED_LINK.match(text) if text else None
    if m is None or len(m["rest"].split()) < _MIN_LINKED_HEADLINE:
        return False
    return m["rest"] == element_text(links[0])


def _link_lists_in_text(container: HtmlElement, rules: Boilerplate) -> list[HtmlElement]:
    """The lists of three items or more, some of them link lines, that the body's prose
    paragraphs stand before and after and that no related heading ('Ещё по теме') heads: the
    article's own text. A single linked item between paragraphs is a card."""
    lists = list(container.iter("ul", "ol"))
    if not lists:  # most bodies: the prose around lists is not read
        return []
    order = {el: i for i, el in enumerate(container.iter())}
    prose = [order[el] for el in container.iter("p", "div", "blockquote") if is_prose(el)]
    found = []
    for lst in lists:
        start = order[lst]
        end = start + sum(1 for _ in lst.iterdescendants())
        if (
            prose
            and prose[0] < start
            and prose[-1] > end
            and len(items := [li for li in lst if li.tag == "li"]) >= 3
            and any(_is_link_line(li) for li in items)
            and not rules.related_start.search(clean_text(_text_before(lst)))
        ):
            found.append(lst)
    return found


def _completes_lead_in(line: HtmlElement, rules: Boilerplate) -> bool:
    """Whether a paragraph that is one link completes the paragraph before it: one of three
    words or more, not all bold (a subheading), that ends in a colon or is a short clause ending
    mid-sentence ('Статья вышла 10 марта под заголовком'), and does not open with a related
    heading's words ('Читайте также на сайте:'). The link is then what the sentence names (a
    headline it quotes, a document), and is prose."""
    if line.tag != "p" or len(line.findall(".//a")) != 1:
        return False
    before = line.getprevious()
    while before is not None and not (isinstance(before.tag, str) and _has_text(before)):
        before = before.getprevious()
    if before is None or before.tag not in ("p", "div"):
        return False
    text = element_text(before)
    return not (
        len(text.split()) < 3
        or not (text.endswith(":") or (len(text) <= _MAX_LEAD_IN and text[-1].isalpha()))
        or any(element_text(b) == text for b in before.iter("b", "strong"))
        or rules.related_label.match(text)
    )


def _unwrap_links(el: HtmlElement) -> None:
    """Turn the links inside `el` into their text: a line kept as the article's own."""
    for a in list(el.iter("a")):
        changed(a)
        a.drop_tag()


def _is_teaser_list(el: HtmlElement) -> bool:
    """A list of other articles with their leads ('Самое читаемое'): three items or more, each
    opening with a linked headline. An article's own list may link a word or two, not open every
    item with a headline."""
    items = [li for li in el if li.tag == "li"]
    return len(items) >= 3 and all(_opens_with_headline_link(li) for li in items)


_MAX_STAMP_BEFORE = 25
"""A feed item's time or date before its headline ('16:32', '3 декабря, 16:32')."""


def _opens_with_headline_link(item: HtmlElement, *, stamp_first: bool = False) -> bool:
    """Whether `item` opens with a linked headline; with `stamp_first`, also one its time opens (a
    news feed's '16:32 <a>…</a>'; in a body, '12 января 2023 — <a>…</a>' is a chronology's)."""
    link = next(item.iter("a"), None)
    if link is None or len(element_text(link)) < 15:
        return False
    text = element_text(item)
    start = text.find(element_text(link)[:15], 0, _MAX_STAMP_BEFORE + 16)
    if start == 0:
        return True
    return stamp_first and 0 < start <= _MAX_STAMP_BEFORE and any(c.isdigit() for c in text[:start])


def _is_item_list(el: HtmlElement) -> bool:
    if el.tag not in ("ul", "ol", "table", "dl"):
        return False
    text = raw_text(el)
    return dates.may_hold_date_line(text) and bool(dates.DATE_LINE_RE.search(text))


def _smallest_starting_with(
    root: HtmlElement, pattern: re.Pattern[str], label: re.Pattern[str]
) -> list[HtmlElement]:
    """Elements whose text matches `pattern` at its start and none of whose children's does.

    `label` (the pattern's opening words) is tried on each element's first text chunk first, so
    the full text of an element is built only for the few that can match.
    """
    firsts = first_chunks(root)
    # A wrapper's first chunk is its first child's: each distinct chunk is tried once.
    opens = {chunk: label.match(chunk) is not None for chunk in set(firsts.values())}
    found = []
    for el in reversed(firsts):  # every element of `root`, in document order
        if not opens[firsts[el]] or not pattern.match(element_text(el)):
            continue
        if not any(
            isinstance(c.tag, str) and opens[firsts[c]] and pattern.match(element_text(c))
            for c in el
        ):
            found.append(el)
    return found


def _date_line(
    region: HtmlElement, h1: HtmlElement | None, fetched_at: datetime, *, own_headline: bool
) -> tuple[HtmlElement, datetime] | None:
    """The article's own date line: one right beside the headline, else the first short element
    in the region that is a date line. Beside the page's `own_headline` (one agreeing with the
    page's titles) also when it stands outside the region: a hero band over the columns holds
    the headline and its date.

    Dates inside links, in list items with a link, beside a headline link, or among several
    dates belong to headlines of other articles (related blocks, sidebars, regional feeds), never
    to the article itself, so they are skipped. Beside the headline only the link test applies: a
    wrapper holding headline, date, body and a feed of dated headlines (`div.news-item`) would
    make the article's own date one "among several".
    """
    for el in _beside_headline(h1, region, anywhere=own_headline):
        if _in_link(el):
            continue
        found = _read_date(el, fetched_at, *_date_text(el))
        if found is not None and not _updates(el):
            return el, found
    if _in_link(region):
        return None
    linked = _linked(region)
    dates_in: dict[HtmlElement, int] = {}
    for el in region.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style"):
            continue
        if el in linked and not _is_hatom_published(el):
            continue
        stamp, text = _date_text(el)
        if not stamp and not text:
            continue
        found = _read_date(el, fetched_at, stamp, text)
        # The headline-list test reads the whole parent: only for the few elements showing a date.
        if found is not None and not _in_headline_list(el, dates_in) and not _updates(el):
            return el, found
    return None


def _updates(el: HtmlElement) -> bool:
    """Whether the date `el` shows follows an update label of its own ('Updated : </span><span>19
    November 2019, 09:01'): the update's time, not the publication's."""
    return dates.ends_with_update_label(_text_before(el, 20))


def _date_text(el: HtmlElement) -> tuple[str | None, str | None]:
    """The element's machine-readable time (_stamp) and, unless it has one, its text if that is
    short enough to be a date line and may hold one (dates.may_hold_date): _read_date reads no
    date from other text."""
    stamp = _stamp(el)
    return stamp, text_within(el, _MAX_DATE_TEXT, "" if stamp else dates.DATE_MARKS)


def _linked(region: HtmlElement) -> set[HtmlElement]:
    """The elements of `region` that are _in_link, for a region that is not, found in two walks:
    asking each element (its ancestors, each list item's links) made a page of long nested
    lists quadratic."""
    holds_link: set[HtmlElement] = set()
    for a in region.iter("a"):
        for el in _up(a):
            if el is region or el in holds_link:
                break
            holds_link.add(el)
    linked: set[HtmlElement] = set()
    for el in region.iter("a", "li"):
        if el not in linked and (el.tag == "a" or el in holds_link):
            linked.update(el.iter())
    return linked


def _drop_date_rows(container: HtmlElement) -> int:
    """Remove short date-classed blocks left in the body: other date lines of the article (an
    English 'Published Monday, November 18, 2019 8:22AM EST' no date rule reads, a second
    'updated' stamp) are furniture too, read or not."""
    rows = [
        el
        for el in container.iter()
        if isinstance(el.tag, str)
        and el is not container
        and has_class_token(el, _STAMP_TOKENS)
        and (text := short_text(el, _MAX_DATE_TEXT)) is not None
        and any(c.isdigit() for c in text)
    ]
    for el in rows:
        remove(el)
    return len(rows)


def _beside_headline(
    h1: HtmlElement | None, region: HtmlElement, *, anywhere: bool = False
) -> Iterator[HtmlElement]:
    """The short blocks next to the headline, and what they hold: its nearest sibling with text
    after it, then before it; climbing through wrappers the headline fills alone
    (`<header><h1>…</h1></header><div>date</div>`). Nothing for a headline outside the region (a
    site header's), whose neighbours are the site's, unless `anywhere` (the page's own)."""
    if h1 is None or (region not in h1.iterancestors() and not anywhere):
        return
    block = h1
    while block is not region and block.tag not in ("body", "html"):
        for step in ("getnext", "getprevious"):
            sibling = getattr(block, step)()
            while sibling is not None and not (isinstance(sibling.tag, str) and _has_text(sibling)):
                sibling = getattr(sibling, step)()
            if sibling is not None and short_text(sibling, _MAX_DATE_TEXT) is not None:
                yield from (
                    el
                    for el in sibling.iter()
                    if isinstance(el.tag, str) and el.tag not in ("a", "script", "style")
                )
        parent, text = block.getparent(), element_text(block)
        if short_text(parent, len(text)) != text:  # stops reading a large parent early
            return
        block = parent


def _stamp(el: HtmlElement) -> str | None:
    """The machine-readable time an element carries: a <time datetime>, hAtom's (Blogger's)
    published `<abbr title>`, or a date attribute of a script-filled element
    (`<time data-published="2025-06-14T03:30:00Z">`, empty in the HTML)."""
    names = el.keys()  # one read of the attributes, not five (most elements have none of them)
    if el.tag == "time" and "datetime" in names and (stamp := el.get("datetime")):
        return stamp
    if _is_hatom_published(el):
        return el.get("title")
    if "data-timestamp" in names:
        return dates.epoch_to_iso(el.get("data-timestamp", ""))
    return next(
        (stamp for name in _STAMP_ATTRIBUTES if name in names and (stamp := el.get(name))), None
    )


_PUBLISHED_STAMPS = {"abbr": "title", "time": "datetime"}
"""The attribute holding the time of each microformat publication stamp's element."""


def _is_hatom_published(el: HtmlElement) -> bool:
    """hAtom's publication stamp, `<abbr class="published" title="2026-12-03T14:05:00+05:00">`
    (Blogger) or `<time class="entry-date published" datetime="…">` (WordPress), the article's
    own even inside the permalink that both wrap it in."""
    stamp = _PUBLISHED_STAMPS.get(el.tag)
    return stamp is not None and bool(el.get(stamp)) and "published" in class_words(el)


def _has_text(el: HtmlElement) -> bool:
    return any(chunk.strip() for chunk in el.itertext())


def _read_date(
    el: HtmlElement, fetched_at: datetime, stamp: str | None, text: str | None
) -> datetime | None:
    """The publication time `el` shows: its <time datetime> (`stamp`), the whole text as a date
    line, or, in a date-classed element or a short date row, the first date line in its text.
    `text` is the element's text_within the date line's limit: the caller has read it."""
    found = dates.before_fetch(dates.parse_iso(stamp or ""), fetched_at)
    if found is not None or not text or not dates.may_hold_date(text):
        return found
    found = dates.parse_date_line(text, fetched_at)
    if found is None and (has_class_token(el, _DATE_TOKENS) or _is_date_row(text)):
        found = dates.find_date_line(text, fetched_at)
    return found


def _updated(
    region: HtmlElement,
    fetched_at: datetime,
    published: datetime | None,
    stated: datetime | None,
) -> datetime | None:
    """The update time: the first short element of the region, outside links, that shows a time
    under an update label ('… | Обновлено: 10:05, 20 декабря 2025', 'Жаңартылды: …', a time of
    day alone after the `published` one, a `<time datetime>` right after 'Updated'), never one
    before `published`. Where the page shows an update, by such a time or by a short line opening
    with the label ('Last modified on Wed 2 Dec 2026 16.05 GMT'), the modification time the
    metadata states (`stated`) is taken first, if later than `published`, as the publication's
    is: it has its offset, while a foreign page's clock ('1:23 p.m. ET') is read in Almaty's
    zone. Most pages have no such label: one search of the region's text spares them the walk."""
    if not dates.UPDATED_LABEL_RE.search(raw_text(region)):
        return None
    shown, labelled = None, False
    for el in region.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "script", "style"):
            continue
        if (stamp := _stamp(el)) and _updates(el):
            found, opens = dates.before_fetch(dates.parse_iso(stamp), fetched_at), False
        else:
            text = short_text(el, _MAX_DATE_TEXT)
            if not text or not dates.UPDATED_LABEL_RE.search(text):
                continue
            found = dates.find_updated(text, fetched_at, published)
            opens = dates.UPDATED_LABEL_FIRST.match(text) is not None
        if _in_link(el):
            continue
        if found is not None and (published is None or found >= published):
            shown = found
            break
        labelled = labelled or opens
    if (shown or labelled) and stated is not None and published is not None and stated > published:
        return stated
    return shown


def _in_link(el: HtmlElement) -> bool:
    """Inside a link or a list item holding one: where other articles' headlines and dates are."""
    return any(a.tag == "a" or (a.tag == "li" and a.find(".//a") is not None) for a in _up(el))


def _is_date_row(text: str) -> bool:
    """A date with at most two words beside it ('12.06.2025 | 19:05 · 2268 просмотров')."""
    undated = dates.DATE_LINE_RE.sub(" ", text) if dates.may_hold_date_line(text) else text
    return len(_WORD.findall(undated)) <= 2


def _in_headline_list(el: HtmlElement, dates_in: dict[HtmlElement, int]) -> bool:
    """Whether a date sits in a list of dated headlines: a headline link right beside it, or
    its block holding three dates or more. `dates_in` remembers each block's count (up to 3):
    counting once per block, not once per child, keeps a page of many paragraphs linear."""
    for step in ("getprevious", "getnext"):
        sibling = getattr(el, step)()
        while sibling is not None and sibling.tag == "br":
            sibling = getattr(sibling, step)()
        if sibling is not None and sibling.tag == "a" and len(element_text(sibling)) >= 15:
            return True
    parent = el.getparent()
    if parent is None:
        return False
    if parent not in dates_in:
        seen = 0
        for chunk in parent.itertext():
            if dates.may_hold_date_line(chunk):
                seen += len(dates.DATE_LINE_RE.findall(chunk))
            if seen >= 3:
                break
        dates_in[parent] = seen
    return dates_in[parent] >= 3


def _source_line(
    region: HtmlElement, url: str, rules: Boilerplate
) -> tuple[str | None, str | None, HtmlElement | None]:
    """The outlet of the source line as written, its link when the outlet is one, and the linked
    line.

    Read here because the line often sits outside the body container. A linked line is returned
    for removal (its label and link may be separate blocks that text rules cannot rejoin); a plain
    one is left to the footer pipeline, which removes it from the body text.
    """
    for a in region.iter("a"):
        before = clean_text(_text_before(a))
        # 'Источник: <a>' anywhere; a bare 'Источник' only as a label of its own (Drupal fields).
        if rules.source_label_end.search(before) or rules.source_label_only.match(before):
            block = a
            for parent in a.iterancestors():
                text = element_text(parent)
                if parent is region or len(text) > 100:
                    break
                if rules.source_label_start.match(text):
                    block = parent
                    break
            return element_text(a) or None, _absolute(url, a.get("href")), block
    for el in _smallest_starting_with(region, rules.source_line, rules.source_label_start):
        return rules.source_line.match(element_text(el))["outlet"], None, None
    return None, None, None


def _credits(outlet: str | None, photo: str | None) -> Credits:
    credits = Credits()
    if outlet:
        credits["source"] = outlet
    if photo:
        credits["photo"] = photo
    return credits


def _text_before(el: HtmlElement, limit: int = 200) -> str:
    """The nearest non-blank text before `el` in document order, as XPath's
    `preceding::text()[normalize-space()][1]` gives it, looking at most `limit` nodes back.

    The XPath builds the whole preceding axis for every link it is asked about: on a page of many
    thousands of links that is quadratic, seconds per page. A source label sits right before its
    link, so a short walk backwards finds it.
    """
    pending: list[HtmlElement | str | None] = []
    node = el
    for _ in range(limit):
        if not pending:
            previous = node.getprevious()
            if previous is not None:  # its tail lies between it and `node`: that comes first
                pending, node = [previous, previous.tail], previous
            else:
                parent = node.getparent()
                if parent is None:
                    return ""
                pending, node = [parent.text], parent
        entry = pending.pop()
        if isinstance(entry, str):
            if entry.strip(" \t\r\n"):  # XPath's whitespace: a no-break space is text
                return entry
        elif entry is not None and isinstance(entry.tag, str):
            pending.append(entry.text)
            for child in entry:
                pending.extend((child, child.tail))
    return ""


def _drop_credits(region: HtmlElement, rules: Boilerplate, dropped: Counter[str]) -> str | None:
    """Remove figure captions and credit lines from the article; return the first credit. Both
    are short lines (a credit's pattern allows 200 characters after its label): the text of a
    longer element, a wrapper, is never cleaned in full."""
    credit = None
    tags = ("figcaption", "figure", "p", "div", "span", "small", "em", "font", "td", "i")
    for el in list(region.iter(*tags)):
        if el.getparent() is None:
            continue
        is_caption = el.tag in ("figure", "figcaption") or has_class_token(el, _CREDIT_TOKENS)
        text = text_within(el, _MAX_RELATED_ITEM, "" if is_caption else _CREDIT_MARK)
        if text is None:
            continue
        m = rules.photo_credit.match(text)
        if m or is_caption:
            m = m or rules.caption_credit.search(text)
            credit = credit or (m["credit"] if m else None)
            remove(el)
            dropped["photo_credit" if m else "caption"] += 1
    return credit


def _credit_before_body(
    region: HtmlElement, h1: HtmlElement | None, container: HtmlElement, rules: Boilerplate
) -> str | None:
    """The credit line between the headline and the body, or under a cover photo set right
    before the headline: the lead photo's. Read before chrome is dropped, since a layout may wrap
    the lead photo in a chrome-sounding class ('widget__img') that takes its credit with it."""
    first = _cover_before(h1) if h1 is not None else None
    started = False
    for el in region.iter():
        if el is container:
            return None
        if el is h1 or el is first:
            started = True
        elif started and isinstance(el.tag, str) and el.tag not in NEVER_TEXT:
            text = text_within(el, _MAX_RELATED_ITEM, _CREDIT_MARK)
            credit = rules.photo_credit.match(text) if text else None
            if credit:
                return credit["credit"]
    return None


def _cover_before(h1: HtmlElement) -> HtmlElement | None:
    """A photo set right before the headline or the wrapper it heads (a longread's cover)."""
    block: HtmlElement | None = h1
    for _ in range(3):
        if block is None:
            return None
        before = block.getprevious()
        while before is not None and not isinstance(before.tag, str):
            before = before.getprevious()
        if before is not None and (before.tag == "img" or before.find(".//img") is not None):
            return before
        block = block.getparent()
    return None


def _by_tokens(root: HtmlElement, *token_sets: frozenset[str]) -> tuple[list[HtmlElement], ...]:
    """The elements of `root` classed with a token of each set: one walk for every set, each
    element's class words read once."""
    found: tuple[list[HtmlElement], ...] = tuple([] for _ in token_sets)
    for el in root.iter():
        words = class_words(el) if isinstance(el.tag, str) else None
        if not words:
            continue
        for tokens, classed in zip(token_sets, found, strict=True):
            if not tokens.isdisjoint(words):
                classed.append(el)
    return found


def _author_names(bylines: list[HtmlElement]) -> list[str]:
    """Names in author/byline elements, without a leading 'Автор:' label, nor the newspaper a
    signature names after them ('Ержан ТӨЛЕУОВ, «Egemen Qazaqstan»')."""
    texts = [_signed_name(_AUTHOR_LABEL.sub("", element_text(el))) for el in bylines]
    return list(dict.fromkeys(t for t in texts if t and len(t) <= 80))


def _signed_name(text: str) -> str:
    """A byline's name: its text up to a «quoted» outlet, without the separators around it."""
    return text.split("«", 1)[0].strip(" :,;")


def _author_links(
    region: HtmlElement, container: HtmlElement
) -> list[tuple[HtmlElement, HtmlElement | None]]:
    """Bylines by their links to an author's page, with the block to remove from the body (None
    outside it): each link's largest block, below the container, holding its name and little
    else ('Автор: <a>…</a>', the name twice: a photo's title, a mobile copy). A link inside a
    sentence of the body ('… рассказал наш обозреватель <a>…</a>') names no author of the page,
    and the sentence stays whole."""
    found: list[tuple[HtmlElement, HtmlElement | None]] = []
    for a in region.iter("a"):
        if not _AUTHOR_HREF.search(a.get("href", "")):  # most links: their text is not read
            continue
        name = element_text(a)
        if not 2 < len(name) <= 80:
            continue
        if container not in a.iterancestors():
            found.append((a, None))
            continue
        block = a
        while (parent := block.getparent()) is not None and parent is not container:
            text = short_text(parent, 300)
            if text is None or len(clean_text(text.replace(name, ""))) > _MAX_BOX_HEADING:
                break
            block = parent
        if block is not a:
            found.append((a, block))
    return found


def _lead(region: HtmlElement, h1: HtmlElement | None, container: HtmlElement) -> str | None:
    """The lead set apart from the body: the first lead-classed block (`.description`,
    `p.article__lead`, `.announce`) after the headline and before the body container. Read on
    its own because the body's text siblings miss it when it is a short sentence, or when it
    stands in the `<header>` with the headline, which is never one of them."""
    started = h1 is None or region not in h1.iterancestors()
    for el in region.iter():
        if el is container:
            return None
        if el is h1:
            started = True
        if not started or not isinstance(el.tag, str) or not has_class_token(el, _LEAD_TOKENS):
            continue
        text = short_text(el, _MAX_LEAD)
        if text is None or len(text) < _MIN_LEAD or dates.parse_date_line(text) is not None:
            continue
        links = sum(len(element_text(a)) for a in el.iter("a"))
        if links <= 0.3 * len(text):
            return text
    return None


def _standfirst(
    h1: HtmlElement | None, container: HtmlElement, span: list[HtmlElement] | None
) -> str | None:
    """The line of prose right after the headline in its own block, whatever its class, when the
    body container holds the headline but its span of text blocks leaves the headline's block
    out: a cover's standfirst (Tilda's t-cover sets it with the headline, apart from the text
    records). One block of text, no lines or blocks inside (a body written in <br> lines is the
    body). A subtitle beside a headline the container does not hold is left out, as before."""
    if h1 is None or span is None or container not in h1.iterancestors():
        return None
    sibling = h1.getnext()
    while sibling is not None and not (isinstance(sibling.tag, str) and _has_text(sibling)):
        sibling = sibling.getnext()
    if (
        sibling is None
        or sibling.tag in NEVER_TEXT
        or any(sibling is b or b in sibling.iterancestors() for b in span)
        or next(sibling.iterdescendants(*_STANDFIRST_BREAKS), None) is not None
        or not is_prose(sibling)
    ):
        return None
    text = short_text(sibling, _MAX_LEAD)
    if text is None or dates.parse_date_line(text) is not None or is_appeal(text):
        return None
    return text


def _holds(paragraphs: list[str], text: str) -> bool:
    """Whether the body already holds `text` (its opening words, as trafilatura may set them)."""
    return " ".join(text.split()[:12]) in " ".join(" ".join(paragraphs).split())


def _meta_row(date_el: HtmlElement, container: HtmlElement) -> HtmlElement:
    """The row or block a date line sits in ('Казахстан · Сегодня, 09:15 · 512', Joomla's
    `dl.article-info`): rubric, author, view count beside it are page furniture too. It grows
    while it holds no line of prose."""
    row = date_el
    parent = row.getparent()
    while (
        parent is not None
        and parent is not container
        and len(element_text(parent)) <= 400
        and not has_running_text(parent)
    ):
        row, parent = parent, parent.getparent()
    return row


def _tag_anchors(region: HtmlElement, classed: list[HtmlElement]) -> list[HtmlElement]:
    """Tag links: inside an element classed as tags (`classed`, those of the region), else links
    to a /tag(s)/ page."""
    anchors = [a for el in classed for a in el.iter("a")]
    return anchors or [
        a
        for a in region.iter("a")
        if _TAG_HREF.search(a.get("href", "")) and _is_link_list(a.getparent())
    ]


def _tag_blocks(anchors: list[HtmlElement], container: HtmlElement) -> list[HtmlElement]:
    """The tag list to remove: the block holding all tag links with its label ('Теги:'), or each
    link's parent when they share no such block."""
    if not anchors:
        return []
    block = anchors[0].getparent()
    for a in anchors[1:]:
        block = common_ancestor(block, a)
    while (
        block is not container
        and (parent := block.getparent()) is not None
        and parent is not container
        and _is_link_list(parent)
    ):
        block = parent
    if block is not container and _is_link_list(block):
        return [block]
    return [a.getparent() for a in anchors]


def _is_link_list(el: HtmlElement | None) -> bool:
    """A block that is links and little else ('Теги: <a>…</a>, <a>…</a>'), not running text."""
    if el is None:
        return False
    links = sum(len(element_text(a)) for a in el.iter("a"))
    return len(element_text(el)) - links <= 30


def _up(el: HtmlElement) -> Iterator[HtmlElement]:
    yield el
    yield from el.iterancestors()


def _first_image(region: HtmlElement) -> str | None:
    for img in region.iter("img"):
        src = img.get("src") or img.get("data-src")
        if src and not src.startswith("data:"):
            return src
    return None


def _title_fallback(meta: PageMetadata) -> str | None:
    """og:title or <title>, without a trailing ' - mail.kz'-style site name."""
    title = meta.title or clean_text(meta.page_title)
    for sep in (" | ", " — ", " - "):
        if sep in title:
            title = title.rsplit(sep, 1)[0]
    return title or None


def _absolute(base: str, link: str | None) -> str | None:
    """The link made absolute; None for none, or for one no URL parser accepts ('http://[')."""
    if not link or not link.strip():
        return None
    try:
        return urljoin(base, link.strip())
    except ValueError:
        return None
