"""Feed format `jsonl`: one item per line, UTF-8, the same fields in the same order as the Parquet.

Replaces Scrapy's built-in `jsonl` so that both formats of a run hold the same checked items.
Timestamps keep the offset they were scraped with (Asia/Almaty for published_at), which Parquet's
UTC timestamps cannot. Text stays readable (no `\\u` escapes) except for U+0085, U+2028 and U+2029:
they count as line breaks for `str.splitlines`, so they are escaped to keep one item per line.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from newscrawler.exporters.base import SchemaItemExporter

_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _escape_line_break(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def _encode_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


class JsonLinesItemExporter(SchemaItemExporter):
    """Writes each checked item as one compact JSON object and a newline."""

    format_name = "jsonl"

    def write_row(self, row: dict[str, Any]) -> None:
        line = json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=_encode_default)
        if _LINE_BREAKS.search(line):
            line = _LINE_BREAKS.sub(_escape_line_break, line)
        self.file.write(line.encode("utf-8") + b"\n")
