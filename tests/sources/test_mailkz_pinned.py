"""Hand-written expectations for the saved pages fetched under a URL with a query, a slash or a
relative date: the item's url is the bare article path, and its date is read in Almaty time.

`make fixtures` (tools/regen_fixtures.py) rewrites every `expected.json` from what the code yields
now, so a regression there is one reviewed diff away from being accepted; these values are typed
here, checked by hand against the pages, and no tool rewrites them.
"""

from __future__ import annotations

import pytest

from newscrawler.fixtures import load_cases
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem
from newscrawler.spiders.sources import MailkzSpider

CASES = {case.name: case for case in load_cases("mailkz")}
MAILKZ = "https://mail.kz"

PINNED = [
    # ?utm_source=telegram&utm_medium=social&utm_campaign=mailkz_news; "Вчера, 23:40" fetched at
    # 00:30 Almaty (19:30 UTC) on 2025-12-20.
    ("ru_drupal_yesterday_utm",
     "/ru/news/sport/kazakhstanskie-boksery-vyigrali-tri-zolota-na-molodezhnom-chempionate-azii",
     "2025-12-19T23:40:00+05:00"),
    ("ru_jsonld",  # the same utm_* query
     "/ru/news/kz-news/tuman-i-zamorozki-sinoptiki-dali-prognoz-pogody-na-25-sentiabria",
     "2025-09-24T19:58:00+05:00"),
    ("ru_amp_interview_updated",  # ?amp=1
     "/ru/news/kz-news/v-metropolitene-almaty-rasskazali-o-srokakh-otkrytiia-novykh-stantsii",
     "2025-12-19T17:45:00+05:00"),
    ("kk_amp_keshe_list_promo",  # ?amp; "Кеше, 23:40" fetched at 00:20 Almaty on 2025-03-09
     "/kz/news/kz-news/astanada-kar-tazalauga-600-den-astam-tekhnika-shygaryldy",
     "2025-03-08T23:40:00+05:00"),
    ("kk_oldtables_longpara_nodate_slash",  # the slash form, no date on the page
     "/kz/news/economic/mangystau-oblysynda-zhana-tushchylandyru-zauytynyn-kurylysy-bastaldy",
     None),
]  # fmt: skip


@pytest.fixture(scope="module")
def shared_path() -> ItemPath:
    """One item path for the module (it takes a second to build); the pages are distinct
    articles, so its dedup pipeline never links them."""
    return ItemPath(MailkzSpider)


@pytest.mark.parametrize(("name", "path", "published_at"), PINNED, ids=[p[0] for p in PINNED])
def test_item_url_is_the_bare_article_path(
    shared_path: ItemPath, name: str, path: str, published_at: str | None
) -> None:
    page = CASES[name].page
    assert page.url != MAILKZ + path  # the page was fetched under another form of its URL
    item = shared_path.process(page.url, page.body, page.headers, page.fetched_at)
    assert isinstance(item, ArticleItem), item
    assert item.url == MAILKZ + path
    assert item.slug == path.rsplit("/", 1)[1]
    assert item.published_at == published_at
