"""The fleet-wide limit in real Redis: tokens, in-flight slots and 429 pauses shared by all."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from earmark.ratelimit import FleetLimiter, SlotTimeout


def test_two_workers_share_one_bucket(redis_client: redis.Redis) -> None:
    first, second = (FleetLimiter(redis_client, rps=1, burst=3) for _ in range(2))
    grants = [limiter.try_acquire(f"h{n}") for n, limiter in enumerate([first, second] * 3)]
    assert grants[:3] == [0, 0, 0]  # the burst, taken by whichever worker asked
    assert all(0.5 < wait <= 1.0 for wait in grants[3:])  # then one a second, for everybody


def test_in_flight_calls_are_capped_until_one_ends(redis_client: redis.Redis) -> None:
    limiter = FleetLimiter(redis_client, rps=0, max_inflight=2)
    assert limiter.try_acquire("a") == 0
    assert limiter.try_acquire("b") == 0
    assert limiter.try_acquire("c") > 0
    limiter.release("a")
    assert limiter.try_acquire("c") == 0


def test_a_dead_holders_slot_frees_itself(redis_client: redis.Redis) -> None:
    limiter = FleetLimiter(redis_client, rps=0, max_inflight=1, hold_s=0.2)
    assert limiter.try_acquire("dies-holding-it") == 0
    assert limiter.try_acquire("next") > 0
    time.sleep(0.3)
    assert limiter.try_acquire("next") == 0


def test_a_429_pauses_the_whole_fleet(redis_client: redis.Redis) -> None:
    limiter, other_worker = FleetLimiter(redis_client, rps=100), FleetLimiter(redis_client, rps=100)
    limiter.pause(3)
    assert 2.5 < other_worker.try_acquire("x") <= 3.0


def test_no_slot_before_the_deadline_takes_nothing(redis_client: redis.Redis) -> None:
    limiter = FleetLimiter(redis_client, rps=0, max_inflight=1)
    assert limiter.try_acquire("busy") == 0
    with pytest.raises(SlotTimeout), limiter.slot(deadline=time.monotonic() + 0.2):
        pytest.fail("must not get a slot")
    assert redis_client.zcard("earmark:ratelimit:inflight") == 1


def test_shutting_down_stops_the_wait_at_once(redis_client: redis.Redis) -> None:
    limiter = FleetLimiter(redis_client, rps=0.01, burst=1)
    limiter.try_acquire("takes-the-only-token")
    stopping = threading.Event()
    threading.Timer(0.2, stopping.set).start()
    started = time.monotonic()
    with (
        pytest.raises(SlotTimeout, match="shutting down"),
        limiter.slot(deadline=started + 60, stopping=stopping),
    ):
        pytest.fail("must not get a slot")
    assert time.monotonic() - started < 30  # woke on the event, not after the 100 s token wait
