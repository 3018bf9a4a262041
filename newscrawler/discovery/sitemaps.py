"""Sitemaps and robots.txt `Sitemap:` lines, keeping each URL's date.

Scrapy's SitemapSpider keeps only a sitemap's direct children and so loses Google News'
`<news:publication_date>`, the one date that tells an article's age before it is fetched; this
reader keeps it (else `<lastmod>`). XML is parsed without entities or network access.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from newscrawler.discovery import Lead
from newscrawler.extract import dates

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass
class Sitemap:
    """A parsed sitemap: child sitemaps (an index) and/or article leads (a urlset)."""

    sitemaps: list[str] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)


def robots_sitemaps(robots_txt: str) -> list[str]:
    """The URLs of the `Sitemap:` lines of a robots.txt."""
    urls = []
    for line in robots_txt.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            urls.append(value.strip())
    return urls


def parse_sitemap(body: bytes) -> Sitemap:
    """A sitemap index or urlset; garbage gives an empty Sitemap."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError:
        return Sitemap()
    if root is None:
        return Sitemap()
    found = Sitemap()
    for el in root:
        if not isinstance(el.tag, str):
            continue
        children = {etree.QName(c).localname: c for c in el.iter() if isinstance(c.tag, str)}
        loc = (children["loc"].text or "").strip() if "loc" in children else ""
        if not loc:
            continue
        if etree.QName(el).localname == "sitemap":
            found.sitemaps.append(loc)
            continue
        stamp = children.get("publication_date")
        stamp = stamp if stamp is not None else children.get("lastmod")
        when = dates.parse_iso((stamp.text or "").strip()) if stamp is not None else None
        found.leads.append(Lead(loc, when))
    return found
