"""Write HTTP exchanges as WARC/1.1 request/response record pairs, gzip per record.

`write_exchange` is the one place a pair is built: the crawl's recorder (archive/recorder.py)
writes each fetched response with it, and `write_warc` builds the demo snapshot and test archives.
WARC-Date is when the page was fetched (microseconds when it has them); warcio adds
WARC-Payload-Digest and WARC-Block-Digest, and links the request to its response with
WARC-Concurrent-To.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.atomic_files import atomic_write

WARC_VERSION = "WARC/1.1"


@dataclass
class FetchedPage:
    url: str
    body: bytes
    fetched_at: datetime
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    status: int = 200


@dataclass
class Exchange:
    """One request and the response it got, as they went over the wire."""

    url: str
    fetched_at: datetime
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


def warc_date(when: datetime) -> str:
    """WARC-Date in UTC: '2025-12-20T06:00:00Z', or with microseconds when `when` has them."""
    spec = "microseconds" if when.microsecond else "seconds"
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def write_exchange(writer: WARCWriter, exchange: Exchange) -> None:
    """Append the request and response records of `exchange` to `writer`'s file."""
    date = warc_date(exchange.fetched_at)
    response_warc = {"WARC-Date": date}
    if exchange.ip_address:
        response_warc["WARC-IP-Address"] = exchange.ip_address
    request = writer.create_warc_record(
        exchange.url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=StatusAndHeaders(
            f"{exchange.method} {_target(exchange.url)} HTTP/1.1",
            exchange.request_headers,
            is_http_request=True,
        ),
        warc_headers_dict={"WARC-Date": date},
    )
    response = writer.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=StatusAndHeaders(
            f"{exchange.status} {_reason(exchange.status)}",
            exchange.headers,
            protocol=exchange.protocol,
        ),
        warc_headers_dict=response_warc,
    )
    writer.write_request_response_pair(request, response)


def write_warc(path: Path, pages: Iterable[FetchedPage]) -> int:
    """Write `pages` to `path` (.warc.gz compresses); the file appears only once complete.

    Returns the number of pages written.
    """
    count = 0
    with atomic_write(path) as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"), warc_version=WARC_VERSION)
        for page in pages:
            exchange = Exchange(
                page.url, page.fetched_at, page.status, list(page.headers.items()), page.body
            )
            write_exchange(writer, exchange)
            count += 1
    return count


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
