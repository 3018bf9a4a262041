"""The seen-store: article URLs already exported, with their content hash.

SQLite in WAL mode under STATE_DIR; one file per spider. Writes happen once per run, in one
transaction, after the run's output files are complete (see state/incremental.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY,
    content_hash TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
)
"""


class SqliteSeenStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.location = str(path)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(_SCHEMA)
        self.db.commit()

    def __contains__(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE url = ?", (url,)).fetchone() is not None

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM seen").fetchone()[0]

    def add_many(self, entries: Iterable[tuple[str, str | None]]) -> int:
        """Record (url, content_hash) pairs in one transaction; returns how many."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(url, digest, now, now) for url, digest in entries]
        with self.db:
            self.db.executemany(
                "INSERT INTO seen (url, content_hash, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET content_hash = coalesce(excluded.content_hash, "
                "content_hash), last_seen = excluded.last_seen",
                rows,
            )
        return len(rows)

    def close(self) -> None:
        self.db.close()
