"""The registered sources: one package per outlet (sources/<name>/), listed once here.

Every spider (`scrapy crawl <name>`), the fixture tests, `make fixtures`, the demo, the dataset
card, cron and `make live-check` iterate over `SOURCES`. Adding an outlet adds its package, its
fixtures (tests/fixtures/<name>/) and its line below.
"""

from newscrawler.extract.boilerplate import GENERIC, Boilerplate
from newscrawler.sources import mailkz, zakonkz
from newscrawler.sources.source import Source

SOURCES: dict[str, Source] = {s.name: s for s in (mailkz.SOURCE, zakonkz.SOURCE)}


def source_of(site: str) -> Source | None:
    """The registered source of a site ('mail.kz'); None for any other site."""
    return next((s for s in SOURCES.values() if s.site == site), None)


def boilerplate_for(site: str) -> Boilerplate:
    """The boilerplate rules of a site: its source's, or the site-agnostic ones for any other
    site (the `generic` spider's pages)."""
    source = source_of(site)
    return source.boilerplate if source else GENERIC
