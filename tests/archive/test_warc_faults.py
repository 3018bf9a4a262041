"""`scrapy crawl mailkz -a warc=...` on archives that cannot be trusted: the run fails (exit 3,
fault `archive` in the report) with one line that says why, and keeps what came before a cut."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from crawlrun import CrawlResult, run_crawl
from test_warc_replay import BASE, FETCHED, article, read_jsonl
from warcio.archiveiterator import ArchiveIterator

from newscrawler.archive.writer import FetchedPage, write_warc
from newscrawler.ops import exitcodes

FAULT_LINE = "[newscrawler.ops.faults] ERROR: "
MIRROR = "http://127.0.0.1:8080"


@dataclass
class Replay:
    result: CrawlResult
    items: list[dict]
    report: dict

    @property
    def slugs(self) -> list[str]:
        return sorted(item["slug"] for item in self.items)

    @property
    def fault_lines(self) -> list[str]:
        """The ERROR lines of ops/faults.py: each fault must be told once, on one line."""
        return [line for line in self.result.log.splitlines() if FAULT_LINE in line]

    def failed_on_archive(self) -> str:
        """The fault line, after checking the run failed on it the way cron and scripts see it."""
        assert self.result.returncode == exitcodes.MONITORS_FAILED, self.result.log
        assert self.report["monitors"]["failed"] == ["fault/archive"]
        assert "Traceback" not in self.result.log
        [line] = self.fault_lines
        reason = line.split(FAULT_LINE, 1)[1]
        assert reason.isprintable()
        [verdict] = [v for v in self.report["monitors"]["verdicts"] if v["name"] == "fault/archive"]
        assert verdict["reason"] == reason
        return reason


def replay(tmp_path: Path, warc: Path) -> Replay:
    """A dataset run replaying `warc`: its exported items and its report."""
    dataset = tmp_path / "datasets"
    result = run_crawl(
        "mailkz", "-a", f"warc={warc}", "-s", f"DATASET_DIR={dataset}",
        "-s", f"STATE_DIR={tmp_path / 'state'}", "-s", "LOG_LEVEL=INFO",
    )  # fmt: skip
    runs = dataset / "mailkz" / "runs"
    items = [row for path in runs.glob("*.jsonl") for row in read_jsonl(path)]
    [report] = [json.loads(path.read_text("utf-8")) for path in runs.glob("*.report.json")]
    return Replay(result, items, report)


def news(count: int, base: str = BASE) -> list[FetchedPage]:
    return [
        FetchedPage(f"{base}news-{i}", article(f"Новость номер {i}"), FETCHED) for i in range(count)
    ]


Span = tuple[str, int, int]
"""(slug, start, end) of a response record in its file."""


def response_spans(path: Path) -> list[Span]:
    """The response records of a whole archive, in file order."""
    spans = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type == "response":
                start = records.get_record_offset()
                slug = record.rec_headers.get_header("WARC-Target-URI").rsplit("/", 1)[1]
                spans.append((slug, start, start + records.get_record_length()))
    return spans


Where = Callable[[int, list[Span]], int]
"""Where to cut an archive, from its size and its response records."""


def assert_cut_reported(tmp_path: Path, whole: Path, where: Where, in_article: bool) -> None:
    """Cut `whole` where `where` says: the run fails on a broken WARC and exports exactly the
    articles wholly before the cut, nothing of the cut record."""
    spans = response_spans(whole)
    data = whole.read_bytes()
    at = where(len(data), spans)
    broken = whole.with_name(f"cut-{whole.name}")
    broken.write_bytes(data[:at])
    before = [slug for slug, _, end in spans if end <= at]
    in_cut = [slug for slug, start, end in spans if start < at < end]
    assert len(in_cut) == in_article  # the case cuts where it means to
    run = replay(tmp_path, broken)
    assert run.failed_on_archive().startswith(f"broken WARC {broken}: ")
    assert run.result.stat("replay/errors/broken_warc") == 1
    assert before and run.slugs == before
    # The cut record is not replayed at all, not even as a page that extraction then drops.
    assert run.result.stat("downloader/response_count") == len(before)


@pytest.mark.parametrize(
    ("where", "in_article"),
    [
        (lambda size, spans: int(size * 0.3), True),
        (lambda size, spans: int(size * 0.5), True),
        (lambda size, spans: spans[2][1] + 20, True),
        (lambda size, spans: size - 4, False),
    ],
    ids=["at_30pct", "at_50pct", "before_the_member_gives_a_byte", "in_last_gzip_trailer"],
)
def test_cut_gzip_archive_fails_and_keeps_the_articles_before(tmp_path, where: Where, in_article):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, news(5))
    assert_cut_reported(tmp_path, whole, where, in_article)


@pytest.mark.parametrize(
    ("where", "in_article"),
    [
        (lambda size, spans: spans[2][2] - 200, True),
        (lambda size, spans: spans[2][1] + 30, True),
        (lambda size, spans: size - 1, False),
    ],
    ids=["in_html", "in_warc_headers", "in_last_blank_line"],
)
def test_cut_plain_warc_fails_and_keeps_the_articles_before(tmp_path, where: Where, in_article):
    whole = tmp_path / "whole.warc"
    write_warc(whole, news(4))
    assert_cut_reported(tmp_path, whole, where, in_article)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.warc", "Это не архив, а заметки.\nВторая строка.\n".encode(), "first line"),
        ("noise.warc.gz", random.Random(7).randbytes(4096), "first line"),
        ("empty.warc.gz", b"", "empty file"),
    ],
    ids=["text", "random_bytes", "empty"],
)
def test_unreadable_file_fails_with_one_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    run = replay(tmp_path, path)
    line = run.failed_on_archive()
    assert line.startswith(f"broken WARC {path}")
    assert reason in line
    assert run.result.stat("replay/errors/broken_warc") == 1
    assert run.items == []


@pytest.mark.parametrize("files", [[], ["notes.txt", "crawl.warc.tmp"]], ids=["empty", "others"])
def test_folder_without_archives_fails(tmp_path, files):
    folder = tmp_path / "archives"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("not an archive")
    run = replay(tmp_path, folder)
    assert run.failed_on_archive() == f"no WARC file in {folder}: no .warc or .warc.gz in it"


def test_other_hosts_archive_without_base_url_names_the_host(tmp_path):
    path = tmp_path / "mirror.warc.gz"
    write_warc(path, news(2, base=f"{MIRROR}/ru/news/kz-news/"))
    run = replay(tmp_path, path)
    line = run.failed_on_archive()
    assert line.startswith(f"no article of https://mail.kz in WARC {path}: ")
    assert "from 127.0.0.1:8080;" in line
    assert line.endswith(f"add -a base_url={MIRROR}")
    assert run.items == []


@pytest.mark.parametrize("name", ["whole.warc.gz", "whole.warc"])
def test_healthy_archive_exits_0(tmp_path, name):
    path = tmp_path / name
    write_warc(path, news(3))
    run = replay(tmp_path, path)
    assert run.result.returncode == exitcodes.OK, run.result.log
    assert run.report["monitors"]["failed"] == []
    assert run.fault_lines == []
    assert run.slugs == ["news-0", "news-1", "news-2"]
