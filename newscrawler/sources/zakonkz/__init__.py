"""zakon.kz, Russian (www.zakon.kz) and Kazakh (kaz.zakon.kz) editions: the original publisher of
many articles other portals (mail.kz) republish.

[V] seen in public material (../shared/sites/zakonkz.md: scrapers' code and configs, stored
pages); [G] a guess to confirm against the live site.
"""

import re

from newscrawler.sources.source import Edition, Source
from newscrawler.sources.zakonkz.boilerplate import BOILERPLATE
from newscrawler.sources.zakonkz.listings import read_zakon_listing

# [V] RSS at /rss/ or /rss.xml (which is live: [G], so both: a 404 is counted as missing).
FEEDS = ("/rss/", "/rss.xml")
# [V] /sitemap.xml (a 2026 crawler, both editions) and /sitemap/index.xml with numeric children
# (an older one); robots.txt is read first, these are tried besides.
SITEMAPS = ("/sitemap.xml", "/sitemap/index.xml")

SOURCE = Source(
    name="zakonkz",
    site="zakon.kz",
    # [V] each edition has a host of its own; the news listing /news/ ('load more' JSON after it,
    # listings.py); [G] a section's listing at /<section>/.
    editions=(
        Edition("ru", "https://www.zakon.kz", ("/news/",), "/{category}/", FEEDS, SITEMAPS),
        Edition("kk", "https://kaz.zakon.kz", ("/news/",), "/{category}/", FEEDS, SITEMAPS),
    ),
    # [V] /<section>/<id>-<slug>.html, the older /<id>-<slug>.html (no section); the id is the
    # article's number (ru about 6.48M-6.51M in 2025-26, kk about 6.06M-6.07M). Not articles [V]:
    # the promotional /pbf/ and /special/ pages.
    article_path=re.compile(
        r"/(?!(?:pbf|special)/)(?:(?P<category>[a-z][a-z0-9-]*)/)?"
        r"(?P<id>\d+)-(?P<slug>[a-z0-9][a-z0-9_-]*)\.html",
        re.IGNORECASE,
    ),
    # [V] AMP pages at https://zakon.kz/amp/<section>/<id>-<slug>.html: the same article, keyed
    # to its www URL (hosts compare without 'www.'); [G] the Kazakh edition's the same way.
    variants=("/amp",),
    listing_reader=read_zakon_listing,
    boilerplate=BOILERPLATE,
    # [G] bylines and JSON-LD authors that name the site.
    site_names=("zakon.kz", "www.zakon.kz", "kaz.zakon.kz", "Редакция Zakon.kz"),
)
