"""The dataset files are the truth; the seen-store is an index of them.

What a dataset holds is read here from its files: the run files (`runs/*.parquet`, `runs/*.jsonl`)
and the compacted `articles/**/*.parquet`. Each file has a signature (its size and modification
time) so that the seen-store can note which files it has absorbed and catch up with the ones it
has not: those of a run killed between storing its files and its commit, those written while the
store could not be reached, or all of them when the store was lost or damaged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from newscrawler.exporters.layout import articles_dir, runs_dir
from newscrawler.exporters.parquet import open_parquet

if TYPE_CHECKING:
    from newscrawler.state.store import SeenStore

logger = logging.getLogger(__name__)

Entry = tuple[str, str | None]
"""(url, content_hash) of one stored article."""


class UnreadableFile(Exception):
    """A dataset file whose articles cannot be read back."""


def signature(path: Path) -> str:
    """Changes whenever the file is replaced or rewritten."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def dataset_files(dataset_dir: str | Path, spider: str) -> dict[Path, str]:
    """Every visible data file of the spider's dataset, with its signature. Hidden names (the
    temporary files of a write in progress) are not data."""
    runs, articles = runs_dir(dataset_dir, spider), articles_dir(dataset_dir, spider)
    found = [*runs.glob("*.parquet"), *runs.glob("*.jsonl"), *articles.rglob("*.parquet")]
    files = {}
    for path in sorted(found):
        if path.name.startswith((".", "_")):
            continue
        try:
            files[path] = signature(path)
        except FileNotFoundError:  # pruned or swapped away since listed
            continue
    return files


def file_key(dataset_dir: str | Path, path: Path) -> str:
    """A file's name in the seen-store: its path inside DATASET_DIR."""
    try:
        return str(path.relative_to(dataset_dir))
    except ValueError:
        return str(path)


def stored_articles(path: Path) -> Iterator[Entry]:
    """(url, content_hash) of every article a Parquet or JSON Lines file holds."""
    try:
        if path.suffix == ".parquet":
            parquet = open_parquet(path)
            wanted = [c for c in ("url", "content_hash") if c in parquet.schema_arrow.names]
            table = parquet.read(columns=wanted, use_threads=False)
            urls = table["url"].to_pylist()
            hashes = table["content_hash"].to_pylist() if "content_hash" in wanted else None
            yield from zip(urls, hashes or [None] * len(urls), strict=True)
            return
        with path.open("rb") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    yield row["url"], row.get("content_hash")
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        raise UnreadableFile(f"{path}: {exc}") from exc


@dataclass
class Absorbed:
    """What `absorb` added to a store."""

    files: int = 0
    articles: int = 0
    unreadable: list[str] = field(default_factory=list)


def absorb(store: SeenStore, dataset_dir: str | Path, spider: str) -> Absorbed:
    """Add to `store` the articles of every dataset file it has not absorbed in its current
    form, in one write. An unreadable file is left out (and named), to be tried again."""
    absorbed = store.absorbed()
    entries: dict[str, str | None] = {}
    files: dict[str, str] = {}
    done = Absorbed()
    for path, sig in dataset_files(dataset_dir, spider).items():
        key = file_key(dataset_dir, path)
        if absorbed.get(key) == sig:
            continue
        try:
            entries.update(stored_articles(path))
        except UnreadableFile as exc:
            done.unreadable.append(str(exc))
            continue
        files[key] = sig
    if files:
        done.files = len(files)
        done.articles = store.add_many(entries.items(), files)
    return done
