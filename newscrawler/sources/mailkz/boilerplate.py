"""mail.kz boilerplate as data. [V] seen on a real page (the seed); [G] a guess to confirm."""

from newscrawler.extract.boilerplate import Boilerplate

BOILERPLATE = Boilerplate(
    site="mail.kz",
    # [V] 'Источник: zakon.kz'; [G] 'Источник фото и текста:' and the Kazakh word.
    source_label=r"Источник(?: (?:фото и текста|текста и фото|текста))?|Первоисточник|Дереккөз",
    # [V] the Telegram promo (in COMMON_FOOTER_PHRASES, with the other channels and the Kazakh
    # rendering) and the slogan, the same on both editions.
    footer_phrases=(
        r"Будьте в курсе (?:всех|последних) (?:событий|новостей)\s*[!.]?",
        r"Мы работаем для [Вв]ас\s*!?",
        # [G] the promo whose channel is named by an icon link only: 'Подписывайтесь на наш .'
        r"Подписывайтесь на наш\s*(?:[.!]|$)",
        # [G] Kazakh rendering of the slogan.
        r"Барлық оқиғалардан хабардар болыңыз\s*[!.]?",
    ),
    # [V] 'Читайте также:' (in COMMON_RELATED_HEADINGS); [G] a block of the latest headlines.
    related_heading=r"Последние новости",
    # [V] '© Фото: пресс-служба МИД России'; [G] 'Сурет' (Kazakh), 'Фото и видео'.
    photo_label=r"Фото(?: и видео)?|Видео и фото|Фотосурет|Сурет|Photo",
)
