"""Prints the hardening figures (hardening_budget.FIGURES) at the end of a test run."""

from __future__ import annotations

from typing import Any

from hardening_budget import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("hardening figures")
    for key, value in FIGURES.items():
        terminalreporter.write_line(f"{key}: {value}")
