"""Body text by trafilatura, as a list of paragraphs.

We hand trafilatura the body container we already found (not the whole page): the page is parsed
once, and trafilatura's scoring runs on a fraction of the tree, which is where its time goes.
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement

from newscrawler.extract.html import clean_text

_LINE_BREAK = "lb"


def extract_paragraphs(container: HtmlElement, url: str | None = None) -> list[str]:
    """The container's text blocks in document order, one entry per paragraph.

    A <br> inside a block starts a new paragraph (mail.kz-like pages put footer lines after <br>),
    each list item is a paragraph, and so is each table row.
    """
    doc = trafilatura.bare_extraction(
        container,
        url=url,
        favor_recall=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    if doc is None or doc.body is None:
        return []
    paragraphs: list[str] = []
    for block in doc.body:
        if block.tag == "list":
            units = list(block.iter("item"))
        elif block.tag == "table":
            units = list(block.iter("row"))
        else:
            units = [block]
        for unit in units:
            paragraphs.extend(_lines(unit))
    return paragraphs


def _lines(el: HtmlElement) -> list[str]:
    """Text of an element split at its line breaks; table cells joined by ' | '."""
    parts: list[str] = []
    _collect(el, parts)
    return [line for line in (clean_text(s) for s in "".join(parts).split("\n")) if line]


def _collect(el: HtmlElement, parts: list[str]) -> None:
    """Append an element's text in document order (its own tail excluded)."""
    parts.append(el.text or "")
    for child in el:
        if child.tag == _LINE_BREAK:
            parts.append("\n")
        elif child.tag == "cell" and child.getprevious() is not None:
            parts.append(" | ")
        _collect(child, parts)
        parts.append(child.tail or "")
