"""Template lines learned from a site's own pages: a line that many of its articles hold verbatim
is the site's furniture, whatever it says (an app promo, 'Редакция может не разделять мнение
автора.', a share caption), though no rule names it.

Counted per site over distinct article URLs, across runs, in `STATE_DIR/<spider>/lines.sqlite`;
the cleaning pipeline (pipelines/template.py) removes a line once it is known, and `scrapy compact`
learns again from the whole dataset and cleans the rows exported before it was known. A sentence
that merely recurs (one quote in two articles) is not template: a line must be short, and held by
at least MIN_PAGES articles and by a quarter of the site's articles or CERTAIN_PAGES of them.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

MAX_LINE = 200
"""Longer paragraphs are never counted: template lines are short, article paragraphs long."""
MIN_PAGES = 4
MIN_SHARE = 0.25
CERTAIN_PAGES = 50
"""A line held by this many articles of a site is template however large the site is."""
_TWO_WORDS = re.compile(r"\w+\W+\w")
"""A second word (a run of \\w after one and a break): found, a text has two words or more."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (site TEXT, url TEXT, PRIMARY KEY (site, url)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines (
    site TEXT, line TEXT, pages INTEGER NOT NULL, PRIMARY KEY (site, line)
) WITHOUT ROWID;
"""


@functools.lru_cache(maxsize=1024)
def line_key(paragraph: str) -> str | None:
    """What identifies a paragraph as a line (case and spacing aside), or None for one never
    counted: too long, or under two words. Most paragraphs are too long: that is told before
    case folding, which never shortens a text. Cached: the pipeline asks it of each paragraph
    three times (to count it, to look it up, to drop it), and a str keeps its hash."""
    text = paragraph if _is_collapsed(paragraph) else " ".join(paragraph.split())
    if len(text) > MAX_LINE:
        return None
    text = text.casefold()
    if len(text) > MAX_LINE or _TWO_WORDS.search(text) is None:
        return None
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _is_collapsed(text: str) -> bool:
    """Whether `text` is its own whitespace collapse (the cleaning pipeline's paragraphs are): no
    space but single ones inside; told in C without splitting it into words. A printable text
    holds no whitespace but the plain space."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def is_template(pages_with_line: int, site_pages: int) -> bool:
    return pages_with_line >= MIN_PAGES and (
        pages_with_line >= CERTAIN_PAGES or pages_with_line >= MIN_SHARE * site_pages
    )


def without_template(paragraphs: list[str], template: set[str]) -> list[str]:
    return [p for p in paragraphs if line_key(p) not in template]


def learn_template(bodies: Iterable[tuple[str, list[str]]]) -> dict[str, set[str]]:
    """The template lines of each site, learned from (site, paragraphs) of distinct articles."""
    pages: Counter[str] = Counter()
    held: Counter[tuple[str, str]] = Counter()
    for site, paragraphs in bodies:
        pages[site] += 1
        for key in {k for k in map(line_key, paragraphs) if k}:
            held[site, key] += 1
    template: dict[str, set[str]] = {}
    for (site, key), n in held.items():
        if is_template(n, pages[site]):
            template.setdefault(site, set()).add(key)
    return template


class LineStore:
    """Per-site line counts in SQLite (or in memory: `path` None), each article counted once."""

    def __init__(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path if path is not None else ":memory:", timeout=30)
        if path is not None:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # counts, not data: no fsync per item
        self.db.executescript(_SCHEMA)
        self.site_pages: dict[str, int] = {}

    def _pages(self, site: str) -> int:
        if site not in self.site_pages:
            row = self.db.execute("SELECT COUNT(*) FROM pages WHERE site = ?", (site,)).fetchone()
            self.site_pages[site] = row[0]
        return self.site_pages[site]

    def learn(self, site: str, url: str, paragraphs: list[str]) -> None:
        """Count the article's lines, unless this URL was counted before (a refetch, a replay)."""
        pages = self._pages(site)
        added = self.db.execute(
            "INSERT OR IGNORE INTO pages (site, url) VALUES (?, ?)", (site, url)
        ).rowcount
        if not added:
            return
        self.site_pages[site] = pages + 1
        self.db.executemany(
            "INSERT INTO lines (site, line, pages) VALUES (?, ?, 1) "
            "ON CONFLICT (site, line) DO UPDATE SET pages = pages + 1",
            [(site, key) for key in {k for k in map(line_key, paragraphs) if k}],
        )

    def template(self, site: str, paragraphs: list[str]) -> set[str]:
        """Which of these paragraphs' lines are the site's template, as far as known."""
        keys = sorted({k for k in map(line_key, paragraphs) if k})
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT line, pages FROM lines WHERE site = ? AND line IN ({marks})", (site, *keys)
        )
        pages = self._pages(site)
        return {line for line, n in rows if is_template(n, pages)}

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def lines_path(state_dir: str | Path, spider: str) -> Path:
    return Path(state_dir) / spider / "lines.sqlite"
