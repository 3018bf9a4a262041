"""Shared test helpers: the in-process item path, a `scrapy crawl` subprocess runner (crawlrun.py;
re-exported here for the tests that import it from conftest), and a real redis-server per test
(on a free local port, killed at teardown).

`make test` runs the tests in two processes (pytest-xdist): the reports they send must be UTF-8,
and the hardening figures (hardening/conftest.py) come back in them to be printed here. The
project's modules are compiled once at the start: with PYTHONDONTWRITEBYTECODE set (as on these
machines) each of the suite's hundreds of `scrapy` subprocesses would compile them again.

Hypothesis profile: `make test` and CI run the property tests derandomized (Hypothesis's "ci"
profile: the same examples every run, so a failure reproduces, and the failing blob printed); the
soak (HARDENING_SOAK=1, see hardening/hardening_budget.py) draws new examples each time. Loaded
here, before any test module builds its `@settings`, which copy the profile's values.
`--hypothesis-profile` still overrides it."""

from __future__ import annotations

import compileall
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from crawlrun import ROOT, CrawlResult, run_crawl
from hypothesis import settings
from redisserver import RedisServer

from newscrawler.itempath import ItemPath
from newscrawler.spiders.sources import MailkzSpider

__all__ = ["ROOT", "CrawlResult", "run_crawl"]

SOAK = os.environ.get("HARDENING_SOAK", "") not in ("", "0")
settings.register_profile("soak", settings.get_profile("default"), print_blob=True)
settings.load_profile("soak" if SOAK else "ci")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, in the process that starts the xdist workers
        compileall.compile_dir(ROOT / "newscrawler", quiet=1)


HARDENING_FIGURES: dict[str, Any] = {}
"""The hardening figures of the tests that ran, from their reports' user properties."""


@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(config: pytest.Config, report: Any) -> Any:
    """A report as sent from an xdist worker, with lone surrogates escaped: execnet sends only
    UTF-8, and a captured log may hold one (an invalid item's url logged as it came)."""
    return _utf8((yield))


def _utf8(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_utf8(k): _utf8(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_utf8(v) for v in value)
    return value


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "hardening figures":
            HARDENING_FIGURES.update(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not HARDENING_FIGURES:
        return
    terminalreporter.section("hardening figures")
    for key, value in HARDENING_FIGURES.items():
        terminalreporter.write_line(f"{key}: {value}")


@pytest.fixture
def item_path() -> ItemPath:
    return ItemPath(MailkzSpider)


@pytest.fixture
def crawl():
    return run_crawl


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis") as server:
        yield server
