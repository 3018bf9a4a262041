"""The Arrow schema of the dataset, derived from `ArticleItem`, and the check that turns an item
into a row of it.

The item definition is the only list of columns: types come from its type hints, nullability
from `| None`, and each field's doc travels in the field metadata, so every Parquet file describes
itself. Both exporters share `RowBuilder`, so a run's Parquet and JSONL files hold the same items.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pyarrow as pa
from itemadapter import ItemAdapter

from newscrawler.items import INTERNAL_FIELDS, ArticleItem

TIMESTAMP = pa.timestamp("us", tz="UTC")
# The list child is named `element` as Parquet's spec names it, so a file read back has exactly
# this schema (pyarrow's default, `item`, comes back renamed).
STRING_LIST = pa.list_(pa.field("element", pa.string()))
_SCALARS: dict[Any, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64()}


_SURROGATE = re.compile("[\ud800-\udfff]")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
"""Values Python holds and the files cannot: checked per item, since one of them reaching the
Parquet writer fails the whole row group at flush (and the JSONL line at encoding)."""


class InvalidItem(ValueError):
    """An item that does not fit the schema; exporters drop it (counted and logged)."""


def _arrow_type(owner: str, f: dataclasses.Field, hint: Any) -> tuple[pa.DataType, bool]:
    """Map one field's type hint to (arrow type, nullable)."""
    args = typing.get_args(hint)
    nullable = isinstance(hint, types.UnionType) and type(None) in args
    base = next(a for a in args if a is not type(None)) if nullable else hint
    if nullable and len(args) != 2:
        raise TypeError(f"{owner}.{f.name}: only `X | None` unions are supported, got {hint}")
    if f.metadata.get("timestamp"):
        if base is not str:
            raise TypeError(f"{owner}.{f.name}: a timestamp field must be an ISO 8601 `str`")
        return TIMESTAMP, nullable
    if typing.get_origin(base) is list and typing.get_args(base) == (str,):
        return STRING_LIST, nullable
    if base in _SCALARS:
        return _SCALARS[base], nullable
    raise TypeError(f"{owner}.{f.name}: no Arrow type for {hint}")


def arrow_schema(item_cls: type) -> pa.Schema:
    """The Arrow schema of a dataclass item: one field per exported dataclass field, in order."""
    hints = typing.get_type_hints(item_cls)
    fields = []
    for f in dataclasses.fields(item_cls):
        if not f.metadata.get("exported", True):
            continue
        arrow_type, nullable = _arrow_type(item_cls.__name__, f, hints[f.name])
        meta = {"doc": f.metadata.get("doc", ""), "required": str(bool(f.metadata.get("required")))}
        fields.append(pa.field(f.name, arrow_type, nullable=nullable, metadata=meta))
    doc = " ".join((item_cls.__doc__ or "").split())
    return pa.schema(
        fields, metadata={"item": f"{item_cls.__module__}.{item_cls.__name__}", "doc": doc}
    )


ARTICLE_SCHEMA = arrow_schema(ArticleItem)


def select_fields(schema: pa.Schema, names: Any) -> pa.Schema:
    """The schema restricted to `names` (FEED_EXPORT_FIELDS), in that order; None keeps all."""
    if names is None:
        return schema
    if isinstance(names, Mapping):
        raise ValueError("renaming fields on export is not supported: field names are a contract")
    names = list(names)
    unknown = [n for n in names if n not in schema.names]
    if unknown:
        raise ValueError(f"unknown fields to export: {unknown}; known: {schema.names}")
    return pa.schema([schema.field(n) for n in names], metadata=schema.metadata)


def _timestamp(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidItem(f"not an ISO 8601 timestamp: {value!r}") from None
    if not isinstance(value, datetime):
        raise InvalidItem(f"expected an ISO 8601 string, got {type(value).__name__}")
    if value.utcoffset() is None:
        raise InvalidItem(f"timestamp without a UTC offset is ambiguous: {value.isoformat()}")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidItem(f"expected str, got {type(value).__name__}")
    if not value.isascii() and _SURROGATE.search(value):
        raise InvalidItem(f"a lone surrogate cannot be written as UTF-8: {value!r:.80}")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidItem(f"expected int, got {type(value).__name__}")
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise InvalidItem(f"{value} does not fit in int64")
    return value


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidItem(f"expected float, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InvalidItem(f"not a finite number: {number}")  # JSON has no NaN or Infinity
    return number


def _string_list(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidItem(f"expected a list of str, got {value!r:.80}")
    return [_string(v) for v in value]


def _converter(arrow_type: pa.DataType) -> Callable[[Any], Any]:
    if arrow_type == TIMESTAMP:
        return _timestamp
    if pa.types.is_list(arrow_type):
        return _string_list
    if pa.types.is_integer(arrow_type):
        return _integer
    if pa.types.is_floating(arrow_type):
        return _float
    return _string


class RowBuilder:
    """Checks items against a schema and returns them as rows; timestamps become aware datetimes."""

    def __init__(self, schema: pa.Schema):
        self.schema = schema
        self._known = frozenset(ARTICLE_SCHEMA.names) | INTERNAL_FIELDS
        self._columns = [(f.name, f.nullable, _converter(f.type)) for f in schema]

    def to_row(self, item: Any) -> dict[str, Any]:
        """The item's values in schema order; raises InvalidItem naming the field at fault."""
        adapter = ItemAdapter(item)
        unknown = set(adapter.keys()) - self._known
        if unknown:
            raise InvalidItem(f"fields not in ArticleItem: {sorted(unknown)}")
        row: dict[str, Any] = {}
        for name, nullable, convert in self._columns:
            value = adapter.get(name)
            if value is None:
                if not nullable:
                    raise InvalidItem(f"{name}: required, got null")
                row[name] = None
                continue
            try:
                row[name] = convert(value)
            except InvalidItem as e:
                raise InvalidItem(f"{name}: {e}") from None
        return row
