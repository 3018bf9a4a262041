"""Discovery: where article URLs come from (listings, sitemaps, RSS/Atom), with the dates those
sources state, so a date window can skip an article before it is fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Lead:
    """An article URL found by discovery, with the publication time its source states, if any."""

    url: str
    published_at: datetime | None = None
