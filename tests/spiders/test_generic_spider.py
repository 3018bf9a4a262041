"""`scrapy crawl generic`: the real command on a WARC of several sites' pages, on a URL file
against a local server, and on bad arguments."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crawlrun import FAST

from newscrawler.archive.writer import FetchedPage, write_warc
from newscrawler.fixtures import load_cases

CASES = {c.name: c for c in load_cases("generic")}
LOGO = "https://news.example.kz/img/logo.png"
SERVED = {
    "/view.php?id=8723&utm_source=tg": "ru_query_id_8723",
    "/kk/qogam/almatyda-jana-kitaphana-ashyldy/": "kk_lang_kz_related_whatsapp",
}
"""What the local server answers: two fixture pages by path, query included."""


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def isolated(tmp_path: Path) -> list[str]:
    """Settings that keep a run's state, datasets and report under tmp_path."""
    return ["-s", f"STATE_DIR={tmp_path / 'state'}", "-s", f"DATASET_DIR={tmp_path / 'datasets'}"]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Every generic fixture page (many hosts) and an image the replay must pass over."""
    pages = [case.page for case in CASES.values()]
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    when = datetime(2025, 3, 14, 11, 0, tzinfo=UTC)
    logo = FetchedPage(LOGO, png, when, {"Content-Type": "image/png"})
    path = tmp_path / "sites.warc.gz"
    write_warc(path, [*pages, logo])
    return path


def test_replay_yields_one_item_per_article_page_of_any_site(crawl, archive, tmp_path):
    out = tmp_path / "out.jsonl"
    result = crawl("generic", "-a", f"warc={archive}", "-O", str(out), *isolated(tmp_path))
    assert result.returncode == 0, result.log
    rows = {r["url"]: r for r in read_jsonl(out)}
    articles = [c.expected for c in CASES.values() if c.expected is not None]
    assert sorted(rows) == sorted(a["url"] for a in articles)
    for article in articles:
        row = rows[article["url"]]
        assert (row["site"], row["title"]) == (article["site"], article["title"])
    assert {r["site"] for r in rows.values()} >= {
        "steppe-herald.example.com", "caspian-wire.example.com", "orda-post.example.com",
        "news.example.kz", "vesti.ekibastuz.example.kz", "akimat-news.example.kz",
        "qazaq-aqparat.example.kz", "irtysh-info.example.kz", "kazpravda-news.kz",
    }  # fmt: skip
    dropped = Counter(c.dropped for c in CASES.values() if c.dropped is not None)
    for reason, n in dropped.items():
        assert result.stat(reason) == n, reason
    first = rows["https://news.example.kz/view.php?id=8723"]
    second = rows["https://news.example.kz/view.php?id=8724"]
    assert first["body"] != second["body"]
    assert not [url for url in rows if "utm_" in url or "fbclid" in url]
    assert result.stat("replay/skipped/not_html") == 1
    assert result.stat("dedup/dropped/url") == 0


class _Pages(BaseHTTPRequestHandler):
    """The SERVED pages; a 404 for anything else (robots.txt included)."""

    def do_GET(self) -> None:
        name = SERVED.get(self.path)
        body = CASES[name].html_path.read_bytes() if name is not None else None
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the crawl's log says what was fetched."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_url_file_fetches_each_page_and_files_the_missing_one(crawl, server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# pages to fetch\n{server}/view.php?id=8723&utm_source=tg\n\n"
        f"{server}/kk/qogam/almatyda-jana-kitaphana-ashyldy/\n{server}/view.php?id=404\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = crawl("generic", "-a", f"urls={urls}", "-O", str(out), *FAST, *isolated(tmp_path))
    assert result.returncode == 0, result.log
    rows = read_jsonl(out)
    keys = {
        f"{server}/view.php?id=8723": "ru_query_id_8723",
        f"{server}/kk/qogam/almatyda-jana-kitaphana-ashyldy": "kk_lang_kz_related_whatsapp",
    }
    assert {r["url"]: r["title"] for r in rows} == {
        url: CASES[name].expected["title"] for url, name in keys.items()
    }
    assert {r["site"] for r in rows} == {"127.0.0.1"}
    failed = read_jsonl(tmp_path / "out.failures.jsonl")
    assert [(f["url"], f["reason"]) for f in failed] == [(f"{server}/view.php?id=404", "http_404")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "generic: give one of -a warc=PATH (replay an archive) or -a urls=FILE"),
        (["-a", "warc={warc}", "-a", "urls={urls}"], "generic: give one of -a warc=PATH"),
        (["-a", "urls=/no/such/urls.txt"], "generic: urls: cannot read the file: "),
        (["-a", "urls={bad}"], "generic: urls: not an http(s) URL in the file: 'news.example.kz/"),
        (["-a", "urls={empty}"], "generic: urls: the file lists no URL"),
    ],
    ids=["neither", "both", "missing_file", "not_a_url", "empty_file"],
)
def test_bad_arguments_give_one_clear_line(crawl, tmp_path, args, message):
    files = {"warc": tmp_path / "a.warc", "urls": tmp_path / "urls.txt",
             "bad": tmp_path / "bad.txt", "empty": tmp_path / "empty.txt"}  # fmt: skip
    write_warc(files["warc"], [CASES["ru_query_id_8723"].page])
    files["urls"].write_text("https://news.example.kz/view.php?id=8723\n", "utf-8")
    files["bad"].write_text("https://news.example.kz/view.php?id=1\nnews.example.kz/view.php?id=2")
    files["empty"].write_text("# nothing yet\n\n", "utf-8")
    result = crawl("generic", *(a.format(**files) for a in args), *isolated(tmp_path))
    assert result.returncode == 2, result.log
    errors = [line for line in result.log.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.log
    assert message in errors[0]
    assert "Traceback" not in result.log
