"""The parser fuzz runner: mutated fixture pages through the whole item path in worker processes,
each page under a time limit, every outcome classified.

Workers, not threads: a page that hangs (or crashes the interpreter) is caught by the parent, which
kills the worker and reports the case; every case is reproducible from (seed, index) alone
(`page_mutations.fuzz_case`). A module, not conftest, so its name is unique on sys.path.
"""

from __future__ import annotations

import io
import json
import logging
import multiprocessing as mp
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

import pyarrow.parquet as pq
from page_mutations import fixture_pages, fuzz_case
from scrapy.exceptions import DropItem

from newscrawler.exporters.jsonl import JsonLinesItemExporter
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.itempath import ItemPath
from newscrawler.items import ArticleItem, record
from newscrawler.spiders.sources import MailkzSpider

MARKERS: tuple[str, ...] = (
    "Источник:", "Подписывайтесь на наш", "Мы работаем для Вас", "Читайте также",
    "Читайте еще", "Посмотреть эту публикацию", "© Фото", "Будьте в курсе всех событий",
    "Нашли ошибку?",
)  # fmt: skip
"""Boilerplate no body may hold, whatever happened to the page (fixed strings, not the rules)."""
REASON_PREFIXES = ("extract/dropped/", "failures/", "validation/dropped/", "dedup/dropped/")


@dataclass
class Outcome:
    index: int
    fixture: str
    ops: tuple[str, ...]
    kind: str  # item, dropped, rejected, crash
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def classify(index: int, seed: int, pages: list[Any]) -> Outcome:
    """Run case `index` through a fresh item path (no dedup across cases) and judge the result."""
    page = fuzz_case(pages, seed, index)
    outcome = Outcome(index, page.name, page.ops, "crash")
    path = ItemPath(MailkzSpider)
    began = time.perf_counter()
    try:
        result = path.process(page.url, page.body, page.headers, page.fetched_at)
    except Exception:
        outcome.problems.append(traceback.format_exc(limit=-4))
        return outcome
    finally:
        outcome.seconds = time.perf_counter() - began
    outcome.reasons = sorted(k for k in path.stats if k.startswith(REASON_PREFIXES))
    if isinstance(result, ArticleItem):
        outcome.kind = "item"
        outcome.problems += [f"marker {m!r} in body" for m in MARKERS if m in (result.body or "")]
        outcome.problems += round_trip_problems(result)
    else:
        outcome.kind = "dropped" if isinstance(result, DropItem) else "rejected"
        if len(outcome.reasons) != 1:
            outcome.problems.append(f"expected one counted reason, got {outcome.reasons}")
    return outcome


def round_trip_problems(item: ArticleItem) -> list[str]:
    """An item the path produces must export to both formats and read back unchanged."""
    problems = []
    jsonl, parquet = io.BytesIO(), io.BytesIO()
    for exporter in (JsonLinesItemExporter(jsonl), ParquetItemExporter(parquet)):
        exporter.start_exporting()
        exporter.export_item(item)
        exporter.finish_exporting()
    row = json.loads(jsonl.getvalue())
    if row != record(item):
        problems.append("JSONL row differs from the item")
    # Not pq.read_table: on a Python file object it can leave the buffer to an Arrow thread
    # that frees it during interpreter exit and aborts the process (pyarrow 26).
    table = pq.ParquetFile(io.BytesIO(parquet.getvalue())).read()
    if table.num_rows != 1 or table["body"][0].as_py() != item.body:
        problems.append("Parquet row differs from the item")
    return problems


def worker(seed: int, indices: list[int], conn: Connection) -> None:
    """Classify `indices` in order, saying when each starts so the parent can time it."""
    logging.disable(logging.WARNING)  # every rejection logs a warning: thousands of them
    pages = fixture_pages()
    for index in indices:
        conn.send(("start", index))
        conn.send(("done", asdict(classify(index, seed, pages))))
    conn.send(("end", None))


@dataclass
class Report:
    seed: int
    cases: int
    outcomes: list[Outcome] = field(default_factory=list)
    hung: list[tuple[int, float]] = field(default_factory=list)  # (index, seconds) when killed

    @property
    def kinds(self) -> Counter[str]:
        return Counter(o.kind for o in self.outcomes)

    @property
    def reasons(self) -> Counter[str]:
        return Counter(r for o in self.outcomes if o.kind != "item" for r in o.reasons)

    @property
    def bad(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == "crash" or o.problems]

    @property
    def slowest(self) -> Outcome | None:
        return max(self.outcomes, key=lambda o: o.seconds, default=None)


def run(seed: int, cases: int, *, workers: int = 2, limit: float = 20.0) -> Report:
    """Fuzz `cases` cases on `workers` processes; a case running past `limit` seconds is a hang:
    its worker is killed and the run stops there."""
    ctx = mp.get_context("spawn")
    report = Report(seed, cases)
    live: dict[Connection, tuple[mp.Process, list[Any]]] = {}
    for w in range(workers):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=worker, args=(seed, list(range(w, cases, workers)), send))
        proc.start()
        send.close()
        live[receive] = (proc, [None, 0.0])  # [case running, since]
    try:
        while live:
            for conn in wait(list(live), timeout=0.5):
                proc, current = live[conn]
                try:
                    kind, payload = conn.recv()
                except EOFError:  # the worker died without a word: a crash of the interpreter
                    report.hung.append((current[0], -1.0))
                    del live[conn]
                    continue
                if kind == "start":
                    current[:] = [payload, time.monotonic()]
                elif kind == "done":
                    report.outcomes.append(Outcome(**{**payload, "ops": tuple(payload["ops"])}))
                    current[0] = None
                else:
                    proc.join()
                    del live[conn]
            for conn, (proc, (index, since)) in list(live.items()):
                if index is not None and time.monotonic() - since > limit:
                    report.hung.append((index, time.monotonic() - since))
                    proc.kill()
                    proc.join()
                    del live[conn]
            if report.hung:
                break
    finally:
        for proc, _ in live.values():
            proc.kill()
            proc.join()
    report.outcomes.sort(key=lambda o: o.index)
    return report
