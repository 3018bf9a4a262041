"""The page's own headline: the heading that agrees with what the page says its title is.

An article page names its title three times besides the heading: JSON-LD `headline` or
`og:title`, `<title>`, and often the URL slug. A heading that agrees with them is the article's;
a logo in an `<h1>`, a section name, or the headline of the next article of an infinite scroll
does not. Site-agnostic: words only, no class names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from newscrawler.extract.html import (
    MAY_WRAP_PAGE,
    NEVER_TEXT,
    class_words,
    short_text,
)

_WORD = re.compile(r"\w+", re.UNICODE)
_HEADING_TAGS = ("h1", "h2", "h3")
_RANK = {"h1": 0, "headline": 1, "h2": 2, "h3": 3, "line": 4}
_TITLE_SUFFIXES = ("title", "headline", "heading")
"""At equal agreement: an <h1> before a microdata headline before lower headings."""
AGREES = 0.6
"""Agreement at which a heading and a stated title are one title."""
_SUBHEADING_AGREES = 0.8
"""An <h2>/<h3> is the headline only on pages where no <h1> agrees, and only when it says
nearly what the title says: a subheading or a recipe card's name repeats a few of its words."""
_MIN_WORDS = 2
_FEW_WORDS = 3
"""Titles this short agree only when equal: a logo's 'Mail.kz' is two words of any <title>."""
_TITLE_PARTS = re.compile(r"\s+(?:[|»·:/]{1,2}|[-–—]{1,2})\s+")
_MAX_HEADING = 400


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 1 or w.isdigit()}


def agreement(heading: set[str], reference: set[str]) -> float:
    """How far two titles are one: their shared words against both sizes (Dice), so that an
    og:title holding the headline's first half agrees and a sentence sharing four words does
    not."""
    shorter = min(len(heading), len(reference))
    if shorter < _MIN_WORDS or (shorter < _FEW_WORDS and heading != reference):
        return 0.0
    return 2 * len(heading & reference) / (len(heading) + len(reference))


def reference_titles(stated: Iterable[str | None], url: str) -> list[set[str]]:
    """The word sets of the titles the page states (JSON-LD headline or og:title, `<title>`),
    each without a site name set off by a separator ('… » Mail.kz - Новости'), and of its URL's
    last path segment when it reads as words ('son-of-former-president-608399')."""
    found = [words(max(_TITLE_PARTS.split(t), key=len)) for t in stated if t]
    slug = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    if slug.count("-") + slug.count("_") >= 2:
        found.append(words(slug.replace("-", " ").replace("_", " ")))
    return [w for w in found if len(w) >= _MIN_WORDS]


def _candidates(root: HtmlElement, microdata: bool) -> Iterable[tuple[HtmlElement, str]]:
    """Headings, microdata headlines (sought where the page may hold them), and what a headline
    is set in without a heading element: a '*title*'-classed block (a class word ending in
    'title', 'headline' or 'heading': Joomla's `td.contentheading`), a bold line (`<p><b>…</b></p>`,
    old tables' `<b><font>`)."""
    for el in root.iter(*_HEADING_TAGS):
        yield el, el.tag
    for el in microdata_headlines(root) if microdata else ():
        yield el, "headline"
    for el in root.iter("div", "span", "p", "td", "b", "strong"):
        if el.tag in ("b", "strong") or _titled(el):
            yield el, "line"


def _titled(el: HtmlElement) -> bool:
    """A class or id word ending in 'title', 'headline' or 'heading' (class_words: read once a
    page). Asked of most elements of a page: most have neither word in their class or id at all,
    which two attribute reads tell; a loop, not any() over a generator, for the rest."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if "title" not in names and "head" not in names:
        return False
    for word in class_words(el):  # noqa: SIM110 (see the docstring)
        if word.endswith(_TITLE_SUFFIXES):
            return True
    return False


def microdata_headlines(root: HtmlElement) -> list[HtmlElement]:
    """The elements under `root` marked `itemprop="headline"`, but <meta>s (no text of theirs).
    Each element asked in a loop: a third less time than lxml's ElementPath, and its XPath is
    slower still."""
    return [
        el for el in root.iterdescendants() if el.get("itemprop") == "headline" and el.tag != "meta"
    ]


def page_headline(
    root: HtmlElement, references: list[set[str]], microdata: bool = True
) -> HtmlElement | None:
    """The heading that agrees with the page's stated titles, an <h1> or microdata headline first
    (the page's own heading level, whatever its sections' headings say); None when none agrees.
    `microdata`: whether the page may hold `itemprop` attributes (html.may_hold_attribute)."""
    best, best_key = None, None
    for order, (el, kind) in enumerate(_candidates(root, microdata)):
        if kind == "line" and best_key is not None and not best_key[0]:
            break  # an <h1> or microdata headline agrees: no line outranks it, none is read
        text = short_text(el, _MAX_HEADING)  # a '*title*'-classed wrapper may hold the page
        if not text:
            continue
        own = words(text)
        score = max((agreement(own, ref) for ref in references), default=0.0)
        top = kind in ("h1", "headline")
        # Its ancestors are read only for a heading that agrees: few of a page's candidates.
        if score < (AGREES if top else _SUBHEADING_AGREES) or _in_never_text(el):
            continue
        key = (not top, -score, _RANK[kind], order)
        if best_key is None or key < best_key:
            best, best_key = el, key
    return best


def next_article_heading(
    root: HtmlElement, headline: HtmlElement, references: list[set[str]]
) -> HtmlElement | None:
    """The first heading of the headline's own kind after it that names another article: where
    the page's article ends on a page that holds several (an infinite scroll). Only an <h1> (or
    a microdata headline) counts: lower headings are the article's own subheadings; so is an
    <h1> beside the headline in one block (a page that sets its sections in <h1>), since each
    article of a page comes in a wrapper of its own."""
    if headline.get("itemprop") == "headline":
        same_kind = microdata_headlines(root)
    elif headline.tag == "h1":
        same_kind = list(root.iter("h1"))
    else:
        return None
    for el in same_kind[same_kind.index(headline) + 1 :] if headline in same_kind else ():
        own = words(short_text(el, _MAX_HEADING) or "")
        agrees = max((agreement(own, ref) for ref in references), default=0.0) >= AGREES
        if el.getparent() is headline.getparent():
            continue
        if len(own) >= _MIN_WORDS and not agrees and not _in_never_text(el):
            return el
    return None


def _in_never_text(el: HtmlElement) -> bool:
    return any(a.tag in NEVER_TEXT and a.tag not in MAY_WRAP_PAGE for a in el.iterancestors())
