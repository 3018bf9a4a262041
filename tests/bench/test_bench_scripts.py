"""Every benchmark script end to end in its small mode: nothing else runs them, and a script that
broke (a monitor it cannot satisfy, a bound it cannot meet at that size) went unnoticed until
someone wanted figures. Exit 0 and the figures printed; no timing is asserted.
bench/foreign.py has its own test (test_foreign_bench.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from crawlrun import ROOT

FIGURE = r"[\d,.]+"


def run(*args: str) -> str:
    """The script's stdout, after checking it exited 0."""
    proc = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_crawl_with_and_without_extraction_and_bare_scrapy() -> None:
    out = run("bench/crawl.py", "--articles", "100")
    for label in ("full item path", "no extraction", "bare Scrapy"):
        line = (
            rf"{label}\s+\d+ articles in\s+{FIGURE} s =\s+{FIGURE} articles/s, peak RSS\s+\d+ MiB"
        )
        assert re.search(line, out), out
    for label in ("full item path", "no extraction"):  # the project's crawls get every article
        assert re.search(rf"{label}\s+100 articles", out), out
    assert re.search(rf"full crawl / bare Scrapy: {FIGURE}x the time, {FIGURE}x the peak", out), out


def test_export_small_sizes_are_not_judged_for_parquet() -> None:
    out = run("bench/export.py", "--sizes", "200", "500")
    for fmt in ("parquet", "jsonl"):
        for items in ("200", "500"):
            assert re.search(rf"\| {fmt} \| {items} \|( {FIGURE} \|){{4}}", out), out
    assert "parquet: not judged: fewer than two sizes of at least one row group" in out
    assert re.search(rf"jsonl: peak RSS at 500 is {FIGURE}x that at 200 \(ok\)", out), out
    assert re.search(rf"Parquet is {FIGURE}% of the JSONL size at 500 items", out), out


def test_extract_one_round() -> None:
    out = run("bench/extract.py", "--rounds", "1")
    assert re.search(r"^\d+ pages, \d+ KB on average; best of 1 rounds$", out, re.M), out
    for label in (r"item path \(parse \+ pipelines\):", r"bare trafilatura\.extract:"):
        assert re.search(rf"{label}\s+{FIGURE} pages/s\s+{FIGURE} ms/page", out), out
    assert re.search(rf"speed-up: {FIGURE}x", out), out


def test_text_lang_accuracy_speed_and_alternatives() -> None:
    out = run("bench/text_lang.py", "--rounds", "1", "--compare")
    assert re.search(rf"^{FIGURE} labelled texts: {FIGURE} correct \({FIGURE}%\)", out, re.M), out
    assert re.search(r"^\| kk \| \d+ \| \d+ \| \d+ \| ", out, re.M), out
    assert re.search(rf"speed: {FIGURE} ms per body .* {FIGURE} ms per 2,000 characters", out), out
    assert re.search(r"^\| all 140 languages \| \d+ \| \d+ \| \d+ \| ", out, re.M), out


def test_scale_small_on_a_real_redis_server() -> None:
    out = run("-m", "bench.scale", "--small").splitlines()
    assert re.match(r"\d+ cores, Python .*, parallel CPU capacity \{2: [\d.]+\}", out[0]), out
    rounds = [json.loads(line) for line in out[1:-1]]
    assert [(r["mode"], r["workers"], r["articles"]) for r in rounds] == [("cluster", 2, 100)]
    assert rounds[0]["articles_per_s"] > 0
    memory = json.loads(out[-1])["mib_per_100k"]
    assert memory.keys() == {"queue", "dupefilter", "seen"}
    assert all(mib > 0 for mib in memory.values())


def test_quality_small() -> None:
    out = run("bench/quality.py", "--items", "1000", "--add", "100")
    for label in ("1,000 items, no index", r"\+ 100, same source", r"\+ 100, other source"):
        assert re.search(rf"\| {label} \|( {FIGURE} \|){{5}} \d+/\d+ \|( {FIGURE} \|){{3}}", out), (
            out
        )
    assert re.search(r"\| \+ 100, same source \|.* \| 100 \| 1,000 \|", out), out  # only new hashed
    assert re.search(rf"planted reposts at or above Jaccard 0.5 .*: {FIGURE} of {FIGURE}", out), out
    assert "bound: the full step under 60 CPU seconds and 1 GiB: ok" in out
