"""The seen-store in Redis, for a cluster of workers: the same interface as SqliteSeenStore.

One hash per spider, `<spider>:seen`, url -> content hash ("" when the page gave none). Writes
happen once per worker run, in one MULTI/EXEC transaction, after that worker's output files are
complete (state/incremental.py): an article counts as seen only when a file holding it is whole.
A hash field costs about 200 bytes per article (see bench/scale.py); Redis must persist it
(appendonly yes), since this is what keeps the next run from fetching everything again.
"""

from __future__ import annotations

from collections.abc import Iterable

from redis import Redis


class RedisSeenStore:
    def __init__(self, server: Redis, key: str, location: str) -> None:
        self.server = server
        self.key = key
        self.location = location

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and bool(self.server.hexists(self.key, url))

    def __len__(self) -> int:
        return int(self.server.hlen(self.key))

    def add_many(self, entries: Iterable[tuple[str, str | None]]) -> int:
        """Record (url, content_hash) pairs in one transaction; a None hash keeps a known one."""
        pipe = self.server.pipeline(transaction=True)
        count = 0
        for url, digest in entries:
            if digest:
                pipe.hset(self.key, url, digest)
            else:
                pipe.hsetnx(self.key, url, "")
            count += 1
        pipe.execute()
        return count

    def close(self) -> None:
        self.server.close()
