"""Budgets and figures of the hardening tests (a module, not conftest: a unique name to import).

`make test` runs a bounded version; `make soak` sets HARDENING_SOAK=1 (HARDENING_<NAME> and
HARDENING_SEED override the counts and the seed) to run many more cases. Each test adds its
figures (cases tried, crashes injected, articles lost, ...) to FIGURES; conftest prints them at
the end of the run, and RELIABILITY.md quotes them.
"""

from __future__ import annotations

import os
from typing import Any

SOAK = os.environ.get("HARDENING_SOAK", "") not in ("", "0")
FIGURES: dict[str, Any] = {}


def budget(name: str, bounded: int, soak: int) -> int:
    """How many cases a test tries: HARDENING_<NAME> if set, else its bounded or soak count."""
    return int(os.environ.get(f"HARDENING_{name.upper()}", soak if SOAK else bounded))


def seed(default: int) -> int:
    """The seed of a random test: HARDENING_SEED if set, else fixed (soak: drawn, and printed)."""
    if "HARDENING_SEED" in os.environ:
        return int(os.environ["HARDENING_SEED"])
    return int.from_bytes(os.urandom(4), "big") if SOAK else default
