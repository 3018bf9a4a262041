"""Fold a dataset's run files into `articles/`: one row per url, partitioned by language and month.

The inputs are every run plus the current `articles/` itself, so runs can be pruned without losing
what they held. Per url the newest crawl wins (latest crawled_at; on a tie the later run). Two
passes keep memory to the key columns plus one partition: pass one reads only url, lang and the
two timestamps and picks the winners; pass two builds each partition from the row groups that
hold its winners. The result is deterministic (rows sorted by published_at then url, fixed file
names, no timestamps in the files), so compacting twice gives byte-identical files.

Rows are cleaned on the way: template lines learned since a row was crawled come out of its body
(its word_count, content_hash and text language made anew), and a row written before `text_lang`
existed gets it detected from its body (about 1.5 ms a row: once, when its run is pruned; until
then the run's row wins again, a tie with its compacted copy, and is detected again).

Each row's story_id comes from the story index that all sources share (stories.py): the staged
partitions feed it their cleaned bodies as they are written, and once it has grouped them those
whose story_ids changed are written again; the index is saved after the swap.

The new tree is written to a hidden staging folder beside `articles/` and swapped in by one atomic
exchange (Linux; elsewhere two renames, old away and new in), then the old tree is deleted; a lock
file keeps two compactions apart, and whatever a killed compaction left is cleared by the next.
"""

from __future__ import annotations

import fcntl
import re
import shutil
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newscrawler.atomic_files import atomic_write, exchange, fsync_dir
from newscrawler.exporters.layout import (
    articles_dir,
    partition_month,
    partition_path,
    runs_dir,
)
from newscrawler.exporters.parquet import open_parquet, parquet_writer, read_parquet
from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.exporters.stories import StoriesUpdate, StoryIndex, stories_lock, with_story_ids
from newscrawler.items import join_paragraphs, split_body
from newscrawler.pipelines.cleaning import fingerprint
from newscrawler.pipelines.language import detect
from newscrawler.state.lines import LineStore, learn_template, without_template

_KEYS = ["url", "lang", "published_at", "crawled_at"]
_LANG = re.compile(r"[a-z]{2,3}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class CompactionError(Exception):
    """Compaction cannot proceed; nothing under articles/ or runs/ was changed."""


@dataclass
class CompactionResult:
    rows: int
    runs: list[Path]
    partitions: list[Path]
    recovered: bool
    pruned: list[Path] = field(default_factory=list)
    template_removed: int = 0
    """Paragraphs removed as template lines learned from the whole dataset (state/lines.py)."""
    text_lang_filled: int = 0
    """Rows written before text_lang existed, whose language was detected now."""
    stories: StoriesUpdate = field(default_factory=StoriesUpdate)


def _visible(paths: Iterator[Path]) -> list[Path]:
    """Dataset files, skipping hidden and temporary ones as pyarrow does (names `.x` and `_x`)."""
    return sorted(p for p in paths if not p.name.startswith((".", "_")))


@contextmanager
def _lock(base: Path) -> Iterator[None]:
    with (base / ".compact.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CompactionError(f"another compaction of {base} is running") from None
        yield


def conform(table: pa.Table, source: Path) -> pa.Table:
    """`table` with exactly the ArticleItem schema: columns added since `source` was written come
    back as nulls; a column the schema does not know is an error, never silently dropped."""
    extra = sorted(set(table.column_names) - set(ARTICLE_SCHEMA.names))
    if extra:
        raise CompactionError(f"{source}: columns not in ArticleItem: {extra}")
    columns = []
    for f in ARTICLE_SCHEMA:
        if f.name in table.column_names:
            columns.append(table[f.name].cast(f.type))
        elif f.nullable:
            columns.append(pa.nulls(table.num_rows, f.type))
        else:
            raise CompactionError(f"{source}: lacks the required column {f.name}")
    return pa.Table.from_arrays(columns, schema=ARTICLE_SCHEMA)


def _read_keys(sources: list[Path]) -> pa.Table:
    tables = []
    for i, path in enumerate(sources):
        try:
            keys = read_parquet(path, columns=_KEYS)
        except (OSError, pa.ArrowException) as e:
            raise CompactionError(f"{path}: unreadable Parquet file: {e}") from None
        n = keys.num_rows
        keys = keys.append_column("source", pa.array([i] * n, pa.int32()))
        tables.append(keys.append_column("row", pa.array(range(n), pa.int64())))
    return pa.concat_tables(tables, promote_options="permissive")


def _winners(keys: pa.Table) -> pa.Table:
    """One key row per url: the newest crawled_at, ties broken by the later source, then row."""
    order = [("url", "ascending"), ("crawled_at", "descending")]
    ranked = keys.sort_by([*order, ("source", "descending"), ("row", "descending")])
    urls = ranked["url"]
    first = pc.not_equal(urls.slice(1), urls.slice(0, len(urls) - 1))
    return ranked.filter(pa.concat_arrays([pa.array([True]), *first.chunks]))


def _partitions(winners: pa.Table) -> dict[tuple[str, int, int], list[tuple[int, int]]]:
    """(lang, year, month) -> sorted [(source, row)] of the winners filed there."""
    groups: dict[tuple[str, int, int], list[tuple[int, int]]] = defaultdict(list)
    undated = []
    columns = (winners[c].to_pylist() for c in ["url", "lang", *_KEYS[2:], "source", "row"])
    for url, lang, published_at, crawled_at, source, row in zip(*columns, strict=True):
        if not _LANG.fullmatch(lang):
            raise CompactionError(f"{url}: lang {lang!r} is not a 2-3 letter language code")
        if published_at is None and crawled_at is None:
            undated.append(url)
            continue
        groups[(lang, *partition_month(published_at, crawled_at))].append((source, row))
    if undated:
        raise CompactionError(
            f"{len(undated)} rows have neither published_at nor crawled_at, so no month to file "
            f"them under: {undated[:5]}"
        )
    return {key: sorted(rows) for key, rows in sorted(groups.items())}


def _gather(sources: list[Path], rows: list[tuple[int, int]]) -> pa.Table:
    """The full rows at (source, row), reading only the row groups that hold them."""
    by_source: dict[int, list[int]] = defaultdict(list)
    for source, row in rows:
        by_source[source].append(row)
    pieces = []
    for source, wanted in sorted(by_source.items()):
        pf = open_parquet(sources[source])
        sizes = [pf.metadata.row_group(g).num_rows for g in range(pf.metadata.num_row_groups)]
        starts = list(accumulate(sizes, initial=0))
        group_of = [bisect_right(starts, r) - 1 for r in wanted]
        groups = sorted(set(group_of))
        offsets = dict(zip(groups, accumulate((sizes[g] for g in groups), initial=0), strict=False))
        local = [offsets[g] + r - starts[g] for r, g in zip(wanted, group_of, strict=True)]
        pieces.append(
            conform(pf.read_row_groups(groups, use_threads=False).take(local), sources[source])
        )
    table = pa.concat_tables(pieces)
    return table.sort_by([("published_at", "ascending"), ("url", "ascending")])


def _bodies(table: pa.Table) -> Iterator[tuple[str, list[str]]]:
    """(site, paragraphs) of each row with a body."""
    for site, body in zip(
        table.column("site").to_pylist(), table.column("body").to_pylist(), strict=True
    ):
        if body:
            yield site, split_body(body)


def _set_columns(table: pa.Table, columns: dict[str, list[Any]]) -> pa.Table:
    for name, values in columns.items():
        f = table.schema.field(name)
        table = table.set_column(table.schema.get_field_index(name), f, pa.array(values, f.type))
    return table


def _clean(table: pa.Table, template: Callable[[str, list[str]], set[str]]) -> tuple[pa.Table, int]:
    """The rows without the template lines learned since they were exported, their word_count,
    content_hash and text language made anew; a body that would be left empty stays as it was."""
    sites = table.column("site").to_pylist()
    bodies = table.column("body").to_pylist()
    removed = 0
    changed = []
    for i, (site, body) in enumerate(zip(sites, bodies, strict=True)):
        if not body:
            continue
        paras = split_body(body)
        kept = without_template(paras, template(site, paras))
        if kept and len(kept) < len(paras):
            removed += len(paras) - len(kept)
            bodies[i] = join_paragraphs(kept)
            changed.append(i)
    if not removed:
        return table, 0
    counts, hashes = zip(*map(fingerprint, bodies), strict=True)
    langs = table.column("text_lang").to_pylist()
    scores = table.column("text_lang_score").to_pylist()
    for i in changed:
        found = detect(bodies[i])
        langs[i], scores[i] = found.lang, found.score
    columns = {"body": bodies, "word_count": counts, "content_hash": hashes}
    columns |= {"text_lang": langs, "text_lang_score": scores}
    return _set_columns(table, columns), removed


def _fill_text_lang(table: pa.Table) -> tuple[pa.Table, int]:
    """text_lang and its score detected for the rows that lack it (written before it existed);
    the number of rows filled."""
    langs = table.column("text_lang").to_pylist()
    missing = [i for i, lang in enumerate(langs) if lang is None]
    if not missing:
        return table, 0
    bodies = table.column("body").to_pylist()
    scores = table.column("text_lang_score").to_pylist()
    for i in missing:
        found = detect(bodies[i])
        langs[i], scores[i] = found.lang, found.score
    return _set_columns(table, {"text_lang": langs, "text_lang_score": scores}), len(missing)


def _write(table: pa.Table, path: Path, row_group_size: int) -> None:
    with atomic_write(path) as f:
        writer = parquet_writer(f, ARTICLE_SCHEMA)
        writer.write_table(table, row_group_size=row_group_size)
        writer.close()


def file_story_ids(path: Path, story_ids: dict[str, str], row_group_size: int) -> bool:
    """Write a staged partition again with its rows' story_id (url -> story_id), unless it holds
    them already (its rows came from articles/ and their stories did not change): True when
    written. An incremental compaction so rewrites only the partitions its new rows touch."""
    filed = read_parquet(path, columns=["url", "story_id"])
    if filed["story_id"].to_pylist() == [story_ids[url] for url in filed["url"].to_pylist()]:
        return False
    _write(with_story_ids(read_parquet(path), story_ids), path, row_group_size)
    return True


def _swap(base: Path, staging: Path, articles: Path) -> None:
    """Put the staging tree in as articles/: one atomic exchange where the system offers it
    (the old tree lands under the staging name), else two renames with a moment between them
    when articles/ is absent (`_recover` closes it if the process dies there)."""
    if articles.exists() and exchange(staging, articles):
        fsync_dir(base)
        shutil.rmtree(staging)
        return
    old = base / ".articles.old"
    if articles.exists():
        articles.rename(old)
    staging.rename(articles)
    fsync_dir(base)
    shutil.rmtree(old, ignore_errors=True)


def _recover(base: Path, articles: Path) -> bool:
    """Undo what a killed compaction left: a half-built staging tree, or articles/ renamed away.
    True when articles/ had to be restored."""
    old = base / ".articles.old"
    restored = old.exists() and not articles.exists()
    if restored:
        old.rename(articles)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(base / ".articles.staging", ignore_errors=True)
    return restored


def compact(
    dataset_dir: str | Path,
    name: str,
    *,
    row_group_size: int,
    prune: bool = False,
    known: LineStore | None = None,
) -> CompactionResult:
    """Rebuild `<dataset_dir>/<name>/articles/` from its runs and its current contents.

    Template lines (state/lines.py) are learned from the dataset's articles and taken from
    `known`, the crawls' line counts (their pages were cleaned as they were crawled, so the
    dataset alone undercounts those lines), and removed from every row."""
    if not _NAME.fullmatch(name):
        raise CompactionError(f"{name!r} is not a dataset name")
    base = Path(dataset_dir) / name
    runs, articles = runs_dir(dataset_dir, name), articles_dir(dataset_dir, name)
    if not base.is_dir():
        raise CompactionError(f"no dataset {name!r} under {dataset_dir}")
    with _lock(base), stories_lock(dataset_dir):
        recovered = _recover(base, articles)
        run_files = _visible(runs.glob("*.parquet"))
        sources = _visible(articles.rglob("*.parquet")) + run_files
        if not sources:
            raise CompactionError(f"nothing to compact: no run files in {runs}")
        partitions = _partitions(_winners(_read_keys(sources)))
        learned = learn_template(
            pair for rows in partitions.values() for pair in _bodies(_gather(sources, rows))
        )

        def template(site: str, paras: list[str]) -> set[str]:
            found = learned.get(site, set())
            return found | known.template(site, paras) if known is not None else found

        index = StoryIndex(dataset_dir, name)
        index.open()
        staging = base / ".articles.staging"
        written, cleaned, filled = [], 0, 0
        for (lang, year, month), rows in partitions.items():
            path = partition_path(name, lang, year, month)
            table, detected = _fill_text_lang(_gather(sources, rows))
            table, removed = _clean(table, template)
            index.add(table)
            _write(table, staging / path, row_group_size)
            written.append(path)
            cleaned += removed
            filled += detected
        story_ids = index.assign()
        for path in written:
            file_story_ids(staging / path, story_ids, row_group_size)
        staging.mkdir(exist_ok=True)
        fsync_dir(staging)
        _swap(base, staging, articles)
        index.save()
        rows = sum(map(len, partitions.values()))
        result = CompactionResult(
            rows,
            run_files,
            written,
            recovered,
            template_removed=cleaned,
            text_lang_filled=filled,
            stories=index.update,
        )
        if prune:
            for run in run_files:
                for path in (run, run.with_suffix(".jsonl")):
                    if path.exists():
                        path.unlink()
                        result.pruned.append(path)
    return result
