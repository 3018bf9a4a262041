"""Exit codes of `scrapy crawl` and of the cron entry point (tools/cron.py), in one place.

Standard library only: tools/cron.py imports this before the project's virtualenv exists.
"""

OK = 0
"""The run finished and every monitor passed (or was skipped)."""
CRASHED = 1
"""Scrapy could not run the crawl (an exception at start-up, a setting it refused)."""
USAGE = 2
"""A bad command line or `-a` argument; nothing was fetched."""
MONITORS_FAILED = 3
"""The run ended but a monitor failed: its report (and log) say which and why."""
SETUP_FAILED = 69
"""tools/cron.py: `make install` failed, or the crawl could not be started (EX_UNAVAILABLE)."""
LOCKED = 75
"""tools/cron.py: another run holds the lock; this start did nothing (EX_TEMPFAIL: try later)."""

MEANING = {
    OK: "ok",
    CRASHED: "crawl crashed",
    USAGE: "usage error",
    MONITORS_FAILED: "monitors failed",
    SETUP_FAILED: "setup failed",
    LOCKED: "another run holds the lock",
}
