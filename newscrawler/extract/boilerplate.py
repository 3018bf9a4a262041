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
_QUANTIFIERS = ("?", "*", "+", "{")
_MAX_OPENING = 4


def opening_letters(alternation: str) -> str:
    """A lookahead on the first letters (up to four, spaces among them) of what `alternation`
    matches (`(?=[ПЧ][ио][ т][ат])` for 'Читайте также|По теме'), when every alternative opens
    with letters, or with groups of them (optional ones too: '(?:Если вы )?(?:нашли|заметили)');
    as many as the shortest opening has, two at least; else ''.

    A search tries an alternation at every position of a text, each alternative in turn, and a
    case-insensitive one has no fast path in `re`: the lookahead turns most positions away at
    once (four letters twice as many as two, in English and Russian prose). It admits every
    letter the alternatives have at each place, and every case variant the pattern's flags
    admit, so it never turns a match away.
    """
    for size in range(_MAX_OPENING, 1, -1):
        openings = _openings(alternation, size)
        if openings:
            columns = ("".join(sorted({o[i] for o in openings})) for i in range(size))
            return "(?=" + "".join(f"[{c}]" for c in columns) + ")"
    return ""


def _openings(alternation: str, letters: int) -> set[str] | None:
    """The first `letters` letters (or spaces) of every text `alternation` matches; None where
    this reading cannot tell (anything but letters, spaces and non-capturing groups first, or
    fewer letters)."""
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
    if sequence[:1].isalpha() or sequence[:1] == " ":
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


_APPEAL_VERBS = (
    r"подпи(?:шитесь|сывайтесь|шись|сывайся)|присоединя(?:йтесь|йся)|следите за|"
    r"читайте нас|смотрите нас|пишите|напишите|присылайте|пришлите|поддержите|поддерживайте|жмите|"
    r"нажмите|переходите|перейдите|вступайте|оформите|"
    r"жазылыңыз|жазылыңдар|қосылыңыз|қосылыңдар|оқыңыз|қараңыз|жазыңыз|қолдаңыз|басыңыз|"
    r"subscribe|sign up|follow us|join us|support(?=\s+(?:us|our|the)\b)|donate|"
    # 'Поддержать редакцию можно через Kaspi': the ask as an infinitive with 'можно'.
    r"(?:поддержать|подписаться)(?=[^.!?]{0,60}?можно)"
)
_APPEAL_VERB = re.compile(rf"{opening_letters(_APPEAL_VERBS)}(?<!\w)(?:{_APPEAL_VERBS})(?!\w)", _I)
"""Imperatives that ask the reader to subscribe, follow, read or watch, write, send news, press,
or support, in Russian, Kazakh and English. This and the patterns below are searched in every
paragraph: each behind a lookahead on its words' opening letters."""
_APPEAL_OBJECTS = (
    r"telegram|телеграм|whatsapp|ватсап|instagram|инстаграм|youtube|ютуб|tiktok|"
    r"тикток|дзен|vk|вконтакте|facebook|фейсбук|threads|viber|google news|канал(?!из)|"
    r"рассылк|подписк|пожертвовани|донат|арна(?![лй])|парақша|newsletter|channel|donation|"
    r"patreon|boosty|журналистик|journalism"
)
_APPEAL_OBJECT = re.compile(rf"{opening_letters(_APPEAL_OBJECTS)}(?<!\w)(?:{_APPEAL_OBJECTS})", _I)
"""What an appeal names: a channel or platform, a newsletter or subscription, a donation."""
_APPEAL_SPEAKERS = r"мы|нас|нам|нами|наш\w*|біз\w*|we|us|our"
_APPEAL_SPEAKER = re.compile(
    rf"{opening_letters(_APPEAL_SPEAKERS)}(?<!\w)(?:{_APPEAL_SPEAKERS})(?!\w)"
    r"|(?<![\w.])\w+\.(?:kz|ru|com)(?!\w)",
    _I,
)
"""An appeal is the outlet's own: it speaks in the first person plural, or names itself by its
domain ('Следите за новостями Mail.kz в Instagram'). Searched only in a paragraph naming a
channel."""
_REPORTING_WORDS = (
    r"призвал\w*|попросил\w*|обратил\w*|сообщил\w*|заявил\w*|"
    r"рассказал\w*|сказал\w*|говорит|пишет|деп|деді|дейді|said|says|told|urged|asked"
)
_REPORTED = re.compile(
    rf"[»“\"]\s*,?\s*[-–—]|{opening_letters(_REPORTING_WORDS)}(?<!\w)(?:{_REPORTING_WORDS})(?!\w)",
    _I,
)
"""Words of a report: an appeal someone else made, which the article quotes or retells."""
MAX_APPEAL = 400
"""An appeal box is a few sentences; a longer paragraph is the article's."""
_MAX_APPEAL_LEAD_IN = 120
"""What may precede an appeal's imperative in its paragraph: a lead-in ('Есть новость?',
'Vlast.kz — независимое издание.'), not a sentence of news."""


def is_appeal(text: str) -> bool:
    """Whether a paragraph is the outlet asking its reader to subscribe, follow, write in or
    donate, in any wording: a short paragraph with an imperative to the reader at its start or
    after a lead-in of its own, naming a channel, a newsletter or a donation, in the outlet's
    first person plural ('Подпишитесь на Orda.kz в Telegram — там мы публикуем…', 'Поддержите
    нас ежемесячным пожертвованием', 'Біздің Telegram … парақшаларымызға жазылыңыз'). A news
    sentence that names Telegram or a subscription has no imperative, one retelling or quoting
    an appeal is a report, and a paragraph whose news an appeal follows is the article's."""
    if len(text) > MAX_APPEAL:  # no appeal, and most paragraphs: spared every search
        return False
    verb = _APPEAL_VERB.search(text)
    if verb is None or not speaks_of_channels(text):
        return False
    before = text[: verb.start()]
    lead_in = before[: max(before.rfind(end) for end in (". ", "! ", "? ")) + 1]
    quoted = before.count("«") > before.count("»") or before.count('"') % 2
    return not quoted and len(lead_in) <= _MAX_APPEAL_LEAD_IN and _leads_in(lead_in)


def speaks_of_channels(text: str) -> bool:
    """Whether a short text is the outlet, in its first person plural, naming a channel, a
    newsletter or a donation, and not a report: an appeal, or what one leaves once a known promo
    phrase is cut out of it ('Біздің Telegram, WhatsApp және . Күн сайын…')."""
    return (
        len(text) <= MAX_APPEAL
        and not _REPORTED.search(text)
        and bool(_APPEAL_OBJECT.search(text) and _APPEAL_SPEAKER.search(text))
    )


def _leads_in(lead_in: str) -> bool:
    """Whether the sentences before an appeal's imperative are its own: none, a question ('Есть
    новость?'), or words of the appeal (the outlet speaking, a channel named). A sentence of news
    there makes the paragraph the article's."""
    return (
        not lead_in.strip()
        or "?" in lead_in
        or bool(_APPEAL_OBJECT.search(lead_in) or _APPEAL_SPEAKER.search(lead_in))
    )


COMMON_PHOTO_LABELS = (
    r"Источник фото|Фото источник|Суреттің дереккөзі|Сурет дереккөзі|Photo source|"
    r"Photo credits?|Photograph|Image credit"
)
"""Labels of a photo credit on any site, beside a source's own ('Источник фото: Depositphotos' is
the photo's credit, not the article's source)."""
_NAME = r"(?-i:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.-]*)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"
PERSON_NAMES = rf"{_NAMES}(?:\s*(?:,|\bи\b|\bжәне\b|\band\b)\s*{_NAMES}){{0,3}}"
"""One to four capitalised words, or a few such names joined by commas or 'и': who a credit line
names ('Алия Бекова', 'А. Ким, Т. Ахмедов'), never a sentence."""
SOURCE_AND_PHOTO_LINE = re.compile(
    r"^(?:Фото и текст|Текст и фото|Мәтін мен сурет|Сурет пен мәтін|Text and photos?|"
    r"Photos? and text)\s*:\s*(?P<who>[^\s:](?:[^:.!?]|\.(?=\S)){0,60}?)[\s.]*$",
    _I,
)
"""A line crediting both the text and the photos ('Фото и текст: Kazinform'): an outlet so named
is the article's source and its photo credit; a person (PERSON), its photographer."""
PERSON = re.compile(rf"^{_NAME}(?:\s+{_NAME}){{1,3}}$")
"""A person's name: two to four capitalised words ('Данияр Мусин'); an outlet is one word or a
domain ('Kazinform', 'Tengrinews.kz') or has words in lower case ('пресс-служба акимата')."""
SOURCE_PHRASES = r"По материалам|Материал подготовлен по материалам|Based on reports? (?:by|from)"
"""Words that name the original outlet without a label and colon ('По материалам Kazinform'):
only as the paragraph's last words, with nothing but the outlet after them."""
COMMON_RELATED_HEADINGS = (
    r"Читайте также|Читайте еще|Читайте ещё|Читайте по теме|Смотрите также|Похожие новости|"
    r"Похожие материалы|Ещё по теме|Еще по теме|По теме|"
    r"Другие новости (?:по теме|раздела|рубрики)|Оқи отырыңыз|Басқа жаңалықтар|"
    r"Тағы оқыңыз|Тағы да оқыңыз|Ұқсас жаңалықтар|Тақырыпқа қатысты|Осы тақырыпта|"
    r"Related(?: articles| stories| news| links)?|Read (?:also|more)|See also|More on this|"
    r"Top stories|Most read|Most popular"
)
"""Headings of a block of other articles' headlines, on any site."""

AD_LABELS = r"Реклама|Жарнама|Advertisement|Партн[её]рский материал|На правах рекламы"
"""The labels an ad carries by law or by custom, on any site."""
AD_LABEL = re.compile(rf"(?:{AD_LABELS})\s*:?", _I)
"""A text that is an ad label alone (fullmatch)."""

FURNITURE_PARAGRAPHS: tuple[str, ...] = (
    AD_LABELS,
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
    # A comment form's heading and its rules, where no comment-classed element holds them.
    r"(?:Добавить|Оставить|Написать) комментарий|Пікір (?:қалдыру|жазу|қосу)|"
    r"Leave a (?:comment|reply)",
    r"(?=.{0,400}$)(?:Комментари[ий]|Пікірлер|Comments)\b.{0,200}?(?:модерат|модерац|moderat).*",
    # The reporter's signature closing a text: a name and the town it was filed from ('Айгерим
    # Бекова, Актау'), in a line of its own.
    rf"{_NAME}\s+{_NAME}(?:\s+{_NAME})?,\s*{_NAME}(?:[\s-]{_NAME})?",
    # A gallery's counter ('Фотогалерея 1 / 3', 'Фото 2 из 12', '1 / 10'), left where its script
    # did not run, and its heading alone.
    r"(?:(?:Фотогалерея|Фоторепортаж|Галерея|Фото|Сурет|Gallery|Photo)\s*)?"
    r"\d{1,3}\s*(?:/|из|of)\s*\d{1,3}",
    r"Фотогалерея|Фоторепортаж|Галерея|Суреттер|Фотогалереясы|Photo gallery|Gallery",
    # A live blog's entry time, a line of its own ('15:45'); a loader's text where a script did
    # not run ('Загрузка текста…').
    r"(?:[01]?\d|2[0-3]):[0-5]\d",
    r"(?:Загрузка|Жүктелуде|Loading)(?: текста| материала)?\s*(?:\.{3}|…)?",
    # The editors' disclaimer under a press release or a column.
    r"(?=.{0,300}$).*?(?:Редакция|editorial (?:board|office)|the editors?)"
    r".{0,60}?(?:не несет|не несёт|is not responsible|are not responsible|жауап бермейді).*",
    r"(?=.{0,300}$).*?Мнение (?:автора|редакции) может не совпадать.*",
    r"(?:Просмотр(?:ов|ы)|Прочитано|Қаралды|Қаралым|Views)\s*:?\s*[\d\s.,]+(?:K|К|тыс\.)?",
    r"(?:Выпускающий редактор|Редактор|Редакторы|Корректор|Editor)\s*:\s*.{1,80}",
    # A video's placeholder or credit: its label and one title or name ('ВИДЕО: Су тапшылығы
    # Қызылордада (2024)'), where the player did not render.
    r"(?:Видео|Бейне|Бейнежазба|Video)\s*:\s*[^.!?]{1,150}[.!?]?",
    # The credits of a long read, each a line: who wrote, designed, laid out, illustrated it.
    r"(?:Текст|Мәтін|Дизайн(?: и в[её]рстка)?|В[её]рстка|Иллюстраци[ия]|Инфографика|"
    rf"Фоторедактор|Продюсер|Text|Design|Layout|Illustrations?)\s*:\s*{PERSON_NAMES}",
    # A wire story's sign-off, its own line: who reported, wrote and edited it ('Reporting by
    # Olzhas Auyezov; Editing by Mark Heinrich'), and the agency's standards line under it.
    r"(?:(?:Additional )?reporting|Writing|Compiled|Edited|Editing)\s+by\s+[^;.]{2,80}"
    r"(?:;\s*(?:(?:additional )?reporting|writing|compiled|edited|editing)\s+by\s+[^;.]{2,80})*",
    r"Our Standards\s*:.{0,80}",
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
    def _photo_labels(self) -> str:
        return f"{self.photo_label}|{COMMON_PHOTO_LABELS}"

    @cached_property
    def photo_credit(self) -> re.Pattern[str]:
        """A caption or credit paragraph; group 'credit'."""
        return re.compile(
            rf"^(?:©\s*)?(?:{self._photo_labels})\s*:\s*(?P<credit>\S.{{0,200}}?)[\s.]*$",
            _I,
        )

    @cached_property
    def caption_credit(self) -> re.Pattern[str]:
        """The credit closing a caption ('Здание театра. Фото: Руслан Мусин'); group 'credit'."""
        return re.compile(
            rf"(?<=[.!?»\"”])\s*(?:©\s*)?(?:{self._photo_labels})\s*:\s*"
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
