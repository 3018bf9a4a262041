"""Archive a crawl: every fetched response, with its request, into rotating gzip WARC files.

On with `-s WARC_ARCHIVE_DIR=archive/`; `-a warc=archive/` replays the folder later, offline (with
the same `-a base_url=` when the crawl ran against a mirror).

What is recorded: each response as the downloader handed it over, before any other middleware
touched it, so redirects, 404s, 500s, retried attempts and robots.txt are archived too, and the
body keeps its Content-Encoding (gzip, br, zstd: the bytes as received, which is what the payload
digest covers). The replay decodes it with Scrapy's own HttpCompressionMiddleware, as the crawl
did. Only the transfer framing is gone (Twisted has already undone chunking), so a
`Transfer-Encoding` header is left out of the record. Pages answered from Scrapy's HTTP cache or
from a replayed archive are not fetches and are not recorded.

Files: `<dir>/<spider>-<run-id>-<serial>.warc.gz`, each starting with a warcinfo record. A file is
written under a hidden `.<name>.open` and put in place under its final name (atomic_files.py)
once complete: past WARC_MAX_FILE_SIZE bytes, and when the crawl closes. So a file under its final
name is always whole; a killed crawl leaves at most one hidden `.open` file, which replay ignores.

The item's `crawled_at` is set to the time its response was recorded (the record's WARC-Date), so
replaying the archive reproduces the crawl's items exactly.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.warcwriter import WARCWriter

from newscrawler import project_version
from newscrawler.archive.writer import WARC_VERSION, Exchange, write_exchange
from newscrawler.atomic_files import put_in_place
from newscrawler.exporters.layout import run_id
from newscrawler.meta import FETCHED_AT
from newscrawler.spiders.arguments import replaying

logger = logging.getLogger(__name__)

_NOT_FETCHED = frozenset({"warc", "cached"})
"""Response flags of pages that came from an archive or the HTTP cache, not the network."""
_FRAMING = frozenset({b"transfer-encoding"})


class RotatingWarc:
    """Appends exchanges to `<prefix>-<serial>.warc.gz` files of about `max_size` bytes each."""

    def __init__(self, directory: Path, prefix: str, max_size: int, info: dict[str, str]) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
        self.info = info
        self.serial = 0
        self.files: list[Path] = []
        self.out: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.final: Path | None = None

    def write(self, exchange: Exchange) -> int:
        """Write one exchange; the bytes it took in the file."""
        if self.out is None:
            self._open()
        assert self.out is not None and self.writer is not None
        before = self.out.tell()
        write_exchange(self.writer, exchange)
        written = self.out.tell() - before
        if self.out.tell() >= self.max_size:
            self._finish()
        return written

    def close(self) -> None:
        if self.out is not None:
            self._finish()

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            final = self.directory / f"{self.prefix}-{self.serial:05d}.warc.gz"
            self.serial += 1
            if not final.exists():
                break
        self.final = final
        self.out = self._temp(final).open("wb")
        self.writer = WARCWriter(self.out, gzip=True, warc_version=WARC_VERSION)
        self.writer.write_record(self.writer.create_warcinfo_record(final.name, self.info))

    def _finish(self) -> None:
        assert self.out is not None and self.final is not None
        put_in_place(self.out, self._temp(self.final), self.final)
        self.files.append(self.final)
        logger.info("WARC archive %s is complete", self.final)
        self.out = self.writer = None

    @staticmethod
    def _temp(final: Path) -> Path:
        return final.with_name(f".{final.name}.open")


class WarcRecorder:
    """Downloader middleware (nearest the downloader): records every fetched response."""

    def __init__(self, crawler: Crawler, directory: Path, max_size: int) -> None:
        self.crawler = crawler
        self.directory = directory
        self.max_size = max_size
        self.archive: RotatingWarc | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        directory = crawler.settings.get("WARC_ARCHIVE_DIR")
        if not directory:
            raise NotConfigured  # silently: archiving is off unless asked for
        max_size = crawler.settings.getint("WARC_MAX_FILE_SIZE")
        if max_size < 1:
            raise ValueError(f"WARC_MAX_FILE_SIZE must be a positive byte count, got {max_size}")
        return cls(crawler, Path(directory), max_size)

    def spider_opened(self, spider: Spider) -> None:
        if replaying(spider):
            logger.info("Replaying an archive: WARC_ARCHIVE_DIR is not written")
            return
        run = self.crawler.settings.get("RUN_ID") or run_id(datetime.now(UTC))
        info = {
            "software": f"newscrawler/{project_version()}",
            "format": "WARC File Format 1.1",
            "hostname": socket.gethostname(),
            "isPartOf": f"{spider.name}-{run}",
            "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }
        self.archive = RotatingWarc(self.directory, f"{spider.name}-{run}", self.max_size, info)
        self.crawler.stats.set_value("archive/dir", str(self.directory))
        logger.info("Archiving every response to %s", self.directory)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.archive is None or _NOT_FETCHED.intersection(response.flags):
            return response
        fetched_at = datetime.now(UTC)
        written = self.archive.write(_exchange(request, response, fetched_at))
        request.meta[FETCHED_AT] = fetched_at
        stats = self.crawler.stats
        stats.inc_value("archive/records")
        stats.inc_value("archive/bytes", written)
        return response

    def spider_closed(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.crawler.stats.set_value("archive/files", len(self.archive.files))


def _exchange(request: Request, response: Response, fetched_at: datetime) -> Exchange:
    request_headers = _pairs(request.headers.items())
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
    return Exchange(
        url=response.url,
        fetched_at=fetched_at,
        status=response.status,
        headers=_pairs((k, v) for k, v in response.headers.items() if k.lower() not in _FRAMING),
        body=response.body,
        method=request.method,
        request_headers=request_headers,
        request_body=request.body,
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


def _pairs(items: Iterable[tuple[bytes, list[bytes]]]) -> list[tuple[str, str]]:
    """Scrapy's header items (bytes name, list of bytes values) as (name, value) text pairs."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in items
        for value in values
    ]
