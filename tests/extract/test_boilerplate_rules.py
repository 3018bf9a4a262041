"""The boilerplate rules' patterns: the fast paths they are compiled with change no match."""

from __future__ import annotations

import re

import pytest

from newscrawler.extract.boilerplate import (
    COMMON_RELATED_HEADINGS,
    GENERIC,
    Boilerplate,
    opening_letters,
)
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE

TEXTS = [
    "Читайте также:", "ЧИТАЙТЕ ТАКЖЕ", "читайте ещё - 08:30", "Тағы да оқыңыз", "Read more",
    "READ ALSO:", "Related stories", "ſee also", "Последние новости", "Главное. По теме: x",
    "Статья о том, как читать также и писать.", "Смотрите", "",
]  # fmt: skip
"""Headings in any case ('ſ' is an 's' to a case-insensitive pattern), and prose that is none."""


@pytest.mark.parametrize("rules", [GENERIC, BOILERPLATE], ids=["generic", "mailkz"])
def test_related_headings_behind_their_lookahead_match_as_without(rules: Boilerplate):
    headings = "|".join(dict.fromkeys((rules.related_heading, COMMON_RELATED_HEADINGS)))
    assert opening_letters(headings)  # the fast path is taken
    plain = re.compile(rf"(?:{headings})", re.IGNORECASE)
    for text in TEXTS:
        spans = [m.span() for m in rules.related_label.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
    own = ["Последние новости"] if rules is BOILERPLATE else []
    assert [t for t in TEXTS if rules.related_start.search(t)] == [
        "Читайте также:", "ЧИТАЙТЕ ТАКЖЕ", "читайте ещё - 08:30", "Тағы да оқыңыз", "Read more",
        "READ ALSO:", "Related stories", "ſee also", *own, "Главное. По теме: x",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "alternation",
    ["a|bc", "ab?c|de", "a*b|cd", "(?:x)y|ab", r"Ab\w|Ef", "[Aa]b|cd", "Ab|E f"],
)
def test_no_lookahead_where_an_alternative_does_not_open_with_two_letters(alternation: str):
    assert opening_letters(alternation) == ""


def test_lookahead_admits_every_opening_pair():
    assert opening_letters("Ab(?:c|d)|Ef") == "(?=[AE][bf])"
