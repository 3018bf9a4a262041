"""zakon.kz boilerplate as data. [V] seen in public material (../shared/sites/zakonkz.md: scrapers'
code and configs, stored pages); [G] a guess to confirm against the live site.

The markup puts most of it after the body container (`willShare`, `google-news-follow`,
`.tags.newsTags`, the author block [V]), where the markup stage never reads; these rules catch the
same words where a layout sets them inside the body.
"""

from newscrawler.extract.boilerplate import SHARE_NETWORKS, Boilerplate

BOILERPLATE = Boilerplate(
    site="zakon.kz",
    # [V] zakon.kz writes its own news: no 'Источник:' line. The labels any site uses for a
    # reprint stay, as on every site.
    source_label=r"Источник|Первоисточник|Дереккөз",
    footer_phrases=(
        # [V] 'Поделитесь новостью' over the share buttons; [G] the buttons' names run on, and the
        # Kazakh wording.
        rf"(?:Поделитесь новостью|Жаңалықпен бөлісіңіз)\s*:?(?:\s*(?:{SHARE_NETWORKS})\b[\s,|·]*)*",
        # [V] 'Следите за новостями … в Google News'; [G] its Kazakh rendering.
        r"Следите за (?:новостями|нами).{0,60}?Google News\s*[.!]?",
        r"(?:Zakon\.kz\s+)?(?:жаңалықтарын|бізді)?\s*Google News[-\s]?(?:те|та|тен|тан)?\s+"
        r"(?:оқыңыз|жазылыңыз)\s*[.!]?",
        # [V] 'Нашли ошибку', 'Беттегі қате…', 'Жаңалықтар телефоныңда…' end the article: the
        # typo notice and the app promo; [G] their words after these, to the paragraph's end.
        r"Нашли ошибку\s*\?.{0,120}$",
        r"Беттегі қате\w*.{0,160}$",
        r"Жаңалықтар телефоныңда\w*.{0,160}$",
        # [V] ads marked 'Erid'; [G] the 'Реклама.' line naming the advertiser before it.
        r"Реклама\s*[.:]\s*.{0,200}?\bErid\s*:?\s*[\w-]+\s*\.?",
        r"\bErid\s*:\s*[\w-]+\s*\.?",
        # [G] the opinion column's disclaimer.
        r"Мнение (?:автора|редакции) может не совпадать с (?:позицией|мнением) редакции\s*\.?",
    ),
    # [V] 'Материал по теме <headline> HH:MM, D месяца YYYY' set inline in the body; [G] its
    # Kazakh rendering. 'Читайте также' is any site's (COMMON_RELATED_HEADINGS).
    related_heading=r"Материал по теме|Тақырыпқа қатысты материал",
    # [V] 'Фото: …' and Kazakh 'Сурет: …' credit lines; [G] 'Фото и видео', 'Фотосурет'.
    photo_label=r"Фото(?: и видео)?|Видео и фото|Фотосурет|Сурет|Photo",
)
