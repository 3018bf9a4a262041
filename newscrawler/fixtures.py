"""Fixture cases, Fundus-style: `tests/fixtures/<source>/<case>.html` beside `<case>.expected.json`.

The JSON holds the `request` the page answered (url, fetched_at, headers) and the `item` expected
from it (every field but crawled_at). They are the test corpus and the demo's bundled snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawler.archive.writer import FetchedPage

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
VOLATILE_FIELDS = frozenset({"crawled_at"})
"""Fields left out of expected files: they depend on the run, not the page."""


@dataclass
class Case:
    name: str
    html_path: Path
    json_path: Path
    request: dict[str, Any]
    expected: dict[str, Any] | None

    @property
    def page(self) -> FetchedPage:
        return FetchedPage(
            url=self.request["url"],
            body=self.html_path.read_bytes(),
            fetched_at=datetime.fromisoformat(self.request["fetched_at"].replace("Z", "+00:00")),
            headers=self.request.get("headers") or {"Content-Type": "text/html"},
        )

    def write_expected(self, item: dict[str, Any]) -> None:
        data = {"request": self.request, "item": item}
        self.json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")


def load_cases(source: str, root: Path = FIXTURES_DIR) -> list[Case]:
    """Every case of a source, sorted by name."""
    cases = []
    for html_path in sorted((root / source).glob("*.html")):
        json_path = html_path.with_suffix(".expected.json")
        data = json.loads(json_path.read_text("utf-8"))
        cases.append(Case(html_path.stem, html_path, json_path, data["request"], data.get("item")))
    return cases
