"""The tree's text helpers (extract/html.py): the bounded readers answer as the full reading."""

from __future__ import annotations

import unicodedata

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.extract.html import (
    _INVISIBLE,
    clean_text,
    element_text,
    first_chunks,
    may_hold_attribute,
    new_element,
    page_memo,
    parse_html,
    remove,
    text_within,
)

_CHUNK = st.text(
    # letters, spaces of every kind, combining marks that compose across chunks, invisible marks
    alphabet=st.sampled_from(list("aеё Ж\u0308\u0301\u0323\u0307\u00a0\u200b\u00ad\n\t.:12")),
    max_size=40,
)


@settings(max_examples=500)
@given(chunks=st.lists(_CHUNK, max_size=30), limit=st.integers(0, 120))
def test_text_within_is_the_element_text_or_none(chunks: list[str], limit: int):
    """Chunks as the text and tails of nested elements: the bounded reading stops early on long
    ones, and still answers exactly as element_text does."""
    root = parent = new_element("div")
    root.text = chunks[0] if chunks else None
    for i, chunk in enumerate(chunks[1:]):
        child = lxml.etree.SubElement(parent, "span")
        if i % 2:
            child.text = chunk
            parent = child
        else:
            child.tail = chunk
    text = element_text(root)
    assert text_within(root, limit) == (text if len(text) <= limit else None)
    # Told without cleaning when the markup lacks the characters asked for, with the same answer.
    held = text if len(text) <= limit and ":" in text else None
    assert text_within(root, limit, ":") == held
    with page_memo():
        assert text_within(root, limit, ":") == held
        assert text_within(root, limit) == (text if len(text) <= limit else None)
        assert text_within(root, limit, ":") == held


@settings(max_examples=1000)
@given(
    text=st.text(
        # plain and odd spaces, marks that compose or reorder (é, Å, Hangul jamo), invisible and
        # non-text characters, a lone surrogate
        alphabet=st.sampled_from(
            list(
                "aeAЖé \u00a0\u2028\u3000\n\t\x1c\x00\x7f\u0301\u030a\u0344\u1100\u1161"
                "\u00ad\u200b\ufeff\ufffe\ud800\U0001d15e"
            )
        ),
        max_size=12,
    )
)
def test_clean_text_answers_as_its_full_cleaning(text: str):
    """A text already clean is returned as it is, without the cleaning's passes: the same."""
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    assert clean_text(text) == " ".join(cleaned.split())


def test_page_memo_forgets_the_texts_a_removal_changes():
    """Inside page_memo a text is read once; removing an element has its ancestors read again,
    and leaves the texts of the elements beside it as they were."""
    tree = parse_html(b"<div><p>one <b>two</b> four</p> <p>three</p></div>", "utf-8")
    assert tree is not None
    div = tree.find(".//div")
    first, second = div.findall("p")
    with page_memo():
        assert element_text(div) == "one two four three"
        assert text_within(second, 10) == "three"
        assert text_within(div, 5) is None
        remove(first.find("b"))
        assert element_text(first) == "one four"
        assert element_text(div) == "one four three"
        assert text_within(div, 14) == "one four three"
        assert text_within(second, 10) == "three"


def test_page_memo_forgets_the_first_chunks_a_removal_changes():
    """Inside page_memo first_chunks answers as a fresh reading after a removal: the wrappers
    whose first chunk the removed element was read theirs again."""
    tree = parse_html(b"<div><p><b>lead</b> one</p><p>two</p></div>", "utf-8")
    assert tree is not None
    div = tree.find(".//div")
    with page_memo():
        assert first_chunks(div)[div] == "lead"
        remove(div.find(".//b"))
        with_memo = first_chunks(div)
    assert with_memo == first_chunks(div)
    assert with_memo[div] == "one"


def test_may_hold_attribute_is_false_only_where_the_bytes_cannot_spell_it():
    assert may_hold_attribute(b'<div ITEMPROP="headline">', "utf-8", "itemprop")
    assert not may_hold_attribute(b'<div class="itemprop-x">', "utf-8", "itemscope")
    assert not may_hold_attribute("<p>Текст</p>".encode("cp1251"), "windows-1251", "itemprop")
    # Where an ASCII character need not be its own byte, the tree is asked.
    assert may_hold_attribute("<p>x</p>".encode("utf-16"), "utf-16", "itemprop")
    assert may_hold_attribute(b"<p>x</p>", "no-such-charset", "itemprop")
