"""Crash anywhere: crawl and compact a fake mail.kz (one of its articles always failing) again and
again, SIGKILL each command at a random point, check after every kill that nothing readable broke
and nothing stored went missing, then finish the work and compare the dataset with one from a
clean, uninterrupted run.

Kill points: a timer (any moment at all), mid-fetch (the fake site kills the crawler with half an
article page sent), and the points of crash_inject.py (mid-write of a Parquet row group, footer or
JSONL line; around each feed rename; around the seen-store COMMIT; mid-write of a compacted
partition; around compaction's swap; while it deletes the old tree; while it prunes runs).

After every command, killed or not:
  - every visible file is whole: each Parquet file reads in pyarrow with the ArticleItem schema and
    in DuckDB; each JSONL/JSON file parses line by line and in DuckDB;
  - articles/ exists once a compaction has made it, and holds each url at most once;
  - nothing stored is lost: every url found in a visible file before is found in one after, and
    every url the seen-store records (so the next crawl skips it) is in a visible file;
  - the seen-store passes SQLite's integrity check.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from crawlrun import FAST, ROOT
from fakesite import FakeSite

from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.state.store import sqlite_path

INJECT = Path(__file__).with_name("crash_inject.py")
CRAWL_POINTS = ("timer", "fetch", "feed-write", "feed-store", "seen-commit")
COMPACT_POINTS = ("timer", "compact-write", "compact-swap", "compact-delete", "prune")
ROW_GROUP = 3  # small row groups: a crawl of a few articles writes several
COMMAND_TIMEOUT = 180


class Broken(AssertionError):
    """An invariant failed: the message says which, after which command."""


@dataclass
class CrashFigures:
    commands: int = 0
    crashes: Counter[str] = field(default_factory=Counter)  # point -> kills that landed
    where: Counter[str] = field(default_factory=Counter)  # "point: where" -> kills
    finished: int = 0  # commands whose point never came
    checks: int = 0
    files_checked: int = 0
    articles: int = 0
    lost: int = 0
    duplicated: int = 0

    def summary(self) -> str:
        return (
            f"{self.commands} commands, {sum(self.crashes.values())} SIGKILLs "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.crashes.items()))}), "
            f"{self.finished} finished first; {self.checks} checks of {self.files_checked} files; "
            f"{self.articles} articles, lost {self.lost}, duplicated {self.duplicated}"
        )


class Workspace:
    """One dataset and seen-store under `root`, crawled from `site`."""

    def __init__(self, root: Path, site: FakeSite, figures: CrashFigures) -> None:
        self.root = root
        self.site = site
        self.figures = figures
        self.datasets = root / "datasets"
        self.base = self.datasets / "mailkz"
        self.state = root / "state"
        self.crash_log = root / "crash.log"
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.stored: set[str] = set()
        self.compacted = False

    def _settings(self) -> list[str]:
        return [
            "-s", f"DATASET_DIR={self.datasets}", "-s", f"STATE_DIR={self.state}",
            "-s", f"PARQUET_ROW_GROUP_SIZE={ROW_GROUP}",
            "-s", "MONITOR_MAX_FAILURE_RATE=1",  # the broken article is most of a small run
        ]  # fmt: skip

    def crawl_args(self) -> list[str]:
        return ["crawl", "mailkz", "-a", f"base_url={self.site.base_url}", *FAST, *self._settings()]

    def compact_args(self, prune: bool) -> list[str]:
        return ["compact", "mailkz", *self._settings(), *(["--prune"] if prune else [])]

    def run(self, args: list[str], point: str = "", arg: str = "") -> int:
        """Run one scrapy command, killed at `point` (timer: after `arg` seconds; fetch: at the
        `arg`th article answer); returns its exit code (-9 when killed)."""
        self.figures.commands += 1
        inject = point not in ("", "timer", "fetch")
        cmd = [sys.executable, *([str(INJECT), point, arg, "--"] if inject else ["-m", "scrapy"])]
        log = self.logs / f"{self.figures.commands:04d}-{point or 'none'}.log"
        lines_before = self._crash_lines()
        with log.open("w") as out:
            out.write(f"{point} {arg} {' '.join(args)}\n")
            out.flush()
            env = {**os.environ, "CRASH_LOG": str(self.crash_log), "PYTHONUNBUFFERED": "1"}
            proc = subprocess.Popen(
                [*cmd, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
            if point == "fetch":
                self._kill_at_article(proc, int(arg))
            try:
                proc.wait(timeout=float(arg) if point == "timer" else COMMAND_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                if point != "timer":
                    raise Broken(f"{' '.join(args)} hung for {COMMAND_TIMEOUT} s: {log}") from None
                self._note("timer", "a random moment")
            finally:
                self.site.faults.mid_article = None
        if proc.returncode == -signal.SIGKILL:
            for line in self._crash_lines()[len(lines_before) :]:
                self._note(line["point"], line["where"])
        elif point:
            self.figures.finished += 1
        return proc.returncode

    def last_log(self) -> str:
        return max(self.logs.iterdir()).read_text("utf-8", errors="replace")

    def _kill_at_article(self, proc: subprocess.Popen[bytes], n: int) -> None:
        answers = [0]
        lock = threading.Lock()  # the site answers from many threads

        def hook(path: str) -> None:
            with lock:
                answers[0] += 1
                if answers[0] != n:
                    return
            proc.kill()
            self._note("fetch", "half an article page sent")

        self.site.faults.mid_article = hook

    def _crash_lines(self) -> list[dict[str, str]]:
        if not self.crash_log.exists():
            return []
        return [json.loads(line) for line in self.crash_log.read_text("utf-8").splitlines()]

    def _note(self, point: str, where: str) -> None:
        self.figures.crashes[point] += 1
        self.figures.where[f"{point}: {where}"] += 1

    # --- the invariants --------------------------------------------------------------------------

    def check(self, after: str) -> None:
        """Check every invariant of the module doc; raise Broken naming the command `after`."""
        self.figures.checks += 1
        runs, articles = self.base / "runs", self.base / "articles"
        run_urls = self._parquet_urls(sorted(runs.glob("[!._]*.parquet")), after)
        article_files = sorted(
            p for p in articles.rglob("*.parquet")
            if not any(part.startswith((".", "_")) for part in p.relative_to(articles).parts)
        )  # fmt: skip
        article_urls = self._parquet_urls(article_files, after)
        for path in [*runs.glob("[!._]*.jsonl"), *self.base.glob("failures/[!._]*.jsonl")]:
            self._jsonl(path, after)
        for path in runs.glob("[!._]*.report.json"):
            self.figures.files_checked += 1
            json.loads(path.read_text("utf-8"))
        if self.compacted and not articles.is_dir():
            raise Broken(f"after {after}: articles/ is gone")
        if len(article_urls) != len(set(article_urls)):
            dup = [u for u, n in Counter(article_urls).items() if n > 1]
            raise Broken(f"after {after}: articles/ holds {len(dup)} urls twice: {dup[:3]}")
        stored = set(run_urls) | set(article_urls)
        missing = self.stored - stored
        if missing:
            lost = sorted(missing)[:3]
            raise Broken(f"after {after}: {len(missing)} stored urls vanished: {lost}")
        seen_not_stored = self._seen() - stored
        if seen_not_stored:
            raise Broken(
                f"after {after}: the seen-store skips {len(seen_not_stored)} urls no file holds: "
                f"{sorted(seen_not_stored)[:3]}"
            )
        self.stored = stored
        self.compacted = self.compacted or articles.is_dir()

    def _parquet_urls(self, paths: list[Path], after: str) -> list[str]:
        urls: list[str] = []
        for path in paths:
            self.figures.files_checked += 1
            try:
                table = pq.read_table(path)
                rows = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0]
            except (OSError, pa.ArrowException, duckdb.Error) as e:
                raise Broken(f"after {after}: {path} does not load: {e}") from None
            if table.schema.remove_metadata() != ARTICLE_SCHEMA.remove_metadata():
                raise Broken(f"after {after}: {path} has another schema: {table.schema}")
            if rows != (table.num_rows,):
                raise Broken(f"after {after}: DuckDB counts {rows} rows in {path}")
            urls += table["url"].to_pylist()
        return urls

    def _jsonl(self, path: Path, after: str) -> None:
        self.figures.files_checked += 1
        try:
            lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
            rows = duckdb.sql(
                f"select count(*) from read_json('{path}', format='newline_delimited')"
            ).fetchall()[0]
        except (ValueError, duckdb.Error) as e:
            raise Broken(f"after {after}: {path} does not load: {e}") from None
        if rows != (len(lines),):
            raise Broken(f"after {after}: DuckDB counts {rows} rows in {path}, json {len(lines)}")

    def _seen(self) -> set[str]:
        path = sqlite_path(self.state, "mailkz")
        if not path.exists():
            return set()
        db = sqlite3.connect(path)
        try:
            (verdict,) = db.execute("PRAGMA integrity_check").fetchall()[0]
            if verdict != "ok":
                raise Broken(f"seen-store fails its integrity check: {verdict}")
            return {url for (url,) in db.execute("SELECT url FROM seen")}
        finally:
            db.close()

    def last_failures(self) -> list[str]:
        """The urls the newest run's failures file holds."""
        path = max(self.base.glob("failures/[!._]*.jsonl"))
        return [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()]

    def articles_table(self) -> pa.Table:
        """articles/ without crawled_at (the one field two runs never share), sorted by url."""
        table = pq.ParquetDataset(self.base / "articles", partitioning=None).read()
        return table.drop_columns(["crawled_at"]).sort_by("url")


def schedule(rounds: int, rng: random.Random) -> list[tuple[str, str]]:
    """(command, point) per round: two crawls then a compaction, each command's points dealt from
    shuffled decks, so even a bounded run meets every point."""
    decks: dict[str, list[str]] = {"crawl": [], "compact": []}
    points = {"crawl": CRAWL_POINTS, "compact": COMPACT_POINTS}
    order = []
    for i in range(rounds):
        command = "compact" if i % 3 == 2 else "crawl"
        if not decks[command]:
            decks[command] = rng.sample(points[command], len(points[command]))
        order.append((command, decks[command].pop()))
    return order


def _arg(point: str, rng: random.Random) -> str:
    """A random place for `point` to strike, in the range where it mostly lands."""
    return {
        "timer": lambda: f"{rng.uniform(1.0, 4.0):.2f}",
        "fetch": lambda: str(rng.randint(1, 4)),
        "feed-write": lambda: f"{rng.choice(['parquet', 'jsonl'])}:{int(10 ** rng.uniform(0, 4))}",
        "feed-store": lambda: f"{rng.randint(1, 2)}:{rng.choice(['before', 'after'])}",
        "seen-commit": lambda: rng.choice(["before", "during", "after"]),
        "compact-write": lambda: str(int(10 ** rng.uniform(0, 4.5))),
        "compact-swap": lambda: f"{rng.randint(1, 2)}:{rng.choice(['before', 'after'])}",
        "compact-delete": lambda: str(rng.randint(1, 4)),
        "prune": lambda: str(rng.randint(1, 4)),
    }[point]()


def crash_round(ws: Workspace, command: str, point: str, rng: random.Random) -> None:
    """One command killed at `point`, new articles published first half the time."""
    if rng.random() < 0.5:
        ws.site.add_articles(rng.randint(1, 4))
    arg = _arg(point, rng)
    if command == "crawl":
        code = ws.run(ws.crawl_args(), point, arg)
        ok: tuple[int, ...] = (0, -signal.SIGKILL)
    else:
        prune = point == "prune" or rng.random() < 0.3
        code = ws.run(ws.compact_args(prune), point, arg)
        ok = (0, -signal.SIGKILL, *([1] if "nothing to compact" in ws.last_log() else []))
    if code not in ok:
        raise Broken(f"{point} {arg}: exit code {code}, see {ws.logs}")
    ws.check(f"{point} {arg}")


def finish(ws: Workspace) -> None:
    """Run the crawl and the compaction once more, uninterrupted, as the next cron run would."""
    for args in (ws.crawl_args(), ws.compact_args(prune=False)):
        code = ws.run(args)
        if code != 0:
            raise Broken(f"{' '.join(args[:2])} after the crashes: exit code {code}, see {ws.logs}")
        ws.check(f"the uninterrupted {args[0]}")


EXTRA_ROUNDS = 2
"""Up to this many times `rounds` more commands, dealt while too few kills have landed."""


def crash_anywhere(
    root: Path, rounds: int, seed: int, articles: int = 12, min_kills: int = 0
) -> CrashFigures:
    """`rounds` killed commands against one fake site, then the comparison with a clean run.

    A kill point a command never reaches (a timer longer than the crawl, a row it never writes)
    lets it finish: the faster the machine, the more do. So commands go on being dealt, up to
    EXTRA_ROUNDS × `rounds` more, until `min_kills` kills have landed."""
    rng = random.Random(seed)
    figures = CrashFigures()
    with FakeSite(articles, seed=seed, page_size=6) as site:
        broken = site.url(site.articles[-1])
        site.faults.error_500.add(site.articles[-1].path)  # every run files it as a failure
        ws = Workspace(root / "crashed", site, figures)
        for i, (command, point) in enumerate(schedule(rounds * (1 + EXTRA_ROUNDS), rng)):
            if i >= rounds and sum(figures.crashes.values()) >= min_kills:
                break
            crash_round(ws, command, point, rng)
        finish(ws)
        clean = Workspace(root / "clean", site, CrashFigures())
        finish(clean)
        expected = {site.url(a) for a in site.articles} - {broken}
        got, want = ws.articles_table(), clean.articles_table()
    if ws.last_failures() != [broken]:
        raise Broken(f"the last run filed {ws.last_failures()} as failed, not {broken}")
    urls = got["url"].to_pylist()
    figures.articles = len(expected)
    figures.lost = len(expected - set(urls))
    figures.duplicated = len(urls) - len(set(urls))
    if figures.lost or figures.duplicated or set(urls) != expected:
        raise Broken(f"final dataset: {figures.summary()}; extra {sorted(set(urls) - expected)}")
    if not got.equals(want):
        diff = [
            (a["url"], k)
            for a, b in zip(got.to_pylist(), want.to_pylist(), strict=True)
            for k in a
            if a[k] != b[k]
        ]
        raise Broken(f"final dataset differs from a clean run's (url, field): {diff[:5]}")
    return figures
