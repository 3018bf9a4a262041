"""The seen-store: article URLs already exported, with their content hash.

SQLite in WAL mode under STATE_DIR; one file per spider. Writes happen once per run, in one
transaction, after the run's output files are verified (see state/incremental.py). Beside the urls
it keeps which dataset files it has absorbed (name -> signature, state/files.py), so that a run
can tell that the store is behind the files and catch up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY,
    content_hash TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY,
    signature TEXT NOT NULL
);
"""


class StoreDamaged(Exception):
    """The store's file is not a sound SQLite database (truncated, overwritten, malformed)."""


class SqliteSeenStore:
    def __init__(self, path: Path) -> None:
        """Open (or create) the store; StoreDamaged when the file is not a sound database,
        OSError or sqlite3.Error when it cannot be opened at all (an unwritable folder)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.location = str(path)
        self.db = sqlite3.connect(path, timeout=30)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            check = self.db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StoreDamaged(f"{path}: {check[0] if check else 'no answer'}")
            self.db.executescript(_SCHEMA)
        except sqlite3.OperationalError:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreDamaged(f"{path}: {exc}") from exc
        except StoreDamaged:
            self.db.close()
            raise

    def __contains__(self, url: object) -> bool:
        return (
            isinstance(url, str)
            and self.db.execute("SELECT 1 FROM seen WHERE url = ?", (url,)).fetchone() is not None
        )

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM seen").fetchone()[0]

    def absorbed(self) -> dict[str, str]:
        """The dataset files whose articles the store holds: name -> signature."""
        return dict(self.db.execute("SELECT name, signature FROM files"))

    def add_many(
        self, entries: Iterable[tuple[str, str | None]], files: Mapping[str, str] | None = None
    ) -> int:
        """Record (url, content_hash) pairs, and the dataset files they were read from, in one
        transaction; returns how many pairs."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(url, digest, now, now) for url, digest in entries]
        with self.db:
            self.db.executemany(
                "INSERT INTO seen (url, content_hash, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET content_hash = coalesce(excluded.content_hash, "
                "content_hash), last_seen = excluded.last_seen",
                rows,
            )
            self.db.executemany(
                "INSERT INTO files (name, signature) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET signature = excluded.signature",
                list((files or {}).items()),
            )
        return len(rows)

    def close(self) -> None:
        self.db.close()


def set_aside(path: Path) -> Path | None:
    """Move a store (and its WAL files) out of the way, keeping it to look at; None if absent."""
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.old-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.replace(aside.with_name(aside.name + suffix))
    return aside
