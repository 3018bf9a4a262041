"""The RedisCluster add-on: nothing without REDIS_URL; with it the cluster's scheduler, a worker id
in the run id, and a clear stop when Redis is unreachable or the worker id is taken."""

from __future__ import annotations

import re

import pytest
from crawlrun import run_crawl
from redisserver import free_port
from scrapy.addons import AddonManager
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawler.cluster.addon import ENV_REDIS_URL, SCHEDULER, redacted
from newscrawler.cluster.frontier import Frontier
from newscrawler.ops import exitcodes
from newscrawler.spiders.sources import MailkzSpider


def with_addons(tmp_path, **cmdline: str) -> Settings:
    """The project settings, `-s` values, then ADDONS applied in their configured order."""
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.update({"DATASET_DIR": str(tmp_path), **cmdline}, priority="cmdline")
    AddonManager(get_crawler(MailkzSpider)).load_settings(settings)
    return settings


def test_without_redis_url_nothing_changes(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_REDIS_URL, raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # another program's: ignored
    settings = with_addons(tmp_path)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy.dupefilters.RFPDupeFilter"
    assert settings["WORKER_ID"] == ""
    assert re.fullmatch(r"\d{8}T\d{6}Z", settings["RUN_ID"])


def test_the_environment_variable_makes_a_worker_with_its_own_run_id(
    tmp_path, monkeypatch, redis_server
):
    monkeypatch.setenv(ENV_REDIS_URL, redis_server.url)
    settings = with_addons(tmp_path)
    assert settings["REDIS_URL"] == redis_server.url
    assert settings["SCHEDULER"] == SCHEDULER
    worker = settings["WORKER_ID"]
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*-\d+", worker)
    assert settings["RUN_ID"].endswith(f"Z-{worker}")


def test_a_worker_id_held_by_a_live_worker_stops_the_crawl(tmp_path, redis_server):
    Frontier(redis_server.client(), "mailkz", "w1", 30.0).join()
    with pytest.raises(ValueError, match="'w1' is held by a live worker"):
        with_addons(tmp_path, REDIS_URL=redis_server.url, WORKER_ID="w1")
    assert with_addons(tmp_path, REDIS_URL=redis_server.url, WORKER_ID="w2")["RUN_ID"]


def test_unreachable_redis_stops_the_crawl_without_showing_the_password(tmp_path):
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with pytest.raises(ConnectionError, match="cannot reach Redis") as caught:
        with_addons(tmp_path, REDIS_URL=url)
    assert "s3cret" not in str(caught.value)
    assert redacted(url) in str(caught.value)


def test_a_worker_whose_redis_does_not_answer_says_so_in_one_line(tmp_path):
    port = free_port()  # nothing listens there
    result = run_crawl(
        "mailkz", "-s", f"REDIS_URL=redis://127.0.0.1:{port}/0",
        "-s", f"DATASET_DIR={tmp_path / 'datasets'}", "-s", f"STATE_DIR={tmp_path / 'state'}",
    )  # fmt: skip
    assert result.returncode == exitcodes.REDIS_LOST, result.log
    assert f"cannot reach Redis: Error 111 connecting to 127.0.0.1:{port}" in result.log
    assert "Traceback" not in result.log
