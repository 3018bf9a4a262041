"""Parse a page once and find its parts: the body container, the article region, page chrome.

Site-agnostic. Everything here works on the lxml tree so the page is parsed a single time; sources
add their own knowledge (boilerplate rules) on top.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from lxml.etree import ElementDefaultClassLookup, ParserError
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from w3lib.encoding import html_body_declared_encoding

# Elements that never hold article text.
NEVER_TEXT = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button", "input",
    "select", "textarea", "nav", "aside", "object", "embed", "video", "audio", "map",
    "amp-ad", "amp-embed", "amp-analytics", "amp-sidebar", "amp-social-share", "amp-iframe",
})  # fmt: skip
MAY_WRAP_PAGE = frozenset({"form"})
"""Of NEVER_TEXT, the tags that may wrap a whole page (ASP.NET puts every page in one <form>):
chrome only when they hold little of the page's running text (find_body_container)."""

# Class/id tokens (split on '-', '_', whitespace) that mark page chrome on news sites.
CHROME_TOKENS = frozenset(
    [
        "sidebar",
        "aside",
        "banner",
        "banners",
        "adv",
        "ads",
        "advert",
        "advertising",
        "advertisement",
        "adfox",
        "yandex_rtb",
        "cookie",
        "cookies",
        "consent",
        "menu",
        "navbar",
        "nav",
        "breadcrumb",
        "breadcrumbs",
        "share",
        "sharing",
        "social",
        "socials",
        "subscribe",
        "newsletter",
        "paywall",
        "popular",
        "comments",
        "comment",
        "related",
        "recommend",
        "recommended",
        "recommendations",
        "readmore",
        "modal",
        "popup",
        "toolbar",
        "widget",
        "widgets",
        "twitter",
        "tweet",
        "instagram",
        "tiktok",
        "telegram",
        "facebook",
    ]
)
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small span strong "
    "sub sup time tt u var wbr br".split()
)
"""Tags whose text is part of the surrounding block's running text."""
_FORMATTING_TAGS = tuple(sorted(_INLINE_TAGS - {"a", "br", "wbr"}))
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "li",
    "dl", "table", "tr", "td", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "form", "address",
)  # fmt: skip
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
"""lxml refuses text that declares an encoding of its own."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 forbids. lxml's HTML parser keeps them from a page, but refuses them in any
text assigned later, and removing an element assigns its tail to a neighbour: left in the tree,
they make extraction raise."""
_CONTROL_BYTES = bytes(b for b in range(256) if b in (9, 10, 13) or b >= 32)
"""Bytes other than C0 controls: `body.translate(None, _CONTROL_BYTES)` keeps only controls."""
_NOT_XML_ESCAPED = (
    re.compile(rb"&#(?:[xX]0*(?:1?[0-9a-fA-F]|[fF]{3}[eEfF])|0*(?:[12]?[0-9]|3[01]|6553[45]));"),
    re.compile(rb"\xef\xbf[\xbe\xbf]"),
)
"""Character references to controls or U+FFFE/U+FFFF, and those two in UTF-8. Two patterns, not
one alternation: a search skips ahead to a pattern's literal prefix, where an alternation is
tried at every byte of the page."""
_WIDE = ("utf16", "utf32")
_CLASSES = ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)
"""lxml.html picks the class of each element in Python, again every time a walk of the tree meets
it; this lookup does it in C, about half the time of each walk. Forms, inputs and labels get no
classes of their own (FormElement, InputElement...): nothing here uses their form APIs."""
_DETACHED = lxml.html.HTMLParser()
_DETACHED.set_element_class_lookup(_CLASSES)
"""The parser of elements made outside a page (new_element): it only names their class lookup."""
_INVISIBLE = re.compile(
    # Soft hyphen and zero-width marks; control characters, noncharacters and lone surrogates
    # (JSON-LD's "\ud83d" decodes to one): no reader can use them, and a lone surrogate cannot even
    # be written as UTF-8. A regex, not str.translate: that walks Cyrillic text 30 times slower.
    "[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]"
)


def new_element(tag: str) -> HtmlElement:
    """A new element, in a document of its own, with the C class lookup of parsed pages: an
    `lxml.html.Element` would pick each element's class in Python, on every walk of its tree."""
    return _DETACHED.makeelement(tag)


def clean_text(text: str) -> str:
    """Collapse whitespace (nbsp and friends included), drop soft hyphens, zero-width marks and
    characters that are not text (controls, noncharacters, lone surrogates)."""
    # Most texts asked (a leaf's words, lines already cleaned) are clean: told in C. Printable
    # means none of the invisible characters and no whitespace but the plain space.
    if (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    # split() breaks at exactly the characters regex \s matches, a few times faster than a sub.
    return " ".join(text.split())


def raw_text(el: HtmlElement) -> str:
    """`el.text_content()`, without its cost: lxml.html runs an XPath `string()` for it, where a
    leaf's text is at hand and lxml's text serialiser reads a subtree about a third faster."""
    if not len(el):
        return el.text or ""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


def element_text(el: HtmlElement) -> str:
    memo = _MEMO.get()
    if memo is None:
        return clean_text(raw_text(el))
    text = memo.texts.get(el)
    if text is None:
        text = memo.texts[el] = clean_text(raw_text(el))
    return text


def short_text(el: HtmlElement, limit: int) -> str | None:
    """The element's cleaned text if it is at most `limit` characters, else None; stops reading
    a long element early, so scanning a page for short lines stays linear."""
    parts, size = [], 0
    for chunk in el.itertext():
        size += len(chunk.strip())
        if size > limit:
            return None
        parts.append(chunk)
    return clean_text("".join(parts))


_CLEANING_SHRINKS = 8
"""How many characters the rest of a text can take off the cleaned length of its beginning: a
combining mark after the cut composing with the characters before it (Unicode composes at most
four code points into one). Cleaning never shortens a text otherwise: its words stay words."""


def text_within(el: HtmlElement, limit: int, holding: str = "") -> str | None:
    """element_text(el) when that is at most `limit` characters (and holds one of the characters
    of `holding`, when given), else None. A long text is cleaned only as far as telling it is too
    long (cleaning costs several times lxml's reading), so asking every element of a page is
    cheap; unlike short_text, the answer is the full text's, whatever whitespace the markup holds.

    `holding` names characters that cleaning never makes (none is whitespace or an invisible
    mark, nor comes out of a Unicode composition: ':', Cyrillic letters without marks): an
    element whose markup text holds none of them is told without cleaning it. A caller looking
    for one kind of line (a credit's 'Фото:', a date's '10:05') skips the rest so.
    """
    memo = _MEMO.get()
    if memo is not None:
        text = memo.texts.get(el)
        if text is not None:
            return text if len(text) <= limit and _holds_any(text, holding) else None
        if memo.longer.get(el, -1) >= limit:
            return None
        raw = memo.raws.get(el)
        if raw is None:
            raw = memo.raws[el] = raw_text(el)
    else:
        raw = raw_text(el)
    if not _holds_any(raw, holding):
        return None
    # Told too long by a beginning of the text, cleaned: twice the limit, else four times as much
    # and so on, since markup may open with lines of indentation that cleaning takes away.
    head = 2 * (limit + _CLEANING_SHRINKS)
    while len(raw) > head:
        if len(clean_text(raw[:head])) > limit + _CLEANING_SHRINKS:
            if memo is not None:
                memo.longer[el] = max(limit, memo.longer.get(el, -1))
            return None
        head *= 4
    text = clean_text(raw)
    if memo is not None:
        memo.texts[el] = text
    return text if len(text) <= limit and _holds_any(text, holding) else None


def _holds_any(text: str, chars: str) -> bool:
    return not chars or any(c in text for c in chars)


def page_encoding(body: bytes, declared: str) -> str:
    """The encoding that really decodes the page: `declared` (HTTP header, then <meta>), unless
    the bytes contradict it. Valid UTF-8 with non-ASCII text is UTF-8 whatever the label says; a
    page labelled UTF-8 that is not is the <meta> charset, else windows-1251 (the Cyrillic legacy
    encoding of Kazakhstan's portals). A few stray bad bytes in UTF-8 do not count."""
    if body.isascii():  # told in C at once: no decoding needed
        return declared
    utf8_errors = body.decode("utf-8", errors="replace").count("\ufffd")
    if utf8_errors == 0:
        return "utf-8"
    try:
        declared_is_utf8 = codecs.lookup(declared).name == "utf-8"
    except LookupError:
        declared_is_utf8 = True  # an unknown label: decide as if nothing was declared
    if not declared_is_utf8 or utf8_errors <= len(body) // 1000:
        return declared
    meta = html_body_declared_encoding(body)
    if meta and codecs.lookup(meta).name != "utf-8":
        return meta
    return "cp1251"


_PARSER_OPTIONS = {"remove_comments": True, "remove_pis": True, "collect_ids": False}
"""Comments and processing instructions are no text; libxml2 would index every `id` attribute
for XPath's id(), which no reader of the tree asks (a few percent of the parse and of the free)."""


def parse_html(body: bytes, encoding: str) -> HtmlElement | None:
    """The document tree, decoded with `encoding`; None for an empty or unparseable page.

    libxml2 does not know every Python codec name Scrapy reports (`utf-16-le` from a byte-order
    mark, say): for those the body is decoded here and the text is parsed.
    """
    if not body or body.isspace():  # not body.strip(): that copies a page ending in a newline
        return None
    source: bytes | str = body
    try:
        parser = lxml.html.HTMLParser(encoding=encoding, **_PARSER_OPTIONS)
    except LookupError:
        try:
            source = _XML_DECLARATION.sub("", body.decode(encoding, "replace"), count=1)
        except LookupError:
            return None
        parser = lxml.html.HTMLParser(**_PARSER_OPTIONS)
    parser.set_element_class_lookup(_CLASSES)
    try:
        tree = lxml.html.document_fromstring(source, parser=parser)
    except (ParserError, ValueError, LookupError):
        return None
    if tree is None or not len(tree):
        return None
    wide = encoding.lower().replace("-", "").replace("_", "").startswith(_WIDE)
    if isinstance(source, str) or wide or _may_hold_non_xml(body):
        _scrub(tree)
    _spans_shown_as_blocks(tree)
    _unwrap_inline_blocks(tree)
    _reveal_noscript_text(tree)
    return tree


def may_hold_attribute(body: bytes, charset: str, name: str) -> bool:
    """Whether the page parsed from `body` in `charset` may have an element with the attribute
    `name` (ASCII, lower case: the parser lower-cases attribute names). False only when the bytes
    do not spell it in any case, in an encoding where each ASCII character is a byte of its own
    (UTF-8, the single-byte ones): a search of the bytes, where asking each element of the tree
    takes some 0.4 µs an element."""
    if not _ascii_transparent(charset):
        return True
    spelled = name.encode()
    return spelled in body or spelled in body.lower()  # as written first: no lower-cased copy


@functools.cache
def _ascii_transparent(charset: str) -> bool:
    """Whether every ASCII character a text decoded with `charset` holds is its own byte."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return False
    if name == "utf-8":
        return True  # its sequences of two bytes or more hold no byte below 0x80
    decoded = bytes(range(256)).decode(name, "replace")
    ascii_bytes = bytes(range(128)).decode("ascii")
    return (
        len(decoded) == 256
        and decoded[:128] == ascii_bytes
        and not any(c.isascii() for c in decoded[128:])
    )


def _reveal_noscript_text(tree: HtmlElement) -> None:
    """Unwrap <noscript> blocks that hold paragraphs of prose: a page that lazy-loads its body
    puts the paragraphs there for readers without scripts, and every reader sees them. The
    usual <noscript> (a tracking pixel, 'enable JavaScript') stays, and stays chrome."""
    for el in list(tree.iter("noscript")):
        if any(len(element_text(p)) >= 80 for p in el.iter("p")):
            el.drop_tag()


_DISPLAY_BLOCK = re.compile(r"display\s*:\s*block", re.IGNORECASE)


def _spans_shown_as_blocks(tree: HtmlElement) -> None:
    """A `<span style="display:block">` is a paragraph on screen (old table layouts set bodies so):
    a block here too, or its lines would run together into one."""
    for el in tree.iter("span"):
        style = el.get("style")
        if style and _DISPLAY_BLOCK.search(style):
            el.tag = "div"


def _unwrap_inline_blocks(tree: HtmlElement) -> None:
    """Unwrap inline elements that hold blocks, as a browser lays them out.

    libxml2 nests everything after an unclosed <b> or <span> inside it, up to the end of the
    parent: the rest of the article (and the chrome after it) would count as one inline run of
    text, and the body container, then trafilatura, would take it all as one paragraph. Links are
    left alone: a link around blocks is valid HTML (a card), and it marks other articles' dates.
    """
    for el in list(tree.iter(*_FORMATTING_TAGS)):
        if len(el) and next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
            el.drop_tag()


def _may_hold_non_xml(body: bytes) -> bool:
    """Whether an ASCII-compatible page can put a _NOT_XML character in the tree: a cheap test on
    the bytes, so that clean pages (nearly all) skip the walk over the tree."""
    return bool(body.translate(None, _CONTROL_BYTES)) or any(
        pattern.search(body) for pattern in _NOT_XML_ESCAPED
    )


def _scrub(tree: HtmlElement) -> None:
    """Take the _NOT_XML characters out of every text and tail (form feed, vertical tab: spaces)."""
    for el in tree.iter():
        for name in ("text", "tail"):
            value = getattr(el, name)
            if value and _NOT_XML.search(value):
                setattr(el, name, _NOT_XML.sub(_replacement, value))


def _replacement(match: re.Match[str]) -> str:
    return " " if match[0] in "\x0b\x0c" else ""


def has_class_token(el: HtmlElement, tokens: frozenset[str]) -> bool:
    """Whether one of `tokens` (lower-case words) is among the element's class and id words."""
    return not tokens.isdisjoint(class_words(el))


@dataclass
class _PageMemo:
    """What is read of a page's elements while it is extracted: the markup passes ask about the
    same elements over and over (some 680 class reads of 290 elements a page, 290 text reads of
    140), and lxml reads an attribute in about 0.4 µs."""

    words: dict[HtmlElement, list[str]] = field(default_factory=dict)
    """Class words (class_words): nothing changes an element's class or id."""
    texts: dict[HtmlElement, str] = field(default_factory=dict)
    """Cleaned texts (element_text); `changed` forgets those a change of the tree alters."""
    longer: dict[HtmlElement, int] = field(default_factory=dict)
    """The largest limit each text is known to pass (text_within's None), forgotten likewise."""
    raws: dict[HtmlElement, str] = field(default_factory=dict)
    """Markup texts (raw_text) text_within read, forgotten likewise: one lacking the characters a
    caller looks for is not cleaned, so not in `texts`, and the date and credit passes ask the
    same elements again (a third of a page's raw reads)."""
    firsts: dict[HtmlElement, str] = field(default_factory=dict)
    """First text chunks (first_chunks), forgotten likewise: the article region is read for
    three kinds of line, and few of its elements change between."""


_MEMO: ContextVar[_PageMemo | None] = ContextVar("page_memo", default=None)


@contextmanager
def page_memo() -> Iterator[None]:
    """Remember the class words and texts of a page's elements until the block ends: for the
    extraction of one page. Whatever changes the tree's text inside it calls `changed`."""
    token = _MEMO.set(_PageMemo())
    try:
        yield
    finally:
        _MEMO.reset(token)


def changed(el: HtmlElement | None) -> None:
    """The text under `el` changed (a child removed, its text or a child's tail set): the texts
    of `el` and of its ancestors are read again."""
    memo = _MEMO.get()
    if memo is None or el is None:
        return
    for a in _self_and_ancestors(el):
        memo.texts.pop(a, None)
        memo.longer.pop(a, None)
        memo.raws.pop(a, None)
        memo.firsts.pop(a, None)


def first_chunks(root: HtmlElement) -> dict[HtmlElement, str]:
    """Each element's first text that is not blank, left-stripped (as itertext meets it: its own
    text, then its children's, each child's tail after it), "" for none, keyed in reverse
    document order; in one walk from the leaves up, each element's from its children's, where
    walking each element's text made the region's wrappers read their subtree over and over.
    Inside page_memo an element's chunk is read once until the tree under it changes."""
    known = memo.firsts if (memo := _MEMO.get()) is not None else None
    firsts: dict[HtmlElement, str] = {}
    for el in reversed(list(root.iter())):  # every element after all it holds
        if not isinstance(el.tag, str):
            continue
        chunk = known.get(el) if known is not None else None
        if chunk is None:
            chunk = _own_first_chunk(el, firsts)
            if known is not None:
                known[el] = chunk
        firsts[el] = chunk
    return firsts


def _own_first_chunk(el: HtmlElement, firsts: dict[HtmlElement, str]) -> str:
    text = el.text
    if text and text.strip():
        return text.lstrip()
    for child in el:
        if isinstance(child.tag, str) and firsts[child]:  # a comment's own text is no text
            return firsts[child]
        tail = child.tail
        if tail and tail.strip():
            return tail.lstrip()
    return ""


def class_words(el: HtmlElement) -> list[str]:
    """Class and id split at whitespace, '-' and '_', lower-cased (a list the caller must not
    change). Most elements have neither: those cost two attribute reads."""
    memo = _MEMO.get()
    if memo is not None and (words := memo.words.get(el)) is not None:
        return words
    names, ident = el.get("class"), el.get("id")
    if not names and not ident:
        words = []
    else:
        words = f"{names or ''} {ident or ''}".lower().replace("-", " ").replace("_", " ").split()
    if memo is not None:
        memo.words[el] = words
    return words


def is_chrome(el: HtmlElement) -> bool:
    """Whether an element is page chrome by its tag or its class/id tokens."""
    tag = el.tag
    if not isinstance(tag, str):
        return False
    return tag in NEVER_TEXT or not CHROME_TOKENS.isdisjoint(class_words(el))


def remove(el: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    changed(parent)
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def drop_chrome(root: HtmlElement, keep: Iterable[HtmlElement] = ()) -> int:
    """Remove chrome elements under `root`, sparing the elements in `keep` and their ancestors.

    Returns how many elements were removed.
    """
    spared: set[HtmlElement] = set()
    for el in keep:
        spared.update(el.iterancestors())
        spared.add(el)
    doomed: list[HtmlElement] = []
    stack = list(root)
    while stack:
        el = stack.pop()
        if el not in spared and is_chrome(el):
            doomed.append(el)
        else:
            stack.extend(el)
    for el in doomed:
        remove(el)
    return len(doomed)


def _own_text(el: HtmlElement) -> tuple[list[str], int]:
    """An element's own running text (its text, inline descendants, tails), split into lines at
    <br>, and how many of its characters are link text. A line break in the source is a space:
    only a <br> ends a line on screen. Every paragraph-like element of a page is read so: a leaf
    (most) is told at once, and line breaks are replaced once per line, not once per piece."""
    if not len(el):
        line = (el.text or "").replace("\n", " ").strip()
        return ([line] if line else []), 0
    lines: list[str] = []
    parts: list[str] = [el.text or ""]
    links = _read_inline(el, parts, lines)
    lines.append("".join(parts))
    stripped = (line.replace("\n", " ").strip() for line in lines)
    return [line for line in stripped if line], links


def _read_inline(el: HtmlElement, parts: list[str], lines: list[str]) -> int:
    """Append the running text of `el`'s children to `parts` (a <br> closes the line in it onto
    `lines`): an inline child's text and what it holds, every child's tail. Returns the length of
    the link text met. A loop over the children, recursing into inline ones, not a stack of them
    and their tails: most children are inline leaves, told at once (a quarter less time over a
    page's blocks). libxml2 nests a parsed page at most 256 deep: the recursion stays shallow."""
    links = 0
    for child in el:
        tag = child.tag
        if tag in _INLINE_TAGS and tag != "br":
            text = child.text
            if len(child):
                if tag == "a":
                    links += len(raw_text(child).strip())
                if text:
                    parts.append(text)
                links += _read_inline(child, parts, lines)
            elif text:
                if tag == "a":
                    links += len(text.strip())
                parts.append(text)
        elif tag == "br":
            lines.append("".join(parts))
            parts.clear()
        tail = child.tail
        if tail:
            parts.append(tail)
    return links


def _prose_score(lines: list[str]) -> float:
    """Text length, with short lines (list entries, captions, catalogue items) counting a third:
    running text comes in long lines, site furniture in short ones."""
    return sum(len(line) if len(line) >= 80 else len(line) / 3 for line in lines)


def find_body_container(
    root: HtmlElement,
    headline: HtmlElement | None = None,
    end: HtmlElement | None = None,
    outside: HtmlElement | None = None,
) -> HtmlElement | None:
    """The element holding most of the article's running text.

    Each paragraph-like block scores its text length to its parent and half to its grandparent
    (as readability does); link lists, and blocks inside chrome, do not count. Chrome by a class
    token (or a `<form>`) is judged by text density, not by name alone: an element holding at
    least half of the page's running text is the page, not its furniture — a wrapper named
    'content-with-sidebar', 'modal-enabled' or 'td-content-wrap-menu', or an ASP.NET page inside
    one `<form>`. Running text, not raw text: inline scripts and long menus do not count.

    With the page's own `headline` (extract/headline.py) known, the page is read around it: a
    wrapper holding the headline is never chrome by its class name (a sidebar does not hold the
    page's headline), and text that shares nothing with the headline but the page itself (a
    legal footer, a newsletter box) counts half. Blocks from `end` on (the next article's
    headline) belong to another article and do not count; nor do blocks before the headline (a
    row of teasers above a short news item), unless nothing follows it. A headline inside an
    `<article>` (or `<main>`) element has its body there when the element holds any: a footer
    outside it never outweighs a photo report's captions. Blocks inside `outside` (a box the
    caller set aside) do not count.
    """
    blocks = _text_blocks(root, headline, end)
    if outside is not None:
        blocks = [b for b in blocks if not _within(b.el, outside)]
    if headline is not None:
        article = next(headline.iterancestors("article"), None)
        main = next(headline.iterancestors("main"), None)
        for scope in (article, main, root):
            if scope is None:
                continue
            inside = [b for b in blocks if not b.before and (scope is root or _within(b.el, scope))]
            found = _densest(scope, inside, headline)
            if found is not None:
                return found
    return _densest(root, blocks, headline)


@dataclass(frozen=True)
class _Block:
    """A paragraph-like block of running text, as find_body_container scores it."""

    el: HtmlElement
    lines: list[str]
    length: int
    before: bool
    """Before the headline in document order (not one of its ancestors)."""


_SCORED = ("p", "div", "td", "blockquote", "section", "article")


def _text_blocks(
    root: HtmlElement, headline: HtmlElement | None, end: HtmlElement | None
) -> list[_Block]:
    """The blocks of running text under `root` before `end`, in document order: read once, however
    many scopes find_body_container tries; link lists and blocks under 25 characters left out.
    `headline` and `end` lie under `root`: where each block stands against them is told in the
    same walk, not from XPath sets of everything preceding or following them."""
    marks = {m.tag for m in (headline, end) if m is not None}
    holds_headline = set(_self_and_ancestors(headline)) if headline is not None else set()
    after_headline = headline is None
    blocks: list[_Block] = []
    for el in root.iter(*_SCORED, *marks):
        if el is end:
            break  # from the next article's headline on, nothing is this article's
        if el is headline:
            after_headline = True
        if el.tag not in _SCORED:
            continue
        lines, link_text = _own_text(el)
        length = sum(map(len, lines))
        if length < 25 or link_text > 0.5 * length:
            continue
        before = not after_headline and el not in holds_headline
        blocks.append(_Block(el, lines, length, before))
    return blocks


def _within(el: HtmlElement, scope: HtmlElement) -> bool:
    return el is scope or any(a is scope for a in el.iterancestors())


def _densest(
    root: HtmlElement, blocks: list[_Block], headline: HtmlElement | None
) -> HtmlElement | None:
    """find_body_container's scoring of `blocks`, which lie under `root`."""
    prose: dict[HtmlElement, int] = {}
    for block in blocks:
        for a in _self_and_ancestors(block.el):
            prose[a] = prose.get(a, 0) + block.length
    half = sum(block.length for block in blocks) / 2

    holds_headline = set(_self_and_ancestors(headline)) if headline is not None else set()
    verdicts: dict[HtmlElement, bool] = {}

    def disqualifies(a: HtmlElement) -> bool:
        """Whether an ancestor other than `root` puts the blocks it holds out as chrome."""
        if not is_chrome(a) or (a in holds_headline and a.tag not in NEVER_TEXT):
            return False
        if a.tag in NEVER_TEXT and a.tag not in MAY_WRAP_PAGE:
            return True
        return prose.get(a, 0) < half

    def in_chrome(el: HtmlElement) -> bool:
        for a in _self_and_ancestors(el):
            if a is root:
                continue
            if a not in verdicts:  # each ancestor judged once, not once per block it holds
                verdicts[a] = disqualifies(a)
            if verdicts[a]:
                return True
        return False

    div_paragraphs = _div_paragraphs(blocks)
    scores: dict[HtmlElement, float] = {}
    for block in blocks:
        el = block.el
        if in_chrome(el):
            continue
        score = _prose_score(block.lines)
        if el.tag in ("p", "blockquote") or el in div_paragraphs:
            targets = [(el.getparent(), 1.0), (_grandparent(el), 0.5)]
        else:
            targets = [(el, 1.0), (el.getparent(), 0.5)]
        for target, weight in targets:
            if target is not None:
                scores[target] = scores.get(target, 0.0) + weight * score
    if not scores:
        return None
    if holds_headline:
        for target in scores:
            if _only_page_shared(target, holds_headline):
                scores[target] *= 0.5
    return max(scores, key=scores.__getitem__)


def _div_paragraphs(blocks: list[_Block]) -> set[HtmlElement]:
    """<div>s that are paragraphs: a line of prose and no block inside, two or more of them side
    by side. They score their parent like <p>s do; else each counts alone and one long
    legal-footer <div> outweighs a body written as a run of short <div>s."""
    leaves = [
        b.el
        for b in blocks
        if b.el.tag == "div"
        and any(len(line) >= 80 for line in b.lines)
        and next(b.el.iterdescendants(*_BLOCK_TAGS), None) is None
    ]
    siblings = Counter(el.getparent() for el in leaves)
    return {el for el in leaves if siblings[el.getparent()] >= 2}


def _only_page_shared(el: HtmlElement, holds_headline: set[HtmlElement]) -> bool:
    """Whether `el` shares no ancestor with the headline but the page: its <body> or <html>, or
    a wrapper that is all the page holds (a table layout's `<body><table>`, `div#wrapper`)."""
    for a in _self_and_ancestors(el):
        if a in holds_headline:
            return _wraps_page(a)
    return True


_NO_CONTENT = frozenset({"script", "style", "noscript", "link", "meta", "template"})


def _wraps_page(el: HtmlElement) -> bool:
    """Whether `el` is the page: <body>, <html>, or the only block in one that is."""
    while el.tag not in ("body", "html"):
        parent = el.getparent()
        if parent is None or any(
            c is not el and isinstance(c.tag, str) and c.tag not in _NO_CONTENT for c in parent
        ):
            return False
        el = parent
    return True


def with_text_siblings(
    block: HtmlElement, headline: HtmlElement | None = None
) -> tuple[HtmlElement, list[HtmlElement] | None]:
    """The body may not be one block: a lead in `p.announce` beside `div.text`, or a body split
    in two around a promo button (Tilda). Returns (container, span): when running text stands
    beside the densest block, the container is the ancestor holding both and the span its
    children from the first running-text one to the last (what lies between, subheadings and
    lists, is kept; breadcrumbs and meta rows before, feeds after, are not); else (block, None).

    Wrappers with a single child are climbed freely; at most three levels with other children;
    never out of a table cell (the cells of a row are a layout's columns, not one body), nor out of
    the block holding the headline (it is the article already): an <h1>, or the page's own
    `headline` (an <h2> under a logo's <h1>).
    """
    holds_headline = set(_self_and_ancestors(headline)) if headline is not None else set()
    el, levels = block, 0
    while (
        levels < 3 and el.tag not in ("td", "th") and not _holds_h1(el) and el not in holds_headline
    ):
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        kids = [c for c in parent if isinstance(c.tag, str)]
        others = [c for c in kids if c is not el and not is_chrome(c)]
        texty = [c for c in others if _is_running_text(c)]
        if texty:
            ends = [i for i, c in enumerate(kids) if c is el or c in texty]
            span = kids[min(ends) : max(ends) + 1]
            return parent, [c for c in span if not is_chrome(c) and not _holds_h1(c)]
        if any(_holds_h1(c) for c in others):
            break
        levels += bool(others)
        el = parent
    return block, None


def _holds_h1(el: HtmlElement) -> bool:
    return el.tag == "h1" or el.find(".//h1") is not None


def _is_running_text(el: HtmlElement) -> bool:
    if el.tag in ("h2", "h3", "header", "footer") or _holds_h1(el):
        return False
    return has_running_text(el)


def has_running_text(el: HtmlElement) -> bool:
    """Whether `el` or a block inside it holds a line of prose: 80 characters or more, mostly not
    links. Lead paragraphs do; rubric rows, view counts, link lists and tag lists do not."""
    stack = [el]
    while stack:
        block = stack.pop()
        if not isinstance(block.tag, str) or block.tag in NEVER_TEXT or block.tag == "a":
            continue  # a link's text (a headline card) is never running text
        if is_prose(block):
            return True
        stack.extend(block)
    return False


def is_prose(el: HtmlElement) -> bool:
    """Whether `el`'s own text, outside the blocks it holds, has a line of prose (see
    has_running_text)."""
    lines, links = _own_text(el)
    long_text = sum(len(line) for line in lines if len(line) >= 80)
    return bool(long_text) and links < 0.3 * sum(map(len, lines))


def _grandparent(el: HtmlElement) -> HtmlElement | None:
    parent = el.getparent()
    return parent.getparent() if parent is not None else None


def _self_and_ancestors(el: HtmlElement) -> Iterator[HtmlElement]:
    yield el
    yield from el.iterancestors()


def common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement:
    ancestors = set(_self_and_ancestors(a))
    for el in _self_and_ancestors(b):
        if el in ancestors:
            return el
    return a.getroottree().getroot()
