"""The Arrow schema comes from ArticleItem, and RowBuilder enforces it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pytest
from scrapy.utils.project import get_project_settings

from newscrawler.exporters.schema import (
    ARTICLE_SCHEMA,
    STRING_LIST,
    TIMESTAMP,
    InvalidItem,
    RowBuilder,
    arrow_schema,
    select_fields,
)
from newscrawler.exporters.synthetic import synthetic_articles
from newscrawler.items import FIELDS, ArticleItem


def test_schema_follows_the_item_definition_field_by_field():
    item_fields = FIELDS
    assert ARTICLE_SCHEMA.names == [f.name for f in item_fields]
    working = {f.name for f in dataclasses.fields(ArticleItem)} - set(ARTICLE_SCHEMA.names)
    assert working == {"paragraphs", "credits"}, "only the item's working state is not stored"
    for f in item_fields:
        arrow = ARTICLE_SCHEMA.field(f.name)
        assert arrow.metadata[b"doc"].decode() == f.metadata["doc"]
        if f.metadata["timestamp"]:
            assert arrow.type == TIMESTAMP
    assert ARTICLE_SCHEMA.metadata[b"item"] == b"newscrawler.items.ArticleItem"


def test_types_and_nullability_come_from_the_type_hints():
    s = ARTICLE_SCHEMA
    assert (s.field("url").type, s.field("url").nullable) == (pa.string(), False)
    assert (s.field("title").type, s.field("title").nullable) == (pa.string(), True)
    assert s.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert (s.field("authors").type, s.field("authors").nullable) == (STRING_LIST, False)
    assert (s.field("word_count").type, s.field("word_count").nullable) == (pa.int64(), True)
    assert (s.field("text_lang_score").type, s.field("text_lang").nullable) == (pa.float64(), True)


def test_a_field_type_without_an_arrow_mapping_is_a_clear_error():
    @dataclass
    class Odd:
        score: bytes = field(default=b"", metadata={"doc": "?"})

    with pytest.raises(TypeError, match=r"Odd\.score: no Arrow type"):
        arrow_schema(Odd)


def test_row_parses_timestamps_with_their_offset():
    item = next(synthetic_articles(1, start=1))
    item.published_at = "2024-02-03T14:25:00+06:00"
    row = RowBuilder(ARTICLE_SCHEMA).to_row(item)
    assert row["published_at"].astimezone(UTC) == datetime(2024, 2, 3, 8, 25, tzinfo=UTC)
    assert row["published_at"].isoformat() == "2024-02-03T14:25:00+06:00"
    assert list(row) == ARTICLE_SCHEMA.names


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("published_at", "2024-02-03T14:25:00", "without a UTC offset"),
        ("published_at", "3 февраля", "not an ISO 8601 timestamp"),
        ("word_count", "120", "expected int"),
        ("word_count", True, "expected int"),
        ("tags", "экономика", "expected a list of str"),
        ("url", None, "required, got null"),
        ("authors", None, "required, got null"),
        ("title", 5, "expected str"),
        ("text_lang_score", "0.9", "expected float"),
        ("text_lang_score", True, "expected float"),
        ("text_lang_score", float("nan"), "not a finite number: nan"),
        ("text_lang_score", 10**400, "not a finite number: inf"),
    ],
)
def test_bad_values_are_rejected_naming_the_field(name, value, message):
    item = next(synthetic_articles(1))
    setattr(item, name, value)
    with pytest.raises(InvalidItem, match=f"{name}: .*{message}"):
        RowBuilder(ARTICLE_SCHEMA).to_row(item)


def test_fields_unknown_to_the_item_are_rejected():
    with pytest.raises(InvalidItem, match="not in ArticleItem"):
        RowBuilder(ARTICLE_SCHEMA).to_row({"url": "https://mail.kz/x", "views": 3})


def test_selecting_fields_keeps_their_order_and_refuses_unknown_or_renamed_ones():
    assert select_fields(ARTICLE_SCHEMA, ["title", "url"]).names == ["title", "url"]
    with pytest.raises(ValueError, match="unknown fields"):
        select_fields(ARTICLE_SCHEMA, ["title", "views"])
    with pytest.raises(ValueError, match="renaming"):
        select_fields(ARTICLE_SCHEMA, {"title": "headline"})


def test_every_feed_format_exports_the_stored_fields_only():
    """Scrapy's own formats (json, csv, xml) take FEED_EXPORT_FIELDS: the item's working state
    (its paragraphs) stays out of them, as it stays out of the Parquet and JSONL schema."""
    assert get_project_settings().getlist("FEED_EXPORT_FIELDS") == ARTICLE_SCHEMA.names
