"""mail.kz, Russian and Kazakh editions: a portal that republishes zakon.kz, 7kun.kz and others.

[V] seen on a real page (the seed, ../shared/sites/mailkz.md); [G] a guess to confirm.
"""

import re

from newscrawler.sources.mailkz.boilerplate import BOILERPLATE
from newscrawler.sources.source import Edition, Source

SOURCE = Source(
    name="mailkz",
    site="mail.kz",
    # [V] /ru/news/<category>/<slug> and /kz/news/<category>/<slug>; the news front page of each
    # edition and [V] /ru/news/kz-news as a category listing.
    editions=(
        Edition("ru", "https://mail.kz/ru", ("/news",), "/news/{category}"),
        Edition("kk", "https://mail.kz/kz", ("/news",), "/news/{category}"),
    ),
    # [V] slugs are transliterated titles; no query parameter names an article.
    article_path=re.compile(
        r"/news/(?P<category>[a-z0-9][a-z0-9_-]*)/(?P<slug>[a-z0-9][a-z0-9_.-]*?)/?",
        re.IGNORECASE,
    ),
    boilerplate=BOILERPLATE,
    site_names=("mail.kz", "mail", "mail.kz новости", "www.mail.kz"),
)
