"""Feed storage for local paths that never exposes a half-written file.

Scrapy's FileFeedStorage opens the final path, so a killed crawl leaves a truncated file there (for
Parquet: unreadable, no footer). This storage hands the exporter a hidden temporary file in the same
directory (`.<name>.<random>.tmp`: no dataset glob matches it, pyarrow skips dot files) and, in
`store()`, puts it in place (atomic_files.py: fsync, rename over the final name, fsync the folder):
readers see either no file or the complete one. Registered for the `""` and `file` schemes.

Appending (`-o`) copies the existing file into the temporary one first, so it is atomic too; formats
whose exporter is not `appendable` (Parquet) refuse to append to a non-empty file up front.

A run with a fault (ops/faults.py: the site unreachable, a broken archive, ...) never replaces an
existing file: its output goes to `<name>.failed` beside it. A file that cannot be written is a
fault of its own, one line, and the stat `feeds/stored/<path>` tells the seen-store which files
really hold the run's articles (state/incremental.py reads them back before recording anything).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from w3lib.url import file_uri_to_path

from newscrawler.atomic_files import open_temp, put_in_place
from newscrawler.ops.faults import faults, report_fault

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def feed_path(uri: str) -> Path:
    """The local path of a feed URI of the `""` or `file` scheme."""
    return Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)


def format_appendable(settings: BaseSettings, fmt: str | None) -> bool:
    """Whether bytes written after an existing file of the feed format stay readable."""
    exporters = settings.getwithbase("FEED_EXPORTERS")
    exporter = load_object(exporters[fmt]) if fmt and exporters.get(fmt) else None
    return getattr(exporter, "appendable", True)


def append_refused(path: Path, feed_options: Mapping[str, Any], appendable: bool) -> str | None:
    """Why an `-o` feed cannot append to `path` (a non-empty file of a format that cannot take
    more bytes, e.g. Parquet), or None."""
    if feed_options.get("overwrite") or appendable:
        return None
    if not path.is_file() or not path.stat().st_size:
        return None
    return (
        f"{path} exists and a {feed_options.get('format')} file cannot be appended to; "
        "overwrite it with -O or write to a new name"
    )


class AtomicFileFeedStorage:
    """A FileFeedStorage that writes to a hidden temporary file and renames it into place.

    What it stored is noted in `stored` (path -> True/False), for the seen-store to verify before
    it records anything (state/incremental.py). A failure to open or store is a fault of kind
    "output" (ops/faults.py): one line, and the run fails. An existing non-empty file is not
    replaced by the output of a run with a fault: that output is kept beside it as
    `<name>.failed`, and the file is left as it was.
    """

    def __init__(
        self,
        uri: str,
        *,
        appendable: bool = True,
        feed_options: dict[str, Any] | None = None,
        stats: StatsCollector | None = None,
    ):
        self.path = feed_path(uri)
        self.append = not (feed_options or {}).get("overwrite", False)
        self.stats = stats
        self._temp: Path | None = None
        self._open_error: OSError | None = None
        refused = append_refused(self.path, feed_options or {}, appendable)
        if refused:
            raise ValueError(refused)

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        appendable = format_appendable(crawler.settings, (feed_options or {}).get("format"))
        return cls(uri, appendable=appendable, feed_options=feed_options, stats=crawler.stats)

    def open(self, spider: Spider) -> IO[bytes]:
        """The hidden temporary file; when it cannot be made, the fault is reported once and the
        exporter writes to the null device, so the crawl ends normally and says why."""
        try:
            file, self._temp = open_temp(self.path)
        except OSError as exc:
            self._open_error = exc
            self._fault(f"cannot write {self.path}: {exc.strerror or exc}", exc)
            return open(os.devnull, "w+b")
        self._note(False)  # opened, not stored: the seen-store records nothing until it is
        if self.append and self.path.is_file():
            with self.path.open("rb") as existing:
                shutil.copyfileobj(existing, file)
        return WriteTracked(file)

    def store(self, file: IO[bytes]) -> None:
        if self._open_error is not None:
            file.close()
            raise OutputNotStored(f"{self.path} was not written: {self._open_error}")
        if self._temp is None:
            raise RuntimeError("store() called before open()")
        lost = file.error if isinstance(file, WriteTracked) else None
        if lost is not None:
            with contextlib.suppress(OSError):  # closing flushes what could not be written
                file.close()
            self._temp.unlink(missing_ok=True)
            self._temp = None
            raise OutputNotStored(f"{self.path} was not stored: a write failed ({lost})")
        try:
            target = self._target()
            if target is None:
                file.close()
                self._temp.unlink()
                return
            put_in_place(file, self._temp, target)
        except OSError as exc:
            self._temp.unlink(missing_ok=True)
            self._note(False)
            self._fault(f"cannot store {self.path}: {exc.strerror or exc}", exc)
            raise OutputNotStored(f"{self.path} was not stored: {exc}") from exc
        finally:
            self._temp = None
        self._note(target == self.path)

    def _target(self) -> Path | None:
        """The final name, unless a run with a fault would replace an existing file with data:
        then `<name>.failed`, or nowhere when the run exported nothing."""
        stats = self.stats.get_stats() if self.stats is not None else {}
        found = faults(stats)
        if not found or not self.path.is_file() or not self.path.stat().st_size:
            return self.path
        kept = self.path.with_name(f"{self.path.name}.failed")
        if not stats.get("item_scraped_count"):
            kept = None
        logger.error(
            "This run failed (%s): %s is left as it was%s",
            next(iter(found.values())), self.path,
            f"; its output is in {kept}" if kept else "",
        )  # fmt: skip
        return kept

    def _note(self, stored: bool) -> None:
        if self.stats is not None:
            self.stats.set_value(f"{STORED_PREFIX}{self.path}", stored)

    def _fault(self, message: str, exc: OSError) -> None:
        if self.stats is not None:
            report_fault(self.stats, "output", message, exc)
        else:
            logger.error("%s", message)


class WriteTracked:
    """The temporary file as the exporter sees it, remembering the first failed write or flush:
    after one, bytes may be missing in the middle, so the file must never be stored."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self.file.write(data)
        except OSError as exc:
            self.error = self.error or exc
            raise

    def flush(self) -> None:
        try:
            self.file.flush()
        except OSError as exc:
            self.error = self.error or exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


class OutputNotStored(OSError):
    """A feed file that was not stored; the fault has been reported (one line) already."""


STORED_PREFIX = "feeds/stored/"
"""Stats key prefix: feeds/stored/<path> = whether the run's output reached <path>."""


def stored_feeds(stats: Mapping[str, Any]) -> dict[Path, bool]:
    """{path: stored?} of the local feed files this run wrote (see AtomicFileFeedStorage)."""
    return {
        Path(k.removeprefix(STORED_PREFIX)): bool(v)
        for k, v in stats.items()
        if k.startswith(STORED_PREFIX)
    }
