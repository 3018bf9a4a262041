"""AtomicFileFeedStorage: the final name appears only complete, appends are atomic too."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newscrawler.exporters.storage import AtomicFileFeedStorage


def storage(path: Path, fmt: str, overwrite: bool) -> AtomicFileFeedStorage:
    crawler = get_crawler(
        settings_dict={
            "FEED_EXPORTERS": {"parquet": "newscrawler.exporters.parquet.ParquetItemExporter"}
        }
    )
    options = {"format": fmt, "overwrite": overwrite}
    return AtomicFileFeedStorage.from_crawler(crawler, str(path), feed_options=options)


def test_writes_go_to_a_hidden_temp_file_renamed_into_place_on_store(tmp_path):
    final = tmp_path / "sub" / "run.parquet"
    s = storage(final, "parquet", overwrite=True)
    file = s.open(None)
    file.write(b"data")
    [temp] = list(final.parent.iterdir())
    assert temp.name.startswith(".run.parquet.") and temp.name.endswith(".tmp")
    assert not final.exists()
    s.store(file)
    assert final.read_bytes() == b"data"
    assert list(final.parent.iterdir()) == [final]


@pytest.mark.parametrize("existing", [False, True])
def test_store_renames_the_file_the_exporter_wrote(tmp_path: Path, existing: bool) -> None:
    """Only a rename is atomic: copying the temp file's bytes to the final name (then deleting
    it) would let a kill mid-copy leave a truncated file there. The stored file must be the
    very file written, the same inode."""
    final = tmp_path / "run.jsonl"
    if existing:
        final.write_bytes(b"old\n")
    s = storage(final, "jsonl", overwrite=True)
    file = s.open(None)
    file.write(b"row\n")
    [temp] = tmp_path.glob(".run.jsonl.*.tmp")
    written = temp.stat().st_ino
    s.store(file)
    assert final.stat().st_ino == written
    assert final.read_bytes() == b"row\n"
    assert not temp.exists()


def test_overwrite_replaces_only_when_the_new_file_is_complete(tmp_path):
    final = tmp_path / "out.jsonl"
    final.write_bytes(b"old\n")
    s = storage(final, "jsonl", overwrite=True)
    file = s.open(None)
    file.write(b"new\n")
    assert final.read_bytes() == b"old\n"
    s.store(file)
    assert final.read_bytes() == b"new\n"


def test_append_keeps_the_existing_lines(tmp_path):
    final = tmp_path / "out.jsonl"
    final.write_bytes(b"old\n")
    s = storage(final, "jsonl", overwrite=False)
    file = s.open(None)
    file.write(b"new\n")
    s.store(file)
    assert final.read_bytes() == b"old\nnew\n"


def test_appending_to_an_existing_parquet_file_is_refused_up_front(tmp_path):
    final = tmp_path / "out.parquet"
    storage(final, "parquet", overwrite=False)  # no file yet: fine
    final.write_bytes(b"PAR1...PAR1")
    with pytest.raises(ValueError, match="cannot be appended to; overwrite it with -O"):
        storage(final, "parquet", overwrite=False)
    storage(final, "parquet", overwrite=True)
