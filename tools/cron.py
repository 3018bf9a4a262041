#!/usr/bin/env python3
"""The cron entry point: one incremental crawl per source, never two runs at once, a log per crawl,
a real exit code.

    tools/cron.py [--spider mailkz ...] [--spider-arg zakonkz:lang=kk ...] [--logs logs]
                  [--keep-logs 200] [--deadline 21600] [--grace 120] [--no-install] [-- CRAWL ARGS]

1. Takes an exclusive flock on `<logs>/cron.lock`. If another run holds it, prints who and exits
   75 at once. The lock is held by the open file, not by a pid file: it goes when the run ends,
   however it ends, and the crawl inherits it, so it lasts as long as either process lives.
2. Runs `make install` (a no-op when the virtualenv is up to date), so a fresh clone works.
3. Runs `.venv/bin/python -m scrapy crawl <spider> CRAWL ARGS` for each --spider (every registered
   source when none is named, one after the other; CRAWL ARGS go to each, then each
   `--spider-arg SPIDER:NAME=VALUE` of that spider as `-a NAME=VALUE`, which wins over the same
   name in CRAWL ARGS) with its output in
   `<logs>/<spider>-<UTC start of cron>.log`, which the crawl renames to `<spider>-<run id>.log`
   once it has claimed its run id (a second or so later; ops/run.py), so the log is named by the
   run it holds; SIGTERM / SIGINT / SIGHUP are passed on to the crawl, which then stops cleanly
   and still writes its files and report.
4. Enforces --deadline (seconds from the start, 6 h by default; 0: none), so that a hung run
   cannot hold the lock for ever: past it the crawl (or `make install`) gets SIGTERM, and SIGKILL
   if it has not ended --grace seconds later; the run then exits 124 whatever the crawl's code.
5. Ends each log with the exit code and its meaning, deletes all but the newest --keep-logs logs
   of each spider, and exits with the first failing crawl's code (ops/exitcodes.py): 0 ok,
   1 crashed, 2 usage, 3 a monitor failed or a fault (outputs not stored, archive broken, no
   progress for STALL_TIMEOUT), 4 site unreachable, 5 seen-store unusable, 6 Redis lost; 69 when
   `make install` failed or the crawl could not be started; 124 past the deadline (the spiders
   not yet run are skipped); 128+N when killed by signal N. A failing crawl does not stop the
   next spider's: one unreachable site leaves the others' datasets current.

Standard library only: it runs under the system python3 before the virtualenv exists.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawler.ops import exitcodes  # noqa: E402  (the path above makes it importable)

RUN_LOG_ENV = "NEWSCRAWLER_RUN_LOG"
"""Tells the crawl (ops/run.py) which log file it writes to, for its report."""
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@dataclass(frozen=True)
class Deadline:
    """When the run must have ended (time.monotonic), and how long a SIGTERM is given."""

    at: float | None
    seconds: float
    grace: float


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tools/cron.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--spider", action="append", help="spider to run, repeatable (every registered source)"
    )
    parser.add_argument(
        "--spider-arg",
        action="append",
        default=[],
        type=spider_arg,
        metavar="SPIDER:NAME=VALUE",
        help="`-a NAME=VALUE` for that spider only, repeatable (zakonkz:lang=kk)",
    )
    parser.add_argument("--logs", type=Path, default=ROOT / "logs", help="log folder (logs/)")
    parser.add_argument(
        "--keep-logs", type=int, default=200, help="run logs to keep, newest first (200)"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=6 * 3600,
        help="seconds the whole run may take, then it is stopped (21600); 0: no deadline",
    )
    parser.add_argument(
        "--grace",
        type=float,
        default=120,
        help="seconds from the deadline's SIGTERM to SIGKILL (120)",
    )
    parser.add_argument(
        "--no-install", action="store_true", help="skip `make install` (the venv exists)"
    )
    parser.add_argument("crawl_args", nargs="*", help="after --: passed to `scrapy crawl`")
    return parser.parse_args(argv)


def spider_arg(value: str) -> tuple[str, str]:
    """`SPIDER:NAME=VALUE` as (spider, 'NAME=VALUE')."""
    spider, _, argument = value.partition(":")
    if not spider or not argument.partition("=")[0] or "=" not in argument:
        raise argparse.ArgumentTypeError(f"{value!r} is not SPIDER:NAME=VALUE")
    return spider, argument


def take_lock(path: Path) -> int | None:
    """An fd holding an exclusive flock on `path`, or None when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def note_holder(fd: int, started: datetime, logs: Path) -> None:
    """Write who holds the lock into the lock file, for a start that finds it held to print. The
    log is named by the folder only: the crawl renames it to its run id once it has one."""
    os.ftruncate(fd, 0)
    when = started.isoformat(timespec="seconds")
    os.pwrite(fd, f"pid {os.getpid()}, started {when}, log: the newest in {logs}\n".encode(), 0)


def holder(path: Path) -> str:
    with contextlib.suppress(OSError):
        return path.read_text("utf-8").strip() or "unknown"
    return "unknown"


def stamp(out: IO[str], message: str) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    out.write(f"{now} [cron] {message}\n")
    out.flush()


def run(
    command: list[str], out: IO[str], lock_fd: int, env: dict[str, str], deadline: Deadline
) -> int:
    """Run `command` with its output in `out`, passing the lock and our stop signals on to it,
    and stop it at the deadline. A command that cannot be started at all (no `make`, no `.venv`)
    is a setup failure.

    The command runs in a process group of its own, which gets the signals: all of `make
    install` stops, and a Ctrl-C at a terminal reaches the crawl once (from us), not twice, which
    Scrapy would take for "stop now, store nothing"."""
    try:
        child = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env,
            pass_fds=(lock_fd,), start_new_session=True,
        )  # fmt: skip
    except OSError as exc:
        stamp(out, f"cannot run {command[0]}: {exc}")
        return exitcodes.SETUP_FAILED

    def forward(signum: int, _frame: object) -> None:
        send(child, signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        left = None if deadline.at is None else max(0.0, deadline.at - time.monotonic())
        try:
            code = child.wait(timeout=left)
        except subprocess.TimeoutExpired:
            stop(child, out, deadline)
            return exitcodes.DEADLINE
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def send(child: subprocess.Popen[bytes], signum: int) -> None:
    """Signal the child's process group (its own: see run)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


def stop(child: subprocess.Popen[bytes], out: IO[str], deadline: Deadline) -> None:
    """Past the deadline: SIGTERM (Scrapy stops cleanly and stores its files), SIGKILL if that
    takes longer than the grace period. Returns once the child has ended."""
    stamp(
        out,
        f"deadline of {deadline.seconds:g} s passed: stopping the run (SIGTERM, then SIGKILL "
        f"after {deadline.grace:g} s)",
    )
    send(child, signal.SIGTERM)
    try:
        child.wait(timeout=deadline.grace)
    except subprocess.TimeoutExpired:
        stamp(out, f"still running {deadline.grace:g} s after SIGTERM: SIGKILL")
        send(child, signal.SIGKILL)
        child.wait()


def meaning(code: int) -> str:
    if code > 128:
        return f"killed by signal {code - 128}"
    return exitcodes.MEANING.get(code, "error")


def renamed(log: Path, out: IO[str]) -> Path:
    """The log's name now: the crawl renames it to its run id (ops/run.py); it is the file in the
    same folder that `out` writes to."""
    if log.exists():
        return log
    written = os.fstat(out.fileno())
    for path in log.parent.glob("*.log"):
        found = path.stat()
        if (found.st_dev, found.st_ino) == (written.st_dev, written.st_ino):
            return path
    return log


def prune_logs(logs: Path, spider: str, keep: int) -> None:
    runs = sorted(logs.glob(f"{spider}-*.log"))
    for old in runs[: max(0, len(runs) - keep)]:
        old.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logs: Path = args.logs if args.logs.is_absolute() else Path.cwd() / args.logs
    logs.mkdir(parents=True, exist_ok=True)
    lock = logs / "cron.lock"
    lock_fd = take_lock(lock)
    if lock_fd is None:
        print(
            f"newscrawler cron: another run holds {lock} ({holder(lock)}); not starting "
            f"(exit {exitcodes.LOCKED})",
            file=sys.stderr,
        )
        return exitcodes.LOCKED
    began = time.monotonic()
    deadline = Deadline(
        at=began + args.deadline if args.deadline > 0 else None,
        seconds=args.deadline,
        grace=args.grace,
    )
    started = datetime.now(UTC)
    note_holder(lock_fd, started, logs)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("LANG", "C.UTF-8")
    setup = logs / f"cron-{started:%Y%m%dT%H%M%SZ}.log"
    with setup.open("a", encoding="utf-8") as out:
        stamp(out, f"cron run started in {ROOT}, pid {os.getpid()}")
        code = exitcodes.OK
        if not args.no_install:
            stamp(out, "make install")
            code = run(["make", "install"], out, lock_fd, env, deadline)
            if code not in (exitcodes.OK, exitcodes.DEADLINE):
                code = exitcodes.SETUP_FAILED
        spiders = args.spider or (registered(out) if code == exitcodes.OK else [])
        if code == exitcodes.OK and not spiders:
            code = exitcodes.SETUP_FAILED
        unknown = sorted({spider for spider, _ in args.spider_arg} - set(spiders))
        if code == exitcodes.OK and unknown:
            stamp(out, f"--spider-arg names spiders this run does not crawl: {unknown}")
            code = exitcodes.USAGE
        stamp(out, f"setup ended with exit code {code} ({meaning(code)}); spiders: {spiders}")
    prune_logs(logs, "cron", args.keep_logs)
    if code != exitcodes.OK:
        print(f"newscrawler cron: setup failed with exit code {code}; see {setup}", file=sys.stderr)
        return code
    failed = []
    for spider in spiders:
        crawled, log = crawl(spider, args, logs, lock_fd, env, deadline)
        if crawled != exitcodes.OK:
            failed.append((spider, crawled, log))
        if crawled == exitcodes.DEADLINE:
            break
    for spider, crawled, log in failed:
        print(
            f"newscrawler cron: {spider} failed with exit code {crawled}; see {log}",
            file=sys.stderr,
        )
    return failed[0][1] if failed else exitcodes.OK


def registered(out: IO[str]) -> list[str]:
    """The registered sources (sources/__init__.py), asked of the project's own interpreter."""
    python = str(ROOT / ".venv" / "bin" / "python")
    ask = "from newscrawler.sources import SOURCES; print(*SOURCES)"
    try:
        answer = subprocess.run(
            [python, "-c", ask], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        stamp(out, f"cannot list the registered sources: {exc}")
        return []
    return answer.stdout.split()


def crawl(
    spider: str,
    args: argparse.Namespace,
    logs: Path,
    lock_fd: int,
    env: dict[str, str],
    deadline: Deadline,
) -> tuple[int, Path]:
    """One spider's crawl, logged to `<logs>/<spider>-<run id>.log`: its exit code and log."""
    started = datetime.now(UTC)
    log = logs / f"{spider}-{started:%Y%m%dT%H%M%SZ}.log"
    with log.open("a", encoding="utf-8") as out:
        stamp(out, f"run of {spider} started in {ROOT}, pid {os.getpid()}")
        began = time.monotonic()
        command = [
            str(ROOT / ".venv" / "bin" / "python"), "-m", "scrapy", "crawl", spider,
            *args.crawl_args,
            *(part for name, arg in args.spider_arg if name == spider for part in ("-a", arg)),
        ]  # fmt: skip
        stamp(out, " ".join(command))
        code = run(command, out, lock_fd, {**env, RUN_LOG_ENV: str(log)}, deadline)
        elapsed = round(time.monotonic() - began)
        stamp(out, f"run ended after {elapsed} s with exit code {code} ({meaning(code)})")
        log = renamed(log, out)
    prune_logs(logs, spider, args.keep_logs)
    return code, log


if __name__ == "__main__":
    sys.exit(main())
