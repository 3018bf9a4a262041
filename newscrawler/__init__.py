"""newscrawler: Kazakhstan's news as clean, analysis-ready datasets.

`newscrawler.extract_page(html, url)` gives the article of a page you already have (pages.py).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

__all__ = ["Dropped", "extract_page", "project_version"]


def project_version() -> str:
    """The installed package's version ('dev' when run from a tree that is not installed)."""
    try:
        return version("newscrawler")
    except PackageNotFoundError:
        return "dev"


def __getattr__(name: str) -> Any:
    """`extract_page` (and its `Dropped`) load Scrapy and trafilatura: only when asked for, not
    with the package (whose settings module every crawl imports)."""
    if name in ("extract_page", "Dropped"):
        from newscrawler import pages

        return getattr(pages, name)
    raise AttributeError(f"module 'newscrawler' has no attribute {name!r}")
