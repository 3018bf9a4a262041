"""JsonLinesItemExporter: UTF-8 lines with the Parquet's fields, offsets kept."""

from __future__ import annotations

import io
import json

from newscrawler.exporters.jsonl import JsonLinesItemExporter
from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.exporters.synthetic import synthetic_articles


def export(items) -> bytes:
    buffer = io.BytesIO()
    exporter = JsonLinesItemExporter(buffer)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return buffer.getvalue()


def test_one_readable_utf8_line_per_item_with_every_field_in_schema_order():
    items = list(synthetic_articles(5))
    data = export(items)
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 5
    assert b"\\u" not in data
    assert "Қ" in data.decode("utf-8") or "Р" in data.decode("utf-8")
    for line, item in zip(lines, items, strict=True):
        row = json.loads(line)
        assert list(row) == ARTICLE_SCHEMA.names
        assert (row["title"], row["body"], row["authors"]) == (item.title, item.body, item.authors)


def test_published_at_keeps_its_almaty_offset_either_side_of_the_2024_switch():
    before, after = list(synthetic_articles(2, start=1))
    before.published_at = "2024-02-03T14:25:00+06:00"
    after.published_at = "2024-05-03T14:25:00+05:00"
    rows = [json.loads(line) for line in export([before, after]).splitlines()]
    assert [r["published_at"] for r in rows] == [before.published_at, after.published_at]
    assert rows[0]["crawled_at"] == "2025-12-20T06:00:00+00:00"


def test_unicode_line_separators_are_escaped_so_every_splitter_sees_one_line():
    item = next(synthetic_articles(1))
    item.title = "Первая\u2028вторая\u2029третья\u0085конец"
    data = export([item])
    assert len(data.decode("utf-8").splitlines()) == 1
    assert json.loads(data)["title"] == item.title


def test_the_same_items_are_dropped_as_in_parquet():
    items = list(synthetic_articles(3))
    items[0].tags = "не список"
    rows = [json.loads(line) for line in export(items).splitlines()]
    assert [r["url"] for r in rows] == [items[1].url, items[2].url]
