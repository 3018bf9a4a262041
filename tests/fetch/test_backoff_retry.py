"""Retries wait: Retry-After when the server names a time, exponential backoff otherwise."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from newscrawler.fetch.retry import BackoffRetryMiddleware, retry_after
from newscrawler.signals import run_stopping


@pytest.fixture
def middleware(monkeypatch):
    crawler = get_crawler(settings_dict={
        "RETRY_BACKOFF_BASE": 0.5, "RETRY_BACKOFF_MAX": 3, "RETRY_AFTER_MAX": 60,
        "RETRY_TIMES": 3, "RETRY_HTTP_CODES": [429, 500, 503],
    })  # fmt: skip
    crawler.spider = crawler.spidercls.from_crawler(crawler, "test")
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    mw = BackoffRetryMiddleware.from_crawler(crawler)
    mw.waits = waits
    return mw


def respond(mw, request: Request, status: int, headers=None):
    response = Response(request.url, status=status, headers=headers or {}, request=request)
    return asyncio.run(mw.process_response(request, response))


def test_retry_after_seconds_is_waited(middleware):
    result = respond(middleware, Request("https://mail.kz/a"), 429, {"Retry-After": "7"})
    assert isinstance(result, Request) and result.meta["retry_times"] == 1
    assert middleware.waits == [7.0]


def test_backoff_doubles_up_to_the_cap_then_gives_up(middleware):
    request = Request("https://mail.kz/a")
    for _ in range(3):
        request = respond(middleware, request, 500)
        assert isinstance(request, Request)
    final = respond(middleware, request, 500)
    assert isinstance(final, Response) and final.status == 500
    assert middleware.waits == [0.5, 1.0, 2.0]


def test_retries_are_counted_under_scrapys_stats_keys(middleware):
    """The report and the monitors read retry/*: the keys get_retry_request writes, with the
    per-request `max_retry_times` honoured."""
    request = respond(middleware, Request("https://mail.kz/a", meta={"max_retry_times": 1}), 500)
    assert isinstance(request, Request) and request.dont_filter
    assert isinstance(respond(middleware, request, 500), Response)
    retried = asyncio.run(
        middleware.process_exception(Request("https://mail.kz/b"), ConnectionRefusedError())
    )
    assert isinstance(retried, Request) and retried.meta["retry_times"] == 1
    stats = middleware.crawler.stats.get_stats()
    assert stats["retry/count"] == 2
    assert stats["retry/reason_count/500 response"] == 1
    assert stats["retry/reason_count/builtins.ConnectionRefusedError"] == 1
    assert stats["retry/max_reached"] == 1


def test_retry_after_beyond_the_limit_is_not_waited_for(middleware):
    result = respond(middleware, Request("https://mail.kz/a"), 503, {"Retry-After": "3600"})
    assert isinstance(result, Response) and result.status == 503
    assert middleware.waits == []


def test_retry_after_as_http_date():
    when = datetime.now(UTC) + timedelta(seconds=30)
    response = Response(
        "https://mail.kz", headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    assert 25 <= retry_after(response) <= 30
    assert retry_after(Response("https://mail.kz", headers={"Retry-After": "soon"})) is None
    assert retry_after(Response("https://mail.kz")) is None


def test_a_run_being_stopped_ends_the_backoff_waits_at_once():
    """fetch/reach.py (and the stall watch) stop a run: a retry sleeping out a long backoff must
    not hold the closing engine; it gives up and the failure goes through."""
    crawler = get_crawler(
        settings_dict={"RETRY_BACKOFF_BASE": 30.0, "RETRY_BACKOFF_MAX": 60.0, "RETRY_TIMES": 3}
    )
    crawler.spider = crawler.spidercls.from_crawler(crawler, "test")
    mw = BackoffRetryMiddleware.from_crawler(crawler)
    request = Request("https://mail.kz/a")

    async def fail_then_stop():
        waiting = asyncio.ensure_future(mw.process_exception(request, ConnectionRefusedError()))
        await asyncio.sleep(0.05)
        crawler.signals.send_catch_log(run_stopping)
        return await asyncio.wait_for(waiting, 2)

    assert asyncio.run(fail_then_stop()) is None  # no retry: the exception goes on
    assert asyncio.run(mw.process_exception(request, ConnectionRefusedError())) is None
