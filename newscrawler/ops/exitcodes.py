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
"""The run ended but a monitor failed, or a fault made it untrustworthy (outputs not stored, a
broken archive, no progress): its report (and log) say which and why."""
UNREACHABLE = 4
"""The site could not be reached at all (DNS, refused connections, timeouts, robots.txt)."""
STATE_FAILED = 5
"""The seen-store could not be opened, read or written, and was not rebuilt: nothing recorded."""
REDIS_LOST = 6
"""A cluster worker lost Redis and it did not come back in time (or came back empty); the
worker stored its files and stopped, its claims stay for the next worker."""
SETUP_FAILED = 69
"""tools/cron.py: `make install` failed, or the crawl could not be started (EX_UNAVAILABLE)."""
LOCKED = 75
"""tools/cron.py: another run holds the lock; this start did nothing (EX_TEMPFAIL: try later)."""
DEADLINE = 124
"""tools/cron.py: the run went past its overall deadline and was stopped (as timeout(1))."""

MEANING = {
    OK: "ok",
    CRASHED: "crawl crashed",
    USAGE: "usage error",
    MONITORS_FAILED: "monitors failed",
    UNREACHABLE: "site unreachable",
    STATE_FAILED: "seen-store unusable",
    REDIS_LOST: "Redis lost",
    SETUP_FAILED: "setup failed",
    LOCKED: "another run holds the lock",
    DEADLINE: "deadline passed, run stopped",
}
