"""Which seen-store a crawl uses: Redis when REDIS_URL is set (a cluster's workers share it),
else SQLite under STATE_DIR. The one place that chooses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis_from_settings

from newscrawler.cluster.addon import redacted
from newscrawler.state.redis_seen import RedisSeenStore
from newscrawler.state.seen import SqliteSeenStore, set_aside


class SeenStore(Protocol):
    """Article URLs already exported, with their content hash."""

    location: str

    def __contains__(self, url: object) -> bool: ...

    def __len__(self) -> int: ...

    def absorbed(self) -> dict[str, str]: ...

    def add_many(
        self, entries: Iterable[tuple[str, str | None]], files: Mapping[str, str] | None = None
    ) -> int: ...

    def close(self) -> None: ...


def sqlite_path(state_dir: str | Path, spider: str) -> Path:
    """Where a spider's SQLite seen-store lives under STATE_DIR."""
    return Path(state_dir) / spider / "seen.sqlite"


def open_seen_store(settings: BaseSettings, spider: str) -> SeenStore:
    url = settings.get("REDIS_URL")  # the cluster add-on sets it from the environment too
    if url:
        return _redis_store(settings, spider)
    return SqliteSeenStore(sqlite_path(settings["STATE_DIR"], spider))


def _redis_store(settings: BaseSettings, spider: str) -> RedisSeenStore:
    key = f"{spider}:seen"
    return RedisSeenStore(
        get_redis_from_settings(settings),
        key,
        f"{redacted(settings['REDIS_URL'])} {key}",
        reconnect_timeout=settings.getfloat("REDIS_RECONNECT_TIMEOUT"),
    )


def fresh_seen_store(settings: BaseSettings, spider: str) -> tuple[SeenStore, str | None]:
    """An empty store in place of the current one, to rebuild from the files, and where the old
    one went: a SQLite file is moved aside (kept), a Redis store's keys are deleted."""
    if settings.get("REDIS_URL"):
        store = _redis_store(settings, spider)
        store.clear()
        return store, None
    aside = set_aside(sqlite_path(settings["STATE_DIR"], spider))
    return open_seen_store(settings, spider), str(aside) if aside else None
