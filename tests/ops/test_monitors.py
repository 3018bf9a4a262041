"""The monitors' judgement on crafted run figures, their thresholds from settings, and the
boilerplate markers against every fixture's expected body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawler import settings as project_settings
from newscrawler.ops.audit import boilerplate_markers
from newscrawler.ops.monitors import RunFigures, Thresholds, judge, wilson
from newscrawler.sources.mailkz.boilerplate import BOILERPLATE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mailkz"


def thresholds(**overrides) -> Thresholds:
    settings = Settings()
    settings.setmodule(project_settings)
    settings.setdict(overrides)
    return Thresholds.from_settings(settings)


def stats(pages: int = 40, **extra) -> dict:
    """The stats of a healthy crawl of `pages` articles, all exported with every field."""
    base = {
        "finish_reason": "finished",
        "item_scraped_count": pages,
        "extract/items/ru": pages,
        "failures/count": 0,
        "feedexport/success_count/AtomicFileFeedStorage": 2,
        **{f"audit/field/{f}": pages for f in ("title", "body", "published_at")},
    }
    base.update(extra)
    return base


def verdicts(run_stats: dict, history=None, **overrides) -> dict[str, tuple[str, str]]:
    found = judge(RunFigures.from_stats(run_stats), history, thresholds(**overrides))
    return {v.name: (v.status, v.reason) for v in found}


def failed(run_stats: dict, history=None, **overrides) -> list[str]:
    return [n for n, (s, _) in verdicts(run_stats, history, **overrides).items() if s == "failed"]


def test_a_healthy_run_passes_every_monitor_and_skips_volume_without_history():
    result = verdicts(stats())
    assert failed(stats()) == []
    assert result["volume"][0] == "skipped"
    assert {n for n, (s, _) in result.items() if s == "passed"} == {
        "finish", "feeds", "errors", "coverage/title", "coverage/body", "coverage/published_at",
        "boilerplate", "failure_rate",
    }  # fmt: skip


def test_dates_gone_after_a_markup_change_fail_coverage_and_say_by_how_much():
    run = stats(**{"audit/field/published_at": 0})
    assert failed(run) == ["coverage/published_at"]
    reason = verdicts(run)["coverage/published_at"][1]
    assert "0 of 40 article pages have published_at (0%), bound 80%" in reason


def test_coverage_counts_pages_dropped_for_a_missing_title_and_judges_with_confidence():
    # 40 pages lost their title: validation dropped them, so 60 exported of 100 parsed.
    run = stats(60, **{"validation/dropped/missing_title": 40, "extract/items/ru": 100})
    assert "coverage/title" in failed(run)
    # 7 dated pages of 10 is no evidence of a break; 0 of 12 is.
    assert failed(stats(10, **{"audit/field/published_at": 7})) == []
    assert failed(stats(12, **{"audit/field/published_at": 0})) == ["coverage/published_at"]


def test_too_small_a_run_skips_the_share_checks_with_the_reason():
    result = verdicts(stats(3, **{"audit/field/published_at": 0}))
    assert result["coverage/published_at"][0] == "skipped"
    assert "too few to judge (MONITOR_MIN_SAMPLE=10)" in result["coverage/published_at"][1]
    assert result["failure_rate"][0] == "skipped"


def test_benign_drops_and_duplicates_do_not_count_against_coverage():
    run = stats(40, **{"extract/dropped/outside_window": 30, "dedup/dropped/url": 10})
    assert failed(run) == []
    assert RunFigures.from_stats(run).parsed == 40


def test_a_single_boilerplate_item_fails_by_default():
    run = stats(**{"audit/boilerplate_items": 1, "audit/boilerplate/footer": 1})
    assert failed(run) == ["boilerplate"]
    assert "1 of 40 items still hold boilerplate (footer 1)" in verdicts(run)["boilerplate"][1]
    assert failed(run, MONITOR_MAX_BOILERPLATE_ITEMS=1) == []


def test_failure_rate_fails_only_when_clearly_above_the_bound():
    assert failed(stats(36, **{"failures/count": 4, "failures/http_500": 4})) == []
    blocked = stats(10, **{"failures/count": 30, "failures/http_403": 30})
    assert failed(blocked) == ["failure_rate"]
    assert "30 of 40 article fetches failed (75%)" in verdicts(blocked)["failure_rate"][1]


def test_volume_compares_articles_found_with_the_median_of_recent_runs():
    quiet_hour = stats(2, **{"incremental/skipped_seen": 60})  # 2 new, 60 already seen
    assert failed(quiet_hour, history=[70, 65, 80, 75]) == []
    broken_listing = stats(0, **{"audit/field/title": 0})
    assert failed(broken_listing, history=[70, 65, 80, 75]) == ["volume"]
    reason = verdicts(broken_listing, history=[70, 65, 80, 75])["volume"][1]
    assert "median is 72.5" in reason and "bound 0.2 x median = 14.5" in reason
    # only the last MONITOR_HISTORY_RUNS count, and too short a history is skipped
    assert failed(stats(30), history=[1000] * 5 + [40] * 7) == []
    assert verdicts(stats(0), history=[70, 70])["volume"][0] == "skipped"
    assert verdicts(stats(0), history=None)["volume"][0] == "skipped"


def test_a_run_stopped_by_a_signal_failed_storage_or_an_exception_fails():
    assert failed(stats(finish_reason="shutdown")) == ["finish"]
    assert "stopped by a signal" in verdicts(stats(finish_reason="shutdown"))["finish"][1]
    assert failed(stats(finish_reason="closespider_itemcount")) == []
    run = stats(**{"feedexport/failed_count/AtomicFileFeedStorage": 1})
    assert failed(run) == ["feeds"]
    assert failed(stats(**{"spider_exceptions/count": 2})) == ["errors"]


def languages(ru: tuple[int, int], kk: tuple[int, int]) -> dict:
    """Stats of a run whose editions hold (items, items in another language) each."""
    return stats(
        ru[0] + kk[0],
        **{"audit/items/ru": ru[0], "audit/items/kk": kk[0], "text_lang/ru": ru[0]},
        **{"text_lang/differs_from_edition/ru": ru[1], "text_lang/differs_from_edition/kk": kk[1]},
    )


def test_text_in_another_language_is_reported_per_edition_and_fails_only_a_clear_majority():
    some = languages(ru=(80, 0), kk=(40, 6))  # Russian texts in the Kazakh edition: information
    assert failed(some) == []
    status, reason = verdicts(some)["text_lang"]
    assert status == "passed"
    assert "kk 6 of 40 (15%), ru 0 of 80 (0%); bound 50%" in reason
    # The Kazakh edition serving Russian texts: 30% of the run, but that edition is broken.
    broken = languages(ru=(80, 0), kk=(40, 36))
    assert failed(broken) == ["text_lang"]
    assert "kk at least 76.9% at 95% confidence" in verdicts(broken)["text_lang"][1]
    assert failed(languages(ru=(80, 0), kk=(12, 7))) == []  # 7 of 12: no evidence of a majority
    assert failed(broken, MONITOR_MAX_TEXT_LANG_DIFFERS=1) == []


def test_text_lang_is_skipped_without_detection_or_a_large_enough_edition():
    assert verdicts(stats())["text_lang"] == ("skipped", "no item's text language was detected")
    small = verdicts(languages(ru=(5, 0), kk=(4, 4)))["text_lang"]
    assert small[0] == "skipped" and "MONITOR_MIN_SAMPLE=10" in small[1]
    undeclared = {"audit/items/und": 40, "text_lang/ru": 40}  # generic pages declaring none
    assert verdicts(stats(**undeclared))["text_lang"][0] == "skipped"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MONITOR_MIN_COVERAGE": {"title": 1.5}}, "MONITOR_MIN_COVERAGE['title'] must be a share"),
        ({"MONITOR_MAX_FAILURE_RATE": -0.1}, "MONITOR_MAX_FAILURE_RATE must be a share"),
        ({"MONITOR_CONFIDENCE": 1}, "MONITOR_CONFIDENCE must be between 0 and 1"),
        ({"MONITOR_MIN_SAMPLE": -1}, "MONITOR_MIN_SAMPLE must not be negative"),
        ({"MONITOR_MAX_TEXT_LANG_DIFFERS": 2}, "MONITOR_MAX_TEXT_LANG_DIFFERS must be a share"),
    ],
)
def test_bad_thresholds_are_refused_naming_the_setting(overrides, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        thresholds(**overrides)


def test_thresholds_read_a_command_line_json_dict():
    assert thresholds(MONITOR_MIN_COVERAGE='{"published_at": 0.5}').min_coverage == {
        "published_at": 0.5
    }


def test_wilson_interval():
    low, high = wilson(0, 10, 0.95)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(50, 100, 0.95)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)
    assert wilson(0, 0, 0.95) == (0.0, 1.0)


def test_no_fixture_body_holds_a_marker_and_each_kind_is_found():
    paths = sorted(FIXTURES.glob("*.expected.json"))
    items = [json.loads(path.read_text("utf-8"))["item"] for path in paths]
    bodies = [item["body"] for item in items if item]  # a page to be dropped has none
    assert len(bodies) >= 20
    assert [b for b in bodies if boilerplate_markers(b, BOILERPLATE)] == []
    lines = {
        "footer": "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!",
        "related": "Читайте также:",
        "source_line": "Он так сказал. Источник: zakon.kz",
        "photo_credit": "© Фото: пресс-служба МИД",
        "share": "Поделиться",
        "social_embed": "Посмотреть эту публикацию в Instagram",
    }
    for kind, line in lines.items():
        assert boilerplate_markers(f"Первый абзац новости.\n\n{line}", BOILERPLATE) == [kind]
    # A sentence that merely mentions the heading's words is not the related block.
    assert boilerplate_markers("Читайте также наш разбор бюджета.", BOILERPLATE) == []
