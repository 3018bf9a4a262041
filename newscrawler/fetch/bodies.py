"""Response bodies that cannot be an article page, whatever their Content-Type says.

A server glitch can answer an article URL with an empty 200, or with an image, archive or
still-compressed stream labelled text/html; a WARC replay brings pages the downloader's size limit
never saw. Parsed as HTML they give nothing, or worse, mojibake that passes for text. They are
fetch failures, not content: filed with a reason (`empty_body`, `binary_body`, `too_large`) and
fetched again by the next run, where a page dropped for its content would be marked seen.
"""

from __future__ import annotations

import re

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"RIFF", b"OggS", b"ID3", b"fLaC", b"\x7fELF", b"wOFF", b"wOF2", b"7z\xbc\xaf", b"Rar!",
    b"\xfd7zXZ", b"\x28\xb5\x2f\xfd",
)  # fmt: skip
"""Signatures of images, documents, archives, compressed streams (gzip, zstd), fonts, media."""
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
"""Bytes no text encoding we meet uses (ESC, 0x1b, is left out: ISO-2022 needs it)."""
SAMPLE = 4096
MAX_CONTROL_SHARE = 0.02
"""Random or compressed bytes hold about 10% of these; text none, or a stray few."""


def body_problem(body: bytes, encoding: str | None, max_size: int) -> str | None:
    """Why `body` cannot be parsed as an article page, or None when it can be tried.

    `encoding` is the response's: a UTF-16/32 page is full of zero bytes and is not binary.
    `max_size` (bytes, 0 for none) is the crawl's DOWNLOAD_MAXSIZE.
    """
    if max_size and len(body) > max_size:
        return "too_large"
    head = body[:SAMPLE]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if not head.strip() and not body[SAMPLE:].strip():
        return "empty_body"
    if head.startswith(_MAGIC):
        return "binary_body"
    wide = (encoding or "").lower().replace("-", "").startswith(("utf16", "utf32"))
    if not wide and len(_CONTROL.findall(head)) > MAX_CONTROL_SHARE * len(head):
        return "binary_body"
    return None
