"""`scrapy args <spider>`: the spider's `-a` arguments, from the model that validates them.

`scrapy crawl <spider> -h` prints the same table. It is generated from the spider's `args_model`
(a pydantic model: spiders/arguments.py), so the help cannot drift from what is accepted: each
field's name, type, default and one-line help (the field's description, else the docstring under
the attribute).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import itertools
import textwrap
import types
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from scrapy import Spider
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

_TYPE_NAMES: dict[Any, str] = {
    bool: "1|0",
    int: "int",
    float: "number",
    str: "text",
    Path: "path",
    date: "YYYY-MM-DD",
    datetime: "ISO 8601 time",
}


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<spider>"

    def short_desc(self) -> str:
        return "List a spider's -a arguments: type, default, help"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name, e.g. scrapy args mailkz")
        assert self.settings is not None
        print(arguments_help(load_spider(self.settings, args[0])))


def load_spider(settings: BaseSettings, name: str) -> type[Spider]:
    """The spider class called `name`; UsageError naming the spiders there are."""
    loader = get_spider_loader(settings)
    try:
        return loader.load(name)
    except KeyError:
        known = ", ".join(sorted(loader.list())) or "none"
        raise UsageError(f"no spider {name!r} (spiders: {known})", print_help=False) from None


def arguments_help(spidercls: type[Spider]) -> str:
    """The table of `spidercls`'s -a arguments, or a line saying it declares none."""
    model: type[BaseModel] | None = getattr(spidercls, "args_model", None)
    if model is None:
        return f"{spidercls.name} declares no -a arguments"
    docs = attribute_docs(model)
    choices: dict[str, tuple[str, ...]] = getattr(spidercls, "argument_choices", {})
    rows = [
        (
            name,
            "|".join(choices[name]) if name in choices else type_name(field.annotation),
            default_text(field),
            help_line(field, docs.get(name)),
        )
        for name, field in model.model_fields.items()
    ]
    header = ("argument", "type", "default", "help")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [f"{spidercls.name} arguments (-a NAME=VALUE):"]
    for name, kind, default, text in [header, *rows]:
        cells = (
            f"{cell:<{width}}" for cell, width in zip((name, kind, default), widths, strict=True)
        )
        lines.append(f"  {'  '.join(cells)}  {text}".rstrip())
    return "\n".join(lines)


def type_name(annotation: Any) -> str:
    """How a value of `annotation` is written on the command line: `ru|kk|all`, `int`, ..."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        kinds = [type_name(a) for a in get_args(annotation) if a is not type(None)]
        return " or ".join(kinds)
    if origin is Literal:
        return "|".join(str(a) for a in get_args(annotation))
    if origin in (tuple, list, set, frozenset):
        inner = next((a for a in get_args(annotation) if a is not Ellipsis), str)
        return f"{type_name(inner)},..."
    return _TYPE_NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def default_text(field: FieldInfo) -> str:
    """The default as one would write it with -a; `-` when there is none to write."""
    value = field.default
    if value is PydanticUndefined:
        return "required"
    if value is None or value in ("", (), []):
        return "-"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple | list | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value)


def help_line(field: FieldInfo, docstring: str | None) -> str:
    """The field's description (else its attribute docstring), first paragraph, on one line."""
    text = field.description or docstring or ""
    return " ".join(text.strip().split("\n\n")[0].split())


def attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """{field: the docstring under its annotation} over the model's classes, the nearest first:
    pydantic keeps these as descriptions only with `use_attribute_docstrings`."""
    docs: dict[str, str] = {}
    for cls in model.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        for name, doc in _class_attribute_docs(cls).items():
            docs.setdefault(name, doc)
    return docs


def _class_attribute_docs(cls: type) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # defined where there is no source to read
        return {}
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.ClassDef):
        return {}
    docs = {}
    for stmt, following in itertools.pairwise(node.body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[stmt.target.id] = inspect.cleandoc(following.value.value)
    return docs
