"""Body text by trafilatura, as a list of paragraphs.

We hand trafilatura the body container we already found (not the whole page): the page is parsed
once, and trafilatura's scoring runs on a fraction of the tree, which is where its time goes.
"""

from __future__ import annotations

import re
from copy import copy
from functools import cache
from typing import Literal

import lxml.etree
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from newscrawler.extract.html import changed, clean_text, new_element

_LINE_BREAK = "lb"
_OUTPUT_BLOCKS = frozenset({"p", "head", "div", "list", "table", "quote", "code"})
"""Block elements of trafilatura's output (XML-TEI-like tags)."""
_WRAPPERS = ("div", "section", "article", "main", "header", "footer", "center", "font")
_LAYOUT_BLOCKS = ("div", "table", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4", "h5")
_BLOCKS = frozenset(
    {*_WRAPPERS, "p", "ul", "ol", "dl", "table", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6"}
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr",
})  # fmt: skip


def extract_paragraphs(container: HtmlElement, url: str | None = None) -> list[str]:
    """The container's text blocks in document order, one entry per paragraph. Consumes the
    container (it is moved into a document of its own).

    A <br> inside a block starts a new paragraph (mail.kz-like pages put footer lines after <br>),
    each list item is a paragraph, and so is each table row.
    """
    # trafilatura reads a root's children, not the root's own leading text: give it a document
    # whose body holds the container (moved out of the page tree, which we are done with).
    changed(container)  # its ancestors lose its text; its own changes below are read no more
    _flatten(container)
    document = new_element("html")
    lxml.etree.SubElement(document, "body").append(container)
    return _paragraphs(document, url, "recall")


def whole_page_paragraphs(markup: str, url: str | None = None) -> list[str]:
    """trafilatura's own reading of the whole page, in its precise mode: the second opinion on a
    body our container choice is unsure of (extract/article.py)."""
    return _paragraphs(markup, url, "precision")


Mode = Literal["recall", "precision"]


@cache
def _options(mode: Mode) -> Extractor:
    """trafilatura's options in a mode, as `bare_extraction` builds them from its arguments: once,
    since reading them from its configuration takes a good part of trafilatura's time on a
    container. Output as text, not 'python': only the body tree is read here, and for 'python'
    bare_extraction also serialises it as text (0.11 ms a page on aeb-dev)."""
    return Extractor(
        output_format="txt",
        recall=mode == "recall",
        precision=mode == "precision",
        comments=False,
        images=False,
        links=False,
        tables=True,
        dedup=False,
        with_metadata=False,
    )


def _paragraphs(source: HtmlElement | str, url: str | None, mode: Mode) -> list[str]:
    """trafilatura's body of `source` as paragraphs, in the given mode."""
    options = copy(_options(mode))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as Extractor does
    doc = trafilatura.bare_extraction(source, options=options)
    if doc is None or doc.body is None:
        return []
    return [line for block in doc.body for line in _block_lines(block)]


def _flatten(container: HtmlElement) -> None:
    """Unwrap nested wrappers so every text block is a direct child, in order.

    trafilatura narrows to a descendant whose class looks like content (`div.text`) and appends
    text outside it at the end, which would drop or reorder a lead paragraph in a sibling block.
    A wrapper without blocks inside becomes a paragraph; one with blocks inside is unwrapped.
    Subheadings become paragraphs too: in a container with no class trafilatura knows as content,
    its recovery of loose text blocks takes none of the headings.
    """
    _unwrap_layout_tables(container)
    for el in list(container.iterdescendants(*_WRAPPERS)):
        if next(el.iterdescendants(*_BLOCKS), None) is not None:
            el.drop_tag()
        else:
            el.tag = "p"
    for heading in container.iterchildren(*_HEADINGS):
        heading.tag = "p"
    _wrap_loose_inline(container)


def _wrap_loose_inline(container: HtmlElement) -> None:
    """Text and inline elements standing loose between the container's blocks become paragraphs
    of their own: trafilatura drops text that stands loose between blocks, and on old pages that
    is the article's own sentences."""
    children = list(container)
    if not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in children):
        return
    pieces: list[HtmlElement | str] = [container.text or ""]
    container.text = None
    for child in children:
        tail, child.tail = child.tail, None
        container.remove(child)
        pieces += [child, tail or ""]
    # The paragraph's last child is kept at hand: lxml counts an element's children one by one,
    # so asking the paragraph (`len(para)`) for each piece made a long inline run quadratic.
    para: HtmlElement | None = None
    last: HtmlElement | None = None
    for piece in pieces:
        if isinstance(piece, str):
            if para is None and piece.strip():
                para, last = lxml.etree.SubElement(container, "p"), None
            if last is not None:
                last.tail = (last.tail or "") + piece
            elif para is not None:
                para.text = (para.text or "") + piece
        elif isinstance(piece.tag, str) and piece.tag not in _INLINE:
            container.append(piece)
            para = last = None
        else:
            if para is None:
                para = lxml.etree.SubElement(container, "p")
            para.append(piece)
            last = piece


def _unwrap_layout_tables(container: HtmlElement) -> None:
    """Tables that lay out a page (their cells hold blocks) become plain wrappers.

    trafilatura makes one paragraph of each table row: for a layout table that would be the whole
    article, with the chrome of the cells beside it, run into one line. Data tables (cells of
    plain text) keep their rows.
    """
    tables = [t for t in (container, *container.iterdescendants("table")) if t.tag == "table"]
    for table in tables:
        cells = table.xpath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th")
        if not any(_holds_blocks(cell) for cell in cells):
            continue
        for el in [*table.xpath("./tr | ./*[tr] | ./*/tr"), *cells, table]:
            el.tag = "div"


def _holds_blocks(cell: HtmlElement) -> bool:
    """A layout cell: a block other than paragraphs inside, or more than one paragraph."""
    if next(cell.iterdescendants(*_LAYOUT_BLOCKS), None) is not None:
        return True
    return len(cell.findall(".//p")) > 1


def _block_lines(block: HtmlElement) -> list[str]:
    """Paragraphs of one block of trafilatura's output: each list item and table row is one, and a
    block holding blocks (trafilatura keeps a link-heavy stretch as a `div` of `p`s) is split at
    them rather than read as one run-together line."""
    if block.tag == "list":  # an item holding a list is split at it: each item read once
        return [line for item in block.iterchildren("item") for line in _block_lines(item)]
    if block.tag == "table":
        return [line for row in block.iter("row") for line in _lines(row)]
    if not any(child.tag in _OUTPUT_BLOCKS for child in block):
        return _lines(block)
    lines: list[str] = []
    run = [block.text or ""]
    for child in block:
        if child.tag in _OUTPUT_BLOCKS:
            lines += _split(run)
            lines += _block_lines(child)
            run = []
        elif child.tag == _LINE_BREAK:
            run.append("\n")
        else:
            _collect(child, run)
        run.append(child.tail or "")
    return lines + _split(run)


def _split(parts: list[str]) -> list[str]:
    return [line for line in (clean_text(s) for s in "".join(parts).split("\n")) if line]


def _lines(el: HtmlElement) -> list[str]:
    """Text of an element split at its line breaks; a row's cells joined by ' | '."""
    parts: list[str] = []
    _collect(el, parts)
    return _split(parts)


def _collect(el: HtmlElement, parts: list[str]) -> None:
    """Append an element's text in document order (its own tail excluded). Empty cells are left
    out: trafilatura fills a rowspan's or colspan's place with one, which no reader sees, and it
    would leave the row's line with a dangling ' | '. A block set in a row outside its cells (a
    browser moves it out of the table) is a line of its own, not run onto the last cell."""
    parts.append(el.text or "")
    filled = False  # a cell with text came before in this row
    for child in el:
        if child.tag == _LINE_BREAK:
            parts.append("\n")
        elif el.tag == "row" and child.tag in _OUTPUT_BLOCKS:
            parts.append("\n")
            _collect(child, parts)
            parts.append("\n" + (child.tail or ""))
            filled = False
            continue
        elif child.tag == "cell":
            cell: list[str] = []
            _collect(child, cell)
            if "".join(cell).strip():
                parts.extend([" | ", *cell] if filled else cell)
                filled = True
            parts.append(child.tail or "")
            continue
        _collect(child, parts)
        parts.append(child.tail or "")


_WORD = re.compile(r"\w+")


def shingles(paragraphs: list[str], size: int = 4) -> set[tuple[str, ...]]:
    """The text's runs of `size` consecutive words (casefolded), to compare two bodies."""
    words = [w.casefold() for p in paragraphs for w in _WORD.findall(p)]
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def distinct_share(paragraphs: list[str], size: int = 4) -> float:
    """Share of the text's runs of `size` words that are distinct: near 1.0 for prose, low for a
    text that says the same thing over and over."""
    words = sum(len(_WORD.findall(p)) for p in paragraphs)
    runs = words - size + 1
    return len(shingles(paragraphs, size)) / runs if runs > 0 else 1.0


def coverage(ours: list[str], reference: list[str]) -> float:
    """Share of the reference text's word runs that `ours` holds too: 1.0 when ours says all the
    reference says (a teaser in JSON-LD is covered by the full body), near 0 for another text."""
    theirs = shingles(reference)
    return len(theirs & shingles(ours)) / len(theirs) if theirs else 1.0
