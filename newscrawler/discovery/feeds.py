"""RSS 2.0 and Atom feeds: the items' links with their publication dates."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from lxml import etree

from newscrawler.discovery import Lead
from newscrawler.extract import dates

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def parse_feed(body: bytes) -> list[Lead]:
    """Links of an RSS or Atom feed, in feed order; garbage gives no leads."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    leads = []
    for entry in root.iter("{*}item", "{*}entry"):
        link = entry.find("{*}link")
        url = (link.get("href") or link.text or "").strip() if link is not None else ""
        if url:
            leads.append(Lead(url, _entry_date(entry)))
    return leads


def _entry_date(entry: etree._Element):
    for name in ("pubDate", "published", "updated", "date"):
        el = entry.find(f"{{*}}{name}")
        if el is None or not (el.text or "").strip():
            continue
        text = el.text.strip()
        when = dates.parse_iso(text)
        if when is None:
            try:
                when = parsedate_to_datetime(text).astimezone(dates.ALMATY)
            except (TypeError, ValueError):
                when = None
        if when is not None:
            return when
    return None
