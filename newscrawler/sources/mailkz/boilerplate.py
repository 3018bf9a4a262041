"""mail.kz boilerplate as data. [V] seen on a real page (the seed); [G] a guess to confirm."""

from newscrawler.extract.boilerplate import Boilerplate

BOILERPLATE = Boilerplate(
    site="mail.kz",
    # [V] 'Источник: zakon.kz'; [G] 'Источник фото и текста:' and the Kazakh word.
    source_label=r"Источник(?: (?:фото и текста|текста и фото|текста))?|Первоисточник|Дереккөз",
    footer_phrases=(
        # [V] the Telegram promo and slogan, the same on both editions.
        r"Подписывайтесь на наш[\w\s\-]{0,40}?(?:Telegram|Телеграм|WhatsApp|Instagram|Инстаграм|"
        r"YouTube|TikTok|Threads|Facebook)[\w\-]*(?:[\s-]*(?:канал|аккаунт|страниц\w*))?\s*[.!]?",
        r"Будьте в курсе (?:всех|последних) (?:событий|новостей)\s*[!.]?",
        r"Мы работаем для [Вв]ас\s*!?",
        # [G] the promo whose channel is named by an icon link only: 'Подписывайтесь на наш .'
        r"Подписывайтесь на наш\s*(?:[.!]|$)",
        # [G] Kazakh renderings of the promo.
        r"(?:Біздің )?Telegram[\s-]*арна\w*\s+жазылыңыз\w*\s*[!.]?",
        r"Барлық оқиғалардан хабардар болыңыз\s*[!.]?",
    ),
    # [V] 'Читайте также:'; [G] other wordings and the Kazakh ones.
    related_heading=r"Читайте также|Читайте еще|Читайте ещё|Смотрите также|Оқи отырыңыз|"
    r"Тағы оқыңыз|Ұқсас жаңалықтар|Последние новости",
    # [V] '© Фото: пресс-служба МИД России'; [G] 'Сурет' (Kazakh), 'Фото и видео'.
    photo_label=r"Фото(?: и видео)?|Видео и фото|Фотосурет|Сурет|Photo",
)
