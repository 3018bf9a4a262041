"""Regenerate every `<case>.expected.json` from what the item path yields now.

Review the result as a diff (`git diff tests/fixtures`) before committing: a changed expected file
is a changed output. A new page needs no JSON yet: its first line names the request it answered,
`<!-- fixture url=URL fetched_at=2025-03-12T09:40:00Z -->`, and the first run writes its JSON.
Fields a source's `known_wrong.json` lists ({case: {field: why}}) hold the correct value, fixed by
hand, where extraction is known to be wrong: they are kept, and their tests are strict xfails.
A page that yields no item is written as `"item": null` with the reason it was dropped.
Usage: make fixtures [SOURCE=generic] (every source when none is named).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from newscrawler.fixtures import (
    FIXTURES_DIR,
    SPIDERS,
    VOLATILE_FIELDS,
    known_wrong,
    load_cases,
    outcome,
)
from newscrawler.itempath import ItemPath
from newscrawler.items import record

HEADER = re.compile(rb"\A\s*<!-- fixture url=(?P<url>\S+) fetched_at=(?P<fetched_at>\S+) -->")
"""The first line of a new page: the request its JSON does not record yet."""


def seed_new_cases(folder: Path) -> list[str]:
    """Write the JSON of each page that has none, from its header line, with no item yet (the
    run fills it in); the names of the pages seeded."""
    seeded = []
    for html_path in sorted(folder.glob("*.html")):
        json_path = html_path.with_suffix(".expected.json")
        if json_path.exists():
            continue
        m = HEADER.match(html_path.read_bytes())
        if m is None:
            raise SystemExit(f"{html_path}: no expected JSON and no '<!-- fixture url=… -->' line")
        request = {
            "url": m["url"].decode(),
            "fetched_at": m["fetched_at"].decode(),
            "headers": {"Content-Type": "text/html; charset=utf-8"},
        }
        data = {"request": request, "item": None}
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        seeded.append(html_path.stem)
    return seeded


def regenerate(source: str) -> None:
    """Rewrite the expected item (or drop) of every case of `source` from the item path, keeping
    the hand-fixed fields of known-wrong outputs."""
    for name in seed_new_cases(FIXTURES_DIR / source):
        print(f"{source}/{name}: new")
    wrong = known_wrong(source)
    for case in load_cases(source):
        # A fresh path per case: dedup and template lines must not link fixtures to each other.
        result = outcome(ItemPath(SPIDERS[source]), case.page)
        if isinstance(result, str):
            changed = (case.expected, case.dropped) != (None, result)
            case.write_expected(None, dropped=result)
        else:
            item = {k: v for k, v in record(result).items() if k not in VOLATILE_FIELDS}
            for field in wrong.get(case.name, {}) if case.expected else ():
                item[field] = case.expected[field]
            changed = item != case.expected
            case.write_expected(item)
        print(f"{source}/{case.name}: {'CHANGED' if changed else 'same'}")


def main(*sources: str) -> int:
    unknown = [s for s in sources if s not in SPIDERS]
    if unknown:
        known = ", ".join(SPIDERS)
        print(f"unknown source(s) {', '.join(unknown)}; known: {known}", file=sys.stderr)
        return 2
    for source in sources or tuple(SPIDERS):
        regenerate(source)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
