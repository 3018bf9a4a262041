"""Run a scrapy command that SIGKILLs itself at one chosen point: the crash harness's hands.

    python tests/hardening/crash_inject.py POINT ARG -- crawl mailkz -a ...

Each POINT is a place where a real process dies with work half done (cron's kill, the OOM killer,
a reboot), reached by wrapping the function that does that work; nothing in newscrawler knows:

  feed-write FORMAT:N           the Nth byte written to the crawl's parquet or jsonl feed file
                                (row groups and footer, or lines): the bytes before it reach it
  feed-store N:before|after     the Nth feed file renamed into place: just before, or just after
  seen-commit before|during|after   the seen-store transaction (during: rows in, no COMMIT yet)
  compact-write N               the Nth byte compaction writes into its staging partitions
  compact-swap N:before|after   the Nth rename or exchange compaction makes
  compact-delete N              after deleting N files of the replaced tree
  prune N                       after deleting N run files (`scrapy compact --prune`)

Before dying it appends one JSON line {"point", "where"} to the file named by $CRASH_LOG, so the
harness can count where its crashes landed. A point never reached lets the command finish.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy.cmdline import execute

from newscrawler.exporters import compaction, parquet
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.storage import AtomicFileFeedStorage
from newscrawler.state.seen import SqliteSeenStore


def die(point: str, where: str) -> None:
    """Note where, then SIGKILL this process: no cleanup, no atexit, no finally blocks."""
    log = os.environ.get("CRASH_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"point": point, "where": where}) + "\n")
    os.kill(os.getpid(), signal.SIGKILL)


class ByteBudget:
    """Counts bytes written through KillingFiles; the write that crosses `left` is cut there."""

    def __init__(self, point: str, left: int) -> None:
        self.point = point
        self.left = left
        self.phase = ""


class KillingFile:
    """A file object that writes until its budget runs out, then flushes what it has and dies."""

    def __init__(self, file: Any, budget: ByteBudget, label: str) -> None:
        self._file = file
        self._budget = budget
        self._label = label

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        budget = self._budget
        if len(view) >= budget.left:
            self._file.write(view[: budget.left])
            self._file.flush()
            phase = f" {budget.phase}" if self._label == "parquet" else ""
            die(budget.point, f"{self._label}{phase}")
        budget.left -= len(view)
        return self._file.write(view)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _around_nth(point: str, arg: str) -> Callable[[str, Callable[[], Any]], Any]:
    """For 'N:before|after': a step(name, do) that runs `do` and dies just before or just after
    the Nth step."""
    n, when = arg.split(":")
    calls = [0]

    def step(name: str, do: Callable[[], Any]) -> Any:
        calls[0] += 1
        now = calls[0] == int(n)
        if now and when == "before":
            die(point, f"before {name}")
        result = do()
        if now:
            die(point, f"after {name}")
        return result

    return step


def _feed_write(arg: str) -> None:
    fmt, n = arg.split(":")
    budget = ByteBudget("feed-write", int(n))
    open_ = AtomicFileFeedStorage.open
    flush = ParquetItemExporter._flush

    def killing_open(self: AtomicFileFeedStorage, spider: Any) -> Any:
        file = open_(self, spider)
        return KillingFile(file, budget, fmt) if self.path.suffix == f".{fmt}" else file

    def flagged_flush(self: ParquetItemExporter) -> None:
        budget.phase = "row group"
        flush(self)
        budget.phase = "header/footer"

    AtomicFileFeedStorage.open = killing_open  # type: ignore[method-assign]
    ParquetItemExporter._flush = flagged_flush  # type: ignore[method-assign]
    budget.phase = "header/footer"


def _feed_store(arg: str) -> None:
    step = _around_nth("feed-store", arg)
    store = AtomicFileFeedStorage.store

    def killing_store(self: AtomicFileFeedStorage, file: Any) -> None:
        step(f"renaming the {self.path.suffix} file into place", lambda: store(self, file))

    AtomicFileFeedStorage.store = killing_store  # type: ignore[method-assign]


class _NoCommit:
    """Stands in for the store's connection: the insert runs, the COMMIT never comes."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def __enter__(self) -> Any:
        return self._db.__enter__()

    def __exit__(self, *exc: object) -> None:
        die("seen-commit", "rows inserted, before COMMIT")


def _seen_commit(when: str) -> None:
    add_many = SqliteSeenStore.add_many

    def killing_add_many(self: SqliteSeenStore, entries: Any, files: Any = None) -> int:
        if when == "before":
            die("seen-commit", "before the transaction")
        if when == "during":
            self.db = _NoCommit(self.db)  # type: ignore[assignment]
        added = add_many(self, entries, files)
        die("seen-commit", "after COMMIT")
        return added

    SqliteSeenStore.add_many = killing_add_many  # type: ignore[method-assign]


def _compact_write(arg: str) -> None:
    budget = ByteBudget("compact-write", int(arg))

    def killing_writer(sink: Any, schema: Any) -> Any:
        return parquet.parquet_writer(KillingFile(sink, budget, "a partition"), schema)

    compaction.parquet_writer = killing_writer  # type: ignore[attr-defined]


def _compact_swap(arg: str) -> None:
    step = _around_nth("compact-swap", arg)
    rename, exchange = Path.rename, compaction.exchange

    def killing_rename(self: Path, target: Any) -> Path:
        return step(f"rename {self.name} -> {Path(target).name}", lambda: rename(self, target))

    def killing_exchange(a: Path, b: Path) -> bool:
        return step(f"exchange {a.name} <-> {b.name}", lambda: exchange(a, b))

    Path.rename = killing_rename  # type: ignore[method-assign]
    compaction.exchange = killing_exchange  # type: ignore[attr-defined]


def _compact_delete(arg: str) -> None:
    left = [int(arg)]
    rmtree = shutil.rmtree

    def killing_rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        for folder, _dirs, files in os.walk(path, topdown=False):
            for name in files:
                os.unlink(os.path.join(folder, name))
                left[0] -= 1
                if left[0] == 0:
                    die("compact-delete", f"deleting {Path(path).name}")
        rmtree(path, *args, **kwargs)

    shutil.rmtree = killing_rmtree


def _prune(arg: str) -> None:
    step = _around_nth("prune", f"{arg}:after")
    unlink = Path.unlink

    def killing_unlink(self: Path, missing_ok: bool = False) -> None:
        step(f"deleting a run's {self.suffix} file", lambda: unlink(self, missing_ok))

    Path.unlink = killing_unlink  # type: ignore[method-assign]


POINTS: dict[str, Callable[[str], None]] = {
    "feed-write": _feed_write,
    "feed-store": _feed_store,
    "seen-commit": _seen_commit,
    "compact-write": _compact_write,
    "compact-swap": _compact_swap,
    "compact-delete": _compact_delete,
    "prune": _prune,
}


def main(argv: list[str]) -> None:
    if len(argv) < 4 or argv[2] != "--" or argv[0] not in POINTS:
        sys.exit(f"usage: crash_inject.py {{{','.join(POINTS)}}} ARG -- SCRAPY-ARGS...")
    POINTS[argv[0]](argv[1])
    execute(["scrapy", *argv[3:]])


if __name__ == "__main__":
    main(sys.argv[1:])
