"""`scrapy crawl <spider> -h` and `scrapy args <spider>` list the spider's -a arguments, generated
from the model that validates them, so the help cannot drift from what is accepted."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from typing import ClassVar, Literal

import scrapy
from crawlrun import ROOT
from pydantic import Field
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from newscrawler.commands.args import arguments_help
from newscrawler.spiders.arguments import SpiderArgs
from newscrawler.spiders.sources import MailkzSpider


class SiteArgs(SpiderArgs):
    """Arguments of a spider that is not a news spider."""

    start: date | None = None
    """Day to start from.

    Further paragraphs stay out of the one-line help."""
    mode: Literal["fast", "slow"] = "fast"
    urls: tuple[str, ...] = Field(("a", "b"), description="Pages to fetch first.")


class MoreArgs(SiteArgs):
    depth: int = 2
    """How many links deep."""


class OtherSpider(scrapy.Spider):
    name = "other"
    args_model: ClassVar[type[SpiderArgs]] = MoreArgs


def scrapy_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def table(text: str) -> dict[str, list[str]]:
    """{argument: [type, default, help]} of the table in `text`."""
    lines = text[text.index("arguments (-a NAME=VALUE):") :].splitlines()[2:]
    return {
        cells[0]: [*cells[1:3], " ".join(cells[3:])]
        for cells in (line.split() for line in lines)
        if cells
    }


def test_the_table_is_the_spiders_own_model_with_inherited_docstrings_and_descriptions():
    assert table(arguments_help(OtherSpider)) == {
        "start": ["YYYY-MM-DD", "-", "Day to start from."],
        "mode": ["fast|slow", "fast", ""],
        "urls": ["text,...", "a,b", "Pages to fetch first."],
        "depth": ["int", "2", "How many links deep."],
    }


def test_crawl_h_lists_every_argument_of_the_spider_and_exits_0():
    proc = scrapy_cli("crawl", "mailkz", "-h")
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout and "--loglevel" in proc.stdout  # Scrapy's own help first
    rows = table(proc.stdout)
    assert list(rows) == list(MailkzSpider.args_model.model_fields)
    assert rows["lang"][:2] == ["ru|kk|all", "all"]
    assert rows["since"] == [
        "YYYY-MM-DD",
        "-",
        "First publication date (Asia/Almaty) to keep, YYYY-MM-DD.",
    ]
    assert rows["refetch"][:2] == ["1|0", "0"]
    assert all(help_text for _, _, help_text in rows.values())

    args = scrapy_cli("args", "mailkz")
    assert args.returncode == 0 and table(args.stdout) == rows
    unknown = scrapy_cli("args", "nosuch")
    assert unknown.returncode == 2 and "no spider 'nosuch' (spiders: " in unknown.stderr


def test_every_spider_of_the_project_lists_its_own_arguments_each_with_help():
    loader = get_spider_loader(get_project_settings())
    for name in loader.list():
        spider = loader.load(name)
        rows = table(arguments_help(spider))
        assert list(rows) == list(spider.args_model.model_fields), name
        assert all(help_text for _, _, help_text in rows.values()), name
