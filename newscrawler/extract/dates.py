"""Date lines of mail.kz (Russian and Kazakh editions) and ISO 8601 values, as Asia/Almaty times.

mail.kz prints publication times as text (``08:30, 20 декабря 2025``, ``15:00, 26 наурыз 2019``,
``Вчера, 18:40``; other sites also ``2024-03-01 00:30``, an ISO-like date in local time), so the
extractor must turn them into aware datetimes itself. All results are in ``Asia/Almaty`` as the
pinned ``tzdata`` package has it, never a fixed offset: Almaty was UTC+6 until 2024-03-01 00:00 and
has been UTC+5 since (and observed DST until 2004), so the offset depends on the date.

Wall times are built with ``fold=0``. At the 2024 change the clocks went back from 2024-03-01 00:00
(+06) to 2024-02-29 23:00 (+05), so the wall times 2024-02-29 23:00–23:59 happened twice; fold=0
takes the first (+06) one, e.g. ``23:30, 29 февраля 2024`` -> ``2024-02-29T23:30:00+06:00``, and
``00:10, 1 марта 2024`` -> ``2024-03-01T00:10:00+05:00`` (it exists only once).

A date without a time of day is never turned into a datetime: we do not invent times. Relative
lines are read against the fetch time: ``Вчера, 14:05`` on the Almaty calendar day before the
fetch's, ``2 часа назад`` / ``3 күн бұрын`` as the fetch instant less that span in real time (across
2024-03-01, two hours are two hours, not two wall-clock hours). A publication time later than the
fetch (past CLOCK_SKEW) cannot be one, and gives None.

``Опубликовано: A | Обновлено: B`` carries two times: A is the publication (parse_date_line,
find_date_line), B the update (find_updated); a time under an update label alone is never taken
for the publication.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

__all__ = [
    "ALMATY",
    "CLOCK_SKEW",
    "DATE_LINE_RE",
    "UPDATED_LABEL_RE",
    "before_fetch",
    "find_date_line",
    "find_updated",
    "may_hold_date_line",
    "parse_date_line",
    "parse_iso",
    "to_iso",
    "utc_iso",
]


class _PinnedZone(ZoneInfo):
    """A zone read from a file; it pickles (and deep-copies) as `pinned_zone(key)`, where a plain
    ZoneInfo.from_file zone refuses to."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return pinned_zone, (self.key,)


@cache
def pinned_zone(key: str) -> ZoneInfo:
    """The zone from the pinned `tzdata` package, never the machine's tz database: ZoneInfo(key)
    reads /usr/share/zoneinfo first, and a host with data older than 2024a would give Almaty
    +06:00 after 2024-03-01."""
    with resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).open("rb") as file:
        return _PinnedZone.from_file(file, key=key)


ALMATY: ZoneInfo = pinned_zone("Asia/Almaty")

# Kazakh letters are often typed with their Russian/Latin look-alikes (і -> i, қ -> к, ...).
# Patterns accept both; lookups fold the matched word with _FOLD so one table serves all spellings.
_VARIANTS: dict[str, str] = {
    "і": "[іi]",
    "қ": "[қк]",
    "ң": "[ңн]",
    "ә": "[әа]",
    "ү": "[үу]",
    "ұ": "[ұу]",
    "ө": "[өо]",
    "ғ": "[ғг]",
    "һ": "[һх]",
}
_FOLD = str.maketrans(
    {"і": "i", "қ": "к", "ң": "н", "ә": "а", "ү": "у", "ұ": "у", "ө": "о", "ғ": "г", "һ": "х"}
)

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    # Russian genitive (what mail.kz prints), nominative, short forms; then Kazakh nominative, in
    # Cyrillic and in the Latin alphabets of 2021 and 2017/2018; then English, full and short
    # (Kazinform's English edition: 'Wed, 3 Dec 2026 14:05').
    1: ("января", "январь", "янв", "қаңтар", "qañtar", "qańtar", "january", "jan"),
    2: ("февраля", "февраль", "февр", "фев", "ақпан", "aqpan", "february", "feb"),
    3: ("марта", "март", "мар", "наурыз", "nauryz", "naýryz", "march", "mar"),
    4: ("апреля", "апрель", "апр", "сәуір", "säuır", "sáýir", "april", "apr"),
    5: ("мая", "май", "мамыр", "mamyr", "may"),
    6: ("июня", "июнь", "июн", "маусым", "mausym", "maýsym", "june", "jun"),
    7: ("июля", "июль", "июл", "шілде", "şılde", "shilde", "july", "jul"),
    8: ("августа", "август", "авг", "тамыз", "tamyz", "august", "aug"),
    9: (
        "сентября",
        "сентябрь",
        "сент",
        "сен",
        "қыркүйек",
        "qyrküiek",
        "qyrkúıek",
        "september",
        "sept",
        "sep",
    ),
    10: ("октября", "октябрь", "окт", "қазан", "qazan", "october", "oct"),
    11: ("ноября", "ноябрь", "нояб", "ноя", "қараша", "qaraşa", "qarasha", "november", "nov"),
    12: ("декабря", "декабрь", "дек", "желтоқсан", "jeltoqsan", "december", "dec"),
}


def _fold(word: str) -> str:
    """Lower-case and map Kazakh letters to their look-alikes, so every spelling finds one key."""
    return word.lower().translate(_FOLD)


def _word_pattern(word: str) -> str:
    """A regex for `word` that also accepts the look-alike spellings of its Kazakh letters."""
    return "".join(_VARIANTS.get(ch, re.escape(ch)) for ch in word)


_MONTHS: dict[str, int] = {_fold(n): m for m, names in _MONTH_NAMES.items() for n in names}
_MONTH_ALT = "|".join(
    _word_pattern(n) for n in sorted({n for ns in _MONTH_NAMES.values() for n in ns}, key=len)[::-1]
)

_RELATIVE_NAMES: dict[str, int] = {"сегодня": 0, "бүгін": 0, "вчера": 1, "кеше": 1}
_RELATIVE: dict[str, int] = {_fold(w): days for w, days in _RELATIVE_NAMES.items()}
_RELATIVE_ALT = "|".join(_word_pattern(w) for w in _RELATIVE_NAMES)

_MINUTE_SPAN, _HOUR_SPAN, _DAY_SPAN = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
_AGO_UNIT_NAMES: dict[str, timedelta] = {
    # Russian nouns take the case the count asks for (1 минуту, 2 минуты, 5 минут); a Kazakh noun
    # stays nominative after any count (5 минут, 2 сағат, 3 күн).
    "минуту": _MINUTE_SPAN,
    "минуты": _MINUTE_SPAN,
    "минут": _MINUTE_SPAN,
    "мин": _MINUTE_SPAN,
    "час": _HOUR_SPAN,
    "часа": _HOUR_SPAN,
    "часов": _HOUR_SPAN,
    "сағат": _HOUR_SPAN,
    "день": _DAY_SPAN,
    "дня": _DAY_SPAN,
    "дней": _DAY_SPAN,
    "күн": _DAY_SPAN,
}
_AGO_UNITS: dict[str, timedelta] = {_fold(w): span for w, span in _AGO_UNIT_NAMES.items()}
_KK_NUMBER_NAMES = ("бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он")
_KK_NUMBERS: dict[str, int] = {_fold(w): n for n, w in enumerate(_KK_NUMBER_NAMES, start=1)}


def _first_letters(words: Iterable[str]) -> str:
    """The letters `words` start with (look-alike spellings too), for a regex character class: a
    lookahead on the first character lets a search skip every other position at once, where a
    pattern of many alternatives would try each of them there."""
    return "".join(sorted({_word_pattern(w[0]).strip("[]") for w in words}))


def _opening(words: Iterable[str], letters: int) -> str:
    """A lookahead on the first `letters` letters of `words` (look-alike spellings too; every word
    at least that long): where one letter passes at many places of a text ('u' of 'updated' in
    English), four together turn nearly every place away at once."""
    columns = [
        sorted({c for w in words for c in _VARIANTS.get(w[i], f"[{w[i]}]").strip("[]")})
        for i in range(letters)
    ]
    return "(?=" + "".join(f"[{''.join(map(re.escape, c))}]" for c in columns) + ")"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words` (look-alike spellings accepted), longest first, so that
    'часа' is not cut to 'час'."""
    return "|".join(_word_pattern(w) for w in sorted(words, key=len, reverse=True))


_NOT_LETTER = r"(?![^\W\d_])"  # \b does not work: '2025Туман' has no word boundary after the year
_DAY = r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
# '2019 ж.', '2019 жыл', '2025 г.', '2025 года' after a year written with a month name.
_YEAR_SUFFIX = r"(?:\s?(?:жылы|жыл|ж|года|г)" + _NOT_LETTER + r"\.?)?"
_HOUR = r"(?<!\d)(?:[01]?\d|2[0-3])"
_MINUTE = r"[0-5]\d(?!\d)"


def _time(p: str) -> str:
    """HH:MM, and a 12-hour clock's am/pm after it ('09:01 PM', '2:05 p.m.'), read by _clock."""
    return (
        rf"(?P<{p}_h>{_HOUR}):(?P<{p}_mi>{_MINUTE})"
        rf"(?:\s?(?P<{p}_half>[ap])\.?\s?m\.?{_NOT_LETTER})?"
    )


def _clock(hour: str, minute: str, half: str | None) -> time:
    """The time of day: a 12-hour clock's hour (1-12) with am/pm made 24-hour."""
    h = int(hour)
    if half is not None:
        if not 1 <= h <= 12:
            raise ValueError(f"{h} {half}m")
        h = h % 12 + (12 if half.lower() == "p" else 0)
    return time(h, int(minute))


def _text_date(p: str) -> str:
    return (
        rf"(?P<{p}_d>{_DAY})\s*(?P<{p}_mon>{_MONTH_ALT}){_NOT_LETTER}\.?,?\s*"
        rf"(?P<{p}_y>{_YEAR}){_YEAR_SUFFIX}"
    )


def _num_date(p: str) -> str:
    """DD.MM.YYYY, and DD-MM-YYYY / DD/MM/YYYY (DataLife Engine sites): day first, as in KZ."""
    return (
        rf"(?P<{p}_d>{_DAY})(?P<{p}_sep>[./-])(?P<{p}_mo>0?[1-9]|1[0-2])(?P={p}_sep)"
        rf"(?P<{p}_y>{_YEAR})"
    )


def _iso_like_date(p: str) -> str:
    """YYYY-MM-DD (also with '.' or '/'): year first, as sites print an ISO date for readers."""
    return (
        rf"(?<!\d)(?P<{p}_y>{_YEAR})(?P<{p}_sep>[./-])(?P<{p}_mo>0?[1-9]|1[0-2])(?P={p}_sep)"
        rf"(?P<{p}_d>0?[1-9]|[12]\d|3[01])(?!\d)"
    )


def _year_first_date(p: str) -> str:
    """The Kazakh long form '2019 жылғы 26 наурыз' (also '2019 ж. 26 наурыз'), year first."""
    year_word = _alternation(("жылғы", "жылы", "жыл", "ж"))
    return (
        rf"(?<!\d)(?P<{p}_y>{_YEAR})\s*(?:{year_word}){_NOT_LETTER}\.?\s*"
        rf"(?P<{p}_d>{_DAY})\s*(?P<{p}_mon>{_MONTH_ALT}){_NOT_LETTER}\.?"
    )


# Between a date and its time: ', ' / ' ' / ' в ' / ' | ' / ' · ' / ' - '.
_THEN = r"(?:\s*[,|·•]\s*|\s+[-–—]\s+|\s+)(?:(?:в|сағат|at)\s+)?"

# Alternatives, tried in this order at each position. Group names carry a prefix because Python
# forbids repeated names: tt = time then text date, dt = text date then time, tn / nt = numeric,
# ty / yt = Kazakh year-first date, is = ISO-like numeric date then time, rel = Сегодня/Вчера/...
_ABSOLUTE_PREFIXES = ("tt", "dt", "tn", "nt", "ty", "yt", "dy", "ns", "is")
_DATE_LINE_ALTERNATIVES = (
    rf"{_time('tt')}\s*,?\s*{_text_date('tt')}",
    rf"{_text_date('dt')}{_THEN}{_time('dt')}",
    rf"{_time('tn')}\s*,?\s*{_num_date('tn')}",
    rf"{_num_date('nt')}{_THEN}{_time('nt')}",
    rf"{_time('ty')}\s*,?\s*{_year_first_date('ty')}",
    rf"{_year_first_date('yt')}{_THEN}{_time('yt')}",
    # '1 декабря, 10:00': no year, the fetch's (the year before, when that is later).
    rf"(?P<dy_d>{_DAY})\s*(?P<dy_mon>{_MONTH_ALT}){_NOT_LETTER}\.?{_THEN}{_time('dy')}",
    # '01.12.24 10:00': a two-digit year, only with dots and a time.
    rf"(?P<ns_d>{_DAY})\.(?P<ns_mo>0?[1-9]|1[0-2])\.(?P<ns_y>\d{{2}})(?!\d){_THEN}{_time('ns')}",
    # '2024-03-01 00:30', '2024-03-01T00:30:15': an ISO-like date printed for readers, in
    # local time; one with a zone ('…Z', '…+05:00') is a machine stamp, for parse_iso.
    rf"{_iso_like_date('is')}(?:T|{_THEN}){_time('is')}(?::[0-5]\d)?(?![\d:]|[Zz](?!\w)|[+-]\d)",
    rf"(?<!\w)(?P<rel_w>{_RELATIVE_ALT}){_NOT_LETTER}\s*,?\s*(?:в\s+)?{_time('rel')}",
)
"""Every one holds a time, with its colon: see may_hold_date_line."""
# Every alternative starts with a digit or a relative word (the headline-list test searches the
# text of whole article regions with this).
DATE_LINE_RE: re.Pattern[str] = re.compile(
    rf"(?=[\d{_first_letters(_RELATIVE_NAMES)}])(?:" + "|".join(_DATE_LINE_ALTERNATIVES) + ")",
    re.IGNORECASE,
)


# Month first, as phpBB and US sites print it ('Ср дек 03, 2026 14:05', 'Dec 3, 2026 at 2:05 pm'):
# read only as a whole line (parse_date_line), kept out of DATE_LINE_RE, every alternative of
# which opens with a digit or a relative word.
_MONTH_FIRST_RE = re.compile(
    rf"(?P<mon>{_MONTH_ALT}){_NOT_LETTER}\.?\s*(?P<d>{_DAY}),?\s*(?P<y>{_YEAR}){_THEN}"
    + _time("mf"),
    re.IGNORECASE,
)


def _month_first(text: str) -> datetime | None:
    """The time a whole month-first line stands for, or None."""
    m = _MONTH_FIRST_RE.fullmatch(text)
    if m is None:
        return None
    try:
        day = date(int(m["y"]), _MONTHS[_fold(m["mon"])], int(m["d"]))
        clock = _clock(m["mf_h"], m["mf_mi"], m["mf_half"])
    except ValueError:  # 31 февраля, 13:05 pm
        return None
    return datetime.combine(day, clock, tzinfo=ALMATY)


def may_hold_date_line(text: str) -> bool:
    """Whether DATE_LINE_RE may find anything in `text`: every date line holds a time ('10:05'),
    so text without a colon holds none. Most of a page's text has none: told without the regex."""
    return ":" in text


# '2 часа назад', 'час назад', '5 мин. назад', '3 күн бұрын': a count (none for one) of a unit, back
# from the fetch instant; 'бір сағат бұрын': a Kazakh number word, only before 'бұрын' ('он', ten,
# is Russian 'he'). Kept out of DATE_LINE_RE, which also finds related-headline items in body text:
# prose says '3 дня назад' too.
_UNIT_ALT, _AGO_WORD = _alternation(_AGO_UNIT_NAMES), _word_pattern("бұрын")
_AGO = (
    rf"(?<!\w)(?:(?P<ago_n>\d{{1,4}})\s*)?(?P<ago_u>{_UNIT_ALT}){_NOT_LETTER}\.?\s+"
    rf"(?:назад|{_AGO_WORD}){_NOT_LETTER}"
    rf"|(?<!\w)(?P<ago_w>{_alternation(_KK_NUMBER_NAMES)})\s+(?P<ago_wu>{_UNIT_ALT})\s+"
    rf"{_AGO_WORD}{_NOT_LETTER}"
)
_ANY_DATE_RE = re.compile(rf"{DATE_LINE_RE.pattern}|{_AGO}", re.IGNORECASE)
_AGO_WORD_RE = re.compile(rf"назад|{_AGO_WORD}", re.IGNORECASE)


DATE_MARKS = ":зЗыЫ"
"""A character every text may_hold_date admits holds: a date line's colon, or the 'з' of 'назад'
or the 'ы' of 'бұрын' (either spelling); none of them does text cleaning make (html.text_within's
`holding`)."""


def may_hold_date(text: str) -> bool:
    """Whether parse_date_line, find_date_line or find_updated may find anything in `text`: a
    date line holds a time (a colon), a relative date its 'назад' or 'бұрын'. Most short texts of
    a page hold neither: told without the date patterns."""
    return may_hold_date_line(text) or _AGO_WORD_RE.search(text) is not None


CLOCK_SKEW = timedelta(minutes=10)
"""How far past the fetch a date line may point and still be read: the site's clock and ours may
disagree a little; anything later is a misread ('Сегодня, 23:50' read at 01:30, an event's date)."""

_UPDATED_WORDS = (
    "обновлено",
    "изменено",
    "последнее обновление",
    "ред.",  # zakon.kz's '(ред. 15:10)'
    "жаңартылды",
    "жаңартылған",
    "соңғы өзгеріс",
    "updated",
    "last modified",
)
_WEEKDAYS = (
    "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс"
    "|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"
)
_UPDATED_ALT = _alternation(_UPDATED_WORDS)
UPDATED_LABEL_RE: re.Pattern[str] = re.compile(
    rf"{_opening(_UPDATED_WORDS, 4)}(?<![^\W\d_])(?:{_UPDATED_ALT}){_NOT_LETTER}",
    re.IGNORECASE,
)
"""An update label anywhere ('Обновлено', 'Жаңартылды'): a cheap test before reading dates."""
# An update label with its Kazakh 'time' noun, as the publication's label has it: 'Жаңартылған
# уақыты' (updated time) beside 'Жарияланған уақыты'.
_UPDATED_LABEL = (
    rf"(?<![^\W\d_])(?:{_UPDATED_ALT}){_NOT_LETTER}(?:\s+{_word_pattern('уақыты')}{_NOT_LETTER})?"
)
UPDATED_LABEL_FIRST = re.compile(rf"[\s|·•(]*{_UPDATED_LABEL}", re.IGNORECASE)
"""A text opening with an update label ('Last modified on …', '| Обновлено: …'): match it."""
# An update label right before a date: 'Обновлено: ', '| Жаңартылды ', 'обновлено в ', Joomla's
# 'Соңғы өзгеріс ( Сейсенбі, '.
_UPDATED_BEFORE = re.compile(
    rf"{_UPDATED_LABEL}\s*[:,.(]?\s*(?:(?:{_WEEKDAYS}){_NOT_LETTER}\s*,?\s*)?(?:(?:в|сағат)\s+)?$",
    re.IGNORECASE,
)
# The update part of a whole date line 'A | Обновлено: B', up to B.
_UPDATED_PART = re.compile(
    rf"\s*[|·•,;/]?\s*{_UPDATED_LABEL}\s*[:,.]?\s*(?:(?:в|сағат)\s+)?", re.IGNORECASE
)

# Leading labels a date row may carry ('Опубликовано: 08:30, 20 декабря 2025'); group `updated`
# when the label says the time is an update's.
_LABEL_RE = re.compile(
    rf"(?:(?P<updated>{_UPDATED_ALT})"
    r"|опубликовано|дата(?:\s+публикации)?|жарияланды|жарияланған(?:\s+уақыты)?"
    r"|күні|published|date"
    # A leading weekday ('Сенбі, 20 желтоқсан 2025, 08:30'), Russian and Kazakh, full or short.
    rf"|{_WEEKDAYS})(?![^\W\d_])\s*[:,.]?\s*",
    re.IGNORECASE,
)


def _check_aware(dt: datetime, name: str) -> None:
    """Naive datetimes are a caller bug: guessing their zone would silently shift times by hours."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {dt!r}")


def _from_match(m: re.Match[str], fetched_at: datetime | None) -> datetime | None:
    """The datetime an _ANY_DATE_RE match stands for, or None if it is invalid, unresolvable or
    later than the fetch."""
    try:
        found = _resolve(m.groupdict(), fetched_at)
    except (ValueError, KeyError, OverflowError):  # 31 февраля, a date before year 1, ...
        return None
    return before_fetch(found, fetched_at)


def before_fetch(dt: datetime | None, fetched_at: datetime | None) -> datetime | None:
    """`dt`, or None when it is later than fetched_at + CLOCK_SKEW: no page shows a publication
    or update from after it was fetched."""
    if dt is None or fetched_at is None or dt <= fetched_at + CLOCK_SKEW:
        return dt
    return None


def _resolve(g: dict[str, str | None], fetched_at: datetime | None) -> datetime | None:
    unit = g["ago_u"] or g["ago_wu"]
    if unit is not None:
        if fetched_at is None:
            return None
        words = g["ago_w"]
        count = int(g["ago_n"]) if g["ago_n"] else _KK_NUMBERS[_fold(words)] if words else 1
        span = count * _AGO_UNITS[_fold(unit)]
        # In UTC: arithmetic on an ALMATY datetime counts wall-clock time, an hour off across
        # 2024-03-01.
        return (fetched_at.astimezone(UTC) - span).astimezone(ALMATY)
    if g["rel_w"] is not None:
        if fetched_at is None:
            return None
        back = _RELATIVE[_fold(g["rel_w"])]
        day = fetched_at.astimezone(ALMATY).date() - timedelta(days=back)
        return datetime.combine(day, _clock(g["rel_h"], g["rel_mi"], g["rel_half"]), tzinfo=ALMATY)
    for p in _ABSOLUTE_PREFIXES:
        if g[f"{p}_h"] is None:
            continue
        mon = g.get(f"{p}_mon")
        month = _MONTHS[_fold(mon)] if mon is not None else int(g[f"{p}_mo"])
        clock = _clock(g[f"{p}_h"], g[f"{p}_mi"], g[f"{p}_half"])
        if p == "dy":
            return _in_fetch_year(month, int(g["dy_d"]), clock, fetched_at)
        year = int(g[f"{p}_y"]) + (2000 if p == "ns" else 0)
        return datetime.combine(date(year, month, int(g[f"{p}_d"])), clock, tzinfo=ALMATY)
    return None


def _in_fetch_year(
    month: int, day: int, clock: time, fetched_at: datetime | None
) -> datetime | None:
    """A date line without a year: the fetch's year in Almaty, or the year before when that would
    put it after the fetch (a '31 декабря, 23:50' read on 1 January)."""
    if fetched_at is None:
        return None
    local = fetched_at.astimezone(ALMATY)
    found = datetime.combine(date(local.year, month, day), clock, tzinfo=ALMATY)
    if found > fetched_at + CLOCK_SKEW:
        found = datetime.combine(date(local.year - 1, month, day), clock, tzinfo=ALMATY)
    return found


def parse_date_line(text: str, fetched_at: datetime | None = None) -> datetime | None:
    """The publication time in `text` if the whole text (stripped; an optional leading label such
    as 'Опубликовано:' / 'Дата:' / 'Жарияланды:' allowed, and an optional update part after it,
    '… | Обновлено: 10:05, 20 декабря 2025') is one date line, as an aware datetime in Asia/Almaty;
    else None. A line under an update label alone ('Обновлено: …') gives None: that is no
    publication time.

    Strict on purpose: a row that merely contains a date is not a date line (see find_date_line).
    Relative lines need fetched_at (aware; naive raises ValueError); without it they give None, and
    with it so does any time later than fetched_at + CLOCK_SKEW. Invalid dates (31 февраля, 25:00)
    give None, never an exception.
    """
    if fetched_at is not None:
        _check_aware(fetched_at, "fetched_at")
    if not isinstance(text, str):
        return None
    s = text.strip()
    label = _LABEL_RE.match(s)
    if label is not None and label.end() < len(s):
        if label["updated"] is not None:
            return None
        s = s[label.end() :]
    m = _ANY_DATE_RE.fullmatch(s)
    if m is None:
        # UPDATED_LABEL_RE, behind its lookahead, tells most texts they hold no update part.
        if UPDATED_LABEL_RE.search(s) is None:
            return before_fetch(_month_first(s), fetched_at)
        update = _UPDATED_PART.search(s)
        if update is None or _ANY_DATE_RE.fullmatch(s, update.end()) is None:
            return None
        m = _ANY_DATE_RE.fullmatch(s, 0, update.start())
    return _from_match(m, fetched_at) if m is not None else None


def find_date_line(text: str, fetched_at: datetime | None = None) -> datetime | None:
    """The first valid publication time found anywhere inside `text` (for short meta rows like
    'Вчера, 18:40 | 1234 просмотров'), as in parse_date_line; times under an update label are
    skipped. None if there is none.
    """
    return next((dt for dt, updated in _dates_in(text, fetched_at) if not updated), None)


def ends_with_update_label(text: str) -> bool:
    """Whether `text` ends with an update label ('… | Updated :'): a date after it is the
    update's."""
    return _UPDATED_BEFORE.search(text, max(0, len(text) - 40)) is not None


_FOREIGN_ZONE = r"(?!\.?\s*(?:[ap]\.?\s?m\.?\s*)?(?:[ECMP][SD]?T|GMT|UTC|BST|CET|MSK)(?![^\W\d_]))"
"""Not followed by another zone's name ('5:45 p.m. ET'): such a clock is not Almaty's."""
_UPDATED_CLOCK = re.compile(
    rf"{_UPDATED_LABEL}\s*[:,.(]?\s*(?:(?:в|сағат|at)\s+)?{_time('up')}(?![\d:.,]*\s*\d)"
    + _FOREIGN_ZONE,
    re.IGNORECASE,
)
"""An update label with a time of day alone ('Последнее обновление: 21:05', '(ред. 15:10)'): the
publication's day is meant, in Almaty's zone unless another is named."""


def find_updated(
    text: str, fetched_at: datetime | None = None, published: datetime | None = None
) -> datetime | None:
    """The first valid time under an update label inside `text` ('Обновлено: 10:05, 20 декабря
    2025', '| Жаңартылды: 2 сағат бұрын'), read as in find_date_line; a time of day alone under
    one ('(ред. 15:10)') on the day of `published`, when it is later; None if there is none."""
    found = next((dt for dt, updated in _dates_in(text, fetched_at) if updated), None)
    if found is not None or published is None:
        return found
    m = _UPDATED_CLOCK.search(text)
    if m is None:
        return None
    try:
        clock = _clock(m["up_h"], m["up_mi"], m["up_half"])
    except ValueError:
        return None
    day = published.astimezone(ALMATY).date()
    found = datetime.combine(day, clock, tzinfo=ALMATY)
    return before_fetch(found, fetched_at) if found > published else None


def _dates_in(text: str, fetched_at: datetime | None) -> Iterator[tuple[datetime, bool]]:
    """Each valid date in `text`, in order, with whether an update label stands before it."""
    if fetched_at is not None:
        _check_aware(fetched_at, "fetched_at")
    if not isinstance(text, str):
        return
    for m in _ANY_DATE_RE.finditer(text):
        dt = _from_match(m, fetched_at)
        if dt is not None:
            yield dt, _UPDATED_BEFORE.search(text, max(0, m.start() - 40), m.start()) is not None


# A date-time in ISO 8601 extended or basic form; a value without a time part must not match.
_ISO_RE = re.compile(
    r"\d{4}-?\d{2}-?\d{2}[Tt ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?"
    r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 value from JSON-LD / meta (e.g. '2025-09-24T19:58:00+05:00',
    '2025-09-24T14:58:00Z', '2025-09-24 19:58:00', '2025-09-24T19:58') as an aware Asia/Almaty
    datetime.

    A naive value is Almaty local time (that is what the site means); a date-only value gives None
    (no invented time); garbage gives None.
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    if _ISO_RE.fullmatch(s) is None:
        return None
    s = s.replace(",", ".")
    s = s[:10] + s[10:].upper()  # 't'/'z' -> 'T'/'Z'
    try:
        dt = datetime.fromisoformat(s)
        if dt.tzinfo is None:
            return dt.replace(tzinfo=ALMATY)
        return dt.astimezone(ALMATY)
    except (ValueError, OverflowError):
        return None


_EPOCH_RE = re.compile(r"\d{10}|\d{13}")


def epoch_to_iso(value: str) -> str | None:
    """A Unix time in seconds or milliseconds ('1796289900': a `data-timestamp` that a script
    renders as the date line) as ISO 8601 in UTC, for parse_iso; None for anything else."""
    if _EPOCH_RE.fullmatch(value.strip()) is None:
        return None
    seconds = int(value) / (1000 if len(value.strip()) == 13 else 1)
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def to_iso(dt: datetime) -> str:
    """Almaty-offset ISO 8601 string with seconds, e.g. '2024-02-03T14:25:00+06:00' (the form the
    datasets store: local wall time readers expect, offset kept so it stays unambiguous).
    """
    _check_aware(dt, "dt")
    return dt.astimezone(ALMATY).isoformat(timespec="seconds")


def utc_iso(dt: datetime) -> str:
    """UTC ISO 8601 with a '+00:00' offset and seconds precision, e.g. '2025-12-20T06:00:00+00:00'
    (sortable and comparable across sources in any zone).
    """
    _check_aware(dt, "dt")
    return dt.astimezone(UTC).isoformat(timespec="seconds")
