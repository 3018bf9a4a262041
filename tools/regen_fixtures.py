"""Regenerate every `<case>.expected.json` from what the item path yields now.

Review the result as a diff (`git diff tests/fixtures`) before committing: a changed expected file
is a changed output. Usage: make fixtures [SOURCE=mailkz]
"""

from __future__ import annotations

import sys
from dataclasses import asdict

from scrapy.exceptions import DropItem

from newscrawler.fixtures import VOLATILE_FIELDS, load_cases
from newscrawler.itempath import ItemPath
from newscrawler.spiders.mailkz import MailkzSpider

SPIDERS = {"mailkz": MailkzSpider}


def main(source: str = "mailkz") -> int:
    cases = load_cases(source)
    for case in cases:
        page = case.page
        # A fresh path per case: dedup must not link fixtures to each other.
        result = ItemPath(SPIDERS[source]).process(
            page.url, page.body, page.headers, page.fetched_at
        )
        if result is None or isinstance(result, DropItem):
            print(f"{case.name}: no item ({result})", file=sys.stderr)
            continue
        item = {k: v for k, v in asdict(result).items() if k not in VOLATILE_FIELDS}
        changed = item != case.expected
        case.write_expected(item)
        print(f"{case.name}: {'CHANGED' if changed else 'same'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
