"""Stories: the articles of every source whose bodies are near duplicates, under one `story_id`.

    <DATASET_DIR>/_stories/index.parquet     one row per compacted article of every source: its
                                             body's MinHash signature and story (the index)
    <DATASET_DIR>/_stories/stories.parquet   one row per story: story_id, members, sources,
                                             first_published

One folder for all sources, since a story crosses them (a mail.kz repost of a zakon.kz article);
its name starts with '_', so it is no source's folder and no `*/articles/**` glob reaches it.

`scrapy compact <source>` updates it under a lock (`_stories/.lock`, so compactions of two
sources take turns): the source's rows are replaced by its new ones, a body whose content hash the
index already holds keeps its signature, and only new or changed bodies are hashed. Stories are
then the connected components of near-duplicate pairs (nearduplicates.py) over the whole index,
recomputed from the stored signatures, and a story's id is the url of its earliest-published
member (published_at, else crawled_at; ties by url): deterministic given the members, so it
changes only when an earlier member joins, or a member leaves.

The index records, per source, a stamp of the articles/ tree its rows came from. A source whose
tree no longer matches (compacted by an older version, or killed between the swap and the index
write), or whose rows are missing, is read again from its articles/; a source whose folder is gone
leaves the index. Another source's files keep the story_id of their last compaction: the update
says which sources then hold an older one, to be compacted again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newscrawler.atomic_files import atomic_write, make_folder
from newscrawler.exporters.layout import articles_dir
from newscrawler.exporters.nearduplicates import (
    PERMUTATIONS,
    SIGNATURE_BYTES,
    SKETCH,
    components,
    pairs,
    signatures,
)
from newscrawler.exporters.parquet import open_parquet, parquet_writer, read_parquet
from newscrawler.exporters.schema import TIMESTAMP

STORIES_DIR = "_stories"


def _field(name: str, kind: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, kind, nullable=nullable, metadata={"doc": doc})


_URLS = pa.list_(pa.field("element", pa.string()))
INDEX_SCHEMA = pa.schema(
    [
        _field("dataset", pa.string(), "Source folder under DATASET_DIR, e.g. 'mailkz'.", False),
        _field("url", pa.string(), "The article's url (its key in the source's articles/).", False),
        _field("site", pa.string(), "The article's site."),
        _field("published", TIMESTAMP, "published_at, else crawled_at: orders a story."),
        _field("content_hash", pa.string(), "sha256 of the body; null without a body."),
        _field(
            "signature",
            pa.binary(SIGNATURE_BYTES),
            f"{PERMUTATIONS} little-endian uint32 MinHash slots; zeros for a body without words.",
            False,
        ),
        _field("story_id", pa.string(), "The article's story now.", False),
        _field("filed_story_id", pa.string(), "The story_id its source's files hold."),
    ]
)
STORIES_SCHEMA = pa.schema(
    [
        _field(
            "story_id", pa.string(), "The url of the story's earliest-published article.", False
        ),
        _field("members", _URLS, "Urls of its articles, earliest first (ties by url).", False),
        _field("sources", _URLS, "Sites its articles come from, sorted.", False),
        _field("first_published", TIMESTAMP, "published_at (else crawled_at) of its first."),
    ]
)
_READ = ["url", "site", "published_at", "crawled_at", "body"]


@dataclass
class StoriesUpdate:
    """What a compaction did to the stories, for its summary."""

    sketched: int = 0
    """Bodies hashed this time: new or changed ones; every other signature came from the index."""
    reused: int = 0
    stories: int = 0
    """Stories of the compacted source with more than one article (of any source)."""
    grouped: int = 0
    """The compacted source's articles in those stories."""
    exact_duplicates: list[list[str]] = field(default_factory=list)
    """Urls of one site with the very same body, one list per body (the compacted source)."""
    stale: dict[str, int] = field(default_factory=dict)
    """Source -> its articles whose files hold another story_id than the index now."""
    reread: list[str] = field(default_factory=list)
    """Other sources read again from their articles/ (index missing, stale or made otherwise)."""


def stories_dir(dataset_dir: str | Path) -> Path:
    return Path(dataset_dir) / STORIES_DIR


@contextmanager
def stories_lock(dataset_dir: str | Path) -> Iterator[None]:
    """Held while a compaction reads and rewrites the index: compactions of two sources wait for
    each other here, since each rewrites the rows of all."""
    folder = stories_dir(dataset_dir)
    make_folder(folder)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def tree_stamp(articles: Path) -> str:
    """Names, sizes and modification times of a source's articles/ files, hashed: compaction
    replaces them whole, so a changed stamp means rows the index may not hold."""
    lines = sorted(
        f"{p.relative_to(articles)} {p.stat().st_size} {p.stat().st_mtime_ns}"
        for p in articles.rglob("*.parquet")
        if not p.name.startswith((".", "_"))
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _sources(dataset_dir: Path) -> list[str]:
    """Folders under DATASET_DIR holding an articles/ tree."""
    return sorted(
        d.name
        for d in dataset_dir.iterdir()
        if not d.name.startswith((".", "_")) and (d / "articles").is_dir()
    )


def _signature_column(sigs: np.ndarray) -> pa.Array:
    data = pa.py_buffer(np.ascontiguousarray(sigs, dtype="<u4").tobytes())
    return pa.Array.from_buffers(pa.binary(SIGNATURE_BYTES), len(sigs), [None, data])


def _signature_matrix(column: pa.ChunkedArray) -> np.ndarray:
    array = column.combine_chunks() if column.num_chunks else pa.array([], column.type)
    flat = np.frombuffer(array.buffers()[1], dtype="<u4") if len(array) else np.zeros(0, "<u4")
    start = array.offset * PERMUTATIONS
    return flat[start : start + len(array) * PERMUTATIONS].reshape(len(array), PERMUTATIONS)


def _content_hashes(bodies: pa.ChunkedArray | pa.Array) -> list[str | None]:
    return [hashlib.sha256(b.encode()).hexdigest() if b else None for b in bodies.to_pylist()]


class StoryIndex:
    """The index while one source is compacted: `open`, `add` its rows, `assign`, `save`."""

    def __init__(self, dataset_dir: str | Path, name: str) -> None:
        self.dataset_dir = Path(dataset_dir)
        self.name = name
        self.path = stories_dir(dataset_dir) / "index.parquet"
        self.update = StoriesUpdate()
        self._kept: list[pa.Table] = []
        self._added: list[pa.Table] = []
        self._known: dict[str, np.ndarray] = {}
        self._stamps: dict[str, str] = {}
        self._table: pa.Table | None = None
        self._stories: pa.Table = STORIES_SCHEMA.empty_table()

    def open(self) -> None:
        """Read the index; keep the rows of the other sources whose trees it still matches,
        read the others again from their articles/."""
        old = self._read()
        sources = _sources(self.dataset_dir)
        if old is not None:
            stamps = json.loads(old.schema.metadata[b"trees"])
            sigs = _signature_matrix(old["signature"])
            hashes = old["content_hash"].to_pylist()
            self._known = {h: sigs[i] for i, h in enumerate(hashes) if h is not None}
        else:
            stamps = {}
        for source in sources:
            if source == self.name:
                continue
            stamp = tree_stamp(articles_dir(self.dataset_dir, source))
            self._stamps[source] = stamp
            if old is not None and stamps.get(source) == stamp:
                self._kept.append(old.filter(pc.equal(old["dataset"], source)))
                continue
            self.update.reread.append(source)
            for path in sorted(articles_dir(self.dataset_dir, source).rglob("*.parquet")):
                if not path.name.startswith((".", "_")):
                    self._kept.append(self._rows(source, _read_articles(path)))

    def _read(self) -> pa.Table | None:
        """The stored index, or None when there is none or it was made with another SKETCH."""
        if not self.path.exists():
            return None
        table = read_parquet(self.path)
        if (table.schema.metadata or {}).get(b"sketch", b"").decode() != SKETCH:
            return None
        return table

    def _rows(self, source: str, table: pa.Table) -> pa.Table:
        """Index rows (story_id still the filed one) of articles with `_READ` columns, hashing
        only the bodies the index does not know."""
        hashes = _content_hashes(table["body"])
        sigs = np.zeros((len(hashes), PERMUTATIONS), np.uint32)
        new = [i for i, h in enumerate(hashes) if h is not None and h not in self._known]
        if new:
            made = signatures(table["body"].take(new).combine_chunks())
            for i, sig in zip(new, made, strict=True):
                self._known[hashes[i]] = sig
        for i, h in enumerate(hashes):
            if h is not None:
                sigs[i] = self._known[h]
        self.update.sketched += len(new)
        self.update.reused += sum(h is not None for h in hashes) - len(new)
        filed = table["story_id"] if "story_id" in table.column_names else None
        if filed is None:
            filed = pa.nulls(len(table), pa.string())
        published = pc.coalesce(table["published_at"], table["crawled_at"])
        columns = {
            "dataset": pa.array([source] * len(table), pa.string()),
            "url": table["url"],
            "site": table["site"],
            "published": published.cast(TIMESTAMP),
            "content_hash": pa.array(hashes, pa.string()),
            "signature": _signature_column(sigs),
            "story_id": pc.coalesce(filed, table["url"]),
            "filed_story_id": filed,
        }
        return pa.table(columns, schema=INDEX_SCHEMA)

    def add(self, table: pa.Table) -> None:
        """This source's compacted rows (one partition, bodies cleaned as they will be filed)."""
        self._added.append(self._rows(self.name, table.select(_READ)))
        pa.default_memory_pool().release_unused()  # a partition's text, not kept

    def assign(self) -> dict[str, str]:
        """Group every indexed article into stories; url -> story_id for this source."""
        parts, self._kept, self._added, self._known = self._kept + self._added, [], [], {}
        table = pa.concat_tables(parts) if parts else INDEX_SCHEMA.empty_table()
        table = table.sort_by([("dataset", "ascending"), ("url", "ascending")])
        del parts
        hashes = table["content_hash"]
        sigs = _signature_matrix(table["signature"])
        body_ids, first_row = _unique(hashes.to_pylist())
        group = components(len(first_row), pairs(sigs[first_row]))
        node = np.where(body_ids >= 0, group[np.maximum(body_ids, 0)], -1)
        node = np.where(node >= 0, node, len(first_row) + np.arange(len(table)))
        table = table.append_column("node", pa.array(node))
        order = pc.sort_indices(
            table, [("node", "ascending"), ("published", "ascending"), ("url", "ascending")]
        ).to_numpy()
        nodes = node[order]
        starts = np.flatnonzero(np.concatenate([[True], nodes[1:] != nodes[:-1]]))
        first_urls = table["url"].take(order[starts])
        story = np.empty(len(table), np.int64)
        story[order] = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(order))))
        story_ids = first_urls.take(pa.array(story))
        filed = pc.equal(table["dataset"], self.name)
        table = table.set_column(
            table.schema.get_field_index("story_id"), INDEX_SCHEMA.field("story_id"), story_ids
        )
        table = table.set_column(
            table.schema.get_field_index("filed_story_id"),
            INDEX_SCHEMA.field("filed_story_id"),
            pc.if_else(filed, story_ids, table["filed_story_id"]),
        )
        self._table = table
        self._stories = _stories_table(table, order, starts)
        self._report(table, node)
        mine = table.filter(filed)
        return dict(zip(mine["url"].to_pylist(), mine["story_id"].to_pylist(), strict=True))

    def _report(self, table: pa.Table, node: np.ndarray) -> None:
        mine = pc.equal(table["dataset"], self.name).to_numpy(zero_copy_only=False)
        shared = mine & (np.bincount(node)[node] > 1)
        self.update.grouped = int(shared.sum())
        self.update.stories = len(np.unique(node[shared]))
        stale = pc.not_equal(table["story_id"], table["filed_story_id"]).fill_null(True)
        self.update.stale = dict(
            sorted(Counter(table["dataset"].filter(stale).to_pylist()).items())
        )
        bodies: dict[tuple[str, str], list[str]] = {}
        own = table.filter(pa.array(mine))
        for site, digest, url in zip(
            *(own[c].to_pylist() for c in ("site", "content_hash", "url")), strict=True
        ):
            if digest is not None:
                bodies.setdefault((site, digest), []).append(url)
        self.update.exact_duplicates = [urls for urls in bodies.values() if len(urls) > 1]

    def save(self) -> None:
        """Write the index, stamped with this source's new articles/ tree, then the stories
        table; each file whole or not at all. Called after the source's tree is swapped in."""
        assert self._table is not None, "assign() first"
        stamps = {**self._stamps, self.name: tree_stamp(articles_dir(self.dataset_dir, self.name))}
        metadata = {"sketch": SKETCH, "trees": json.dumps(dict(sorted(stamps.items())))}
        index = self._table.drop_columns(["node"]).replace_schema_metadata(metadata)
        for table, name in ((index, "index.parquet"), (self._stories, "stories.parquet")):
            with atomic_write(stories_dir(self.dataset_dir) / name) as f:
                writer = parquet_writer(f, table.schema)
                writer.write_table(table, row_group_size=50_000)
                writer.close()


def _read_articles(path: Path) -> pa.Table:
    """The columns the index needs from one articles/ file (story_id only where it exists)."""
    names = open_parquet(path).schema_arrow.names
    return read_parquet(path, columns=[*_READ, *(["story_id"] if "story_id" in names else [])])


def _unique(hashes: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's distinct-body number (-1 without a body) and each body's first row."""
    number: dict[str, int] = {}
    ids = np.array([-1 if h is None else number.setdefault(h, len(number)) for h in hashes])
    first = np.zeros(len(number), np.int64)
    for row in reversed(range(len(hashes))):
        if ids[row] >= 0:
            first[ids[row]] = row
    return ids.astype(np.int64), first


def _stories_table(table: pa.Table, order: np.ndarray, starts: np.ndarray) -> pa.Table:
    """One row per story, members earliest first, sorted by first_published then story_id."""
    urls = table["url"].take(order)
    offsets = pa.array(np.append(starts, len(order)).astype(np.int32))
    members = pa.ListArray.from_arrays(offsets, urls.combine_chunks())
    sites = table["site"].take(order).to_pylist()
    bounds = np.append(starts, len(order)).tolist()
    sources = [
        [sites[a]] if b - a == 1 and sites[a] is not None else sorted(set(sites[a:b]) - {None})
        for a, b in pairwise(bounds)
    ]
    first = order[starts]
    stories = pa.table(
        {
            "story_id": table["url"].take(first),
            "members": members,
            "sources": pa.array(sources, _URLS),
            "first_published": table["published"].take(first),
        },
        schema=STORIES_SCHEMA,
    )
    return stories.sort_by([("first_published", "ascending"), ("story_id", "ascending")])


def with_story_ids(table: pa.Table, story_ids: dict[str, str]) -> pa.Table:
    """`table` (articles) with its story_id column set from `story_ids` (url -> story_id)."""
    index = table.schema.get_field_index("story_id")
    values = pa.array([story_ids[url] for url in table["url"].to_pylist()], pa.string())
    return table.set_column(index, table.schema.field(index), values)
