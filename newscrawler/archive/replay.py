"""Replay WARC archives through the normal Scrapy path, with no network.

Bodies are replayed as recorded: a compressed one (Content-Encoding) is decoded by Scrapy's
HttpCompressionMiddleware, like a fetched one, so gzip, br and zstd archives replay alike.

The spider walks the archive once (`replay_records`) and yields one request per article record,
carrying only the record's file and offset; `WarcReplayMiddleware` answers that request by reading
the record back, so bodies are never held in the scheduler. In replay mode the middleware answers
every other request too (robots.txt, a stray link) with a 404 from the archive's side: a replay
never touches the network.

warcio ends a record, or a gzip member, silently where a cut file ends, so the walk checks each
record whole before it is replayed. An archive that cannot be trusted (broken, cut, empty, or
holding no article of the site) is a fault (ops/faults.py): the run fails with one line.
"""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import SEEK_END
from pathlib import Path
from typing import IO, Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector
from warcio.archiveiterator import ArchiveIterator, WARCIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from newscrawler.meta import FETCHED_AT, WARC_RECORD
from newscrawler.ops.faults import report_fault
from newscrawler.spiders.arguments import replaying

logger = logging.getLogger(__name__)

_FRAMING = frozenset({"transfer-encoding", "content-length"})
"""Dropped from replayed headers: the body is de-chunked here, and its length is the record's.
Content-Encoding stays: Scrapy's HttpCompressionMiddleware decodes the body as in a live crawl."""
_READ_ERRORS = (
    AttributeError,  # warcio, on a record whose headers end before WARC-Target-URI
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
)


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
    location: Path, wanted: Callable[[str], bool], stats: StatsCollector, base_url: str
) -> Iterator[RecordRef]:
    """Each HTML response record whose URL `wanted` accepts; the rest is counted, not lost.

    Stats: replay/records, replay/skipped/<reason>, replay/errors/broken_warc.
    An archive that cannot be trusted is an `archive` fault (ops/faults.py), so the run fails
    instead of ending OK with fewer or no items: a file that is unreadable, cut short or empty (the
    complete records before the break are replayed), a folder with no archive in it, and records
    none of which is an article of `base_url`, the site the spider expects.
    """
    files = warc_files(location)
    if not files:
        report_fault(stats, "archive", f"no WARC file in {location}: no .warc or .warc.gz in it")
        return
    tally = _Tally()
    for path in files:
        yield from _replay_file(path, wanted, stats, tally)
    if tally.responses and not tally.articles:
        report_fault(stats, "archive", _no_articles(location, base_url, tally))


@dataclass
class _Tally:
    """What the walk saw, to explain a replay that finds no article."""

    responses: int = 0
    articles: int = 0
    other_sites: Counter[str] = field(default_factory=Counter)
    """scheme://host of the response records that are not wanted articles, by count."""


class _BrokenWarc(Exception):
    """A WARC file that cannot be read to its end; the message names the file and where."""


def _replay_file(
    path: Path, wanted: Callable[[str], bool], stats: StatsCollector, tally: _Tally
) -> Iterator[RecordRef]:
    try:
        for offset, record in _complete_records(path):
            if record.rec_type != "response":
                continue
            stats.inc_value("replay/records")
            tally.responses += 1
            ref = _accept(record, offset, path, wanted, stats, tally)
            if ref is not None:
                yield ref
    except _BrokenWarc as exc:
        stats.inc_value("replay/errors/broken_warc")
        report_fault(stats, "archive", str(exc), exc.__cause__)


def _complete_records(path: Path) -> Iterator[tuple[int, ArcWarcRecord]]:
    """(offset, record) of each record of `path`, read to its end and whole; _BrokenWarc where
    the file stops being a WARC file. Only warcio runs under this `try`, not the caller's code."""
    offset = found = 0
    plain = False
    try:
        with path.open("rb") as stream:
            records = WARCIterator(stream)  # not ARC: any line of 5 words reads as an ARC header
            for record in records:
                offset = records.get_record_offset()  # reads the record to its end
                if cut := _cut_short(records, record):
                    raise _BrokenWarc(f"broken WARC {path}: {cut} at offset {offset}")
                plain = records.reader.decompressor is None
                found += 1
                yield offset, record
            size = stream.seek(0, SEEK_END)
            stream.seek(max(size - 4, 0))
            tail = stream.read()
    except _READ_ERRORS as exc:
        where = f" after the record at offset {offset}" if found else ""
        raise _BrokenWarc(f"broken WARC {path}{where}: {_one_line(exc)}") from exc
    if not found:
        raise _BrokenWarc(f"broken WARC {path}: {'no WARC record' if size else 'empty file'}")
    if records.offset < size:  # a gzip member cut before any record came out of it
        raise _BrokenWarc(
            f"broken WARC {path}: cut short, the {size - records.offset} bytes at offset "
            f"{records.offset} are not a whole record"
        )
    if plain and not tail.endswith((b"\r\n\r\n", b"\n\n")):  # no blank lines after the last record
        raise _BrokenWarc(f"broken WARC {path}: the record at offset {offset} is cut short")


def _cut_short(records: ArchiveIterator, record: ArcWarcRecord) -> str | None:
    """Why a record just read to its end is incomplete, or None. warcio ends a record, or a gzip
    member, silently where the file ends: replayed, a cut record would be a broken article."""
    if record.length is None:
        return f"{record.rec_type} record without Content-Length"
    if record.raw_stream.tell() < record.length:
        got = record.raw_stream.tell()
        return f"{record.rec_type} record cut short ({got} of {record.length} bytes)"
    member = records.reader.decompressor
    if member is not None and not member.eof and not records.next_line:
        return "gzip member cut short"
    return None


def _one_line(exc: BaseException, limit: int = 160) -> str:
    """The error as one short printable line: warcio's messages span lines and quote the bytes
    they met, control characters included."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _no_articles(location: Path, base_url: str, tally: _Tally) -> str:
    """Why nothing was replayed: most often a mirror's archive replayed without its base_url."""
    line = f"no article of {base_url} in WARC {location}"
    hosts = [urlsplit(site).netloc for site, _ in tally.other_sites.most_common()]
    home = urlsplit(base_url).netloc
    foreign = [site for site, _ in tally.other_sites.most_common() if urlsplit(site).netloc != home]
    if not foreign:
        return (
            f"{line}: none of its response records ({tally.responses}) is an article URL this "
            "run wants (see -a lang, -a categories)"
        )
    named = ", ".join(hosts[:3]) + (f" and {len(hosts) - 3} more" if len(hosts) > 3 else "")
    return (
        f"{line}: its response records ({tally.responses}) are from {named}; "
        f"to replay another host's archive, add -a base_url={foreign[0]}"
    )


def _accept(
    record: ArcWarcRecord,
    offset: int,
    path: Path,
    wanted: Callable[[str], bool],
    stats: StatsCollector,
    tally: _Tally,
) -> RecordRef | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    article = wanted(url)
    if article:
        tally.articles += 1
    else:
        parts = urlsplit(url)
        tally.other_sites[f"{parts.scheme}://{parts.netloc}"] += 1
    status = record.http_headers.get_statuscode() if record.http_headers else None
    content_type = (
        (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    )
    reason = None
    if not article:
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
        if not replaying(self.crawler.spider):
            return None
        ref: RecordRef | None = request.meta.get(WARC_RECORD)
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
        request.meta[FETCHED_AT] = ref.fetched_at
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
