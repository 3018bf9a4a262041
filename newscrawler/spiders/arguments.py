"""Spider arguments (`-a name=value`) as typed models, validated once when the spider starts.

A bad value stops the run before any request, with one line naming the argument and the problem.
The components (middlewares, extensions) ask a spider about them only through the functions at
the end, which also answer for a spider that has none.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from scrapy import Spider
from scrapy.exceptions import UsageError


class SpiderArgs(BaseModel):
    """Base for a spider's arguments: unknown names are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


T = TypeVar("T", bound=SpiderArgs)


def parse_args(
    model: type[T], spider: str, raw: dict[str, Any], context: dict[str, Any] | None = None
) -> T:
    """Validate `-a` arguments; UsageError with '<spider>: <arg>: <problem>' lines when bad.
    `context` tells validators what the spider offers (a source's editions)."""
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            if not err["loc"]:  # a rule across arguments, e.g. until before since
                problems.append(f"{spider}: {message}")
                continue
            if err["type"] == "extra_forbidden":
                known = ", ".join(sorted(model.model_fields))
                message = f"unknown argument (known: {known})"
            name = ".".join(str(p) for p in err["loc"])
            problems.append(f"{spider}: {name}: {message}, got {err['input']!r}")
        raise UsageError("; ".join(problems)) from None


def spider_args(spider: Spider | None) -> SpiderArgs | None:
    """A spider's validated `-a` arguments; None for a spider without (scrapy shell's, a test's)."""
    args = getattr(spider, "args", None)
    return args if isinstance(args, SpiderArgs) else None


def replaying(spider: Spider | None) -> bool:
    """Whether the spider replays a WARC archive (`-a warc=`) instead of fetching: nothing is then
    recorded to an archive or the seen-store, and no host can be unreachable."""
    return bool(getattr(spider, "replaying", False))


def refetching(spider: Spider | None) -> bool:
    """Whether the spider fetches articles the seen-store already has (`-a refetch=1`)."""
    return bool(getattr(spider, "refetch", False))
