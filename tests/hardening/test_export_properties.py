"""Property tests of the item -> Parquet/JSONL path: any valid item survives a round trip
unchanged, and an invalid one is dropped and counted without costing the items around it."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import datetime, timedelta, timezone

import pyarrow.parquet as pq
from hardening_budget import budget
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.utils.test import get_crawler

from newscrawler.exporters.jsonl import JsonLinesItemExporter
from newscrawler.exporters.parquet import ParquetItemExporter
from newscrawler.exporters.schema import ARTICLE_SCHEMA, InvalidItem, RowBuilder
from newscrawler.items import FIELDS, ArticleItem

EXAMPLES = budget("export_examples", 150, 3000)
TEXT = st.text(max_size=300)  # any code point but a surrogate: controls, U+2028, emoji, NUL
OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
TIMESTAMPS = st.builds(
    lambda dt, spec: dt.isoformat(timespec=spec),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS),
    st.sampled_from(["seconds", "microseconds", "minutes"]),
)


def _value(field: dataclasses.Field) -> st.SearchStrategy:
    kind = ARTICLE_SCHEMA.field(field.name).type
    if field.metadata["timestamp"]:
        base = TIMESTAMPS
    elif str(kind).startswith("list"):
        return st.lists(TEXT, max_size=5)
    elif str(kind) == "int64":
        base = st.integers(-(2**63), 2**63 - 1)
    elif str(kind) == "double":
        base = st.floats(allow_nan=False, allow_infinity=False)
    else:
        base = TEXT
    return base if field.metadata["required"] else st.none() | base


ITEMS = st.builds(ArticleItem, **{f.name: _value(f) for f in FIELDS})


def export(items: list[ArticleItem]) -> tuple[list[dict], pq.ParquetFile, dict]:
    crawler = get_crawler(settings_dict={"PARQUET_ROW_GROUP_SIZE": 3})
    crawler.stats.open_spider()
    jsonl, parquet = io.BytesIO(), io.BytesIO()
    for cls, out in ((JsonLinesItemExporter, jsonl), (ParquetItemExporter, parquet)):
        exporter = cls.from_crawler(crawler, out)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()
    rows = [json.loads(line) for line in jsonl.getvalue().decode("utf-8").split("\n") if line]
    return rows, pq.ParquetFile(io.BytesIO(parquet.getvalue())), crawler.stats.get_stats()


def same_in_jsonl(item: ArticleItem, row: dict) -> bool:
    """JSONL keeps every value; a timestamp keeps its instant and its offset (the text is
    rewritten in one form: '…T08:30+05:00' comes back as '…T08:30:00+05:00')."""
    for f in FIELDS:
        value, stored = getattr(item, f.name), row[f.name]
        if f.metadata["timestamp"] and value is not None:
            a, b = datetime.fromisoformat(value), datetime.fromisoformat(stored)
            if a != b or a.utcoffset() != b.utcoffset():
                return False
        elif value != stored:
            return False
    return list(row) == [f.name for f in FIELDS]


def same_in_parquet(item: ArticleItem, row: dict) -> bool:
    """Parquet keeps instants (UTC), not offsets: a timestamp is the same instant."""
    for f in FIELDS:
        value, stored = getattr(item, f.name), row[f.name]
        if f.metadata["timestamp"] and value is not None:
            if datetime.fromisoformat(value) != stored:
                return False
        elif value != stored:
            return False
    return True


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ITEMS, min_size=1, max_size=7))
def test_any_valid_item_round_trips_through_both_formats(items):
    rows, parquet, stats = export(items)
    assert all(same_in_jsonl(i, r) for i, r in zip(items, rows, strict=True))
    table = parquet.read()
    assert table.schema.equals(ARTICLE_SCHEMA)
    assert all(same_in_parquet(i, r) for i, r in zip(items, table.to_pylist(), strict=True))
    assert not any(k.startswith("dataset/") for k in stats)


BAD_VALUES = st.one_of(
    st.just("a\ud83d"),  # a truncated emoji: a lone surrogate
    st.integers(2**63, 2**80),
    st.integers(-(2**80), -(2**63) - 1),
    st.just("2025-12-20T08:30:00"),  # a timestamp without its offset
    st.just(["ok", "\udc00"]),
    st.sampled_from([float("nan"), float("inf")]),  # JSON has neither
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ITEMS, min_size=2, max_size=7), st.data())
def test_an_invalid_item_is_dropped_and_counted_and_costs_nothing_else(items, data):
    bad = data.draw(BAD_VALUES)
    if isinstance(bad, list):
        name = data.draw(st.sampled_from(["tags", "authors"]))
    elif isinstance(bad, int):
        name = "word_count"
    elif isinstance(bad, float):
        name = "text_lang_score"
    elif bad.startswith("2025"):
        name = data.draw(st.sampled_from(["published_at", "crawled_at"]))
    else:
        name = data.draw(st.sampled_from(["url", "title", "body", "original_source"]))
    victim = data.draw(st.integers(0, len(items) - 1))
    items[victim] = dataclasses.replace(items[victim], **{name: bad})
    try:
        RowBuilder(ARTICLE_SCHEMA).to_row(items[victim])
        raise AssertionError(f"{name}={bad!r} passed the schema check")
    except InvalidItem:
        pass
    rows, parquet, stats = export(items)
    kept = [i for n, i in enumerate(items) if n != victim]
    assert all(same_in_jsonl(i, r) for i, r in zip(kept, rows, strict=True))
    assert all(same_in_parquet(i, r) for i, r in zip(kept, parquet.read().to_pylist(), strict=True))
    assert stats["dataset/jsonl/dropped"] == stats["dataset/parquet/dropped"] == 1
