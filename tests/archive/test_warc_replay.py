"""`scrapy crawl mailkz -a warc=...`: the real command on real WARC files, bad input included."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawler.archive.writer import FetchedPage, write_warc

FETCHED = datetime(2025, 12, 20, 6, 0, tzinfo=UTC)  # 11:00 in Almaty
BASE = "https://mail.kz/ru/news/kz-news/"


def article(title: str, date_line: str = "Вчера, 18:40", charset: str = "utf-8") -> bytes:
    paras = "".join(
        f"<p>{title}: абзац номер {i} с достаточно длинным текстом новости о событиях.</p>"
        for i in range(4)
    )
    html = (
        f'<html><head><meta charset="{charset}"><title>{title} - mail.kz</title></head><body>'
        f"<nav><a href='/ru/news'>Новости</a></nav><div class='news'><h1>{title}</h1>"
        f"<div class='date'>{date_line}</div><div class='text'>{paras}"
        "<p>Источник: zakon.kz</p><p>Мы работаем для Вас!</p></div></div></body></html>"
    )
    return html.encode(charset)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    pages = [
        FetchedPage(BASE + "first", article("Первая новость"), FETCHED,
                    {"Content-Type": "text/html; charset=utf-8"}),
        FetchedPage(BASE + "cp1251", article("Новость в кодировке", charset="windows-1251"),
                    FETCHED, {"Content-Type": "text/html"}),
        FetchedPage(BASE + "empty", b"", FETCHED),
        FetchedPage(BASE + "garbage", bytes(range(256)) * 40, FETCHED),
        FetchedPage(BASE + "image", b"\x89PNG\r\n\x1a\n" + b"0" * 100, FETCHED,
                    {"Content-Type": "image/png"}),
        FetchedPage(BASE + "gone", b"<html>404</html>", FETCHED, status=404),
        FetchedPage("https://mail.kz/ru/about", article("О нас"), FETCHED),
        FetchedPage(BASE + "first", article("Первая новость"), FETCHED),
    ]  # fmt: skip
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages)
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_replay_extracts_articles_and_counts_every_skip(crawl, archive, tmp_path):
    out = tmp_path / "out.jsonl"
    result = crawl("mailkz", "-a", f"warc={archive}", "-O", str(out))
    assert result.returncode == 0, result.log
    rows = read_jsonl(out)
    assert sorted(r["slug"] for r in rows) == ["cp1251", "first"]
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["cp1251"]["title"] == "Новость в кодировке"
    # 'Вчера' is the day before the WARC-Date in Almaty, not before the replay.
    assert by_slug["first"]["published_at"] == "2025-12-19T18:40:00+05:00"
    assert by_slug["first"]["crawled_at"] == "2025-12-20T06:00:00+00:00"
    assert by_slug["first"]["original_source"] == "zakon.kz"
    assert "Мы работаем" not in by_slug["first"]["body"]
    assert result.stat("replay/records") == 8
    assert result.stat("replay/skipped/not_html") == 1
    assert result.stat("replay/skipped/status_404") == 1
    assert result.stat("replay/skipped/not_article") == 1
    assert result.stat("dedup/dropped/url") == 1
    # Bodies that cannot be a page are failures, not content (a live crawl fetches them again).
    assert result.stat("failures/empty_body") == 1
    assert result.stat("failures/binary_body") == 1
    assert f"{BASE}empty" in result.log  # each dropped page is logged with its URL


def test_broken_archive_keeps_what_came_before_and_says_so(crawl, archive, tmp_path):
    data = gzip.decompress(archive.read_bytes())
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(gzip.compress(data[: len(data) // 2]) + b"not gzip at all")
    out = tmp_path / "out.jsonl"
    result = crawl("mailkz", "-a", f"warc={broken}", "-O", str(out))
    assert result.returncode == 3, result.log  # a broken archive is a fault: not OK
    assert result.stat("replay/errors/broken_warc") == 1
    assert "broken WARC" in result.log
    assert [r["slug"] for r in read_jsonl(out)] == ["first"]


def test_folder_of_archives_and_plain_warc(crawl, tmp_path):
    folder = tmp_path / "archives"
    write_warc(folder / "a.warc", [FetchedPage(BASE + "a", article("Новость А"), FETCHED)])
    write_warc(folder / "b.warc.gz", [FetchedPage(BASE + "b", article("Новость Б"), FETCHED)])
    out = tmp_path / "out.jsonl"
    result = crawl("mailkz", "-a", f"warc={folder}", "-O", str(out))
    assert result.returncode == 0, result.log
    assert sorted(r["slug"] for r in read_jsonl(out)) == ["a", "b"]


def test_mirror_base_url_selects_its_articles(crawl, tmp_path):
    mirror = "http://127.0.0.1:8080/ru/news/kz-news/"
    path = tmp_path / "mirror.warc"
    write_warc(path, [FetchedPage(mirror + "m", article("Зеркало"), FETCHED),
                      FetchedPage(BASE + "real", article("Оригинал"), FETCHED)])  # fmt: skip
    out = tmp_path / "out.jsonl"
    result = crawl("mailkz", "-a", f"warc={path}", "-a", "base_url=http://127.0.0.1:8080",
                   "-O", str(out))  # fmt: skip
    assert result.returncode == 0, result.log
    assert [r["url"] for r in read_jsonl(out)] == [mirror + "m"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "warc=/no/such.warc"], "mailkz: warc: no such file or folder, got '/no/such.warc'"),
        (["-a", "lang=de"], "mailkz: lang: expected one of ru, kk, all, got 'de'"),
        (["-a", "lnag=ru"], "mailkz: lnag: unknown argument"),
        (["-a", "base_url=mail.kz"], "mailkz: base_url: expected an http(s) URL"),
    ],
)
def test_bad_arguments_give_one_clear_line(crawl, args, message):
    result = crawl("mailkz", *args)
    assert result.returncode == 2
    assert message in result.log
    assert "Traceback" not in result.log
