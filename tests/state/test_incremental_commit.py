"""What the seen-store records at the end of a run: only what the stored files hold."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.utils.test import get_crawler

from newscrawler.exporters.storage import STORED_PREFIX
from newscrawler.state.incremental import IncrementalMiddleware
from newscrawler.state.seen import SqliteSeenStore


def middleware(tmp_path: Path) -> IncrementalMiddleware:
    crawler = get_crawler(settings_dict={"DATASET_DIR": str(tmp_path / "datasets")})
    crawler.stats.open_spider()
    mw = IncrementalMiddleware(crawler)
    mw.store = SqliteSeenStore(tmp_path / "seen.sqlite")
    return mw


def jsonl(path: Path, urls: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"url": u, "content_hash": f"h-{u}"}) + "\n" for u in urls))
    return path


def recorded(tmp_path: Path) -> dict[str, str | None]:
    store = SqliteSeenStore(tmp_path / "seen.sqlite")
    try:
        return dict(store.db.execute("SELECT url, content_hash FROM seen"))
    finally:
        store.close()


def test_only_articles_every_stored_file_holds_are_recorded(tmp_path):
    mw = middleware(tmp_path)
    runs = tmp_path / "datasets" / "mailkz" / "runs"
    both = jsonl(runs / "r.jsonl", ["https://x/a", "https://x/b"])
    one = jsonl(runs / "r2.jsonl", ["https://x/a"])
    for path in (both, one):
        mw.crawler.stats.set_value(f"{STORED_PREFIX}{path}", True)
    mw.exported = {"https://x/a": "https://x/a?from=listing", "https://x/b": "https://x/b"}
    mw.dropped = {"https://x/not-an-article"}
    mw.feeds_closed()
    assert recorded(tmp_path) == {
        "https://x/a": "h-https://x/a",
        "https://x/a?from=listing": "h-https://x/a",  # the url its request was for, too
        "https://x/not-an-article": None,
    }
    assert mw.crawler.stats.get_value("incremental/not_in_files") == 1


def test_nothing_is_recorded_when_a_file_was_opened_but_not_stored(tmp_path):
    mw = middleware(tmp_path)
    stored = jsonl(tmp_path / "datasets" / "mailkz" / "runs" / "r.jsonl", ["https://x/a"])
    mw.crawler.stats.set_value(f"{STORED_PREFIX}{stored}", True)
    mw.crawler.stats.set_value(f"{STORED_PREFIX}{stored.with_suffix('.parquet')}", False)
    mw.exported = {"https://x/a": "https://x/a"}
    mw.dropped = {"https://x/dropped"}
    mw.feeds_closed()
    assert recorded(tmp_path) == {}
