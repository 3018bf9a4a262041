"""Spider arguments: typed, validated once, one clear line per bad value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from scrapy.exceptions import UsageError

from newscrawler.extract.dates import ALMATY
from newscrawler.spiders.sources import MailkzSpider


def test_defaults():
    args = MailkzSpider.validate_arguments({})
    assert args.langs == ("ru", "kk")
    assert (args.since, args.until, args.limit, args.max_pages, args.refetch) == (
        None, None, None, None, False,
    )  # fmt: skip


def test_values_are_typed():
    args = MailkzSpider.validate_arguments(
        {
            "lang": "kk",
            "since": "2025-12-01",
            "until": "2025-12-20",
            "categories": "kz-news, Sport",
            "max_pages": "3",
            "limit": "10",
            "refetch": "1",
        }
    )
    assert args.langs == ("kk",)
    assert (args.since, args.until) == (date(2025, 12, 1), date(2025, 12, 20))
    assert args.categories == ("kz-news", "sport")
    assert (args.max_pages, args.limit, args.refetch) == (3, 10, True)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"since": "yesterday"}, "mailkz: since: expected YYYY-MM-DD, got 'yesterday'"),
        ({"until": "2025-02-30"}, "mailkz: until: expected YYYY-MM-DD, got '2025-02-30'"),
        ({"since": "2025-12-20", "until": "2025-12-01"}, "until (2025-12-01) is before since"),
        ({"limit": "0"}, "mailkz: limit: expected a positive whole number, got '0'"),
        ({"max_pages": "-2"}, "mailkz: max_pages: expected a positive whole number, got '-2'"),
        ({"refetch": "maybe"}, "mailkz: refetch: expected 1 or 0, got 'maybe'"),
        ({"categories": "kz news"}, "mailkz: categories: expected category slugs"),
        ({"lang": "en"}, "mailkz: lang: expected one of ru, kk, all, got 'en'"),
        ({"base_url": "ru=http://a"}, "mailkz: base_url: expected one URL for each edition"),
        ({"base_url": "mail.kz"}, "mailkz: base_url: expected an http(s) URL"),
        ({"lnag": "ru"}, "mailkz: lnag: unknown argument"),
    ],
)
def test_bad_values(raw, message):
    with pytest.raises(UsageError) as err:
        MailkzSpider.validate_arguments(raw)
    assert message in str(err.value)


def test_window_is_in_almaty_days():
    args = MailkzSpider.validate_arguments({"since": "2025-12-20", "until": "2025-12-20"})
    assert args.in_window(datetime(2025, 12, 20, 0, 5, tzinfo=ALMATY))
    assert args.in_window(datetime(2025, 12, 20, 23, 55, tzinfo=ALMATY))
    assert not args.in_window(datetime(2025, 12, 19, 23, 59, tzinfo=ALMATY))
    assert not args.in_window(datetime(2025, 12, 21, 0, 0, tzinfo=ALMATY))
    assert args.in_window(None)


def test_pagination_stops_on_the_windows_own_lower_edge():
    """A listing page whose leads are all before the window ends pagination: the same Almaty day
    as the filter (00:00 in Almaty on the 20th is 19:00 UTC on the 19th), never `until`."""
    args = MailkzSpider.validate_arguments({"since": "2025-12-20", "until": "2025-12-20"})
    assert args.before_window(datetime(2025, 12, 19, 18, 59, tzinfo=UTC))
    assert not args.before_window(datetime(2025, 12, 19, 19, 0, tzinfo=UTC))
    assert not args.before_window(datetime(2025, 12, 21, 0, 0, tzinfo=ALMATY))
    assert not MailkzSpider.validate_arguments({}).before_window(datetime(2000, 1, 1, tzinfo=UTC))
