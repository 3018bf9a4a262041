"""Which seen-store a crawl uses: Redis when REDIS_URL is set (a cluster's workers share it),
else SQLite under STATE_DIR. The one place that chooses."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings

from newscrawler.cluster.addon import redacted
from newscrawler.state.redis_seen import RedisSeenStore
from newscrawler.state.seen import SqliteSeenStore


class SeenStore(Protocol):
    """Article URLs already exported, with their content hash."""

    location: str

    def __contains__(self, url: object) -> bool: ...

    def __len__(self) -> int: ...

    def add_many(self, entries: Iterable[tuple[str, str | None]]) -> int: ...

    def close(self) -> None: ...


def sqlite_path(state_dir: str | Path, spider: str) -> Path:
    """Where a spider's SQLite seen-store lives under STATE_DIR."""
    return Path(state_dir) / spider / "seen.sqlite"


def open_seen_store(settings: BaseSettings, spider: str) -> SeenStore:
    url = settings.get("REDIS_URL")  # the cluster add-on sets it from the environment too
    if url:
        key = f"{spider}:seen"
        return RedisSeenStore(get_redis_from_settings(settings), key, f"{redacted(url)} {key}")
    return SqliteSeenStore(sqlite_path(settings["STATE_DIR"], spider))
