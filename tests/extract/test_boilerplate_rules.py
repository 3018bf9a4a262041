"""The boilerplate rules' patterns: the fast paths they are compiled with change no match."""

from __future__ import annotations

import re

import pytest

from newscrawler.extract.boilerplate import (
    COMMON_FOOTER_PHRASES,
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
    ["a|bc", "ab?c|de", "a*b|cd", "(?:Ab)*cd", "[Aa]b|cd", "Ab|E\\ f", r"\w|ab", "(?i:ab)|cd"],
)
def test_no_lookahead_where_an_alternative_opens_otherwise(alternation: str):
    assert opening_letters(alternation) == ""


@pytest.mark.parametrize(
    ("alternation", "lookahead"),
    [
        ("Ab(?:c|d)|Ef", "(?=[AE][bf])"),
        (r"Ab\w|Ef[gh]", "(?=[AE][bf])"),
        (r"Ab|E[fg]", ""),
        ("(?:Ab|Cd )?(?:ef|gh)", "(?=[ACeg][bdfh])"),
        ("(?:A)?bc|x[|]y", ""),
        ("(?:A)?bc", "(?=[Ab][bc])"),
        ("Ab|E f", "(?=[AE][ b])"),
        ("Читайте также|По теме", "(?=[ПЧ][ио][ т][ат])"),
        ("Abcd(?:e|f)|Ghij", "(?=[AG][bh][ci][dj])"),
    ],
)
def test_lookahead_admits_every_opening_pair(alternation: str, lookahead: str):
    assert opening_letters(alternation) == lookahead


FOOTERS = [
    "Нашли ошибку? Выделите её и нажмите Ctrl+Enter.",
    "Если вы заметили ошибку в тексте, пожалуйста, выделите её и нажмите Ctrl + Enter",
    "Текст. Подписывайтесь на наш Telegram-канал!",
    "Біздің Telegram арнаға жазылыңыз!", "Жаңалықтарды WhatsApp арнасынан оқыңыз",
    "ПОДПИСЫВАЙТЕСЬ НА НАШ YOUTUBE-КАНАЛ.", "Мы работаем для Вас!", "Будьте в курсе всех событий!",
    "Подписывайтесь на наш .", "Статья о Telegram и WhatsApp без призывов.", "",
]  # fmt: skip


@pytest.mark.parametrize("rules", [GENERIC, BOILERPLATE], ids=["generic", "mailkz"])
def test_footer_behind_its_lookahead_matches_as_without(rules: Boilerplate):
    phrases = "|".join(f"(?:{p})" for p in (*rules.footer_phrases, *COMMON_FOOTER_PHRASES))
    assert opening_letters(phrases)  # the fast path is taken
    plain = re.compile(phrases, re.IGNORECASE)
    for text in FOOTERS:
        assert rules.footer.sub(" ", text) == plain.sub(" ", text), text


@pytest.mark.parametrize("rules", [GENERIC, BOILERPLATE], ids=["generic", "mailkz"])
def test_source_label_behind_its_lookahead_matches_as_without(rules: Boilerplate):
    plain = re.compile(rf"(?:{rules.source_label})\s*:\s*$", re.IGNORECASE)
    texts = [
        "Источник:", "ИСТОЧНИК : ", "Текст новости. Первоисточник:", "дереккөз:",
        "Источник текста:", "Источники:", "Источник", "", "Источник: zakon.kz",
    ]  # fmt: skip
    for text in texts:
        assert bool(rules.source_label_end.search(text)) == bool(plain.search(text)), text
