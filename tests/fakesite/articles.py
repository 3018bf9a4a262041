"""The fake site's articles: plausible Russian and Kazakh news, generated fast and reproducibly.

Text comes from small phrase pools filled with random numbers, so 5,000 articles take a fraction
of a second, and every body is unique (the dedup pipeline drops repeated bodies).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
EDITION = {"ru": "ru", "kk": "kz"}
"""Item language -> URL edition segment."""

RU_MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
KK_MONTHS = (
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
)


@dataclass
class FakeArticle:
    """One article as the site publishes it; `paragraphs` is the ground truth for extractors."""

    lang: str
    category: str
    slug: str
    title: str
    published_at: datetime
    paragraphs: list[str]
    photo_credit: str | None
    original_source: str | None

    @property
    def edition(self) -> str:
        """The URL segment of the article's edition: "ru" or "kz"."""
        return EDITION[self.lang]

    @property
    def path(self) -> str:
        return f"/{self.edition}/news/{self.category}/{self.slug}"


def date_line(when: datetime, lang: str) -> str:
    """`HH:MM, D <month> YYYY` in Almaty time: genitive month for ru, Kazakh month for kk."""
    local = when.astimezone(ALMATY)
    months = RU_MONTHS if lang == "ru" else KK_MONTHS
    return f"{local:%H:%M}, {local.day} {months[local.month - 1]} {local.year}"


_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdezijklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ь": "", "ю": "iu", "я": "ia",
        "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    }
)  # fmt: skip
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str, limit: int = 80) -> str:
    """A transliterated slug like the site's (no numeric id), cut at a word boundary."""
    slug = _NON_SLUG.sub("-", title.lower().translate(_TRANSLIT)).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "news"


# --- phrase pools --------------------------------------------------------------------------------
# {n}, {m}, {p}, {d}, {k}, {y} are filled with numbers; {city} with a city in the right case.

RU_CITIES = (
    "Алматы Астане Шымкенте Караганде Актобе Таразе Павлодаре Усть-Каменогорске Семее Атырау "
    "Костанае Кызылорде Уральске Петропавловске Актау Туркестане Кокшетау Талдыкоргане Экибастузе"
).split()
KK_CITIES = (
    "Алматыда Астанада Шымкентте Қарағандыда Ақтөбеде Таразда Павлодарда Өскеменде Семейде "
    "Атырауда Қостанайда Қызылордада Оралда Петропавлда Ақтауда Түркістанда Көкшетауда"
).split()

RU_TITLES = {
    "kz-news": (
        "В {city} {verb} {obj}",
        "{agency} {said} о {topic}",
    ),
    "economic": (
        "{indicator} {moved} на {p},{d}% за {period}",
        "Средняя зарплата в {city} превысила {n} тысяч тенге",
        "Цены на {good} выросли в {k} регионах страны",
    ),
    "world-news": (
        "В {country} {event}",
        "В {country} {event} – СМИ",
    ),
    "sport": (
        "Сборная Казахстана по {sport} вышла в {stage}",
        "{club} обыграл {rival} со счетом {a}:{b}",
        "Казахстанец стал {place} {tournament}",
    ),
}
RU_WORDS = {
    "verb": "открыли|построят|отремонтируют|ввели в эксплуатацию|модернизируют|планируют открыть|"
    "презентовали|достроят",
    "obj": "новую школу на {n} мест|детский сад на {n} мест|поликлинику на {n} посещений|"
    "спортивный комплекс|пункт обогрева|центр обслуживания населения|мост через реку|"
    "{m} километров дорог|парк отдыха|ледовый каток|станцию скорой помощи|библиотеку",
    "agency": "Минздрав|Минфин|Акимат столицы|Департамент полиции|Комитет по ЧС|Казгидромет|"
    "Минпросвещения|Нацбанк|Минтруда",
    "said": "напомнил|предупредил|рассказал|сообщил|высказался",
    "topic": "сроках уплаты налогов|новых правилах техосмотра|мерах безопасности на льду|"
    "росте заболеваемости гриппом|изменениях в расписании автобусов|графике отключения воды|"
    "новых схемах телефонного мошенничества|погоде на выходные|вакцинации детей|"
    "приеме заявок на гранты|выплатах пенсионерам|ремонте дорог",
    "indicator": "Курс тенге|Индекс KASE|Объем ВВП|Товарооборот|Экспорт зерна|"
    "Импорт автомобилей|Объем ипотечных займов|Рынок жилья",
    "moved": "вырос|снизился|увеличился|сократился",
    "period": "неделю|месяц|квартал|полгода|год",
    "good": "бензин АИ-92|гречку|сахар|мясо|яйца|хлеб|уголь|сжиженный газ",
    "country": "Японии|Турции|Китае|Индии|Германии|США|Франции|Бразилии|Италии|Узбекистане|"
    "Кыргызстане|Великобритании|Канаде|Австралии|Египте",
    "event": "произошло землетрясение магнитудой {k},{a}|сошел с рельсов пассажирский поезд|"
    "объявили о повышении минимальной зарплаты|прошли массовые акции протеста|"
    "открыли крупнейший в регионе аэропорт|ввели новые правила для мигрантов|"
    "зафиксировали аномальную жару|снегопады парализовали работу аэропортов|"
    "запустили новый спутник связи|выбрали нового мэра столицы",
    "sport": "футзалу|боксу|борьбе|волейболу|хоккею|дзюдо",
    "stage": "полуфинал|четвертьфинал|финал|плей-офф",
    "club": "ФК «Астана»|ФК «Кайрат»|ФК «Тобол»|ФК «Ордабасы»|ХК «Барыс»|ФК «Актобе»",
    "rival": "соперника из Сербии|гостей из Грузии|лидера группы|действующего чемпиона|"
    "клуб из Узбекистана",
    "place": "призером|чемпионом|серебряным призером|бронзовым призером",
    "tournament": "чемпионата мира|чемпионата Азии|турнира серии Гран-при|Кубка мира|"
    "чемпионата мира среди юниоров",
}
RU_SENTENCES = (
    "По данным ведомства, с начала года зарегистрировано {n} обращений, что на {p}% больше, "
    "чем годом ранее.",
    "Работы планируется завершить до конца {y} года.",
    "На эти цели из местного бюджета выделено {n} млн тенге.",
    "В ведомстве отметили, что ситуация находится на постоянном контроле.",
    "Жителей призвали соблюдать меры предосторожности и следить за официальными сообщениями.",
    "Ранее аналогичные меры были приняты в {city}.",
    "Как уточнили в пресс-службе, в мероприятии приняли участие более {n} человек.",
    "Эксперты связывают это с сезонными факторами и ростом спроса.",
    "Подробная информация размещена на официальном сайте ведомства.",
    "По словам аналитиков, тенденция сохранится в ближайшие {k} месяца.",
    "Всего за отчетный период проверено {n} объектов, выявлено {m} нарушений.",
    "Проект реализуется в рамках государственной программы развития региона.",
    "Для сравнения, годом ранее этот показатель составлял {m} единиц.",
    "К работе привлечены {m} специалистов и {k} единицы техники.",
    "В случае нарушений предусмотрен штраф до {m} МРП.",
    "Ситуацию обсудили на совещании в акимате области.",
    "В ближайшее время планируется провести дополнительные проверки.",
    "Жалобы и предложения принимаются по номеру 109.",
    "Аналогичный проект уже реализован в {city}, где его признали успешным.",
    "Окончательное решение будет принято после общественных слушаний.",
    "В прошлом году на эти цели направили {p} млрд тенге.",
    "Напомним, в прошлом месяце в регионе прошла масштабная проверка.",
    "По прогнозам синоптиков, в ближайшие дни температура опустится до минус {m} градусов.",
    "Участники получат сертификаты и денежные призы.",
    "Как пояснили специалисты, спрос вырос на {p}% по сравнению с прошлым годом.",
    "Ведомство также напомнило о необходимости своевременно обновлять данные.",
    "По итогам года планируется охватить не менее {n} семей.",
    "Ход работ находится на контроле у акима города.",
)
RU_QUOTES = (
    "«Мы рассчитываем завершить основные работы в срок и открыть объект для жителей уже к {y} "
    "году», – рассказал {who}.",
    "«Ситуация стабильная, но мы просим граждан быть внимательнее», – отметил {who}.",
    "«За последнюю неделю поступило {m} обращений, все они рассмотрены», – сообщил {who}.",
    "«Это только первый этап, дальше мы расширим программу на другие районы», – подчеркнул {who}.",
)
RU_WHO = (
    "руководитель управления Ерлан Жумабеков|заместитель акима Айгуль Сарсенова|"
    "представитель ведомства Марат Ахметов|директор департамента Даурен Касымов|"
    "эксперт Алия Нурланова|пресс-секретарь Асель Бекова"
).split("|")

KK_TITLES = {
    "kz-news": (
        "{city} {obj} {verb}",
        "{agency} {topic} туралы {said}",
    ),
    "economic": (
        "{indicator} {p},{d} пайызға {moved}",
        "{good} бағасы {k} өңірде қымбаттады",
    ),
    "world-news": ("{country} {event}",),
    "sport": (
        "Қазақстан құрамасы {sport} {stage} шықты",
        "«{club}» {rival} {a}:{b} есебімен жеңді",
        "Қазақстандық спортшы {tournament} {medal} жеңіп алды",
    ),
}
KK_WORDS = {
    "obj": "жаңа мектеп|{n} орындық балабақша|емхана|спорт кешені|жылыну пункті|"
    "халыққа қызмет көрсету орталығы|көпір|саябақ|мұз айдыны|кітапхана",
    "verb": "ашылды|салынады|жөнделеді|пайдалануға берілді|іске қосылды",
    "agency": "Денсаулық сақтау министрлігі|Қаржы министрлігі|Полиция|ТЖМ|Қазгидромет|Әкімдік|"
    "Ұлттық банк",
    "topic": "салық төлеу мерзімі|техникалық байқаудың жаңа ережелері|мұз үстіндегі қауіпсіздік|"
    "тұмау|телефон алаяқтығы|демалыс күндеріндегі ауа райы|грантқа өтінім қабылдау|"
    "зейнетақы төлемдері",
    "said": "ескертті|хабарлады|түсіндірді|мәлімдеді",
    "indicator": "Теңге бағамы|KASE индексі|Астық экспорты|Инфляция деңгейі|"
    "Ипотекалық несие көлемі|Тауар айналымы",
    "moved": "өсті|төмендеді|артты|азайды",
    "good": "АИ-92 бензинінің|Қанттың|Еттің|Жұмыртқаның|Нанның|Көмірдің",
    "country": "Жапонияда|Түркияда|Қытайда|Үндістанда|Германияда|АҚШ-та|Францияда|Бразилияда|"
    "Өзбекстанда|Қырғызстанда|Ұлыбританияда",
    "event": "{k},{a} магнитудалы жер сілкінісі болды|жолаушылар пойызы рельстен шығып кетті|"
    "ең төменгі жалақы көтерілді|жаппай наразылық акциялары өтті|жаңа әуежай ашылды|"
    "байланыс спутнигі ұшырылды|аномалды аптап ыстық тіркелді",
    "sport": "футзалдан|бокстан|күрестен|волейболдан|хоккейден|дзюдодан",
    "stage": "жартылай финалға|ширек финалға|финалға",
    "club": "Астана|Қайрат|Тобыл|Ордабасы|Ақтөбе",
    "rival": "қонақтарды|топ көшбасшысын|Сербия клубын|Грузия командасын",
    "tournament": "әлем чемпионатында|Азия чемпионатында|Гран-при турнирінде|Әлем кубогында",
    "medal": "алтын медаль|күміс медаль|қола медаль",
}
KK_SENTENCES = (
    "Ведомство мәліметінше, жыл басынан бері {n} өтініш тіркелген, бұл өткен жылмен "
    "салыстырғанда {p} пайызға көп.",
    "Жұмыстарды {y} жылдың соңына дейін аяқтау жоспарланған.",
    "Бұл мақсатқа жергілікті бюджеттен {n} млн теңге бөлінді.",
    "Ведомствоның айтуынша, жағдай тұрақты бақылауда.",
    "Тұрғындарды сақтық шараларын сақтауға шақырды.",
    "Бұған дейін осындай шаралар {city} қабылданған болатын.",
    "Баспасөз қызметінің мәліметінше, іс-шараға {n}-ден астам адам қатысты.",
    "Сарапшылар мұны маусымдық факторлармен байланыстырады.",
    "Толық ақпарат ведомствоның ресми сайтында жарияланған.",
    "Талдаушылардың пікірінше, бұл үрдіс алдағы {k} айда сақталады.",
    "Есепті кезеңде {n} нысан тексеріліп, {m} заңбұзушылық анықталды.",
    "Жоба өңірді дамытудың мемлекеттік бағдарламасы аясында жүзеге асырылуда.",
    "Салыстыру үшін, өткен жылы бұл көрсеткіш {m} бірлік болған.",
    "Жұмысқа {m} маман және {k} бірлік техника тартылды.",
    "Заң бұзылған жағдайда {m} АЕК-ке дейін айыппұл салынады.",
    "Мәселе облыс әкімдігіндегі кеңесте талқыланды.",
    "Жақын арада қосымша тексерулер жүргізу жоспарлануда.",
    "Шағымдар мен ұсыныстар 109 нөмірі арқылы қабылданады.",
    "Осындай жоба {city} жүзеге асырылып, табысты деп танылды.",
    "Түпкілікті шешім қоғамдық тыңдаулардан кейін қабылданады.",
    "Өткен жылы бұл мақсатқа {p} млрд теңге жұмсалды.",
    "Синоптиктердің болжауынша, алдағы күндері ауа температурасы минус {m} градусқа дейін "
    "төмендейді.",
    "Қатысушыларға сертификаттар мен ақшалай сыйлықтар табысталады.",
    "Жыл қорытындысы бойынша кемінде {n} отбасын қамту жоспарланған.",
    "Жұмыс барысы қала әкімінің бақылауында.",
)
KK_QUOTES = (
    "«Негізгі жұмыстарды уақытында аяқтап, нысанды {y} жылы тұрғындарға ашамыз деп "
    "күтеміз», – деді {who}.",
    "«Жағдай тұрақты, бірақ азаматтардан сақ болуды сұраймыз», – деп атап өтті {who}.",
    "«Соңғы аптада {m} өтініш түсті, барлығы қаралды», – деді {who}.",
)
KK_WHO = (
    "басқарма басшысы Ерлан Жұмабеков|әкім орынбасары Айгүл Сәрсенова|"
    "ведомство өкілі Марат Ахметов|департамент директоры Дәурен Қасымов"
).split("|")

CREDITS = (
    "пресс-служба акимата|пресс-служба МВД РК|Depositphotos|Shutterstock|Zakon.kz|"
    "акимат Алматы|пресс-служба Минздрава|Bolashak/Freepik|архив Zakon.kz"
).split("|")

_SLOT = re.compile(r"\{(\w+)\}")


class ArticleFactory:
    """Makes articles one by one from a seeded RNG; slugs and bodies never repeat."""

    def __init__(self, seed: int, categories: tuple[str, ...]) -> None:
        self.rng = random.Random(seed)
        self.categories = categories
        self.slugs: set[str] = set()
        self.bodies: set[bytes] = set()
        self.pools = {
            lang: {key: tuple(value.split("|")) for key, value in words.items()}
            for lang, words in (("ru", RU_WORDS), ("kk", KK_WORDS))
        }

    def make(self, published_at: datetime) -> FakeArticle:
        rng = self.rng
        lang = "ru" if rng.random() < 2 / 3 else "kk"
        category = rng.choice(self.categories)
        title = self._fill(rng.choice(self._title_templates(lang, category)), lang)
        slug = slugify(title)
        if slug in self.slugs:
            n = 2
            while f"{slug}-{n}" in self.slugs:
                n += 1
            slug = f"{slug}-{n}"
        self.slugs.add(slug)
        roll = rng.random()
        source = "zakon.kz" if roll < 0.7 else "7kun.kz" if roll < 0.85 else None
        credit = rng.choice(CREDITS) if rng.random() < 0.7 else None
        paragraphs = self._body(lang, title, source, published_at)
        return FakeArticle(lang, category, slug, title, published_at, paragraphs, credit, source)

    def _title_templates(self, lang: str, category: str) -> tuple[str, ...]:
        table = RU_TITLES if lang == "ru" else KK_TITLES
        return table.get(category, table["kz-news"])

    def _fill(self, template: str, lang: str) -> str:
        """Fill the slots of a template, recursively (a word may hold slots of its own)."""
        rng = self.rng
        words = self.pools[lang]

        def slot(m: re.Match[str]) -> str:
            key = m[1]
            if key == "city":
                return rng.choice(RU_CITIES if lang == "ru" else KK_CITIES)
            if key == "who":
                return rng.choice(RU_WHO if lang == "ru" else KK_WHO)
            if key in words:
                return self._fill(rng.choice(words[key]), lang)
            if key == "n":
                return str(rng.randint(20, 900))
            if key == "m":
                return str(rng.randint(5, 40))
            if key == "k":
                return str(rng.randint(2, 4))
            if key in ("a", "b"):
                return str(rng.randint(0, 5))
            if key == "y":
                return str(rng.randint(2026, 2028))
            return str(rng.randint(1, 99))  # p, d

        return _SLOT.sub(slot, template)

    def _body(self, lang: str, title: str, source: str | None, when: datetime) -> list[str]:
        rng = self.rng
        sentences = RU_SENTENCES if lang == "ru" else KK_SENTENCES
        outlet = (source or "").capitalize()
        if lang == "kk" and source == "7kun.kz":
            local = when.astimezone(ALMATY)
            lead = f"Астана. {local.day} {KK_MONTHS[local.month - 1]}. 7kun.kz – {title}."
        elif source:
            lead = f"{title}, {'сообщает' if lang == 'ru' else 'деп хабарлайды'} {outlet}."
        else:
            lead = f"{title}."
        # No sentence twice in one article: extractors may drop a paragraph that repeats text.
        sizes = [1] + [rng.randint(2, 3) for _ in range(rng.randint(3, 6))]
        picks = iter(rng.sample(sentences, sum(sizes)))
        paragraphs = [
            " ".join(self._fill(next(picks), lang) for _ in range(size)) for size in sizes
        ]
        paragraphs[0] = f"{lead} {paragraphs[0]}"
        if rng.random() < 0.5:
            quotes = RU_QUOTES if lang == "ru" else KK_QUOTES
            quote = self._fill(rng.choice(quotes), lang)
            paragraphs.insert(rng.randint(2, len(paragraphs)), quote)
        digest = hashlib.blake2b("\n".join(paragraphs).encode(), digest_size=16).digest()
        if digest in self.bodies:  # astronomically rare; keeps the content hashes distinct
            paragraphs.append(self._fill(rng.choice(sentences), lang) + f" ({len(self.bodies)})")
            digest = hashlib.blake2b("\n".join(paragraphs).encode(), digest_size=16).digest()
        self.bodies.add(digest)
        return paragraphs


def generate(
    factory: ArticleFactory, count: int, newest: datetime, *, before: bool
) -> list[FakeArticle]:
    """`count` articles about 45 minutes apart, newest first.

    before=True: the newest is at `newest` and the rest go back in time; before=False: all are
    later than `newest` (for articles published after the current newest).
    """
    rng = factory.rng
    moment = newest.astimezone(ALMATY).replace(second=0, microsecond=0)
    # Step in UTC: aware arithmetic inside one zone is wall-clock arithmetic, wrong across a shift.
    utc = moment.astimezone(ZoneInfo("UTC"))
    times: list[datetime] = []
    for i in range(count):
        if before:
            if i:
                utc -= timedelta(minutes=rng.randint(30, 60))
        else:
            utc += timedelta(minutes=rng.randint(30, 60))
        times.append(utc.astimezone(ALMATY))
    if not before:
        times.reverse()
    return [factory.make(t) for t in times]
