"""The seen-store in Redis, for a cluster of workers: the same interface as SqliteSeenStore.

One hash per spider, `<spider>:seen`, url -> content hash ("" when the page gave none), and beside
it `<spider>:seen:files`, the dataset files absorbed (name -> signature, state/files.py). Writes
happen once per worker run, in one MULTI/EXEC transaction, after that worker's output files are
complete (state/incremental.py): an article counts as seen only when a file holding it is whole.
A hash field costs about 200 bytes per article (see bench/scale.py); Redis must persist it
(appendonly yes), since this is what keeps the next run from fetching everything again.

Redis may be away for a while (restarting, failing over). Reads and writes that can wait for it
(`len`, `absorbed`, `add_many`: at the start and the end of a run) retry with backoff for
`reconnect_timeout` seconds (REDIS_RECONNECT_TIMEOUT), then raise StoreUnavailable, one line that
says what was not done. A membership test cannot wait (it runs in the crawl's event loop, once per
article link), nor fail (the rest of the listing's links would be lost with it): while Redis is
away an article counts as unseen, so at worst it is fetched and exported again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from redis import Redis, RedisError
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_DELAY = 5.0
"""Seconds between two tries at most."""


class StoreUnavailable(Exception):
    """Redis did not answer the seen-store within its reconnect window, or answered with an
    error. The message is one line: what was not done, and what makes up for it."""


class RedisSeenStore:
    def __init__(
        self, server: Redis, key: str, location: str, reconnect_timeout: float = 60.0
    ) -> None:
        self.server = server
        self.key = key
        self.files_key = f"{key}:files"
        self.location = location
        self.reconnect_timeout = reconnect_timeout
        self.unreachable = False
        """Whether the last membership test found Redis away (logged once per outage)."""

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        try:
            found = bool(self.server.hexists(self.key, url))
        except RedisError as exc:
            if not self.unreachable:
                logger.info(
                    "Seen-store %s unreachable (%s): articles count as unseen until it is back",
                    self.location, exc,
                )  # fmt: skip
            self.unreachable = True
            return False
        self.unreachable = False
        return found

    def __len__(self) -> int:
        return int(self._retry(lambda: self.server.hlen(self.key)))

    def absorbed(self) -> dict[str, str]:
        """The dataset files whose articles the store holds: name -> signature."""
        found = self._retry(lambda: self.server.hgetall(self.files_key))
        return {name.decode(): sig.decode() for name, sig in found.items()}

    def add_many(
        self, entries: Iterable[tuple[str, str | None]], files: Mapping[str, str] | None = None
    ) -> int:
        """Record (url, content_hash) pairs, and the dataset files they were read from, in one
        transaction; a None hash keeps a known one. Retrying is safe: a transaction whose answer
        was lost is applied again to the same effect."""
        pairs = list(entries)

        def write() -> None:
            pipe = self.server.pipeline(transaction=True)
            for url, digest in pairs:
                if digest:
                    pipe.hset(self.key, url, digest)
                else:
                    pipe.hsetnx(self.key, url, "")
            if files:
                pipe.hset(self.files_key, mapping=dict(files))
            pipe.execute()

        self._retry(
            write,
            f"{len(pairs)} articles stay unrecorded; the next run reads them from this run's "
            "files, or fetches them again",
        )
        return len(pairs)

    def clear(self) -> None:
        """Forget every article and file, to be rebuilt from the files (state/store.py)."""
        self._retry(lambda: self.server.delete(self.key, self.files_key))

    def close(self) -> None:
        self.server.close()

    def _retry(self, call: Callable[[], T], consequence: str = "") -> T:
        """`call()`, tried again at doubling intervals while Redis is unreachable; after
        `reconnect_timeout` seconds, StoreUnavailable (ending with `consequence`); at once for any
        other Redis error (not one that waiting mends)."""
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.0
        while True:
            try:
                return call()
            except (redis_errors.ConnectionError, redis_errors.TimeoutError) as exc:
                now = time.monotonic()
                if now >= deadline:
                    raise StoreUnavailable(
                        f"seen-store {self.location} unreachable for "
                        f"{self.reconnect_timeout:.0f} s ({exc})"
                        + (f": {consequence}" if consequence else "")
                    ) from exc
                if not delay:
                    logger.warning(
                        "Seen-store %s unreachable (%s): retrying for up to %.0f s",
                        self.location, exc, self.reconnect_timeout,
                    )  # fmt: skip
                delay = min(2 * delay or 0.25, MAX_DELAY)
                time.sleep(min(delay, deadline - now))
            except RedisError as exc:
                raise StoreUnavailable(
                    f"seen-store {self.location}: {exc}"
                    + (f": {consequence}" if consequence else "")
                ) from exc
