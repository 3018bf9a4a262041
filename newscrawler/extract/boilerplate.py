"""Boilerplate rules as data: what a portal's chrome says, in words.

A source describes its boilerplate with one `Boilerplate`; the parser uses it on markup (to drop
chrome before trafilatura) and the cleaning pipelines use the same rules on text, as the safety net
for markups we have not seen. The social-embed and share-button phrases here are site-agnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from newscrawler.extract.dates import DATE_LINE_RE

_I = re.IGNORECASE

SHARE_PHRASES: tuple[str, ...] = (
    r"Поделиться(?: новостью| в соцсетях| в социальных сетях)?",
    r"Поделитесь(?: новостью)?",
    r"Бөлісу",
    r"Share",
    r"(?:Скопировать|Копировать) ссылку",
    r"Ссылка скопирована",
)
SHARE_NETWORKS = (
    r"WhatsApp|Telegram|Facebook|VK|ВКонтакте|Одноклассники|OK|Twitter|X|Viber|Email|E-mail"
)

COMMON_FOOTER_PHRASES: tuple[str, ...] = (
    r"(?:Если вы )?(?:нашли|заметили) ошибку(?: в тексте)?[?,.!]?\s*(?:пожалуйста,\s*)?"
    r"выделите (?:её|ее|фрагмент|текст)[\w\s,]{0,40}?Ctrl\s*\+\s*Enter\.?",
    r"Қате тапсаңыз[\w\s,]{0,60}?Ctrl\s*\+\s*Enter\.?",
    r"Подписывайтесь на наш[\w\s\-]{0,40}?(?:Telegram|Телеграм|WhatsApp|Instagram|Инстаграм|"
    r"YouTube|TikTok|Threads|Facebook|Дзен|VK|ВКонтакте)[\w\-]*"
    r"(?:[\s-]*(?:канал|аккаунт|страниц\w*))?\s*[.!]?",
    r"(?:Жаңалықтарды |Біздің )?(?:Telegram|Телеграм|WhatsApp|Instagram|YouTube|TikTok)"
    r"[\s-]*(?:арна|парақша)\w*\s+(?:жазылыңыз|оқыңыз|қосылыңыз)\w*\s*[!.]?",
)
"""Site furniture of Kazakhstan's Russian- and Kazakh-language portals in general, removed like a
source's footer: typo notices and channel promos."""
SOURCE_PHRASES = r"По материалам|Материал подготовлен по материалам|Based on reports? (?:by|from)"
"""Words that name the original outlet without a label and colon ('По материалам Kazinform'):
only as the paragraph's last words, with nothing but the outlet after them."""
COMMON_RELATED_HEADINGS = (
    r"Читайте также|Читайте еще|Читайте ещё|Читайте по теме|Смотрите также|Похожие новости|"
    r"Похожие материалы|Ещё по теме|Еще по теме|По теме|Другие новости по теме|Оқи отырыңыз|"
    r"Тағы оқыңыз|Тағы да оқыңыз|Ұқсас жаңалықтар|Тақырыпқа қатысты|Осы тақырыпта|"
    r"Related(?: articles| stories| news| links)?|Read (?:also|more)|See also|More on this|"
    r"Top stories|Most read|Most popular"
)
"""Headings of a block of other articles' headlines, on any site."""

FURNITURE_PARAGRAPHS: tuple[str, ...] = (
    r"Реклама|Жарнама|Advertisement|Партн[её]рский материал|На правах рекламы",
    # The advertiser's label Kazakhstan's and Russia's ad laws ask for: 'Реклама. ТОО «…», БИН
    # …. Erid: 2Vtz…'. The erid token marks an ad; prose never carries one.
    r"(?:Реклама|Жарнама|На правах рекламы)(?![^\W\d_]).{0,500}?(?<!\w)erid\s*:\s*\w.{0,500}",
    # A typo notice in any wording ('Беттегі қатені көрсеңіз, мәтінді белгілеп, Ctrl+Enter
    # басыңыз'): a short line naming Ctrl+Enter and a mistake or a selection. A how-to's line
    # ('Чтобы отправить письмо, нажмите Ctrl+Enter') names neither.
    r"(?=.{0,200}$)(?=.*?Ctrl\s*\+\s*Enter)"
    r"(?=.*?(?:ошибк|опечатк|неточност|[қк]ате|error|typo|mistake|выдел|белгіле|select|highlight))"
    r".+",
    r"(?:Опрос|Сауалнама)\s*:.{1,200}\?",
    r"(?:Просмотр(?:ов|ы)|Прочитано|Қаралды|Қаралым|Views)\s*:?\s*[\d\s.,]+(?:K|К|тыс\.)?",
    r"(?:Выпускающий редактор|Редактор|Редакторы|Корректор|Editor)\s*:\s*.{1,80}",
)
"""Paragraphs that are site furniture when they stand alone (an ad label, a typo notice, a poll's
question, a view counter, the editor's line) but words of the article inside a sentence: removed
only as whole paragraphs, wherever they stand; the body goes on after them."""

SOCIAL_EMBED_PHRASES: tuple[str, ...] = (
    r"(?:Посмотреть|Просмотреть) (?:эту публикацию|этот пост|это видео) в "
    r"(?:Instagram|Инстаграм\w*|"
    r"Telegram|TikTok|Facebook|YouTube)",
    r"View this (?:post|profile|video) on (?:Instagram|TikTok|Facebook)",
    r"A post shared by .{1,150}",
    r"(?:Публикация|Пост) от .{0,120}\(@[\w.]+\).{0,80}",
    r"(?:Публикация|Пост) от @[\w.]+",
    r"pic\.twitter\.com/\w+",
    # A tweet's text ends with its attribution: '— Name (@handle) December 19, 2025'.
    r".{0,600}— .{1,80} \(@\w+\) \w+ \d{1,2}, \d{4}",
    r"— .{1,80} \(@\w+\) .{1,40}\d{4}",
    r"@[\w.]+ ♬ .{1,150}",
    r"(?:Смотреть|Смотрите) (?:это видео )?на YouTube",
    r"Watch on YouTube",
)


def normalize_outlet(text: str) -> str:
    """Domain-like outlets in lower case ('Zakon.kz' -> 'zakon.kz'); names as written."""
    text = text.strip(" .")
    return text.lower() if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", text) else text


_QUANTIFIERS = ("?", "*", "+", "{")


def opening_letters(alternation: str) -> str:
    """A lookahead on the first two letters of what `alternation` matches (`(?=[ЧП][ио])` for
    'Читайте также|По теме'), when every alternative opens with letters, or with groups of them
    (optional ones too: '(?:Если вы )?(?:нашли|заметили)'); else ''.

    A search tries an alternation at every position of a text, each alternative in turn, and a
    case-insensitive one has no fast path in `re`: the lookahead turns most positions away at
    once. It admits every pair the alternatives open with, and every case variant the pattern's
    flags admit, so it never turns a match away.
    """
    openings = _openings(alternation, 2)
    if not openings:
        return ""
    firsts, seconds = ("".join(sorted({o[i] for o in openings})) for i in (0, 1))
    return f"(?=[{firsts}][{seconds}])"


def _openings(alternation: str, letters: int) -> set[str] | None:
    """The first `letters` letters of every text `alternation` matches; None where this reading
    cannot tell (anything but letters and non-capturing groups first, or fewer letters)."""
    found: set[str] = set()
    for alternative in _alternatives(alternation):
        opened = _sequence_openings(alternative, letters)
        if opened is None:
            return None
        found |= opened
    return found


def _sequence_openings(sequence: str, letters: int) -> set[str] | None:
    if letters == 0:
        return {""}
    if sequence[:1].isalpha():
        if sequence[1:2] in _QUANTIFIERS:
            return None
        rest = _sequence_openings(sequence[1:], letters - 1)
        return None if rest is None else {sequence[0] + r for r in rest}
    if not sequence.startswith("(?:"):
        return None
    close = _skip(sequence, 0)
    group, after = sequence[3 : close - 1], sequence[close:]
    optional = after[:1] == "?"
    if optional:
        after = after[2:] if after[1:2] in ("?", "+") else after[1:]  # lazy or possessive
    elif after[:1] in _QUANTIFIERS:
        return None
    found: set[str] = set()
    for branch in [*_alternatives(group), *([""] if optional else [])]:
        opened = _sequence_openings(branch + after, letters)
        if opened is None:
            return None
        found |= opened
    return found


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (escapes, classes and groups read past)."""
    alternatives, start, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "|":
            alternatives.append(pattern[start:i])
            start = i + 1
            i += 1
        else:
            i = _skip(pattern, i)
    return [*alternatives, pattern[start:]]


def _skip(pattern: str, i: int) -> int:
    """The index after the regex item at `i`: an escape, a class, a group (to its closing
    parenthesis) or one character."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        j = i + 1
        j += pattern[j : j + 1] == "^"
        j += pattern[j : j + 1] == "]"  # a ']' first is a member
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if pattern[i] == "(":
        j = i + 1
        while j < len(pattern) and pattern[j] != ")":
            j = _skip(pattern, j)
        return j + 1
    return i + 1


def _any_full(phrases: tuple[str, ...], max_length: int | None = None) -> re.Pattern[str]:
    """A paragraph that is one of the phrases; at most `max_length` characters, checked first."""
    short = rf"(?=.{{0,{max_length}}}$)" if max_length else ""
    return re.compile(rf"^{short}(?:" + "|".join(phrases) + r")[\s.!:]*$", _I)


@dataclass(frozen=True)
class Boilerplate:
    """One portal's boilerplate. Patterns match whole paragraphs unless their doc says otherwise."""

    site: str
    source_label: str
    """Regex of the label before the original outlet, e.g. 'Источник'."""
    footer_phrases: tuple[str, ...]
    """Regexes of promo and slogan phrases; removed wherever they stand in a paragraph."""
    related_heading: str
    """Regex of the heading of the latest-headlines block, e.g. 'Читайте также'."""
    photo_label: str
    """Regex of the label before a photo credit, e.g. 'Фото'."""

    @cached_property
    def source_line(self) -> re.Pattern[str]:
        """A paragraph that is, or ends with, the source line; group 'outlet'."""
        return re.compile(
            rf"(?:^|(?<=[.!?»\"”]))\s*(?:(?:{self.source_label})\s*:|{SOURCE_PHRASES})\s*"
            r"(?P<outlet>[^\s:][^:]{0,60}?)[\s.]*$",
            _I,
        )

    @cached_property
    def bare_source_label(self) -> re.Pattern[str]:
        """The source label left without its outlet (the markup stage took the link), alone or
        ending a paragraph: 'Источник:'."""
        return re.compile(rf"(?:^|(?<=[.!?»\"”]))\s*(?:{self.source_label})\s*:?\s*$", _I)

    @cached_property
    def source_label_start(self) -> re.Pattern[str]:
        """The source label or a source phrase: matched at an element's start, and searched in
        every paragraph before the source-line patterns (behind a lookahead on their opening
        letters), which can match only where it is found."""
        labels = f"{self.source_label}|{SOURCE_PHRASES}"
        return re.compile(rf"{opening_letters(labels)}(?:{labels})", _I)

    @cached_property
    def source_label_only(self) -> re.Pattern[str]:
        """Text that is the source label alone, as in a label element of its own."""
        return re.compile(rf"^(?:{self.source_label})\s*:?$", _I)

    @cached_property
    def _related_headings(self) -> str:
        """The source's related headings and the common ones, as one alternation: each once (the
        generic rules' heading is the common one), since a search tries every alternative at
        every position of the text; behind a lookahead on their opening letters."""
        headings = "|".join(dict.fromkeys((self.related_heading, COMMON_RELATED_HEADINGS)))
        return f"{opening_letters(headings)}(?:{headings})"

    @cached_property
    def related_label(self) -> re.Pattern[str]:
        return re.compile(rf"(?:{self._related_headings})", _I)

    @cached_property
    def source_label_end(self) -> re.Pattern[str]:
        """Text that ends with the source label, as before a source link (searched in the text
        before every link of the article: its lookahead spares most positions the labels)."""
        return re.compile(
            rf"{opening_letters(self.source_label)}(?:{self.source_label})\s*:\s*$", _I
        )

    @cached_property
    def footer(self) -> re.Pattern[str]:
        """Every promo phrase, wherever it stands (substituted in every paragraph: behind a
        lookahead on the phrases' opening letters)."""
        phrases = (*self.footer_phrases, *COMMON_FOOTER_PHRASES)
        alternation = "|".join(f"(?:{p})" for p in phrases)
        return re.compile(f"{opening_letters(alternation)}(?:{alternation})", _I)

    @cached_property
    def related_start(self) -> re.Pattern[str]:
        """The related heading wherever it stands (paragraph start, or run into a paragraph),
        ending in a colon, the text's end or an item (a dash, a date): 'По теме' opening a
        sentence is not one."""
        return re.compile(
            rf"(?:{self._related_headings})"
            rf"(?:\s*:|\s*$|(?=\s*(?:[-–—•·]|{DATE_LINE_RE.pattern})))",
            _I,
        )

    @cached_property
    def photo_credit(self) -> re.Pattern[str]:
        """A caption or credit paragraph; group 'credit'."""
        return re.compile(
            rf"^(?:©\s*)?(?:{self.photo_label})\s*:\s*(?P<credit>\S.{{0,200}}?)[\s.]*$",
            _I,
        )

    @cached_property
    def caption_credit(self) -> re.Pattern[str]:
        """The credit closing a caption ('Здание театра. Фото: Руслан Мусин'); group 'credit'."""
        return re.compile(
            rf"(?<=[.!?»\"”])\s*(?:©\s*)?(?:{self.photo_label})\s*:\s*"
            r"(?P<credit>[^\s:][^:]{0,80}?)[\s.]*$",
            _I,
        )


FURNITURE = _any_full(FURNITURE_PARAGRAPHS)
# A row of share buttons is short; the length check keeps a multi-megabyte paragraph of 'xxx…'
# (each 'x' could be the network X) from costing seconds.
SHARE = _any_full((*SHARE_PHRASES, rf"(?:(?:{SHARE_NETWORKS})[\s,|·]*)+"), max_length=300)
SOCIAL_EMBED = _any_full(SOCIAL_EMBED_PHRASES)
DASH_ONLY = re.compile(r"^[-–—•·]+$")
RELATED_ITEM = re.compile(rf"^[-–—•·]?\s*(?:{DATE_LINE_RE.pattern})(?P<headline>.{{0,300}})$", _I)
"""A latest-headlines item: optional dash, a timestamp, maybe its headline run on."""


GENERIC = Boilerplate(
    site="*",
    source_label=r"Источник|Первоисточник|Дереккөз",
    footer_phrases=(),
    related_heading=COMMON_RELATED_HEADINGS,
    photo_label=r"Фото(?: и видео)?|Видео и фото|Фотосурет|Сурет|Photo|Sūret|Suret|Foto",
)
"""The rules of any site: the common phrases above and the labels Kazakhstan's portals share.
The `generic` spider runs with these alone; a source's rules add its own wordings."""
