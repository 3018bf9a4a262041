"""Hands the hardening figures a test sets (hardening_budget.FIGURES) to its report, for
tests/conftest.py to print at the end of the run: under pytest-xdist the tests run in worker
processes, and only their reports reach the process that prints."""

from __future__ import annotations

from typing import Any

import pytest
from hardening_budget import FIGURES


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> None:
    if FIGURES:
        item.user_properties.append(("hardening figures", dict(FIGURES)))
        FIGURES.clear()
