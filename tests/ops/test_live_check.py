"""tools/live_check.py against the local fake site instead of mail.kz (tests never go online):
all invariants hold on good pages, and a markup change is reported by name."""

from __future__ import annotations

import subprocess
import sys

from crawlrun import FAST, ROOT
from fakesite import FakeSite


def live_check(site: FakeSite) -> subprocess.CompletedProcess[str]:
    settings = [f"--set={value}" for flag, value in zip(FAST[::2], FAST[1::2], strict=True)]
    return subprocess.run(
        [
            sys.executable, str(ROOT / "tools" / "live_check.py"), "--source", "mailkz",
            "--base-url", site.base_url,
            "--per-edition", "3", "--max-age-days", "100000", *settings,
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_live_check_passes_on_good_pages_and_names_what_broke():
    with FakeSite(30, page_size=10) as site:
        good = live_check(site)
        assert good.returncode == 0, good.stdout + good.stderr
        assert good.stdout.rstrip().endswith("live-check: OK")
        assert "ru: 3 article(s)" in good.stdout and "kk: 3 article(s)" in good.stdout
        assert "Run summary" not in good.stdout + good.stderr  # in the crawls' logs

        site.faults.undated |= {a.path for a in site.articles if a.lang == "kk"}
        broken = live_check(site)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert any(line.startswith("  FAIL  published_at present") and "0/3" in line for line in lines)
    assert "live-check: FAILED: mailkz/kk: published_at present" in broken.stdout
    assert "ru:" not in broken.stdout.splitlines()[-1]
