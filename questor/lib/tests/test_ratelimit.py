"""The rate-limit library: rates, the sliding limit, expiry, refusals that cost nothing."""

from __future__ import annotations

from typing import Any

import pytest

from questor.lib import ratelimit
from questor.lib.ratelimit import Rate, RateLimited

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits]


class Clock:
    def __init__(self) -> None:
        self.value = 1_000_000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", clock)
    return clock


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("1/2m", Rate(1, 120)),
        ("20/1h", Rate(20, 3600)),
        ("3/m", Rate(3, 60)),
        ("5/10s", Rate(5, 10)),
    ],
)
def test_rates_parse(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "1", "0/1m", "1/2w", "x/1m"])
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError, match="Not a rate"):
        Rate.parse(text)


def test_several_rates_and_none():
    assert ratelimit.parse_rates("1/2m, 10/1d") == [Rate(1, 120), Rate(10, 86400)]
    assert ratelimit.parse_rates("") == [] == ratelimit.parse_rates(None)


def test_once_every_two_minutes_means_two_minutes_between(clock):
    limits = {"user:1": [Rate(1, 120)]}
    assert ratelimit.check("ask", limits) == 0
    clock.value += 30
    assert ratelimit.check("ask", limits) == pytest.approx(90)
    clock.value += 89
    assert ratelimit.check("ask", limits) == pytest.approx(1)
    clock.value += 1  # exactly two minutes after the first
    assert ratelimit.check("ask", limits) == 0


def test_a_burst_then_one_per_interval(clock):
    limits = {"ip:203.0.113.5": [Rate(3, 60)]}
    assert [ratelimit.check("vote", limits) for _ in range(3)] == [0, 0, 0]
    assert ratelimit.check("vote", limits) == pytest.approx(20)
    clock.value += 20
    assert ratelimit.check("vote", limits) == 0
    assert ratelimit.check("vote", limits) > 0


def test_a_refused_attempt_costs_nothing_and_counts_nowhere(clock):
    user, ip = {"user:1": [Rate(1, 60)]}, {"ip:x": [Rate(5, 60)]}
    assert ratelimit.check("answer", {**user, **ip}) == 0
    for _ in range(10):  # refused by the member's limit: the address's count stays at 1
        assert ratelimit.check("answer", {**user, **ip}) > 0
    assert [ratelimit.check("answer", {"ip:x": ip["ip:x"]}) for _ in range(4)] == [0] * 4


def test_scopes_and_identities_are_separate(clock):
    rate = [Rate(1, 60)]
    assert ratelimit.check("ask", {"user:1": rate}) == 0
    assert ratelimit.check("answer", {"user:1": rate}) == 0
    assert ratelimit.check("ask", {"user:2": rate}) == 0
    assert ratelimit.check("ask", {"user:1": rate}) > 0


def test_hit_raises_with_whole_seconds_and_the_callers_message(clock):
    limits = {"user:1": [Rate(1, 120)]}
    ratelimit.hit("ask", limits)
    clock.value += 0.5
    with pytest.raises(RateLimited) as caught:
        ratelimit.hit("ask", limits, message=lambda s, r: f"wait {s}s ({r.rate}, {r.identity})")
    assert caught.value.retry_after == 120  # 119.5 rounded up
    assert caught.value.message == "wait 120s (1/120s, user:1)"


def test_switched_off_by_the_setting_or_inside_suspended(clock, settings):
    limits = {"user:1": [Rate(1, 3600)]}
    ratelimit.check("ask", limits)
    with ratelimit.suspended():
        assert ratelimit.check("ask", limits) == 0
    assert ratelimit.check("ask", limits) > 0
    settings.RATE_LIMITS_ENABLED = False
    assert ratelimit.check("ask", limits) == 0


def test_counters_live_in_the_shared_cache(clock):
    from django.core.cache import cache

    ratelimit.check("ask", {"user:7": [Rate(1, 120)]})
    assert cache.get("rl:ask:1-120:user:7") == pytest.approx(clock.value + 120)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (95, "1 minute 35 seconds"), (120, "2 minutes"), (7265, "2 hours 1 minute")],
)
def test_humanize(seconds, words):
    assert ratelimit.humanize(seconds) == words


def test_describe():
    assert ratelimit.describe(Rate(1, 120)) == "once every 2 minutes"
    assert ratelimit.describe(Rate(1, 60)) == "once a minute"
    assert ratelimit.describe(Rate(20, 3600)) == "20 times an hour"
    assert ratelimit.describe(Rate(3, 300)) == "3 times in 5 minutes"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_in_their_transactions_get_the_rate_not_more(settings):
    """Writes check their limit inside their transaction. With the database cache on
    PostgreSQL, each wrote its number only at commit, so writers running at once all read
    the same old number and all passed (16 from one address were never refused)."""
    import threading
    import time

    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's write transactions take its one write lock first")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "questor_cache",
        }
    }
    # With REDIS_URL set the migration made no cache table.
    call_command("createcachetable", verbosity=0)
    limits = {"ip:203.0.113.9": [Rate(3, 3600)]}  # a burst of three
    start = threading.Barrier(8)
    allowed: list[bool] = []

    def writer() -> None:
        try:
            start.wait()
            with transaction.atomic():
                allowed.append(ratelimit.check("answer", limits) == 0)
                time.sleep(0.2)  # the write's own work, its transaction still open
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == 8
    assert allowed.count(True) == 3
