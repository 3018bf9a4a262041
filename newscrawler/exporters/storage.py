"""Feed storage for local paths that never exposes a half-written file.

Scrapy's FileFeedStorage opens the final path, so a killed crawl leaves a truncated file there (for
Parquet: unreadable, no footer). This storage hands the exporter a hidden temporary file in the same
directory (`.<name>.<random>.tmp`: no dataset glob matches it, pyarrow skips dot files) and, in
`store()`, fsyncs it and renames it over the final name: rename within a directory is atomic, so
readers see either no file or the complete one. Registered for the `""` and `file` schemes.

Appending (`-o`) copies the existing file into the temporary one first, so it is atomic too; formats
whose exporter is not `appendable` (Parquet) refuse to append to a non-empty file up front.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from w3lib.url import file_uri_to_path

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable: the directory entry lives in the directory's own blocks."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)  # Linux, glibc >= 2.28


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2 RENAME_EXCHANGE), so a reader
    finds one or the other under each name, never neither. False where the platform or the file
    system cannot: the caller then falls back to two renames."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


class AtomicFileFeedStorage:
    """A FileFeedStorage that writes to a hidden temporary file and renames it into place."""

    def __init__(
        self, uri: str, *, appendable: bool = True, feed_options: dict[str, Any] | None = None
    ):
        self.path = Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)
        self.append = not (feed_options or {}).get("overwrite", False)
        self._temp: Path | None = None
        if self.append and not appendable and self.path.is_file() and self.path.stat().st_size:
            fmt = (feed_options or {}).get("format")
            raise ValueError(
                f"{self.path} exists and a {fmt} file cannot be appended to; "
                "overwrite it with -O or write to a new name"
            )

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        fmt = (feed_options or {}).get("format")
        exporters = crawler.settings.getwithbase("FEED_EXPORTERS")
        exporter = load_object(exporters[fmt]) if exporters.get(fmt) else None
        appendable = getattr(exporter, "appendable", True)
        return cls(uri, appendable=appendable, feed_options=feed_options)

    def open(self, spider: Spider) -> IO[bytes]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        self._temp = Path(temp)
        file = os.fdopen(fd, "w+b")
        if self.append and self.path.is_file():
            with self.path.open("rb") as existing:
                shutil.copyfileobj(existing, file)
        return file

    def store(self, file: IO[bytes]) -> None:
        if self._temp is None:
            raise RuntimeError("store() called before open()")
        file.flush()
        os.fsync(file.fileno())
        file.close()
        self._temp.chmod(0o644)
        os.replace(self._temp, self.path)
        fsync_dir(self.path.parent)
        self._temp = None
