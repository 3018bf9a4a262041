"""Write fetched pages as WARC/1.1 response records (with their requests), gzip per record.

Used to build the demo snapshot and test archives; WARC-Date is when the page was fetched, and
warcio adds WARC-Payload-Digest and WARC-Block-Digest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class FetchedPage:
    url: str
    body: bytes
    fetched_at: datetime
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    status: int = 200


def write_warc(path: Path, pages: Iterable[FetchedPage]) -> int:
    """Write `pages` to `path` (.warc.gz compresses); the file appears only once complete.

    Returns the number of pages written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    with tmp.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"), warc_version="WARC/1.1")
        for page in pages:
            date = page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            request = writer.create_warc_record(
                page.url,
                "request",
                payload=BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"GET {_path(page.url)} HTTP/1.1", [], is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": date},
            )
            response = writer.create_warc_record(
                page.url,
                "response",
                payload=BytesIO(page.body),
                http_headers=StatusAndHeaders(
                    f"{page.status} OK", list(page.headers.items()), protocol="HTTP/1.1"
                ),
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_request_response_pair(request, response)
            count += 1
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    return count


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"
