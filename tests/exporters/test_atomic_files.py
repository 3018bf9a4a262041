"""Every file the project writes appears whole or not at all, and survives a power cut: a hidden
temporary file, fsynced, renamed over the final name, then the folder fsynced (the rename lives in
the folder's blocks). Checked by recording the fsyncs and renames each writer makes."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawler.archive.recorder import RotatingWarc
from newscrawler.archive.writer import Exchange, FetchedPage, write_warc
from newscrawler.atomic_files import atomic_write, exchange
from newscrawler.exporters.compaction import _write
from newscrawler.exporters.schema import ARTICLE_SCHEMA
from newscrawler.exporters.storage import AtomicFileFeedStorage
from newscrawler.fetch.failures import FailureLog
from newscrawler.ops.report import write_report

Event = tuple[str, Path, Path | None]
"""("fsync", what was fsynced, None) or ("replace", from, to)."""


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    """The fsyncs (by the path of the descriptor) and renames made, in order."""
    seen: list[Event] = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(fd: int) -> None:
        seen.append(("fsync", Path(os.readlink(f"/proc/self/fd/{fd}")), None))
        fsync(fd)

    def recording_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append(("replace", Path(src), Path(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    return seen


def assert_put_in_place(events: list[Event], path: Path) -> None:
    """`path` was renamed into place from a hidden file beside it, fsynced before; its folder was
    fsynced after."""
    renames = [i for i, (kind, _, to) in enumerate(events) if kind == "replace" and to == path]
    assert renames, f"{path} was not renamed into place: {events}"
    at = renames[-1]
    temp = events[at][1]
    assert temp.parent == path.parent and temp.name.startswith(f".{path.name}.")
    assert ("fsync", temp, None) in events[:at], "the file was not fsynced before the rename"
    assert ("fsync", path.parent, None) in events[at + 1 :], "the folder was not fsynced after"


def test_atomic_write_puts_the_file_in_place_durably(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "new" / "deeper" / "file.json"
    with atomic_write(path) as out:
        out.write(b"{}\n")
    assert path.read_bytes() == b"{}\n"
    assert path.stat().st_mode & 0o777 == 0o644
    assert_put_in_place(events, path)
    # the folders made for it are durable in their parents too
    fsynced = [what for kind, what, _ in events if kind == "fsync"]
    assert tmp_path in fsynced and tmp_path / "new" in fsynced
    assert list(path.parent.iterdir()) == [path]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(path) as out:
        out.write(b"half")
        raise RuntimeError("the writer broke")
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def _report(path: Path) -> None:
    write_report(path, {"ok": True})


def _failures(path: Path) -> None:
    crawler = get_crawler(settings_dict={"FAILURES_FILE": str(path)})
    log = FailureLog(crawler)
    log.failures.append({"url": "https://mail.kz/a", "reason": "timeout", "attempts": 3})
    log.write(Spider("test"))


def _warc(path: Path) -> None:
    write_warc(path, [FetchedPage("https://mail.kz/a", b"<html></html>", datetime.now(UTC))])


def _rotating_warc(path: Path) -> None:
    archive = RotatingWarc(path.parent, "run", max_size=1 << 20, info={"software": "test"})
    archive.write(Exchange("https://mail.kz/a", datetime.now(UTC), 200, [], b"<html></html>"))
    archive.close()
    assert archive.files == [path]


def _feed(path: Path) -> None:
    options = {"format": "jsonl", "overwrite": True}
    storage = AtomicFileFeedStorage.from_crawler(get_crawler(), str(path), feed_options=options)
    file = storage.open(Spider("test"))
    file.write(b'{"url": "https://mail.kz/a"}\n')
    storage.store(file)


def _partition(path: Path) -> None:
    _write(ARTICLE_SCHEMA.empty_table(), path, row_group_size=10)


WRITERS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "run report": ("runs/x.report.json", _report),
    "failures file": ("failures/x.jsonl", _failures),
    "WARC file": ("demo.warc.gz", _warc),
    "crawl archive": ("archive/run-00000.warc.gz", _rotating_warc),
    "feed file": ("runs/x.jsonl", _feed),
    "compacted partition": (".articles.staging/lang=ru/x.parquet", _partition),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_puts_its_file_in_place_durably(
    tmp_path: Path, events: list[Event], writer: str
) -> None:
    name, write = WRITERS[writer]
    path = tmp_path / name
    write(path)
    assert path.is_file()
    assert_put_in_place(events, path)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    old, new = tmp_path / "articles", tmp_path / ".articles.staging"
    (old / "a").mkdir(parents=True)
    (new / "b").mkdir(parents=True)
    assert exchange(new, old)  # Linux: renameat2 RENAME_EXCHANGE
    assert [p.name for p in old.iterdir()] == ["b"]
    assert [p.name for p in new.iterdir()] == ["a"]
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "missing", old)
