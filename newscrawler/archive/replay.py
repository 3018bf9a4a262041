"""Replay WARC archives through the normal Scrapy path, with no network.

Bodies are replayed as recorded: a compressed one (Content-Encoding) is decoded by Scrapy's
HttpCompressionMiddleware, like a fetched one, so gzip, br and zstd archives replay alike.

The spider walks the archive once (`replay_records`) and yields one request per article record,
carrying only the record's file and offset; `WarcReplayMiddleware` answers that request by reading
the record back, so bodies are never held in the scheduler. In replay mode the middleware answers
every other request too (robots.txt, a stray link) with a 404 from the archive's side: a replay
never touches the network.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)

META_KEY = "warc_record"
"""Request.meta key holding the `RecordRef` a replayed request stands for."""
_FRAMING = frozenset({"transfer-encoding", "content-length"})
"""Dropped from replayed headers: the body is de-chunked here, and its length is the record's.
Content-Encoding stays: Scrapy's HttpCompressionMiddleware decodes the body as in a live crawl."""
_READ_ERRORS = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError)


@dataclass(frozen=True)
class RecordRef:
    path: Path
    offset: int
    url: str
    fetched_at: datetime


def warc_files(location: Path) -> list[Path]:
    """The archive files at `location`: the file itself, or every .warc / .warc.gz in a folder."""
    if location.is_dir():
        return sorted(p for p in location.iterdir() if p.name.endswith((".warc", ".warc.gz")))
    return [location]


def replay_records(
    location: Path, wanted: Callable[[str], bool], stats: StatsCollector
) -> Iterator[RecordRef]:
    """Each HTML response record whose URL `wanted` accepts; the rest is counted, not lost.

    Stats: replay/records, replay/skipped/<reason>, replay/errors/broken_warc.
    A broken archive is logged with its path and offset; records before the break are replayed.
    """
    for path in warc_files(location):
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    if record.rec_type != "response":
                        continue
                    stats.inc_value("replay/records")
                    ref = _accept(record, records.get_record_offset(), path, wanted, stats)
                    if ref is not None:
                        yield ref
            except _READ_ERRORS as exc:
                stats.inc_value("replay/errors/broken_warc")
                logger.error("broken WARC %s near offset %s: %s", path, stream.tell(), exc)


def _accept(
    record, offset: int, path: Path, wanted: Callable[[str], bool], stats
) -> RecordRef | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    status = record.http_headers.get_statuscode() if record.http_headers else None
    content_type = (
        (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    )
    reason = None
    if not wanted(url):
        reason = "not_article"
    elif status != "200":
        reason = f"status_{status}"
    elif content_type and "html" not in content_type.lower():
        reason = "not_html"
    if reason:
        stats.inc_value(f"replay/skipped/{reason}")
        logger.debug("replay skips %s (%s)", url, reason)
        return None
    return RecordRef(path, offset, url, _warc_date(record))


def _warc_date(record) -> datetime:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return datetime.now(UTC)


class WarcReplayMiddleware:
    """Downloader middleware: in replay mode, every response comes from the archive."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.files: dict[Path, IO[bytes]] = {}
        crawler.signals.connect(self.close_files, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        if not getattr(self.crawler.spider, "replaying", False):
            return None
        ref: RecordRef | None = request.meta.get(META_KEY)
        if ref is None:
            self.crawler.stats.inc_value("replay/not_in_archive")
            return Response(request.url, status=404, request=request, flags=["warc"])
        return self._read(ref, request)

    def _read(self, ref: RecordRef, request: Request) -> Response:
        stream = self.files.get(ref.path)
        if stream is None:
            stream = self.files[ref.path] = ref.path.open("rb")
        stream.seek(ref.offset)
        record = next(iter(ArchiveIterator(stream)))
        payload = record.raw_stream
        if (record.http_headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
            payload = ChunkedDataReader(payload)
        body = payload.read()
        headers = Headers(
            [(k, v) for k, v in record.http_headers.headers if k.lower() not in _FRAMING]
        )
        cls = responsetypes.from_args(headers=headers, url=ref.url, body=body)
        request.meta["fetched_at"] = ref.fetched_at
        return cls(
            url=ref.url,
            status=int(record.http_headers.get_statuscode()),
            headers=headers,
            body=body,
            request=request,
            flags=["warc"],
        )

    def close_files(self) -> None:
        for stream in self.files.values():
            stream.close()
        self.files.clear()
